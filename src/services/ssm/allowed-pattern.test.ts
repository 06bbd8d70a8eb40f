import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, it } from "node:test";
import { isServiceError } from "../../protocol/errors.js";
import { checkAllowedPattern } from "./allowed-pattern.js";

const outcome = (pattern: string, value: string): string => {
  try {
    checkAllowedPattern(pattern, value);
    return "ok";
  } catch (e) {
    if (isServiceError(e)) return e.code;
    throw e;
  }
};

describe("checkAllowedPattern", () => {
  it("decides ordinary values: match, mismatch, invalid pattern, catastrophic pattern", () => {
    assert.equal(outcome("\\d{1,4}", "1234"), "ok");
    assert.equal(outcome("\\d{1,4}", "12345"), "ParameterPatternMismatchException");
    assert.equal(outcome("(", "x"), "InvalidAllowedPatternException");
    assert.equal(outcome("^(a+)+$", `${"a".repeat(39)}!`), "ValidationException");
  });

  it("a process descheduled mid-match is not 'too complex': the limit counts CPU spent, not wall time", { skip: process.platform === "win32" }, async () => {
    // A helper stops this process for 200 ms, five times, while it checks a 5-character value in a tight loop. A stop
    // landing inside a match tripped vm's 100 ms wall-clock timeout, as a busy host does now and then.
    const stops = 5;
    const stopper = `const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      process.stdout.write("ready\\n"); sleep(100);
      for (let i = 0; i < ${stops}; i++) { process.kill(${process.pid}, "SIGSTOP"); sleep(200); process.kill(${process.pid}, "SIGCONT"); sleep(50); }`;
    const helper = spawn(process.execPath, ["-e", stopper], { stdio: ["ignore", "pipe", "inherit"] });
    const exited = once(helper, "exit");
    await once(helper.stdout, "data");
    const refused: string[] = [];
    let checks = 0;
    // Synchronous on purpose: every moment of the helper's stops is spent inside (or between) checks.
    for (const end = Date.now() + 100 + stops * 250 + 500; Date.now() < end; checks++) {
      const got = outcome("\\d{1,4}", "12345");
      if (got !== "ParameterPatternMismatchException") refused.push(got);
    }
    const [code] = await exited;
    assert.equal(code, 0);
    assert.deepEqual(refused, [], `${refused.length} of ${checks} checks refused`);
  });
});

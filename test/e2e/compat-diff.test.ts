// Differential compatibility check: test/compat/{ssm,secrets}_diff.py run the same boto3 calls against a fresh
// paramstore and a moto_server of their own and fail on any difference that is not a documented known one (moto
// wrong, or a spec decision), and on any answer that does not fit botocore's model. Skipped where python3 with boto3
// or moto_server is missing (they are not npm dependencies).
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { startServer, type TestServer } from "../helpers/server.js";

const here = dirname(fileURLToPath(import.meta.url));
/** dist/test/e2e -> test/compat (the Python sources are not compiled). */
const COMPAT = resolve(here, "../../../test/compat");

function missingTools(): string | null {
  try {
    execFileSync("python3", ["-c", "import boto3, botocore"], { stdio: "ignore", timeout: 30_000 });
  } catch {
    return "python3 with boto3 is not installed";
  }
  try {
    execFileSync("sh", ["-c", "command -v moto_server"], { stdio: "ignore", timeout: 10_000 });
  } catch {
    return "moto_server is not installed";
  }
  return null;
}

interface Run {
  readonly code: number;
  readonly output: string;
}

function runScript(script: string, endpoint: string): Promise<Run> {
  return new Promise((done) => {
    execFile("python3", [resolve(COMPAT, script), "--paramstore", endpoint], { timeout: 240_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === "number" ? err.code : 1;
      done({ code, output: `${stdout}${stderr}` });
    });
  });
}

const skip = missingTools();

describe("compatibility with moto_server, differences explained", { skip: skip ?? false }, () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  for (const script of ["ssm_diff.py", "secrets_diff.py"]) {
    it(`${script}: no unexpected difference, every answer fits botocore's model`, async () => {
      const r = await runScript(script, server.endpoint);
      const unexpected = r.output.split("\n").filter((l) => l.startsWith("UNEXPECTED"));
      assert.deepEqual(unexpected, [], r.output.slice(-4000));
      assert.equal(r.code, 0, r.output.slice(-4000));
      assert.match(r.output, /\d+ steps, \d+ known differences, 0 unexpected/);
    });
  }
});

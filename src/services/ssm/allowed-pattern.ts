// AllowedPattern (ssm.md §3): a caller's Java regex, run against the value with a time limit so that a catastrophic
// pattern (`^(a+)+$` on `aaaa…!`) cannot hold the event loop.
import { createContext, Script } from "node:vm";
import { compileJavaPattern } from "../../protocol/java-regex.js";
import * as E from "./errors.js";

/** Sane patterns take microseconds even on an 8 KB Advanced value; backtracking blow-ups take minutes to ages. */
export const PATTERN_TIME_LIMIT_MS = 100;
/** Compiled patterns kept (least recently used dropped): callers choose patterns, so the cache must be bounded. */
const CACHE_SIZE = 256;

const compiled = new Map<string, RegExp | null>();
// One context and one compiled script for every check: `timeout` makes V8 interrupt the regex's backtracking.
const sandbox = createContext(Object.create(null));
const script = new Script("re.test(value) === true");

function compile(pattern: string): RegExp | null {
  let re = compiled.get(pattern);
  if (re !== undefined) {
    compiled.delete(pattern);
  } else {
    re = compileJavaPattern(pattern);
    if (compiled.size >= CACHE_SIZE) compiled.delete(compiled.keys().next().value ?? "");
  }
  compiled.set(pattern, re);
  return re;
}

/** A wall-clock timeout with less CPU than this spent: the process was starved (a loaded host), not the pattern. */
const STARVED_CPU_MS = PATTERN_TIME_LIMIT_MS / 2;
/** Runs of a starved match before giving up; bounds a refused request to a few limits of wall time. */
const MAX_RUNS = 3;

/**
 * True or false, or undefined when the match could not finish within the limit (or overflowed V8's regex stack).
 * vm's `timeout` is wall-clock: on a busy host a trivial match can be descheduled past it (seen with a 5-character
 * value under load), so a timeout only counts when the match itself used the time.
 */
function timedTest(re: RegExp, value: string): boolean | undefined {
  for (let run = 1; ; run++) {
    const cpuBefore = process.cpuUsage();
    const result = runOnce(re, value);
    if (result !== "timeout") return result;
    const cpu = process.cpuUsage(cpuBefore);
    if ((cpu.user + cpu.system) / 1000 >= STARVED_CPU_MS || run >= MAX_RUNS) return undefined;
  }
}

function runOnce(re: RegExp, value: string): boolean | undefined | "timeout" {
  sandbox["re"] = re;
  sandbox["value"] = value;
  try {
    return script.runInContext(sandbox, { timeout: PATTERN_TIME_LIMIT_MS }) === true;
  } catch (e) {
    return isTimeout(e) ? "timeout" : undefined;
  } finally {
    sandbox["re"] = undefined;
    sandbox["value"] = undefined; // the value may be a secret: do not keep it alive here
  }
}

const isTimeout = (e: unknown): boolean =>
  typeof e === "object" && e !== null && "code" in e && e.code === "ERR_SCRIPT_EXECUTION_TIMEOUT";

/** The value must match the whole pattern (Java Matcher.matches()); throws the AWS error otherwise. */
export function checkAllowedPattern(pattern: string, value: string): void {
  const re = compile(pattern);
  if (re === null) throw E.invalidAllowedPattern();
  const matches = timedTest(re, value);
  // Unfinished is neither a match nor a mismatch: ParameterPatternMismatch would claim the value breaks the
  // pattern, which nobody knows. ssm.md has no rule for it, so refuse the request as too complex to evaluate.
  if (matches === undefined) throw E.patternTooComplex(pattern, PATTERN_TIME_LIMIT_MS);
  if (!matches) throw E.parameterPatternMismatch(pattern);
}

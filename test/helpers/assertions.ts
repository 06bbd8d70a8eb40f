// Assertions shared by the black-box tests: exact AWS errors (code, HTTP status, message) and polling
// waits that always have a condition and a deadline.
import assert from "node:assert/strict";

/** What an SDK v3 service exception carries that the tests look at. */
export interface AwsError {
  readonly name: string;
  readonly message: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

export interface ExpectedError {
  readonly name: string;
  /**
   * Exact message (or a pattern). Errors AWS sends without text (InvalidCiphertextException,
   * NotAuthorizedException) reach SDK v3 users as "UnknownError"; pass that.
   */
  readonly message: string | RegExp;
  /** HTTP status; 400 unless told. */
  readonly status?: number;
}

const isAwsError = (e: unknown): e is AwsError => e instanceof Error && "$metadata" in e;

/** The call fails with exactly this AWS error code, HTTP status and message; returns the error. */
export async function rejectsWith(call: Promise<unknown>, name: string, message: string | RegExp, status = 400): Promise<AwsError> {
  let caught: unknown;
  try {
    await call;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== undefined, `expected ${name}, but the call succeeded`);
  assert.ok(isAwsError(caught), `expected an AWS error, got ${String(caught)}`);
  assert.equal(caught.name, name, `code (message: ${caught.message})`);
  assert.equal(caught.$metadata?.httpStatusCode, status, `HTTP status (${caught.name}: ${caught.message})`);
  if (typeof message === "string") assert.equal(caught.message, message);
  else assert.match(caught.message, message);
  return caught;
}

/** rejectsWith, with the expectation as one object (handy for errors reused across calls). */
export async function expectError(call: Promise<unknown>, want: ExpectedError): Promise<void> {
  await rejectsWith(call, want.name, want.message, want.status ?? 400);
}

/**
 * Polls `probe` every `everyMs` until it returns something other than undefined or false, and returns that;
 * fails after `ms` naming what it was waiting for.
 */
export async function waitUntil<T>(probe: () => Promise<T | undefined | false>, ms: number, what: string, everyMs = 100): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

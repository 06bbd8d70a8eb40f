// Shared bits of the SSM black-box tests: one server per file, error assertions, small waits with deadlines.
import assert from "node:assert/strict";
import { PutParameterCommand, type PutParameterCommandInput, type SSMClient } from "@aws-sdk/client-ssm";

interface AwsError {
  readonly name: string;
  readonly message: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

const isAwsError = (e: unknown): e is AwsError => e instanceof Error && "$metadata" in e;

/** The call fails with exactly this AWS error code, HTTP status and message. */
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
  assert.equal(caught.$metadata?.httpStatusCode, status, "HTTP status");
  if (typeof message === "string") assert.equal(caught.message, message);
  else assert.match(caught.message, message);
  return caught;
}

export const put = (ssm: SSMClient, input: PutParameterCommandInput) => ssm.send(new PutParameterCommand(input));

/** Polls `probe` until it returns true; fails after `ms`. */
export async function waitFor(probe: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

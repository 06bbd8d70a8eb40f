// Shared pieces of the KMS black-box tests (not a test file itself).
import assert from "node:assert/strict";
import { CreateKeyCommand, type CreateKeyCommandInput, type KMSClient } from "@aws-sdk/client-kms";
import { ACCOUNT_ID, REGION } from "../helpers/server.js";

export const keyArnOf = (keyId: string, region = REGION): string => `arn:aws:kms:${region}:${ACCOUNT_ID}:key/${keyId}`;
export const aliasArnOf = (name: string, region = REGION): string => `arn:aws:kms:${region}:${ACCOUNT_ID}:${name}`;
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const DAY_MS = 86_400_000;

export interface ExpectedError {
  readonly name: string;
  /**
   * Exact message. Errors AWS sends without text (InvalidCiphertextException, NotAuthorizedException)
   * reach SDK v3 users as "UnknownError"; pass that.
   */
  readonly message: string | RegExp;
  readonly status?: number;
}

/** The call fails with exactly this AWS error: code, HTTP status and message. */
export async function expectError(call: Promise<unknown>, want: ExpectedError): Promise<void> {
  await assert.rejects(call, (e: unknown) => {
    assert.ok(e instanceof Error, "an Error");
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode; // SDK v3 service exceptions carry $metadata
    assert.equal(e.name, want.name, `error name (message: ${e.message})`);
    if (typeof want.message === "string") assert.equal(e.message, want.message);
    else assert.match(e.message, want.message);
    assert.equal(status, want.status ?? 400, "HTTP status");
    return true;
  });
}

export async function newKey(kms: KMSClient, input: CreateKeyCommandInput = {}): Promise<{ keyId: string; arn: string }> {
  const out = await kms.send(new CreateKeyCommand(input));
  const keyId = out.KeyMetadata?.KeyId;
  assert.ok(keyId, "CreateKey returned a KeyId");
  return { keyId, arn: keyArnOf(keyId) };
}

export const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "utf8"));
export const text = (b: Uint8Array | undefined): string => Buffer.from(b ?? new Uint8Array()).toString("utf8");

/** Waits for `probe` to return a value, polling; fails after `ms`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

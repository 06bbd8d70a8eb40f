// Shared pieces of the KMS black-box tests (not a test file itself); error assertions and waits are in
// ../helpers/assertions.ts.
import assert from "node:assert/strict";
import { CreateKeyCommand, type CreateKeyCommandInput, type KMSClient } from "@aws-sdk/client-kms";
import { kmsClient } from "../helpers/clients.js";
import { serversPerFile } from "../helpers/fixtures.js";
import { ACCOUNT_ID, REGION, type TestServer } from "../helpers/server.js";

export const keyArnOf = (keyId: string, region = REGION): string => `arn:aws:kms:${region}:${ACCOUNT_ID}:key/${keyId}`;
export const aliasArnOf = (name: string, region = REGION): string => `arn:aws:kms:${region}:${ACCOUNT_ID}:${name}`;
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const DAY_MS = 86_400_000;

export async function newKey(kms: KMSClient, input: CreateKeyCommandInput = {}): Promise<{ keyId: string; arn: string }> {
  const out = await kms.send(new CreateKeyCommand(input));
  const keyId = out.KeyMetadata?.KeyId;
  assert.ok(keyId, "CreateKey returned a KeyId");
  return { keyId, arn: keyArnOf(keyId) };
}

export interface ManagedKeyServers {
  readonly server: TestServer;
  /** Started with --aws-managed-keys-open: AWS's own key policy on AWS managed keys. */
  readonly openServer: TestServer;
  /** A root client on `server`. */
  readonly kms: KMSClient;
}

/** The two servers of the files that compare both AWS managed key modes, started once per file. */
export function managedKeyServersPerFile(ready: (s: ManagedKeyServers) => void): void {
  serversPerFile([{}, { args: ["--aws-managed-keys-open"] }], ([server, openServer]) => ready({ server, openServer, kms: kmsClient(server) }));
}

export const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "utf8"));
export const text = (b: Uint8Array | undefined): string => Buffer.from(b ?? new Uint8Array()).toString("utf8");

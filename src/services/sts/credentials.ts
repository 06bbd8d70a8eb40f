// Issuing temporary credentials: ASIA key id, 40-char secret behind the barrier, HMAC session token.
// The audit trail drops SecretAccessKey and SessionToken by name (audit/redact.ts SECRET_MEMBERS).
import { randomBytes } from "node:crypto";
import type { Barrier } from "../../crypto/barrier.js";
import type { WriteContext } from "../../server/context.js";
import { accessKeyId, secretAccessKey } from "../iam/names.js";
import { sessionAad } from "./internal.js";
import { insertSession, type NewSession } from "./store.js";
import type { TokenMinter } from "./tokens.js";

export interface IssuedCredentials {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly SessionToken: string;
  readonly Expiration: Date;
}

export type SessionSpec = Omit<NewSession, "accessKeyId" | "secret" | "issuedAt" | "expiresAt">;

/** Stores the session and returns the credentials; the expiry is on a whole second, as AWS prints it. */
export async function issueCredentials(
  ctx: WriteContext,
  deps: { barrier: Barrier; tokens: TokenMinter },
  spec: SessionSpec,
  durationSeconds: number,
): Promise<IssuedCredentials> {
  const id = accessKeyId("ASIA", randomBytes(16));
  const secret = secretAccessKey(randomBytes(30));
  const issuedAt = ctx.now.toISOString();
  const expiresAt = new Date(Math.floor(ctx.now.getTime() / 1000) * 1000 + durationSeconds * 1000);
  await insertSession(ctx.tx, ctx.accountId, {
    ...spec,
    accessKeyId: id,
    secret: deps.barrier.encrypt(sessionAad(id), Buffer.from(secret, "utf8")),
    issuedAt,
    expiresAt: expiresAt.toISOString(),
  });
  return { AccessKeyId: id, SecretAccessKey: secret, SessionToken: deps.tokens.mint(id, issuedAt), Expiration: expiresAt };
}

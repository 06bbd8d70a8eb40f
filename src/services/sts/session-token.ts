// GetSessionToken (iam.md §10): temporary credentials acting as the calling user (or root), no permission needed.
import type { Barrier } from "../../crypto/barrier.js";
import type { OperationContext, WriteContext } from "../../server/context.js";
import type { Input, Output } from "../types.js";
import { refuseMfa } from "./assume-role.js";
import { issueCredentials } from "./credentials.js";
import { sessionCredentialsRefused } from "./errors.js";
import type { TokenMinter } from "./tokens.js";

const DEFAULT_SECONDS = 43_200;
/** AWS caps account-root sessions at one hour, silently (STS API reference). */
const ROOT_MAX_SECONDS = 3_600;

export function sessionTokenOperation(deps: { barrier: Barrier; tokens: TokenMinter }) {
  return async function getSessionToken(ctx: WriteContext, input: Input): Promise<Output> {
    const p = ctx.principal;
    if (p.isTemporary) throw sessionCredentialsRefused();
    refuseMfa(input);
    const requested = typeof input["DurationSeconds"] === "number" ? input["DurationSeconds"] : DEFAULT_SECONDS;
    const duration = p.type === "Root" ? Math.min(requested, ROOT_MAX_SECONDS) : requested;
    const spec = p.type === "Root"
      ? { kind: "root" as const, ownerId: p.accountId, sessionName: "" }
      : { kind: "user" as const, ownerId: p.principalId, sessionName: p.userName ?? "" };
    const creds = await issueCredentials(ctx, deps, spec, duration);
    return { Credentials: creds };
  };
}

/** Works for every authenticated caller, even under an explicit deny (iam.md §6.5). */
export async function getCallerIdentity(ctx: OperationContext, _input: Input): Promise<Output> {
  const p = ctx.principal;
  return { UserId: p.principalId, Account: p.accountId, Arn: p.arn };
}

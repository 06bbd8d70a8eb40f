// STS service definition (Query, 2011-06-15): AssumeRole, GetSessionToken, GetCallerIdentity.
// Authorisation happens inside the operations: AssumeRole against the role's trust policy, the others need none.
import type { Job } from "../../jobs/types.js";
import { serviceError } from "../../protocol/errors.js";
import { stsModel } from "../../protocol/models/sts.js";
import type { ServiceDeps } from "../deps.js";
import type { IamInternal } from "../iam/internal.js";
import type { ServiceDefinition } from "../types.js";
import { assumeRoleOperation } from "./assume-role.js";
import { createStsInternal, type StsInternal } from "./internal.js";
import { STS_DDL, STS_MIGRATION, STS_TRANSITIVE_DDL, STS_TRANSITIVE_MIGRATION } from "./schema.js";
import { getCallerIdentity, sessionTokenOperation } from "./session-token.js";
import { deleteExpiredSessions } from "./store.js";
import { openTokenMinter } from "./tokens.js";

export interface StsService {
  readonly definition: ServiceDefinition;
  readonly internal: StsInternal;
  readonly jobs: Job[];
}

/** Expired sessions are kept a week so late callers still get ExpiredToken rather than InvalidClientTokenId. */
const SESSION_RETENTION_MS = 7 * 24 * 3600 * 1000;

export async function createStsService(deps: ServiceDeps, iam: IamInternal): Promise<StsService> {
  await deps.storage.migrate(STS_MIGRATION, STS_DDL);
  await deps.storage.migrate(STS_TRANSITIVE_MIGRATION, STS_TRANSITIVE_DDL);
  const tokens = await openTokenMinter(deps.storage, deps.barrier, deps.accountId);
  const ops = { barrier: deps.barrier, tokens, iam };
  const cleanup: Job = {
    name: "sts-expired-sessions",
    intervalMs: 3600_000,
    async run(now) {
      const before = new Date(now.getTime() - SESSION_RETENTION_MS).toISOString();
      await deps.storage.write((tx) => deleteExpiredSessions(tx, deps.accountId, before));
    },
  };
  return {
    definition: {
      name: "sts",
      model: stsModel,
      eventSource: "sts.amazonaws.com",
      readOperations: { GetCallerIdentity: getCallerIdentity },
      writeOperations: { AssumeRole: assumeRoleOperation(ops), GetSessionToken: sessionTokenOperation(ops) },
      authorization: () => [],
      internalError: (requestId) => serviceError("InternalFailure", `An internal error occurred. Request id: ${requestId}`, { status: 500 }),
      accessDeniedCode: "AccessDenied",
    },
    internal: createStsInternal(deps.accountId, deps.barrier, iam, tokens),
    jobs: [cleanup],
  };
}

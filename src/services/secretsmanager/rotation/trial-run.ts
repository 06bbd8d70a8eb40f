// RotateImmediately=false: AWS "tests the rotation configuration by running the testSecret step … This test creates
// an AWSPENDING version of the secret and then removes it." The temporary version is a copy of AWSCURRENT.
import { openValue } from "../envelope.js";
import { PENDING, CURRENT, holderOf } from "../stages.js";
import { findSecretByArn } from "../store.js";
import { deleteVersion, getVersion, hasValue, stagesOf } from "../store-versions.js";
import type { RotationRow } from "../store-rotations.js";
import { addVersion } from "../versions.js";
import type { RunnerDeps } from "./runner.js";
import { rotationPrincipal, serviceWrite } from "./service-api.js";

export async function prepareTestVersion(deps: RunnerDeps, row: RotationRow): Promise<void> {
  const principal = rotationPrincipal(row.scope.accountId, "secretsmanager", deps.clock());
  const input = { SecretId: row.arn, ClientRequestToken: row.token, VersionStages: [PENDING] };
  await serviceWrite(deps, row.scope, principal, "PutSecretValue", input, async (ctx) => {
    const secret = await findSecretByArn(ctx.tx, row.scope, row.arn);
    if (!secret) throw new Error("the secret no longer exists");
    if (await getVersion(ctx.tx, row.scope, row.arn, row.token)) return { ARN: secret.arn, Name: secret.name, VersionId: row.token };
    const currentId = holderOf(await stagesOf(ctx.tx, row.scope, row.arn), CURRENT);
    const current = currentId === undefined ? undefined : await getVersion(ctx.tx, row.scope, row.arn, currentId);
    if (!current || currentId === undefined || !hasValue(current)) throw new Error("the secret has no AWSCURRENT value to test with");
    const value = await openValue(ctx, deps.rt.barrier, { scope: row.scope, arn: row.arn, versionId: currentId }, current.sealed);
    const stages = await addVersion(ctx, deps.rt, secret, { versionId: row.token, value, stages: [PENDING] });
    return { ARN: secret.arn, Name: secret.name, VersionId: row.token, VersionStages: stages };
  });
}

/** Removes the temporary version again (with its AWSPENDING label), whatever the test's outcome. */
export async function cleanupTestVersion(deps: RunnerDeps, row: RotationRow): Promise<void> {
  await deps.rt.storage.write(async (tx) => {
    const stages = await stagesOf(tx, row.scope, row.arn);
    const labels = stages.get(row.token) ?? [];
    // Only a version that carries nothing but AWSPENDING is ours to drop.
    if (labels.every((l) => l === PENDING) && (await getVersion(tx, row.scope, row.arn, row.token))) {
      await deleteVersion(tx, row.scope, row.arn, row.token);
    }
  });
}

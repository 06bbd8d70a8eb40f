// IAM SQL for inline policies, managed policy versions and attachments.
import type { ReadTx, WriteTx } from "../../storage/types.js";
import { awsManagedByArn, awsManagedById, awsManagedVersions } from "./aws-managed.js";
import { ENTITY_COLUMNS, findEntityByArn, type EntityRow } from "./store.js";

export interface InlineRow {
  readonly [column: string]: string;
  readonly policy_name: string;
  readonly document: string;
}

export interface VersionRow {
  readonly [column: string]: string | number;
  readonly version_id: string;
  readonly version_num: number;
  readonly document: string;
  readonly created_at: string;
}

export const listInline = (tx: ReadTx, accountId: string, entityId: string): Promise<InlineRow[]> =>
  tx.all<InlineRow>("SELECT policy_name, document FROM iam_inline_policies WHERE account_id = ? AND entity_id = ? ORDER BY policy_name", [
    accountId, entityId,
  ]);

export const getInline = (tx: ReadTx, accountId: string, entityId: string, name: string): Promise<InlineRow | undefined> =>
  tx.get<InlineRow>("SELECT policy_name, document FROM iam_inline_policies WHERE account_id = ? AND entity_id = ? AND policy_name = ?", [
    accountId, entityId, name,
  ]);

export async function putInline(tx: WriteTx, accountId: string, entityId: string, name: string, document: string): Promise<void> {
  await tx.run(
    "INSERT INTO iam_inline_policies (account_id, entity_id, policy_name, document) VALUES (?, ?, ?, ?) ON CONFLICT (account_id, entity_id, policy_name) DO UPDATE SET document = excluded.document",
    [accountId, entityId, name, document],
  );
}

export async function deleteInline(tx: WriteTx, accountId: string, entityId: string, name: string): Promise<boolean> {
  const r = await tx.run("DELETE FROM iam_inline_policies WHERE account_id = ? AND entity_id = ? AND policy_name = ?", [accountId, entityId, name]);
  return r.changes > 0;
}

// Managed policy versions.

/** A managed policy by ARN: an AWS managed one from the catalogue, else the account's own. */
export const findPolicy = async (tx: ReadTx, accountId: string, arn: string): Promise<EntityRow | undefined> =>
  awsManagedByArn(accountId, arn) ?? (await findEntityByArn(tx, accountId, "policy", arn));

export const listVersions = async (tx: ReadTx, accountId: string, policyId: string): Promise<VersionRow[]> =>
  awsManagedVersions(policyId) ??
  (await tx.all<VersionRow>(
    "SELECT version_id, version_num, document, created_at FROM iam_policy_versions WHERE account_id = ? AND policy_id = ? ORDER BY version_num DESC",
    [accountId, policyId],
  ));

export async function getVersion(tx: ReadTx, accountId: string, policyId: string, versionId: string): Promise<VersionRow | undefined> {
  const aws = awsManagedVersions(policyId);
  if (aws) return aws.find((v) => v.version_id === versionId);
  return tx.get<VersionRow>(
    "SELECT version_id, version_num, document, created_at FROM iam_policy_versions WHERE account_id = ? AND policy_id = ? AND version_id = ?",
    [accountId, policyId, versionId],
  );
}

export async function insertVersion(
  tx: WriteTx,
  accountId: string,
  policyId: string,
  v: { versionNum: number; document: string; createdAt: string },
): Promise<string> {
  const versionId = `v${v.versionNum}`;
  await tx.run(
    "INSERT INTO iam_policy_versions (account_id, policy_id, version_id, version_num, document, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    [accountId, policyId, versionId, v.versionNum, v.document, v.createdAt],
  );
  return versionId;
}

export async function deleteVersions(tx: WriteTx, accountId: string, policyId: string, versionId?: string): Promise<void> {
  if (versionId === undefined) {
    await tx.run("DELETE FROM iam_policy_versions WHERE account_id = ? AND policy_id = ?", [accountId, policyId]);
  } else {
    await tx.run("DELETE FROM iam_policy_versions WHERE account_id = ? AND policy_id = ? AND version_id = ?", [accountId, policyId, versionId]);
  }
}

// Attachments of managed policies to users, groups and roles.

export async function attach(tx: WriteTx, accountId: string, entityId: string, policyId: string, now: string): Promise<void> {
  await tx.run("INSERT INTO iam_attachments (account_id, entity_id, policy_id, attached_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", [
    accountId, entityId, policyId, now,
  ]);
}

export async function detach(tx: WriteTx, accountId: string, entityId: string, policyId: string): Promise<boolean> {
  const r = await tx.run("DELETE FROM iam_attachments WHERE account_id = ? AND entity_id = ? AND policy_id = ?", [accountId, entityId, policyId]);
  return r.changes > 0;
}

/** Entity columns as selected through the alias `e`. */
const E_COLUMNS = ENTITY_COLUMNS.split(", ").map((c) => `e.${c}`).join(", ");

/** The AWS managed policies attached to an entity (attachments name them by PolicyId, outside iam_entities). */
async function attachedAwsManaged(tx: ReadTx, accountId: string, entityId: string): Promise<EntityRow[]> {
  const ids = await tx.all<{ policy_id: string }>("SELECT policy_id FROM iam_attachments WHERE account_id = ? AND entity_id = ?", [accountId, entityId]);
  return ids.flatMap((r) => awsManagedById(accountId, r.policy_id) ?? []);
}

const byName = <T extends { name: string }>(rows: T[]): T[] => rows.sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));

/** The managed policies attached to an entity, by policy name. */
export async function attachedPolicies(tx: ReadTx, accountId: string, entityId: string): Promise<EntityRow[]> {
  const own = await tx.all<EntityRow>(
    `SELECT ${E_COLUMNS} FROM iam_attachments a JOIN iam_entities e ON e.account_id = a.account_id AND e.entity_id = a.policy_id WHERE a.account_id = ? AND a.entity_id = ? ORDER BY e.name_lower`,
    [accountId, entityId],
  );
  return byName([...own, ...(await attachedAwsManaged(tx, accountId, entityId))]);
}

export async function attachmentCount(tx: ReadTx, accountId: string, policyId: string): Promise<number> {
  const row = await tx.get<{ n: number }>("SELECT COUNT(*) AS n FROM iam_attachments WHERE account_id = ? AND policy_id = ?", [accountId, policyId]);
  return Number(row?.n ?? 0);
}

/** Default-version documents of the policies attached to any of the entities (policy evaluation). */
export async function attachedDocuments(tx: ReadTx, accountId: string, entityId: string): Promise<{ name: string; arn: string; document: string }[]> {
  const own = await tx.all<{ [c: string]: string; name: string; arn: string; document: string }>(
    "SELECT e.name AS name, e.arn AS arn, v.document AS document FROM iam_attachments a JOIN iam_entities e ON e.account_id = a.account_id AND e.entity_id = a.policy_id JOIN iam_policy_versions v ON v.account_id = e.account_id AND v.policy_id = e.entity_id AND v.version_id = e.default_version WHERE a.account_id = ? AND a.entity_id = ? ORDER BY e.name_lower",
    [accountId, entityId],
  );
  const aws = (await attachedAwsManaged(tx, accountId, entityId)).map((p) => ({ name: p.name, arn: p.arn, document: awsDefaultDocument(p) }));
  return byName([...own, ...aws]);
}

const awsDefaultDocument = (p: EntityRow): string => awsManagedVersions(p.entity_id)?.find((v) => v.version_id === p.default_version)?.document ?? "";

/** The default-version document of a managed policy by ARN (session PolicyArns, permissions boundaries). */
export async function defaultDocumentByArn(tx: ReadTx, accountId: string, arn: string): Promise<{ name: string; document: string } | undefined> {
  const aws = awsManagedByArn(accountId, arn);
  if (aws) return { name: aws.name, document: awsDefaultDocument(aws) };
  return tx.get<{ [c: string]: string; name: string; document: string }>(
    "SELECT e.name AS name, v.document AS document FROM iam_entities e JOIN iam_policy_versions v ON v.account_id = e.account_id AND v.policy_id = e.entity_id AND v.version_id = e.default_version WHERE e.account_id = ? AND e.kind = 'policy' AND e.arn = ?",
    [accountId, arn],
  );
}

/** How many inline policies and attached managed policies an entity has (DeleteConflict checks). */
export async function countDependents(tx: ReadTx, accountId: string, entityId: string): Promise<{ inline: number; attached: number }> {
  const inline = await tx.get<{ n: number }>("SELECT COUNT(*) AS n FROM iam_inline_policies WHERE account_id = ? AND entity_id = ?", [accountId, entityId]);
  const attached = await tx.get<{ n: number }>("SELECT COUNT(*) AS n FROM iam_attachments WHERE account_id = ? AND entity_id = ?", [accountId, entityId]);
  return { inline: Number(inline?.n ?? 0), attached: Number(attached?.n ?? 0) };
}

/** The users, groups and roles a managed policy is attached to, by name (ListEntitiesForPolicy). */
export const entitiesAttached = (tx: ReadTx, accountId: string, policyId: string): Promise<EntityRow[]> =>
  tx.all<EntityRow>(
    `SELECT ${E_COLUMNS} FROM iam_attachments a JOIN iam_entities e ON e.account_id = a.account_id AND e.entity_id = a.entity_id WHERE a.account_id = ? AND a.policy_id = ? ORDER BY e.name_lower`,
    [accountId, policyId],
  );

/** The users and roles whose permissions boundary is the policy, by name (ListEntitiesForPolicy). */
export const entitiesBounded = (tx: ReadTx, accountId: string, policyArn: string): Promise<EntityRow[]> =>
  tx.all<EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM iam_entities WHERE account_id = ? AND permissions_boundary = ? ORDER BY name_lower`, [
    accountId, policyArn,
  ]);

/** Users and roles that use the policy as their permissions boundary (DeletePolicy conflict). */
export async function boundaryUsageCount(tx: ReadTx, accountId: string, policyArn: string): Promise<number> {
  const row = await tx.get<{ n: number }>("SELECT COUNT(*) AS n FROM iam_entities WHERE account_id = ? AND permissions_boundary = ?", [accountId, policyArn]);
  return Number(row?.n ?? 0);
}

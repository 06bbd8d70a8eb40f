// GetSecretValue's hot path without its three reads: the secret row, its staging labels, the version row (its
// value still sealed: barrier and KMS) and its tags, cached for read transactions. Exact on every process and
// server (storage/read-cache.ts): triggers on the sm_* tables these come from bump the "sm" epoch, so any change
// made anywhere is seen by the next call. Write transactions read the tables.
import { Epoch, epochTriggers, ReadCache } from "../../storage/read-cache.js";
import { isWriteTx, type ReadTx, type Storage } from "../../storage/types.js";
import type { Scope } from "./names.js";
import { findSecretByArn, findSecretByName, tagsOf, type SecretRow, type Tag } from "./store.js";
import { getVersion, stagesOf, type StageMap, type VersionRow } from "./store-versions.js";

export const SM_EPOCH_MIGRATION = "secretsmanager-0005-epoch-triggers";
const CACHED_TABLES = ["sm_secrets", "sm_versions", "sm_stages", "sm_tags"];
export const smEpochDdl = (engine: Storage["engine"]): string => epochTriggers(engine, "sm", CACHED_TABLES);

const epoch = new Epoch("sm");

/** One cache; a write transaction bypasses it. */
function cached<V>(): (tx: ReadTx, key: string, load: () => Promise<V | undefined>) => Promise<V | undefined> {
  const cache = new ReadCache<V>(epoch);
  return (tx, key, load) => (isWriteTx(tx) ? load() : cache.get(tx, key, load));
}

const secrets = cached<SecretRow>();
const stages = cached<StageMap>();
const versions = cached<VersionRow>();
const tags = cached<readonly Tag[]>();

const keyOf = (scope: Scope, ...parts: string[]): string => [scope.accountId, scope.region, ...parts].join("\0");

export const secretByArn = (tx: ReadTx, scope: Scope, arn: string): Promise<SecretRow | undefined> =>
  secrets(tx, keyOf(scope, "arn", arn), () => findSecretByArn(tx, scope, arn));

export const secretByName = (tx: ReadTx, scope: Scope, name: string): Promise<SecretRow | undefined> =>
  secrets(tx, keyOf(scope, "name", name), () => findSecretByName(tx, scope, name));

/** The labels of a secret's versions (shared between calls: read it, never change it). */
export const stagesFor = async (tx: ReadTx, scope: Scope, arn: string): Promise<StageMap> =>
  (await stages(tx, keyOf(scope, arn), () => stagesOf(tx, scope, arn))) ?? new Map();

export const versionOf = (tx: ReadTx, scope: Scope, arn: string, versionId: string): Promise<VersionRow | undefined> =>
  versions(tx, keyOf(scope, arn, versionId), () => getVersion(tx, scope, arn, versionId));

export const tagsFor = async (tx: ReadTx, scope: Scope, arn: string): Promise<readonly Tag[]> =>
  (await tags(tx, keyOf(scope, arn), () => tagsOf(tx, scope, arn))) ?? [];

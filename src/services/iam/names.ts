// PURE identifiers and ARNs of IAM entities (iam.md §1, §9): unique ids, access key ids, ARNs, paths.

export type EntityKind = "user" | "group" | "role" | "policy";

/** AWS unique-id prefixes (protocol.md §6.7). */
const ID_PREFIX: Readonly<Record<EntityKind, string>> = { user: "AIDA", group: "AGPA", role: "AROA", policy: "ANPA" };

/** Base32 letters: a subset of [A-Z0-9], as AWS ids use. */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** `count` characters of the id alphabet drawn from `bytes` (one byte each). */
export function idChars(bytes: Uint8Array, count: number): string {
  if (bytes.length < count) throw new Error("not enough random bytes for an id");
  let s = "";
  for (let i = 0; i < count; i++) s += ALPHABET[(bytes[i] ?? 0) % 32];
  return s;
}

/** 21-character unique id: 4-letter prefix + 17 characters. */
export const entityId = (kind: EntityKind, bytes: Uint8Array): string => ID_PREFIX[kind] + idChars(bytes, 17);

/** 20-character access key id: AKIA (long-term) or ASIA (STS) + 16 characters. */
export const accessKeyId = (prefix: "AKIA" | "ASIA", bytes: Uint8Array): string => prefix + idChars(bytes, 16);

/** 40-character secret access key from 30 random bytes (base64 without '+' and '/'). */
export const secretAccessKey = (bytes: Uint8Array): string =>
  Buffer.from(bytes.subarray(0, 30)).toString("base64").replace(/\+/g, "k").replace(/\//g, "Q");

/** arn:aws:iam::<acct>:<kind><path><name>; paths start and end with "/". */
export const entityArn = (accountId: string, kind: EntityKind, path: string, name: string): string =>
  `arn:aws:iam::${accountId}:${kind}${path}${name}`;

export const rootArn = (accountId: string): string => `arn:aws:iam::${accountId}:root`;

/** Session ARNs carry no role path (iam.md §1). */
export const assumedRoleArn = (accountId: string, roleName: string, sessionName: string): string =>
  `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;

export interface PolicyArnParts {
  readonly accountId: string;
  readonly path: string;
  readonly name: string;
}

const POLICY_ARN = /^arn:aws:iam::(\d{12}|aws):policy(\/(?:[^/]+\/)*)([^/]+)$/;

/** Splits a managed policy ARN; undefined when it cannot name a policy. */
export function parsePolicyArn(arn: string): PolicyArnParts | undefined {
  const m = POLICY_ARN.exec(arn);
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return undefined;
  return { accountId: m[1], path: m[2], name: m[3] };
}

/** Has the six colon-separated parts of an ARN, with partition, service and resource present. */
export const isArn = (s: string): boolean => /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/.test(s);

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[^/]+\/)*)([^/]+)$/;

/** Splits a role ARN (AssumeRole `RoleArn`); undefined when malformed. */
export function parseRoleArn(arn: string): PolicyArnParts | undefined {
  const m = ROLE_ARN.exec(arn);
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return undefined;
  return { accountId: m[1], path: m[2], name: m[3] };
}

/** Does `path` fall under `prefix` (ListUsers/ListRoles PathPrefix)? Case-sensitive, as AWS paths are. */
export const underPath = (path: string, prefix: string | undefined): boolean => prefix === undefined || path.startsWith(prefix);

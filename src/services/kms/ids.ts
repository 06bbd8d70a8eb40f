// Key identifiers and ARNs (pure; kms.md §1): key id, key ARN, alias name, alias ARN.

export interface KmsScope {
  readonly accountId: string;
  readonly region: string;
}

/** What a KeyId input names, before any lookup. */
export type KeyIdentifier =
  /** A key id, or a key ARN of this account and region; `display` is the ARN errors print. */
  | { readonly kind: "key"; readonly keyId: string; readonly display: string }
  | { readonly kind: "alias"; readonly aliasName: string; readonly aliasArn: string; readonly inScope: boolean }
  /** A key ARN that cannot name a key here (other account, malformed id). */
  | { readonly kind: "missing-key"; readonly display: string }
  /** A key ARN of another Region: KMS refuses it before any lookup (`Invalid arn <region>`). */
  | { readonly kind: "other-region"; readonly region: string }
  | { readonly kind: "invalid"; readonly raw: string };

const KEY_ID_RE = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const ARN_RE = /^arn:([^:]+):kms:([^:]*):([^:]*):(key|alias)\/(.*)$/s;

export const keyArn = (s: KmsScope, keyId: string): string => `arn:aws:kms:${s.region}:${s.accountId}:key/${keyId}`;
export const aliasArn = (s: KmsScope, aliasName: string): string => `arn:aws:kms:${s.region}:${s.accountId}:${aliasName}`;

export const isKeyIdShape = (v: string): boolean => KEY_ID_RE.test(v);

/** Parses a KeyId input in the request's account and region. */
export function parseKeyIdentifier(raw: string, scope: KmsScope): KeyIdentifier {
  if (raw.startsWith("alias/")) return { kind: "alias", aliasName: raw, aliasArn: aliasArn(scope, raw), inScope: true };
  if (KEY_ID_RE.test(raw)) return { kind: "key", keyId: raw, display: keyArn(scope, raw) };
  const m = ARN_RE.exec(raw);
  if (!m) return { kind: "invalid", raw };
  const inScope = m[1] === "aws" && m[2] === scope.region && m[3] === scope.accountId;
  const rest = m[5] ?? "";
  if (m[4] === "alias") return { kind: "alias", aliasName: `alias/${rest}`, aliasArn: raw, inScope };
  // Recorded from AWS: DescribeKey with a key ARN of another Region -> NotFoundException `Invalid arn <region>`.
  if (m[2] !== scope.region) return { kind: "other-region", region: m[2] ?? "" };
  if (inScope && KEY_ID_RE.test(rest)) return { kind: "key", keyId: rest, display: raw };
  return { kind: "missing-key", display: raw };
}

/** A problem with an alias name the model's pattern cannot express (kms.md §3), or null. */
export type AliasNameProblem = "invalid-identifier" | "reserved" | "invalid-characters";

export function aliasNameProblem(name: string): AliasNameProblem | null {
  if (!name.startsWith("alias/") || name.length === "alias/".length) return "invalid-identifier";
  if (name.startsWith("alias/aws/")) return "reserved";
  if (name.includes(":")) return "invalid-characters";
  return null;
}

/** The managed-key alias of a service. */
export const managedAlias = (service: "ssm" | "secretsmanager"): string => `alias/aws/${service}`;

/** `alias/aws/ssm` -> "ssm"; undefined for any other name. */
export function managedServiceOf(aliasName: string): "ssm" | "secretsmanager" | undefined {
  if (aliasName === "alias/aws/ssm") return "ssm";
  if (aliasName === "alias/aws/secretsmanager") return "secretsmanager";
  return undefined;
}

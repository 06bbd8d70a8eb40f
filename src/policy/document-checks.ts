// The MalformedPolicyDocument checks, phase by phase in the order AWS (and moto's validator) applies them (iam.md §2).
import { parseOperator } from "./conditions.js";
import { legacyDateOk } from "./legacy-date.js";
import { actionMatches } from "./match.js";
import type { PolicyKind } from "./types.js";

export type JsonObject = Readonly<Record<string, unknown>>;

export const MESSAGES = {
  syntax: "Syntax errors in policy.",
  version: "Policy document must be version 2012-10-17 or greater.",
  legacy: "The policy failed legacy parsing",
  sidUnique: "Statement IDs (SID) in a single policy must be unique.",
  actions: "Policy statement must contain actions.",
  resources: "Policy statement must contain resources.",
  vendorPrefix: "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
  oneColon: "Actions/Condition can contain only one colon.",
  principalInIdentity: "Policy document should not specify a principal.",
  resourceInTrust: "Has prohibited field Resource", // no full stop (AWS recording, UpdateAssumeRolePolicy 2026-02)
  trustAction: "AssumeRole policy may only specify STS AssumeRole actions.",
  // AWS wording for trust policies without a principal (not quoted in iam.md).
  principalMissing: "Missing required field Principal.",
  vendorQualified: "Resource vendor must be fully qualified and cannot contain regexes.",
} as const;

const TOP_ELEMENTS = new Set(["Version", "Id", "Statement"]);
const STATEMENT_ELEMENTS = new Set([
  "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
]);
const PRINCIPAL_TYPES = new Set(["AWS", "Service", "Federated", "CanonicalUser"]);
const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);
const PARTITIONS = new Set(["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"]);
const IAM_PATH_STARTS = [
  "user/", "federated-user/", "role/", "group/", "instance-profile/", "mfa/", "server-certificate/", "policy/",
  "sms-mfa/", "saml-provider/", "oidc-provider/", "report/", "access-report/",
];
/**
 * S3 ARNs name no region except for these regional resource types (access points: AWS-recorded; the others are
 * the regional S3 resource types of the Service Authorization Reference, list_amazons3.html).
 */
const S3_REGIONAL_STARTS = ["accesspoint/", "job/", "storage-lens/", "storage-lens-group/", "access-grants/", "async-request/"];
/** What a role trust policy may allow (IAM user guide, role trust policies). */
const TRUST_ACTIONS = [
  "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:TagSession", "sts:SetSourceIdentity",
  "sts:SetContext",
];

export const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringOrStrings = (v: unknown): boolean =>
  typeof v === "string" || (Array.isArray(v) && v.every((x) => typeof x === "string"));
const isScalar = (v: unknown): boolean => typeof v === "string" || typeof v === "number" || typeof v === "boolean";
const has = (o: JsonObject, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** String or list of strings as a list (callers have checked the shape). */
export const strings = (v: unknown): string[] =>
  typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

export function statementsOf(root: JsonObject): unknown[] {
  const s = root["Statement"];
  return Array.isArray(s) ? s : [s];
}

function principalSyntaxOk(p: unknown): boolean {
  if (p === "*") return true;
  if (!isObject(p) || Object.keys(p).length === 0) return false;
  return Object.entries(p).every(([k, v]) => PRINCIPAL_TYPES.has(k) && isStringOrStrings(v));
}

function conditionSyntaxOk(c: unknown): boolean {
  if (!isObject(c)) return false;
  return Object.entries(c).every(([operator, block]) => {
    if (!isObject(block)) return false;
    const valuesOk = Object.values(block).every((v) => isScalar(v) || (Array.isArray(v) && v.every(isScalar)));
    return valuesOk && (parseOperator(operator) !== undefined || Object.keys(block).length === 0);
  });
}

function statementSyntaxOk(s: unknown): boolean {
  if (!isObject(s) || !Object.keys(s).every((k) => STATEMENT_ELEMENTS.has(k))) return false;
  const pairs = [["Action", "NotAction"], ["Resource", "NotResource"], ["Principal", "NotPrincipal"]] as const;
  if (pairs.some(([a, b]) => has(s, a) && has(s, b))) return false;
  const effect = s["Effect"];
  if (typeof effect !== "string" || !["allow", "deny"].includes(effect.toLowerCase())) return false;
  const listsOk = ["Action", "NotAction", "Resource", "NotResource"].every((k) => !has(s, k) || isStringOrStrings(s[k]));
  const principalOk = ["Principal", "NotPrincipal"].every((k) => !has(s, k) || principalSyntaxOk(s[k]));
  const sidOk = !has(s, "Sid") || typeof s["Sid"] === "string";
  return listsOk && principalOk && sidOk && (!has(s, "Condition") || conditionSyntaxOk(s["Condition"]));
}

export function syntaxOk(root: unknown): root is JsonObject {
  if (!isObject(root) || !Object.keys(root).every((k) => TOP_ELEMENTS.has(k))) return false;
  const version = root["Version"];
  if (has(root, "Version") && !(typeof version === "string" && VERSIONS.has(version))) return false;
  if (has(root, "Id") && typeof root["Id"] !== "string") return false;
  const st = root["Statement"];
  if (!isObject(st) && !(Array.isArray(st) && st.length > 0)) return false;
  return statementsOf(root).every(statementSyntaxOk);
}

/** Which elements the kind of policy requires or forbids (iam.md §2). */
export function kindProblems(statements: readonly JsonObject[], kind: PolicyKind): string[] {
  const out: string[] = [];
  const hasPrincipal = (s: JsonObject): boolean => has(s, "Principal") || has(s, "NotPrincipal");
  if (kind === "identity" && statements.some(hasPrincipal)) out.push(MESSAGES.principalInIdentity);
  if (kind === "trust" && statements.some((s) => has(s, "Resource") || has(s, "NotResource"))) {
    out.push(MESSAGES.resourceInTrust);
  }
  // Refused only when a pattern cannot cover any assume-role action ("sts:InvalidAction": AWS recording 2026-02).
  const coversTrustAction = (a: string): boolean => TRUST_ACTIONS.some((t) => actionMatches(a, t));
  if (kind === "trust" && !statements.every((s) => strings(s["Action"]).every(coversTrustAction))) {
    out.push(MESSAGES.trustAction);
  }
  if (kind !== "identity" && !statements.every(hasPrincipal)) out.push(MESSAGES.principalMissing);
  return out;
}

function dateValuesOk(condition: unknown): boolean {
  if (!isObject(condition)) return true;
  return Object.entries(condition).every(([operator, block]) => {
    if (parseOperator(operator)?.base.startsWith("Date") !== true || !isObject(block)) return true;
    return Object.values(block).every((v) =>
      (Array.isArray(v) ? v : [v]).every((x) => legacyDateOk(String(x))),
    );
  });
}

function legacyResourceOk(r: string): boolean {
  return r === "*" || ((r.split(":").length - 1 >= 5 || !r.includes("::")) && r.split(":")[2] !== "");
}

/** Case-sensitive Effect, parsable dates, resource shapes: "The policy failed legacy parsing". */
export function legacyOk(statements: readonly JsonObject[]): boolean {
  return statements.every(
    (s) =>
      (s["Effect"] === "Allow" || s["Effect"] === "Deny") &&
      dateValuesOk(s["Condition"]) &&
      [...strings(s["Resource"]), ...strings(s["NotResource"])].every(
        (r) => resourceFormatProblem(r) !== undefined || legacyResourceOk(r),
      ),
  );
}

export function sidsUnique(statements: readonly JsonObject[]): boolean {
  const sids = statements.map((s) => s["Sid"]).filter((x): x is string => typeof x === "string" && x !== "");
  return new Set(sids).size === sids.length;
}

/** Action/NotAction (or Resource/NotResource) present and not an empty list. */
export const elementPresent = (s: JsonObject, a: string, notA: string): boolean =>
  (has(s, a) && strings(s[a]).length > 0) || (has(s, notA) && strings(s[notA]).length > 0);

/** AWS rebuilds the ARN with "*" for missing segments; an empty service stays empty unless nothing follows. */
function arnPartitionProblem(r: string, partition: string): string {
  const rest = r.split(":").slice(2);
  const seg = (i: number): string => rest[i] ?? "*";
  const service = rest.length === 0 || (rest.length === 1 && rest[0] === "") ? "*" : seg(0);
  const tail = rest.length > 3 ? rest.slice(3).join(":") : "*";
  return `Partition "${partition}" is not valid for resource "arn:${partition}:${service}:${seg(1)}:${seg(2)}:${tail}".`;
}

/** The first problem with one Resource entry's ARN shape, as AWS words it. */
export function resourceFormatProblem(r: string): string | undefined {
  if (r === "*") return undefined;
  const parts = r.split(":");
  if (parts.length < 2) return `Resource ${r} must be in ARN format or "*".`;
  const partition = parts[1] ?? "";
  if (!PARTITIONS.has(partition)) return arnPartitionProblem(r, partition);
  const service = parts[2];
  // An empty service is left to the legacy parser ("arn:aws::fdsasf" fails legacy parsing: AWS recording).
  if (service === undefined || /[*?]/.test(service)) return MESSAGES.vendorQualified;
  const hasRegion = (parts[3] ?? "") !== "";
  const path = parts.slice(5).join(":");
  if (service === "iam" && hasRegion) return `IAM resource ${r} cannot contain region information.`;
  if (service === "s3" && hasRegion && !S3_REGIONAL_STARTS.some((p) => path.startsWith(p))) {
    return `Resource ${r} can not contain region information.`;
  }
  if (service === "iam" && parts.length >= 6 && path !== "*" && path !== "root" && !IAM_PATH_STARTS.some((p) => path.startsWith(p))) {
    return `IAM resource path must either be "*", root, or start with ${IAM_PATH_STARTS.join(", ")}.`;
  }
  return undefined;
}

/**
 * Vendor prefix rules for Action/NotAction entries. Condition keys are not checked: AWS accepted documents with
 * the condition key "a" (AWS-recorded valid documents, document-recorded.cases.ts).
 */
export function actionPrefixProblem(action: string): string | undefined {
  const parts = action.split(":");
  if (parts.length === 1 && action !== "*") return MESSAGES.vendorPrefix;
  if (parts.length > 2) return MESSAGES.oneColon;
  const vendor = parts[0] ?? "";
  if (vendor !== "*" && /[^a-zA-Z0-9\-.]/.test(vendor)) return `Vendor ${vendor} is not valid`;
  return undefined;
}

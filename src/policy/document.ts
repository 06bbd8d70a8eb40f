// Parses and validates a policy JSON text into a typed document, or AWS's MalformedPolicyDocument texts (iam.md §2).
import {
  MESSAGES,
  actionPrefixProblem,
  elementPresent,
  isObject,
  kindProblems,
  legacyOk,
  resourceFormatProblem,
  sidsUnique,
  statementsOf,
  strings,
  syntaxOk,
} from "./document-checks.js";
import type { JsonObject } from "./document-checks.js";
import type { ConditionClause, PolicyDocument, PolicyKind, PolicyStatement, PrincipalSet } from "./types.js";

export interface ParseOptions {
  /** IAM managed policies (CreatePolicy) refuse documents without `"Version": "2012-10-17"`. */
  readonly requireCurrentVersion?: boolean;
}

export type ValidationResult = { readonly document: PolicyDocument } | { readonly problems: readonly string[] };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Problems after the syntax phase, in AWS's order; the first one is what AWS answers. */
function semanticProblems(root: JsonObject, statements: readonly JsonObject[], kind: PolicyKind, o: ParseOptions): string[] {
  const out = kindProblems(statements, kind);
  if (o.requireCurrentVersion === true && root["Version"] !== "2012-10-17") out.push(MESSAGES.version);
  if (!legacyOk(statements)) out.push(MESSAGES.legacy);
  if (!sidsUnique(statements)) out.push(MESSAGES.sidUnique);
  // Key and resource policies may omit Action/Resource: such statements are accepted but ineffective (kms.md §7).
  if (kind !== "resource" && !statements.every((s) => elementPresent(s, "Action", "NotAction"))) out.push(MESSAGES.actions);
  if (kind === "identity" && !statements.every((s) => elementPresent(s, "Resource", "NotResource"))) {
    out.push(MESSAGES.resources);
  }
  const resources = statements.flatMap((s) => [...strings(s["Resource"]), ...strings(s["NotResource"])]);
  const resourceProblem = resources.map(resourceFormatProblem).find((p) => p !== undefined);
  if (resourceProblem !== undefined) out.push(resourceProblem);
  for (const s of statements) {
    for (const a of [...strings(s["Action"]), ...strings(s["NotAction"])]) out.push(actionPrefixProblem(a) ?? "");
  }
  return [...new Set(out.filter((p) => p !== ""))];
}

const ACCOUNT_ID = /^\d{12}$/;

function principalSet(p: unknown): PrincipalSet {
  const pick = (k: string): string[] => (isObject(p) ? strings(p[k]) : []);
  return {
    wildcard: p === "*",
    aws: pick("AWS").map((e) => (ACCOUNT_ID.test(e) ? `arn:aws:iam::${e}:root` : e)),
    service: pick("Service"),
    federated: pick("Federated"),
    canonicalUser: pick("CanonicalUser"),
  };
}

function conditionClauses(c: unknown): ConditionClause[] {
  if (!isObject(c)) return [];
  return Object.entries(c).flatMap(([operator, block]) =>
    Object.entries(isObject(block) ? block : {}).map(([key, v]) => ({
      operator,
      key,
      values: (Array.isArray(v) ? v : [v]).map((x) => String(x)),
    })),
  );
}

function toStatement(s: JsonObject): PolicyStatement {
  const list = (k: string): string[] | undefined => (k in s ? strings(s[k]) : undefined);
  const [action, notAction, resource, notResource] = ["Action", "NotAction", "Resource", "NotResource"].map(list);
  const sid = s["Sid"];
  return {
    effect: s["Effect"] === "Deny" ? "Deny" : "Allow",
    ...(typeof sid === "string" ? { sid } : {}),
    ...("Principal" in s ? { principal: principalSet(s["Principal"]) } : {}),
    ...("NotPrincipal" in s ? { notPrincipal: principalSet(s["NotPrincipal"]) } : {}),
    ...(action && { action }),
    ...(notAction && { notAction }),
    ...(resource && { resource }),
    ...(notResource && { notResource }),
    conditions: conditionClauses(s["Condition"]),
  };
}

/** Validates and parses; on failure lists every problem found, most significant (AWS's answer) first. */
export function validatePolicyDocument(text: string, kind: PolicyKind, options: ParseOptions = {}): ValidationResult {
  const root = parseJson(text);
  if (!syntaxOk(root)) return { problems: [MESSAGES.syntax] };
  const statements = statementsOf(root).filter(isObject);
  const problems = semanticProblems(root, statements, kind, options);
  if (problems.length > 0) return { problems };
  const id = root["Id"];
  const document: PolicyDocument = {
    version: root["Version"] === "2012-10-17" ? "2012-10-17" : "2008-10-17",
    ...(typeof id === "string" ? { id } : {}),
    kind,
    statements: statements.map(toStatement),
  };
  return { document };
}

/** The API form: the document, or the single MalformedPolicyDocument message AWS would return. */
export function parsePolicyDocument(
  text: string,
  kind: PolicyKind,
  options: ParseOptions = {},
): { document: PolicyDocument } | { error: string } {
  const r = validatePolicyDocument(text, kind, options);
  return "document" in r ? { document: r.document } : { error: r.problems[0] ?? MESSAGES.syntax };
}

/** Principal ARNs a document names (AWS entries, normalised) — KMS checks that they exist (kms.md §7). */
export const documentPrincipals = (doc: PolicyDocument): string[] => [
  ...new Set(doc.statements.flatMap((s) => [...(s.principal?.aws ?? []), ...(s.notPrincipal?.aws ?? [])])),
];

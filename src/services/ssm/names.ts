// Parameter Store name, path, label and ARN rules (ssm.md §2, §6.4, §6.8). Pure: no I/O, no clock.

export const MAX_DEPTH = 15;
/** The full ARN of a parameter may not exceed this (ssm.md §2 step 7, §12). */
export const MAX_ARN_LENGTH = 1011;
export const REFERENCE_PREFIX = "/aws/reference/secretsmanager/";

/** AWS's catch-all name message (observed for invalid characters and `/ssm…` paths). */
export const GENERIC_NAME_MESSAGE =
  `Parameter name: can't be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_`;
export const RESERVED_ROOT_MESSAGE = `Parameter name: can't be prefixed with "aws" or "ssm" (case-insensitive).`;
/** GetParametersByPath / Path filter text; plain quotes around aws/ssm as moto asserts (ssm.md §13). */
export const PATH_MESSAGE =
  `The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash "/". It can't be prefixed with "aws" or "ssm" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.`;

const NAME_CHARS = /^[a-zA-Z0-9_.\-/]+$/;
const LABEL_CHARS = /^[a-zA-Z0-9_.-]+$/;

export interface Scope {
  readonly accountId: string;
  readonly region: string;
}

/** A parameter as storage knows it: `key` always starts with "/" so `/x` and `x` are one parameter. */
export interface ParameterName {
  /** Canonical identity: `/x` for root names (either spelling), the path itself otherwise. */
  readonly key: string;
  /** The name as the caller spelled it (after trimming spaces). */
  readonly name: string;
}

export type NameProblem =
  | { readonly kind: "invalid" }
  | { readonly kind: "reserved-root" }
  | { readonly kind: "reserved-aws"; readonly name: string }
  | { readonly kind: "too-deep" }
  | { readonly kind: "too-long"; readonly name: string };

export type Checked<T, P> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: P };

/** `/x` for `x` and `/x`; `/a/b` for `/a/b`; null for `a/b` (a path must be fully qualified). */
export function keyOf(name: string): string | null {
  if (name.startsWith("/")) return name;
  return name.includes("/") ? null : `/${name}`;
}

export const arnPrefix = (scope: Scope): string => `arn:aws:ssm:${scope.region}:${scope.accountId}:parameter`;
/** `arn:aws:ssm:<r>:<a>:parameter/<name without its leading slash>` — never a double slash. */
export const parameterArn = (scope: Scope, key: string): string => `${arnPrefix(scope)}${key}`;

/** Parent path of a key, the by-path index column: `/` for root names, `/a/b` for `/a/b/c`. */
export function parentOf(key: string): string {
  const i = key.lastIndexOf("/");
  return i <= 0 ? "/" : key.slice(0, i);
}

export const depthOf = (key: string): number => key.split("/").length - 1;

/**
 * Leading and trailing spaces removed: the model documentation of every parameter operation says "the service removes
 * any spaces specified for the beginning or end of a parameter name"; inner spaces stay (and fail the name rules).
 */
export const trimName = (raw: string): string => raw.replace(/^ +| +$/g, "");

/** PutParameter's name rules, in AWS's order (ssm.md §2 steps 2–7). */
export function checkPutName(raw: string, scope: Scope): Checked<ParameterName, NameProblem> {
  const name = trimName(raw);
  const bad = (problem: NameProblem): Checked<ParameterName, NameProblem> => ({ ok: false, problem });
  if (!NAME_CHARS.test(name)) return bad({ kind: "invalid" });
  const reserved = reservedProblem(name);
  if (reserved) return bad(reserved);
  const key = keyOf(name);
  if (key === null || key === "/" || key.includes("//") || key.endsWith("/")) return bad({ kind: "invalid" });
  if (depthOf(key) > MAX_DEPTH) return bad({ kind: "too-deep" });
  if (parameterArn(scope, key).length > MAX_ARN_LENGTH) return bad({ kind: "too-long", name });
  return { ok: true, value: { key, name } };
}

/** Reserved `aws`/`ssm` prefixes, tested on the name without one leading slash (moto's rules, ssm.md §2 step 4). */
function reservedProblem(name: string): NameProblem | null {
  const lower = name.toLowerCase().replace(/^\//, "");
  if (!lower.startsWith("aws") && !lower.startsWith("ssm")) return null;
  const isPath = name.split("/").length - 1 > 1;
  if (!isPath) return { kind: "reserved-root" };
  return lower.startsWith("aws") && name.startsWith("/") ? { kind: "reserved-aws", name } : { kind: "invalid" };
}

/** How a read operation's `Name` resolves (GetParameter, GetParameters, GetParameterHistory). */
export type ReadRef =
  /** `display`: the name or ARN as asked for, without the selector (error texts; for names also the answer's Name). */
  | { readonly kind: "parameter"; readonly key: string; readonly display: string; readonly selector?: string }
  | { readonly kind: "reference"; readonly path: string; readonly secretId: string; readonly selector?: string }
  /** Characters no parameter name can hold: ValidationException. */
  | { readonly kind: "invalid" }
  /**
   * Name characters but not a path (`a/b`, `/a//b`, `/a/`). GetParameter answers ValidationException, as for
   * PutParameter: AWS does so for `/x//b//c` and `x/b/c` (localstack's AWS-validated test_hierarchical_parameter).
   */
  | { readonly kind: "malformed" }
  /** Well-formed but can never exist (several selectors, another account's ARN): ParameterNotFound. */
  | { readonly kind: "missing" };

const ARN_FORM = /^arn:aws[a-z-]*:ssm:([^:]*):([^:]*):parameter\/(.*)$/s;

/** Parses a name or ARN, optionally followed by `:<version>` or `:<label>` when `selectors` is true. */
export function parseReadRef(given: string, scope: Scope, selectors = true): ReadRef {
  const raw = trimName(given);
  if (raw.startsWith(REFERENCE_PREFIX)) return parseReference(raw);
  let rest = raw;
  if (raw.startsWith("arn:")) {
    const m = ARN_FORM.exec(raw);
    if (!m || m[1] !== scope.region || m[2] !== scope.accountId) return { kind: "missing" };
    rest = `/${m[3] ?? ""}`;
  }
  const colon = rest.indexOf(":");
  const namePart = colon < 0 ? rest : rest.slice(0, colon);
  if (!NAME_CHARS.test(namePart)) return { kind: "invalid" };
  if (colon >= 0 && (!selectors || rest.indexOf(":", colon + 1) >= 0)) return { kind: "missing" };
  const isArn = raw.startsWith("arn:");
  const key = isArn ? arnKey(namePart) : keyOf(namePart);
  if (key === null || key.includes("//") || key.endsWith("/")) return { kind: isArn ? "missing" : "malformed" };
  const display = colon < 0 ? raw : raw.slice(0, raw.length - (rest.length - colon));
  return colon < 0 ? { kind: "parameter", key, display } : { kind: "parameter", key, display, selector: rest.slice(colon + 1) };
}

/** `parameter/a/b` names `/a/b`; `parameter/x` names root `x` (same key `/x`). */
const arnKey = (slashed: string): string | null => (slashed === "/" ? null : slashed);

/**
 * `/aws/reference/secretsmanager/<secret-id>[:<version-id or label>]` (ssm.md §11). A secret ARN carries six colons
 * of its own, so the selector is whatever follows them.
 */
function parseReference(raw: string): ReadRef {
  const id = raw.slice(REFERENCE_PREFIX.length);
  const skip = id.startsWith("arn:") ? 6 : 0;
  let at = -1;
  for (let i = 0, seen = 0; i < id.length; i++) {
    if (id[i] === ":" && ++seen > skip) {
      at = i;
      break;
    }
  }
  const secretId = at < 0 ? id : id.slice(0, at);
  if (secretId === "") return { kind: "missing" };
  const path = REFERENCE_PREFIX + secretId;
  return at < 0 ? { kind: "reference", path, secretId } : { kind: "reference", path, secretId, selector: id.slice(at + 1) };
}

/** Names that DeleteParameter, Label/UnlabelParameterVersion accept: plain names, no ARN, no selector. */
export function parsePlainName(given: string): Checked<string, "invalid" | "missing"> {
  const raw = trimName(given);
  if (!NAME_CHARS.test(raw)) return { ok: false, problem: "invalid" };
  const key = keyOf(raw);
  if (key === null || key === "/" || key.includes("//") || key.endsWith("/")) return { ok: false, problem: "missing" };
  return { ok: true, value: key };
}

/**
 * GetParametersByPath `Path` and Path filter values: leading `/`, name characters, no empty segment, a trailing `/`
 * ignored. Returns the normalised path (`/` or `/a/b`) or null. `/aws/...` stays readable (AWS's public parameters
 * live there); other `aws…`/`ssm…` first segments are refused as the message says.
 */
export function normalizePath(given: string): string | null {
  const raw = trimName(given);
  if (!raw.startsWith("/") || !NAME_CHARS.test(raw)) return null;
  const path = raw.length > 1 && raw.endsWith("/") ? raw.slice(0, -1) : raw;
  if (path.includes("//")) return null;
  const first = (path.split("/")[1] ?? "").toLowerCase();
  if (first.startsWith("ssm") || (first.startsWith("aws") && first !== "aws")) return null;
  return path;
}

/** Label rules that put a label in InvalidLabels rather than failing the call (ssm.md §6.8). */
export function isValidLabel(label: string): boolean {
  if (!LABEL_CHARS.test(label) || /^[0-9]/.test(label)) return false;
  const lower = label.toLowerCase();
  return !lower.startsWith("aws") && !lower.startsWith("ssm");
}

// Parameter policies (ssm.md §5): parse and validate the `Policies` JSON, and the times they act at. Pure.
import type { ServiceError } from "../../protocol/errors.js";
import { incompatiblePolicy, policiesLimitExceeded, policyAttribute, policyType } from "./errors.js";

export type PolicyType = "Expiration" | "ExpirationNotification" | "NoChangeNotification";
export type PolicyStatus = "Pending" | "Finished" | "Failed" | "InProgress";

/** One policy as stored and read back (`PolicyText` is the policy's own JSON). */
export interface StoredPolicy {
  readonly text: string;
  readonly type: PolicyType;
  readonly status: PolicyStatus;
}

export const MAX_POLICIES = 10;
const HOUR_MS = 3_600_000;
const UNIT_MS: Readonly<Record<string, number>> = { Hours: HOUR_MS, Days: 24 * HOUR_MS };
const ATTRIBUTES: Readonly<Record<PolicyType, readonly string[]>> = {
  Expiration: ["Timestamp"],
  ExpirationNotification: ["Before", "Unit"],
  NoChangeNotification: ["After", "Unit"],
};
// ISO_INSTANT (`2018-12-02T21:34:33.000Z`) or ISO_OFFSET_DATE_TIME (`2019-11-01T22:13:48.87+10:30`).
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

type Result = { readonly ok: true; readonly policies: StoredPolicy[] } | { readonly ok: false; readonly error: ServiceError };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Parses `Policies`. `[]` and `[{}]` mean "no policies" (the docs' way to remove them). Checks, in order: JSON array,
 * at most 10, known types, attributes, then combinations (one policy of each type; notifications of expiry need an
 * Expiration). An Expiration in the past is refused: it could never run.
 */
export function parsePolicies(text: string, nowMs: number): Result {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, error: policyType() };
  }
  if (!Array.isArray(parsed)) return { ok: false, error: policyType() };
  const items = parsed.filter((p) => !(isObject(p) && Object.keys(p).length === 0));
  if (items.length > MAX_POLICIES) return { ok: false, error: policiesLimitExceeded() };
  const out: StoredPolicy[] = [];
  for (const item of items) {
    const type = isObject(item) ? item["Type"] : undefined;
    if (!isObject(item) || (type !== "Expiration" && type !== "ExpirationNotification" && type !== "NoChangeNotification")) {
      return { ok: false, error: policyType() };
    }
    if (!validAttributes(type, item, nowMs)) return { ok: false, error: policyAttribute() };
    out.push({ text: JSON.stringify(item), type, status: "Pending" });
  }
  const count = (t: PolicyType): number => out.filter((p) => p.type === t).length;
  const duplicated = (["Expiration", "ExpirationNotification", "NoChangeNotification"] as const).some((t) => count(t) > 1);
  if (duplicated || (count("ExpirationNotification") > 0 && count("Expiration") === 0)) {
    return { ok: false, error: incompatiblePolicy() };
  }
  return { ok: true, policies: out };
}

function validAttributes(type: PolicyType, policy: Record<string, unknown>, nowMs: number): boolean {
  const allowedKeys = new Set(["Type", "Version", "Attributes"]);
  if (Object.keys(policy).some((k) => !allowedKeys.has(k)) || policy["Version"] !== "1.0") return false;
  const attrs = policy["Attributes"];
  if (!isObject(attrs)) return false;
  const names = Object.keys(attrs);
  if (names.length !== ATTRIBUTES[type].length || !ATTRIBUTES[type].every((n) => names.includes(n))) return false;
  if (type === "Expiration") {
    const at = parseTimestamp(attrs["Timestamp"]);
    return at !== null && at > nowMs;
  }
  return amountOf(attrs[type === "ExpirationNotification" ? "Before" : "After"]) !== null && typeof attrs["Unit"] === "string" && attrs["Unit"] in UNIT_MS;
}

/** Epoch ms of an ISO_INSTANT / ISO_OFFSET_DATE_TIME string, or null. */
export function parseTimestamp(v: unknown): number | null {
  if (typeof v !== "string") return null;
  const m = TIMESTAMP.exec(v);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}${m[2] !== undefined ? `.${m[2].slice(0, 3).padEnd(3, "0")}` : ""}${m[3]}`);
  return Number.isNaN(ms) ? null : ms;
}

/** `"15"` or 15: a whole number of units, at least 1. */
function amountOf(v: unknown): number | null {
  const n = typeof v === "string" && /^[0-9]{1,6}$/.test(v) ? Number(v) : typeof v === "number" ? v : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 999_999 ? n : null;
}

const attributesOf = (p: StoredPolicy): Record<string, unknown> => {
  const parsed: unknown = JSON.parse(p.text);
  const attrs = isObject(parsed) ? parsed["Attributes"] : undefined;
  return isObject(attrs) ? attrs : {};
};

/** When the Expiration policy deletes the parameter, or null. */
export function expirationMs(policies: readonly StoredPolicy[]): number | null {
  const p = policies.find((x) => x.type === "Expiration");
  return p ? parseTimestamp(attributesOf(p)["Timestamp"]) : null;
}

/** When a pending notification policy is due (ExpirationNotification: before expiry; NoChange: after the last change). */
export function notificationDueMs(p: StoredPolicy, policies: readonly StoredPolicy[], lastModifiedMs: number): number | null {
  if (p.status !== "Pending" || p.type === "Expiration") return null;
  const attrs = attributesOf(p);
  const amount = amountOf(attrs[p.type === "ExpirationNotification" ? "Before" : "After"]);
  const unit = typeof attrs["Unit"] === "string" ? UNIT_MS[attrs["Unit"]] : undefined;
  if (amount === null || unit === undefined) return null;
  if (p.type === "NoChangeNotification") return lastModifiedMs + amount * unit;
  const expires = expirationMs(policies);
  return expires === null ? null : expires - amount * unit;
}

/** The earliest pending notification time, or null: what the policy job indexes on. */
export function nextNotificationMs(policies: readonly StoredPolicy[], lastModifiedMs: number): number | null {
  let next: number | null = null;
  for (const p of policies) {
    const due = notificationDueMs(p, policies, lastModifiedMs);
    if (due !== null && (next === null || due < next)) next = due;
  }
  return next;
}

/** A new version restarts NoChangeNotification's clock (ssm.md §5). */
export const restartNoChange = (policies: readonly StoredPolicy[]): StoredPolicy[] =>
  policies.map((p) => (p.type === "NoChangeNotification" ? { ...p, status: "Pending" } : p));

/** Stored JSON (a list of {text,type,status}) back to policies; tolerant of nothing but our own writes. */
export function decodeStored(json: string | null): StoredPolicy[] {
  if (json === null || json === "") return [];
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? (parsed as StoredPolicy[]) : []; // written only by encodeStored below
}

export const encodeStored = (policies: readonly StoredPolicy[]): string | null => (policies.length === 0 ? null : JSON.stringify(policies));

/** DescribeParameters / GetParameterHistory `Policies` member. */
export const policiesOutput = (policies: readonly StoredPolicy[]): Array<Record<string, string>> =>
  policies.map((p) => ({ PolicyText: p.text, PolicyType: p.type, PolicyStatus: p.status }));

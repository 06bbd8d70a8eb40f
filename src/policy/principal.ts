// Principal / NotPrincipal matching for resource, key and trust policies (iam.md §1, §5 step 3).
import type { PrincipalSet } from "./types.js";

export type PrincipalKind = "root" | "user" | "session" | "other";

/** The caller, as principal elements see it. */
export interface PrincipalInfo {
  readonly arn: string;
  readonly account: string;
  readonly kind: PrincipalKind;
  /** Role sessions: the role's name (session ARNs carry no role path, iam.md §1). */
  readonly roleName?: string;
  /** `aws:userid`: AIDA… for users, AROA…:<session> for sessions. */
  readonly userId?: string;
}

/**
 * How a statement's principal element names the caller:
 * exact   — the caller itself (user ARN, session ARN, unique ID; the root via its account);
 * role    — the role ARN of the caller's session (session policies still narrow it);
 * any     — "*" or an Allow with NotPrincipal;
 * account — the caller's account: delegates to the account's IAM policies (iam.md §5, §7).
 */
export type PrincipalMatch = "exact" | "role" | "any" | "account";
export type PrincipalTest = (p: PrincipalInfo) => PrincipalMatch | undefined;

const ROOT = /^arn:[^:]+:iam::(\d{12}):root$/;
const USER = /^arn:[^:]+:iam::(\d{12}):user\//;
const ROLE = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
const SESSION = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;
const RANK: Readonly<Record<PrincipalMatch, number>> = { exact: 4, role: 3, any: 2, account: 1 };

export function describePrincipal(arn: string, account: string, userId?: string): PrincipalInfo {
  // Filled in place rather than spread: this runs for every evaluation.
  const info: { arn: string; account: string; kind: PrincipalKind; userId?: string; roleName?: string } = { arn, account, kind: "other" };
  if (userId !== undefined) info.userId = userId;
  if (ROOT.test(arn)) info.kind = "root";
  else if (USER.test(arn)) info.kind = "user";
  else {
    const session = SESSION.exec(arn);
    if (session?.[2] !== undefined) {
      info.kind = "session";
      info.roleName = session[2];
    }
  }
  return info;
}

const rootOf = (entry: string): string | undefined => ROOT.exec(entry)?.[1];

function namesRoleOf(entry: string, p: PrincipalInfo): boolean {
  const m = ROLE.exec(entry);
  return p.kind === "session" && m?.[1] === p.account && m[2] === p.roleName;
}

/** How one `AWS` entry names the caller (entries are already normalised: account IDs → root ARNs). */
function matchEntry(entry: string, p: PrincipalInfo): PrincipalMatch | undefined {
  if (entry === "*") return "any";
  if (rootOf(entry) === p.account) return p.kind === "root" ? "exact" : "account";
  if (entry === p.arn) return "exact";
  if (namesRoleOf(entry, p)) return "role";
  if (p.userId !== undefined && !entry.includes(":")) {
    if (entry === p.userId) return "exact";
    if (p.kind === "session" && p.userId.startsWith(`${entry}:`)) return "role";
  }
  return undefined;
}

/** Principal element: the strongest way any entry names the caller. Service/Federated never match users. */
export function compilePrincipal(set: PrincipalSet): PrincipalTest {
  if (set.wildcard) return () => "any";
  const entries = set.aws;
  return (p) => {
    let best: PrincipalMatch | undefined;
    for (const e of entries) {
      const m = matchEntry(e, p);
      if (m !== undefined && (best === undefined || RANK[m] > RANK[best])) best = m;
    }
    return best;
  };
}

/**
 * NotPrincipal: the statement applies unless the caller's whole chain is listed — its account, its role
 * (sessions) and itself — as the IAM user guide advises writing it; a partial list still covers the caller.
 */
export function compileNotPrincipal(set: PrincipalSet): (p: PrincipalInfo) => boolean {
  if (set.wildcard || set.aws.includes("*")) return () => false;
  const entries = set.aws;
  return (p) => {
    const accountListed = entries.some((e) => rootOf(e) === p.account);
    if (p.kind === "root") return !accountListed;
    const selfListed = entries.some((e) => e === p.arn || (p.userId !== undefined && e === p.userId));
    const roleListed = p.kind !== "session" || entries.some((e) => namesRoleOf(e, p));
    return !(accountListed && selfListed && roleListed);
  };
}

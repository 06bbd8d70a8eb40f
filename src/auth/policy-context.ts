// The request-context keys every authorisation sees (iam.md §4.1): caller, time, network, plus the service's own.
import type { ContextValue } from "../policy/index.js";
import type { AuthzRequest } from "./authorizer.js";

const PRINCIPAL_TYPE = { Root: "Account", IAMUser: "User", AssumedRole: "AssumedRole" } as const;

/** ISO-8601 without milliseconds, as AWS writes aws:CurrentTime; one-entry memo (a request checks several times). */
let lastIso = { ms: NaN, text: "" };
function isoSeconds(d: Date): string {
  const ms = Math.floor(d.getTime() / 1000) * 1000;
  if (ms !== lastIso.ms) lastIso = { ms, text: new Date(ms).toISOString().replace(".000Z", "Z") };
  return lastIso.text;
}

/** IPv4 clients arrive as IPv4-mapped IPv6 on a dual-stack listener; policies name them as IPv4. */
const plainIp = (ip: string): string => (ip.startsWith("::ffff:") && ip.includes(".") ? ip.slice(7) : ip);

export function requestContextKeys(req: AuthzRequest, principalTags: Readonly<Record<string, string>>): Record<string, ContextValue> {
  const p = req.principal;
  const ctx: Record<string, ContextValue> = {
    "aws:CurrentTime": isoSeconds(req.now),
    "aws:EpochTime": String(Math.floor(req.now.getTime() / 1000)),
    "aws:SourceIp": plainIp(req.request.sourceIp),
    "aws:SecureTransport": req.request.isTls,
    "aws:RequestedRegion": req.region,
    "aws:UserAgent": req.request.userAgent,
    "aws:PrincipalAccount": p.accountId,
    "aws:PrincipalType": PRINCIPAL_TYPE[p.type],
    "aws:userid": p.principalId,
    // Role sessions: the role's ARN with its path (IAM user guide, aws:PrincipalArn).
    "aws:PrincipalArn": p.type === "AssumedRole" && p.session ? p.session.roleArn : p.arn,
    "aws:ViaAWSService": false,
  };
  if (p.type === "IAMUser" && p.userName !== undefined) ctx["aws:username"] = p.userName;
  if (p.isTemporary) {
    // AWS puts these only in requests signed with temporary credentials (iam.md §4.1).
    ctx["aws:MultiFactorAuthPresent"] = false;
    if (p.session) ctx["aws:TokenIssueTime"] = isoSeconds(p.session.issuedAt);
  }
  // for-in rather than Object.entries: no pair arrays on the per-authorisation path.
  for (const k in principalTags) ctx[`aws:PrincipalTag/${k}`] = principalTags[k] as string;
  if (req.action.toLowerCase().startsWith("kms:")) ctx["kms:CallerAccount"] = p.accountId;
  const extra = req.options?.context;
  if (extra !== undefined) {
    for (const k in extra) {
      const v = extra[k];
      if (v !== undefined) ctx[k] = v;
    }
  }
  return ctx;
}

/** The resource the AccessDenied text names: SSM and KMS print `arn:aws:<svc>:<region>:<account>:*` for `*` (iam.md §8). */
export function messageResource(req: AuthzRequest): string {
  if (req.resource !== "*") return req.resource;
  const service = req.action.slice(0, Math.max(0, req.action.indexOf(":"))).toLowerCase();
  return service === "ssm" || service === "kms" ? `arn:aws:${service}:${req.region}:${req.accountId}:*` : "*";
}

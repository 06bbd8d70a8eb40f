// PURE: the LookupEvents attributes of a record (cloudtrail.md §5), derived from the record itself so
// `audit verify` can recompute them and catch an index column edited to hide an event.
import type { CloudTrailRecord, Json, JsonObject } from "./event.js";

export interface LookupResource {
  readonly type: string;
  /** The name LookupEvents shows (parameter name, user name, or the ARN). */
  readonly name: string;
  /** Other strings a ResourceName lookup also matches (the ARN when the name is not the ARN). */
  readonly aliases: readonly string[];
}

export interface LookupFields {
  readonly eventId: string;
  readonly eventName: string;
  readonly eventSource: string;
  readonly eventTimeSeconds: number;
  readonly readOnly: boolean;
  readonly username: string | null;
  readonly accessKeyId: string | null;
  readonly resources: readonly LookupResource[];
}

const str = (v: Json | undefined): string | null => (typeof v === "string" ? v : null);
const obj = (v: Json | undefined): JsonObject | null => (v !== null && typeof v === "object" && !Array.isArray(v) ? v : null);

/** Username as LookupEvents shows it: IAM user name, `root`, or the role session name (cloudtrail.md §5). */
export function lookupUsername(identity: JsonObject | null): string | null {
  if (!identity) return null;
  switch (identity.type) {
    case "IAMUser":
      return str(identity.userName);
    case "Root":
      return "root";
    case "AssumedRole": {
      const arn = str(identity.arn);
      return arn === null ? null : arn.slice(arn.lastIndexOf("/") + 1);
    }
    default:
      return null;
  }
}

/** ResourceName for a resource ARN: SSM parameters and IAM entities by name, everything else by ARN. */
export function resourceName(type: string, arn: string): LookupResource {
  if (type === "AWS::SSM::Parameter") {
    const i = arn.indexOf(":parameter/");
    if (i >= 0) {
      const rest = arn.slice(i + ":parameter/".length);
      // ARNs drop the name's leading slash (ssm.md §2): `/a/b` → parameter/a/b, root `x` ≡ `/x`.
      const name = rest.includes("/") ? `/${rest}` : rest;
      const alt = rest.includes("/") ? [] : [`/${rest}`];
      return { type, name, aliases: [arn, ...alt] };
    }
  }
  if (type.startsWith("AWS::IAM::") && arn.startsWith("arn:") && arn.includes(":iam::")) {
    const name = arn.slice(arn.lastIndexOf("/") + 1);
    if (name !== "" && !type.endsWith("::Policy")) return { type, name, aliases: [arn] };
  }
  return { type, name: arn, aliases: [] };
}

// IAM records carry no `resources` element, yet LookupEvents lists (and finds by ResourceName) the IAM entities
// named in the request — the CloudTrail guide looks up ResourceName=CloudTrail_CloudWatchLogs_Role; cloudtrail.md §5
// lists AWS::IAM::User + user name. Request member → resource type, in the order they are listed.
const IAM_REQUEST_RESOURCES: ReadonlyArray<readonly [string, string]> = [
  ["userName", "AWS::IAM::User"], ["groupName", "AWS::IAM::Group"], ["roleName", "AWS::IAM::Role"],
  ["policyArn", "AWS::IAM::Policy"], ["accessKeyId", "AWS::IAM::AccessKey"],
];

/** The lookup resources of a record without a `resources` element, from what its request named (IAM, STS AssumeRole). */
function requestResources(rec: CloudTrailRecord): LookupResource[] {
  const params = obj(rec.requestParameters);
  const out: LookupResource[] = [];
  if (rec.eventSource === "iam.amazonaws.com") {
    for (const [member, type] of IAM_REQUEST_RESOURCES) {
      const v = str(params?.[member]);
      if (v) out.push(member === "policyArn" ? resourceName(type, v) : { type, name: v, aliases: [] });
    }
    // CreateAccessKey names the new key only in its response (never the secret: redact.ts).
    const created = str(obj(obj(rec.responseElements)?.accessKey)?.accessKeyId);
    if (created && !out.some((r) => r.name === created)) out.push({ type: "AWS::IAM::AccessKey", name: created, aliases: [] });
  } else if (rec.eventSource === "sts.amazonaws.com") {
    // AWS's AssumeRole records list the role as a resource (CloudTrail record contents, `resources`).
    const roleArn = str(params?.roleArn);
    if (roleArn) out.push(resourceName("AWS::IAM::Role", roleArn));
  }
  return out;
}

export function lookupFields(rec: CloudTrailRecord): LookupFields {
  const identity = obj(rec.userIdentity);
  const resources: LookupResource[] = [];
  const list = rec.resources;
  if (Array.isArray(list)) {
    for (const r of list) {
      const o = obj(r);
      const arn = str(o?.ARN);
      if (o && arn !== null) resources.push(resourceName(str(o.type) ?? "", arn));
    }
  }
  if (resources.length === 0) resources.push(...requestResources(rec));
  const time = str(rec.eventTime);
  return {
    eventId: str(rec.eventID) ?? "",
    eventName: str(rec.eventName) ?? "",
    eventSource: str(rec.eventSource) ?? "",
    eventTimeSeconds: time === null ? 0 : Math.floor(Date.parse(time) / 1000),
    readOnly: rec.readOnly === true,
    username: lookupUsername(identity),
    accessKeyId: str(identity?.accessKeyId) || null,
    resources,
  };
}

// Resources inline in the event row: US type RS name US type RS name … US. Control characters never
// occur in types, names or ARNs, so a ResourceType / ResourceName match is one substring test.
const US = "\u001f";
const RS = "\u001e";

export function encodeResourceKeys(resources: readonly LookupResource[]): string {
  if (resources.length === 0) return "";
  const parts: string[] = [];
  for (const r of resources) for (const n of [r.name, ...r.aliases]) parts.push(`${r.type}${RS}${n}`);
  return `${US}${[...new Set(parts)].join(US)}${US}`;
}

/** The exact substring a ResourceType / ResourceName value must occur as; null when it cannot occur. */
export function resourceNeedle(key: "ResourceType" | "ResourceName", value: string): string | null {
  if (value.includes(US) || value.includes(RS)) return null;
  return key === "ResourceType" ? `${US}${value}${RS}` : `${RS}${value}${US}`;
}

/** SQL LIKE pattern containing the needle (`\` escapes). */
export const likeContaining = (needle: string): string => `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

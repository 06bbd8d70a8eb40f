// Stage 5: the IAM action and resource each SSM operation names (iam.md §6.1). Checks the KMS key or a secret needs
// happen later, inside the operation, once the key is known.
import type { AuthzCheck, Input, Scope as ServiceScope } from "../types.js";
import { keyOf, parameterArn, parseReadRef, type Scope } from "./names.js";
import { settingPath } from "./settings.js";

const str = (input: Input, member: string): string => {
  const v = input[member];
  return typeof v === "string" ? v : "";
};
const list = (input: Input, member: string): string[] => {
  const v = input[member];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
};

/** Best-effort parameter ARN for a name, ARN or `name:selector` — even a malformed name is checked before it is validated. */
export function resourceArn(raw: string, scope: Scope): string {
  const ref = parseReadRef(raw, scope);
  if (ref.kind === "parameter") return parameterArn(scope, ref.key);
  if (ref.kind === "reference") return parameterArn(scope, ref.path);
  if (raw.startsWith("arn:")) return raw;
  const name = raw.trim();
  return parameterArn(scope, keyOf(name) ?? `/${name}`);
}

/** Resource ARN of an SSM taggable resource (only parameters exist in paramstore). */
function taggedArn(type: string, id: string, scope: Scope): string {
  if (type === "Parameter") return resourceArn(id, scope);
  const kind: Record<string, string> = { Document: "document", ManagedInstance: "managed-instance", MaintenanceWindow: "maintenancewindow", PatchBaseline: "patchbaseline", OpsItem: "opsitem", OpsMetadata: "opsmetadata", Automation: "automation-execution", Association: "association" };
  return `arn:aws:ssm:${scope.region}:${scope.accountId}:${kind[type] ?? type.toLowerCase()}/${id}`;
}

/** aws:RequestTag/<k> and aws:TagKeys for calls that attach tags. */
function tagContext(input: Input): Record<string, string | string[]> {
  const tags = Array.isArray(input["Tags"]) ? input["Tags"] : [];
  const ctx: Record<string, string | string[]> = {};
  const keys: string[] = [];
  for (const t of tags) {
    if (typeof t !== "object" || t === null) continue;
    const { Key, Value } = t as { Key?: unknown; Value?: unknown }; // Tag structures as decoded from the model
    if (typeof Key !== "string") continue;
    keys.push(Key);
    ctx[`aws:RequestTag/${Key}`] = typeof Value === "string" ? Value : "";
  }
  ctx["aws:TagKeys"] = keys;
  return ctx;
}

function putChecks(input: Input, scope: Scope): AuthzCheck[] {
  const resource = resourceArn(str(input, "Name"), scope);
  const context: Record<string, string | undefined> = { "ssm:Overwrite": input["Overwrite"] === true ? "true" : "false" };
  if (typeof input["Policies"] === "string") context["ssm:Policies"] = input["Policies"];
  const checks: AuthzCheck[] = [{ action: "ssm:PutParameter", resource, options: { context } }];
  const tagged = Array.isArray(input["Tags"]) && input["Tags"].length > 0;
  if (tagged) checks.push({ action: "ssm:AddTagsToResource", resource, options: { context: tagContext(input) } });
  return checks;
}

export function authorization(operation: string, input: Input, s: ServiceScope): AuthzCheck[] {
  const scope: Scope = { accountId: s.accountId, region: s.region };
  const one = (action: string, resource: string): AuthzCheck[] => [{ action: `ssm:${action}`, resource }];
  switch (operation) {
    case "PutParameter":
      return putChecks(input, scope);
    case "GetParameter":
    case "GetParameterHistory":
    case "DeleteParameter":
    case "LabelParameterVersion":
    case "UnlabelParameterVersion":
      return one(operation, resourceArn(str(input, "Name"), scope));
    case "GetParameters":
    case "DeleteParameters":
      return list(input, "Names").map((n) => ({ action: `ssm:${operation}`, resource: resourceArn(n, scope) }));
    case "GetParametersByPath":
      // The path as sent, not the parameters returned (iam.md §6.1).
      return [{ action: "ssm:GetParametersByPath", resource: `arn:aws:ssm:${scope.region}:${scope.accountId}:parameter${str(input, "Path")}`, options: { context: { "ssm:Recursive": input["Recursive"] === true ? "true" : "false" } } }];
    case "DescribeParameters":
      return one(operation, "*");
    case "AddTagsToResource":
      return [{ action: "ssm:AddTagsToResource", resource: taggedArn(str(input, "ResourceType"), str(input, "ResourceId"), scope), options: { context: tagContext(input) } }];
    case "RemoveTagsFromResource":
      return [{ action: "ssm:RemoveTagsFromResource", resource: taggedArn(str(input, "ResourceType"), str(input, "ResourceId"), scope), options: { context: { "aws:TagKeys": list(input, "TagKeys") } } }];
    case "ListTagsForResource":
      return one(operation, taggedArn(str(input, "ResourceType"), str(input, "ResourceId"), scope));
    case "GetServiceSetting":
    case "UpdateServiceSetting":
    case "ResetServiceSetting": {
      const id = str(input, "SettingId");
      const path = settingPath(id, scope) ?? (id.startsWith("arn:") ? null : id);
      return one(operation, path === null ? id : `arn:aws:ssm:${scope.region}:${scope.accountId}:servicesetting${path}`);
    }
    default:
      return one(operation, "*");
  }
}

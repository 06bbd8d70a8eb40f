// Stored rows → AWS output shapes (members exactly as the model names them; absent ones omitted).
import type { Output } from "../types.js";
import { parameterArn, type Scope } from "./names.js";
import { decodeStored, policiesOutput } from "./policies.js";
import type { ParamRow, VersionRow } from "./store.js";

/** Only SecureStrings have a key ("Applies to SecureString parameters only", ParameterMetadata docs). */
const keyIdOf = (r: { readonly type: string; readonly key_id: string | null }): string | undefined =>
  r.type === "SecureString" ? r.key_id ?? undefined : undefined;

/** `Parameter` (GetParameter, GetParameters, GetParametersByPath): no Tier, no KeyId in this shape. */
export function parameterView(scope: Scope, name: string, v: Pick<VersionRow, "name_key" | "type" | "version" | "modified_ms" | "data_type">, value: string, selector?: string): Output {
  const out: Output = { Name: name, Type: v.type, Value: value, Version: v.version };
  if (selector !== undefined) out["Selector"] = `:${selector}`;
  out["LastModifiedDate"] = new Date(v.modified_ms);
  out["ARN"] = parameterArn(scope, v.name_key);
  out["DataType"] = v.data_type;
  return out;
}

/** `ParameterMetadata` (DescribeParameters): no Value, no Labels. */
export function metadataView(scope: Scope, p: ParamRow): Output {
  return {
    Name: p.name,
    ARN: parameterArn(scope, p.name_key),
    Type: p.type,
    KeyId: keyIdOf(p),
    LastModifiedDate: new Date(p.modified_ms),
    LastModifiedUser: p.modified_user,
    Description: p.description ?? undefined,
    AllowedPattern: p.allowed_pattern ?? undefined,
    Version: p.version,
    Tier: p.tier,
    Policies: policiesOutput(decodeStored(p.policies)),
    DataType: p.data_type,
  };
}

/** `ParameterHistory`: one version with the metadata in force for it. */
export function historyView(name: string, v: VersionRow, value: string, labels: readonly string[]): Output {
  return {
    Name: name,
    Type: v.type,
    KeyId: keyIdOf(v),
    LastModifiedDate: new Date(v.modified_ms),
    LastModifiedUser: v.modified_user,
    Description: v.description ?? undefined,
    Value: value,
    AllowedPattern: v.allowed_pattern ?? undefined,
    Version: v.version,
    Labels: [...labels],
    Tier: v.tier,
    Policies: policiesOutput(decodeStored(v.policies)),
    DataType: v.data_type,
  };
}

// GetServiceSetting / UpdateServiceSetting / ResetServiceSetting for Parameter Store's settings (ssm.md §12).
import type { OperationContext, WriteContext } from "../../server/context.js";
import type { Output, ReadOperation, WriteOperation } from "../types.js";
import { serviceSettingNotFound, validation } from "./errors.js";
import { reqString } from "./input.js";
import type { Scope } from "./names.js";
import * as store from "./store.js";
import type { ReadTx } from "../../storage/types.js";

export const DEFAULT_TIER_SETTING = "/ssm/parameter-store/default-parameter-tier";
const HIGH_THROUGHPUT_SETTING = "/ssm/parameter-store/high-throughput-enabled";

interface SettingSpec {
  readonly defaultValue: string;
  readonly values: readonly string[];
}

const SETTINGS: Readonly<Record<string, SettingSpec>> = {
  [DEFAULT_TIER_SETTING]: { defaultValue: "Standard", values: ["Standard", "Advanced", "Intelligent-Tiering"] },
  [HIGH_THROUGHPUT_SETTING]: { defaultValue: "false", values: ["true", "false"] },
};
/** AWS shows the service team's provisioning time for untouched settings; any fixed instant will do. */
const PROVISIONED_AT = new Date(Date.UTC(2019, 3, 17, 20, 26, 58, 578));

export const settingArn = (scope: Scope, id: string): string => `arn:aws:ssm:${scope.region}:${scope.accountId}:servicesetting${id}`;

/** `SettingId` as a path or as the setting's ARN → the path; null for settings this service does not have. */
export function settingPath(raw: string, scope: Scope): string | null {
  const prefix = `arn:aws:ssm:${scope.region}:${scope.accountId}:servicesetting`;
  const id = raw.startsWith("arn:") ? (raw.startsWith(`${prefix}/`) ? raw.slice(prefix.length) : null) : raw;
  return id !== null && id in SETTINGS ? id : null;
}

/** The account's default tier for new parameters (Standard unless changed). */
export async function defaultTier(tx: ReadTx, scope: Scope): Promise<string> {
  return (await store.getSetting(tx, scope, DEFAULT_TIER_SETTING))?.value ?? "Standard";
}

const scopeOf = (ctx: OperationContext): Scope => ({ accountId: ctx.accountId, region: ctx.region });

function requireSetting(ctx: OperationContext, raw: string): { id: string; spec: SettingSpec } {
  const id = settingPath(raw, scopeOf(ctx));
  const spec = id === null ? undefined : SETTINGS[id];
  if (id === null || spec === undefined) throw serviceSettingNotFound(raw);
  return { id, spec };
}

async function view(ctx: OperationContext, id: string, spec: SettingSpec): Promise<Output> {
  const row = await store.getSetting(ctx.tx, scopeOf(ctx), id);
  return {
    SettingId: id,
    SettingValue: row?.value ?? spec.defaultValue,
    LastModifiedDate: row ? new Date(row.modified_ms) : PROVISIONED_AT,
    LastModifiedUser: row?.modified_user ?? "System",
    ARN: settingArn(scopeOf(ctx), id),
    Status: row ? "Customized" : "Default",
  };
}

export const getServiceSetting: ReadOperation = async (ctx, input) => {
  const { id, spec } = requireSetting(ctx, reqString(input, "SettingId"));
  return { ServiceSetting: await view(ctx, id, spec) };
};

export const updateServiceSetting: WriteOperation = async (ctx: WriteContext, input) => {
  const { id, spec } = requireSetting(ctx, reqString(input, "SettingId"));
  const value = reqString(input, "SettingValue");
  if (!spec.values.includes(value)) {
    throw validation(`The value ${value} is not valid for the setting ${id}. Valid values: ${spec.values.join(", ")}.`);
  }
  await store.putSetting(ctx.tx, scopeOf(ctx), id, { value, modified_ms: ctx.now.getTime(), modified_user: ctx.principal.arn });
  return {};
};

export const resetServiceSetting: WriteOperation = async (ctx: WriteContext, input) => {
  const { id, spec } = requireSetting(ctx, reqString(input, "SettingId"));
  await store.deleteSetting(ctx.tx, scopeOf(ctx), id);
  return { ServiceSetting: await view(ctx, id, spec) };
};

// LabelParameterVersion / UnlabelParameterVersion (ssm.md §6.8, §6.9). Labels are unique per parameter: attaching
// one to a version moves it there. Labels never create versions nor change LastModifiedDate.
import type { WriteContext } from "../../server/context.js";
import type { Input, WriteOperation } from "../types.js";
import { invalidName, labelLimitExceeded, parameterNotFound, parameterVersionNotFound } from "./errors.js";
import { optNumber, reqString, stringList, unique } from "./input.js";
import { isValidLabel, parameterArn, parsePlainName, trimName, type Scope } from "./names.js";
import * as store from "./store.js";

export const MAX_LABELS_PER_VERSION = 10;

/** The parameter and version a label request names; AWS's errors when either is missing. */
async function target(ctx: WriteContext, input: Input): Promise<{ scope: Scope; key: string; version: number }> {
  const scope: Scope = { accountId: ctx.accountId, region: ctx.region };
  const raw = trimName(reqString(input, "Name"));
  const key = parsePlainName(raw);
  if (!key.ok) throw key.problem === "invalid" ? invalidName() : parameterNotFound(raw);
  const p = await store.getParameter(ctx.tx, scope, key.value);
  if (!p) throw parameterNotFound(raw);
  const version = optNumber(input, "ParameterVersion") ?? p.version;
  if (!(await store.getVersion(ctx.tx, scope, key.value, version))) throw parameterVersionNotFound(version, raw);
  ctx.audit.resources.push({ ARN: parameterArn(scope, key.value), accountId: scope.accountId, type: "AWS::SSM::Parameter" });
  return { scope, key: key.value, version };
}

export const labelParameterVersion: WriteOperation = async (ctx, input) => {
  const { scope, key, version } = await target(ctx, input);
  const labels = unique(stringList(input, "Labels"));
  const invalid = labels.filter((l) => !isValidLabel(l));
  const current = (await store.labelsByVersion(ctx.tx, scope, key, version, version)).get(version) ?? [];
  const added = labels.filter((l) => isValidLabel(l) && !current.includes(l));
  if (current.length + added.length > MAX_LABELS_PER_VERSION) throw labelLimitExceeded();
  for (const label of added) await store.setLabel(ctx.tx, scope, key, label, version);
  return { InvalidLabels: invalid, ParameterVersion: version };
};

/** Labels not attached to that version come back in InvalidLabels. */
export const unlabelParameterVersion: WriteOperation = async (ctx, input) => {
  const { scope, key, version } = await target(ctx, input);
  const removed: string[] = [];
  const invalid: string[] = [];
  for (const label of unique(stringList(input, "Labels"))) {
    if ((await store.labelVersion(ctx.tx, scope, key, label)) === version) {
      await store.deleteLabel(ctx.tx, scope, key, label);
      removed.push(label);
    } else {
      invalid.push(label);
    }
  }
  return { RemovedLabels: removed, InvalidLabels: invalid };
};

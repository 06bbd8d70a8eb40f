// GetParameter, GetParameters, DeleteParameter, DeleteParameters (ssm.md §6.2, §6.3, §6.7).
import { isServiceError } from "../../protocol/errors.js";
import type { OperationContext } from "../../server/context.js";
import { isWriteTx } from "../../storage/types.js";
import type { Output, ReadOperation, WriteOperation } from "../types.js";
import type { SsmEnv } from "./env.js";
import { invalidName, parameterNotFound, parameterVersionNotFound } from "./errors.js";
import { optBool, reqString, stringList, unique } from "./input.js";
import { parameterArn, parsePlainName, parseReadRef, trimName, type Scope } from "./names.js";
import { checkReferenceDecryption, readReference, requireReference } from "./reference.js";
import { parseSelector } from "./selectors.js";
import * as store from "./store.js";
import { openValue } from "./value-crypto.js";
import { parameterView } from "./views.js";

const scopeOf = (ctx: OperationContext): Scope => ({ accountId: ctx.accountId, region: ctx.region });

/**
 * One parameter version as a `Parameter`. The latest version costs one indexed query (an epoch lookup while the read cache
 * holds it); a selector one or two more.
 * Throws ParameterNotFound (named as requested) / ParameterVersionNotFound.
 */
async function readParameter(ctx: OperationContext, env: SsmEnv, ref: { key: string; display: string; selector?: string }, raw: string, decrypt: boolean): Promise<Output> {
  const scope = scopeOf(ctx);
  const selector = parseSelector(ref.selector);
  let name: string;
  let row: store.VersionRow | undefined;
  if (selector.kind === "latest") {
    const current = isWriteTx(ctx.tx) ? await store.getCurrent(ctx.tx, scope, ref.key)
      : await env.current.get(ctx.tx, `${scope.accountId}/${scope.region}/${ref.key}`, () => store.getCurrent(ctx.tx, scope, ref.key));
    if (!current) throw parameterNotFound(raw);
    name = current.name;
    row = current;
  } else {
    const p = await store.getParameter(ctx.tx, scope, ref.key);
    if (!p) throw parameterNotFound(raw);
    name = p.name;
    const version = selector.kind === "version" ? selector.version : await store.labelVersion(ctx.tx, scope, ref.key, selector.label);
    if (version === undefined) throw parameterNotFound(raw);
    row = await store.getVersion(ctx.tx, scope, ref.key, version);
    if (!row) throw parameterVersionNotFound(ref.selector ?? version, ref.display);
  }
  const arn = parameterArn(scope, ref.key);
  const value = await openValue(ctx, env.barrier, { ...scope, key: ref.key, version: row.version }, row, arn, decrypt);
  ctx.audit.resources.push({ ARN: arn, accountId: scope.accountId, type: "AWS::SSM::Parameter" });
  // A root parameter answers to `x` and `/x`; AWS names it as it was asked for (localstack's AWS-validated
  // test_put_parameters). Asked for by ARN, it keeps the spelling it was created with (AWS unverified).
  const shown = ref.display.startsWith("arn:") ? name : ref.display;
  return parameterView(scope, shown, row, value, ref.selector);
}

export function getParameter(env: SsmEnv): ReadOperation {
  return async (ctx, input) => {
    const raw = trimName(reqString(input, "Name"));
    const decrypt = optBool(input, "WithDecryption") ?? false;
    const ref = parseReadRef(raw, scopeOf(ctx));
    switch (ref.kind) {
      case "invalid":
      case "malformed":
        throw invalidName();
      case "missing":
        throw parameterNotFound(raw);
      case "reference":
        checkReferenceDecryption(decrypt);
        return { Parameter: await requireReference(ctx, ref) };
      case "parameter":
        return { Parameter: await readParameter(ctx, env, ref, raw, decrypt) };
    }
  };
}

const isNotFound = (e: unknown): boolean => isServiceError(e) && (e.code === "ParameterNotFound" || e.code === "ParameterVersionNotFound");

/**
 * Found ones sorted by name (documented); unknown or unselectable names in InvalidParameters. A name with characters
 * no parameter can have fails the whole call, as the model documents for inner spaces; a malformed path (`a/b`) is
 * listed in InvalidParameters (AWS unverified, unlike GetParameter's ValidationException).
 */
export function getParameters(env: SsmEnv): ReadOperation {
  return async (ctx, input) => {
    const names = unique(stringList(input, "Names"));
    const decrypt = optBool(input, "WithDecryption") ?? false;
    const refs = names.map((raw) => ({ raw, ref: parseReadRef(raw, scopeOf(ctx)) }));
    if (refs.some((r) => r.ref.kind === "invalid")) throw invalidName();
    if (refs.some((r) => r.ref.kind === "reference")) checkReferenceDecryption(decrypt);
    const found: Output[] = [];
    const invalid: string[] = [];
    for (const { raw, ref } of refs) {
      let out: Output | null = null;
      if (ref.kind === "reference") out = await readReference(ctx, ref);
      else if (ref.kind === "parameter") out = await readParameter(ctx, env, ref, raw, decrypt).catch((e: unknown) => (isNotFound(e) ? null : Promise.reject(e)));
      if (out === null) invalid.push(raw);
      else found.push(out);
    }
    found.sort((a, b) => compare(String(a["Name"]), String(b["Name"])));
    return { Parameters: found, InvalidParameters: invalid };
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const deleteParameter: WriteOperation = async (ctx, input) => {
  const raw = trimName(reqString(input, "Name"));
  const key = parsePlainName(raw);
  if (!key.ok) throw key.problem === "invalid" ? invalidName() : parameterNotFound(raw);
  if (!(await store.deleteParameter(ctx.tx, scopeOf(ctx), key.value))) throw parameterNotFound(raw);
  ctx.audit.resources.push({ ARN: parameterArn(scopeOf(ctx), key.value), accountId: ctx.accountId, type: "AWS::SSM::Parameter" });
  return {};
};

/** No error for unknown names: they come back in InvalidParameters. */
export const deleteParameters: WriteOperation = async (ctx, input) => {
  const deleted: string[] = [];
  const invalid: string[] = [];
  for (const raw of unique(stringList(input, "Names"))) {
    const key = parsePlainName(raw);
    if (key.ok && (await store.deleteParameter(ctx.tx, scopeOf(ctx), key.value))) {
      deleted.push(raw);
      ctx.audit.resources.push({ ARN: parameterArn(scopeOf(ctx), key.value), accountId: ctx.accountId, type: "AWS::SSM::Parameter" });
    } else {
      invalid.push(raw);
    }
  }
  return { DeletedParameters: deleted, InvalidParameters: invalid };
};

// CreateAlias, UpdateAlias, DeleteAlias, ListAliases (kms.md §3).
import type { OperationContext, WriteContext } from "../../server/context.js";
import type { Input, Output, ReadOperation, WriteOperation } from "../types.js";
import { authorizeKey } from "./authz.js";
import {
  aliasExists, aliasInvalidCharacters, aliasNotFound, aliasPrefixRequired, aliasTargetIsAlias, keyDoesNotExist, limitExceeded, notAuthorized,
} from "./errors.js";
import { aliasArn, aliasNameProblem, keyArn, managedAlias, parseKeyIdentifier } from "./ids.js";
import { optNumber, optString, reqString } from "./input.js";
import { decodeMarker, LIMITS, page, pageLimit } from "./markers.js";
import { requireNotPending, resolveKey } from "./resolve.js";
import { noteKey, scopeOf, type KmsRuntime } from "./runtime.js";
import { aliasNamesOfKey, deleteAlias, getAlias, insertAlias, listAliases, retargetAlias } from "./store-aliases.js";
import { getKey, type KmsKey } from "./store.js";

const MAX_ALIASES_PER_KEY = 50;
/** Predefined aliases of the AWS managed keys paramstore can create; listed before first use too. */
const PREDEFINED = [managedAlias("secretsmanager"), managedAlias("ssm")];

export function aliasOperations(rt: KmsRuntime): { read: Record<string, ReadOperation>; write: Record<string, WriteOperation> } {
  return {
    read: { ListAliases: async (ctx, input) => listAliasesOp(rt, ctx, input) },
    write: {
      CreateAlias: async (ctx, input) => createAlias(rt, ctx, input),
      UpdateAlias: async (ctx, input) => updateAlias(rt, ctx, input),
      DeleteAlias: async (ctx, input) => deleteAliasOp(rt, ctx, input),
    },
  };
}

/** Name rules of Create/UpdateAlias the model's pattern cannot express. */
function checkAliasName(name: string): void {
  const problem = aliasNameProblem(name);
  if (problem === "invalid-identifier") throw aliasPrefixRequired();
  if (problem === "reserved") throw notAuthorized();
  if (problem === "invalid-characters") throw aliasInvalidCharacters(name);
}

/** TargetKeyId must name a key: an existing alias there is a ValidationException (moto's order). */
async function targetKey(rt: KmsRuntime, ctx: OperationContext, target: string): Promise<KmsKey> {
  const id = parseKeyIdentifier(target, scopeOf(ctx));
  if (id.kind === "alias" && id.inScope && (await getAlias(ctx.tx, scopeOf(ctx), id.aliasName))) throw aliasTargetIsAlias();
  const { key } = await resolveKey(rt, ctx, target, "keys");
  // AWS managed keys keep their own alias only (kms.md §3).
  if (key.keyManager === "AWS") throw notAuthorized();
  return key;
}

async function authorizeAlias(rt: KmsRuntime, ctx: OperationContext, action: string, arn: string, keys: readonly KmsKey[]): Promise<void> {
  await ctx.authorize(action, arn, { context: { "kms:CallerAccount": ctx.principal.accountId } });
  for (const key of keys) {
    await authorizeKey(rt, ctx, { action, key });
    noteKey(ctx, key);
  }
}

async function createAlias(rt: KmsRuntime, ctx: WriteContext, input: Input): Promise<Output> {
  const name = reqString(input, "AliasName");
  checkAliasName(name);
  const key = await targetKey(rt, ctx, reqString(input, "TargetKeyId"));
  const scope = scopeOf(ctx);
  const arn = aliasArn(scope, name);
  await authorizeAlias(rt, ctx, "kms:CreateAlias", arn, [key]);
  requireNotPending(key);
  if (await getAlias(ctx.tx, scope, name)) throw aliasExists(arn);
  const inUse = (await aliasNamesOfKey(ctx.tx, scope, key.keyId)).length;
  if (inUse >= MAX_ALIASES_PER_KEY) {
    // AWS's quota text (observed in a public report of CreateAlias failing).
    throw limitExceeded(`Aliases per key quota for this account in this region is ${MAX_ALIASES_PER_KEY}, current usage is ${inUse}.`);
  }
  const nowMs = ctx.now.getTime();
  await insertAlias(ctx.tx, scope, { aliasName: name, keyId: key.keyId, createdAt: nowMs, updatedAt: nowMs });
  return {};
}

async function updateAlias(rt: KmsRuntime, ctx: WriteContext, input: Input): Promise<Output> {
  const name = reqString(input, "AliasName");
  checkAliasName(name);
  const key = await targetKey(rt, ctx, reqString(input, "TargetKeyId"));
  const scope = scopeOf(ctx);
  const arn = aliasArn(scope, name);
  const alias = await getAlias(ctx.tx, scope, name);
  if (!alias) throw aliasNotFound(arn);
  const current = await getKey(ctx.tx, scope, alias.keyId);
  if (!current) throw keyDoesNotExist(keyArn(scope, alias.keyId));
  await authorizeAlias(rt, ctx, "kms:UpdateAlias", arn, current.keyId === key.keyId ? [key] : [current, key]);
  // Only the new target may not be pending deletion (key-state table note [10]).
  requireNotPending(key);
  await retargetAlias(ctx.tx, scope, name, key.keyId, ctx.now.getTime());
  return {};
}

async function deleteAliasOp(rt: KmsRuntime, ctx: WriteContext, input: Input): Promise<Output> {
  const name = reqString(input, "AliasName");
  const problem = aliasNameProblem(name);
  if (problem === "invalid-identifier") throw aliasPrefixRequired();
  if (problem === "reserved") throw notAuthorized();
  const scope = scopeOf(ctx);
  const arn = aliasArn(scope, name);
  const alias = await getAlias(ctx.tx, scope, name);
  if (!alias) throw aliasNotFound(arn);
  const key = await getKey(ctx.tx, scope, alias.keyId);
  await authorizeAlias(rt, ctx, "kms:DeleteAlias", arn, key ? [key] : []);
  await deleteAlias(ctx.tx, scope, name);
  return {};
}

async function listAliasesOp(rt: KmsRuntime, ctx: OperationContext, input: Input): Promise<Output> {
  const scope = scopeOf(ctx);
  const keyIdInput = optString(input, "KeyId");
  const key = keyIdInput === undefined ? undefined : (await resolveKey(rt, ctx, keyIdInput, "keys")).key;
  const limit = pageLimit(optNumber(input, "Limit"), LIMITS.aliases);
  const after = decodeMarker("aliases", input["Marker"]);
  const rows = await listAliases(ctx.tx, scope, { keyId: key?.keyId, after, limit: limit + 1 });
  const entries: Output[] = rows.map((a) => ({
    AliasName: a.aliasName,
    AliasArn: aliasArn(scope, a.aliasName),
    TargetKeyId: a.keyId,
    CreationDate: new Date(a.createdAt),
    LastUpdatedDate: new Date(a.updatedAt),
  }));
  if (key === undefined) {
    // AWS lists predefined aliases without TargetKeyId until their managed key exists (kms.md §3).
    for (const name of PREDEFINED) {
      if (name > after && !(await getAlias(ctx.tx, scope, name))) entries.push({ AliasName: name, AliasArn: aliasArn(scope, name) });
    }
    entries.sort((a, b) => (String(a.AliasName) < String(b.AliasName) ? -1 : 1));
  }
  const { items, ...more } = page(entries.slice(0, limit + 1), limit, "aliases", (e) => String(e.AliasName));
  return { Aliases: items, ...more };
}

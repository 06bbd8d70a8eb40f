// GetParametersByPath (ssm.md §6.4): one level (parent index) or recursive (name range), in name order, 10 a page.
import type { OperationContext } from "../../server/context.js";
import type { Output, ReadOperation } from "../types.js";
import type { SsmEnv } from "./env.js";
import { invalidNextToken, invalidPath } from "./errors.js";
import { compileFilters, type Cond, type StringFilter } from "./filters.js";
import { optBool, optNumber, optString, reqString, structList } from "./input.js";
import { normalizePath, parameterArn, type Scope } from "./names.js";
import { nextToken, parseToken } from "./page-token.js";
import * as store from "./store.js";
import { openValue } from "./value-crypto.js";
import { parameterView } from "./views.js";

const DEFAULT_PAGE = 10;

/** The model checked Key/Option/Values lengths; these are the decoded ParameterStringFilter objects. */
export const filtersOf = (input: Record<string, unknown>, member: string): StringFilter[] =>
  structList(input, member).map((f) => ({
    Key: String(f["Key"]),
    Option: typeof f["Option"] === "string" ? f["Option"] : undefined,
    Values: Array.isArray(f["Values"]) ? f["Values"].map(String) : undefined,
  }));

export function getParametersByPath(env: SsmEnv): ReadOperation {
  return async (ctx, input) => {
    const scope: Scope = { accountId: ctx.accountId, region: ctx.region };
    const path = normalizePath(reqString(input, "Path"));
    if (path === null) throw invalidPath();
    const conds = compileFilters(filtersOf(input, "ParameterFilters"), "by-path");
    const token = parseToken(optString(input, "NextToken"));
    if (!token.ok) throw invalidNextToken();
    const limit = optNumber(input, "MaxResults") ?? DEFAULT_PAGE;
    const recursive = optBool(input, "Recursive") ?? false;
    const all: Cond[] = [recursive ? { kind: "under", values: [path] } : { kind: "parent", values: [path] }, ...conds];
    const decrypt = optBool(input, "WithDecryption") ?? false;
    const label = all.find((c) => c.kind === "label");
    const page = label ? await labelledPage(ctx, scope, all, label.values, token.offset, limit) : await latestPage(ctx, scope, all, token.offset, limit);
    const parameters: Output[] = [];
    for (const { name, row } of page.items) {
      const value = await openValue(ctx, env.barrier, { ...scope, key: row.name_key, version: row.version }, row, parameterArn(scope, row.name_key), decrypt);
      parameters.push(parameterView(scope, name, row, value));
    }
    return { Parameters: parameters, NextToken: nextToken(token.offset, page.items.length, page.hasMore) };
  };
}

interface Page {
  readonly items: Array<{ name: string; row: store.VersionRow }>;
  readonly hasMore: boolean;
}

/** Latest versions, straight from one indexed query (limit + 1 rows tell whether another page exists). */
async function latestPage(ctx: OperationContext, scope: Scope, conds: readonly Cond[], offset: number, limit: number): Promise<Page> {
  const rows = await store.queryParameters(ctx.tx, scope, conds, { offset, limit: limit + 1, withValue: true });
  return { items: rows.slice(0, limit).map((row) => ({ name: row.name, row })), hasMore: rows.length > limit };
}

/** Label filter: for each parameter under the path, the newest version carrying one of the labels. */
async function labelledPage(ctx: OperationContext, scope: Scope, conds: readonly Cond[], labels: readonly string[], offset: number, limit: number): Promise<Page> {
  const hits = await store.labelledVersions(ctx.tx, scope, conds, labels);
  const seen = new Set<string>();
  const firstPerParameter = hits.filter((h) => !seen.has(h.name_key) && seen.add(h.name_key));
  const slice = firstPerParameter.slice(offset, offset + limit);
  const items: Page["items"] = [];
  for (const h of slice) {
    const row = await store.getVersion(ctx.tx, scope, h.name_key, h.version);
    if (row) items.push({ name: h.name, row });
  }
  return { items, hasMore: firstPerParameter.length > offset + limit };
}

// DescribeParameters (ssm.md §6.5): metadata only, name order, ParameterFilters or legacy Filters (§7).
import type { ReadOperation } from "../types.js";
import { FILTERS_EXCLUSIVE, invalidNextToken, validation } from "./errors.js";
import { filtersOf } from "./by-path.js";
import { compileFilters, compileLegacyFilters, hasResidual, matchesResidual, type Cond } from "./filters.js";
import { optBool, optNumber, optString, structList } from "./input.js";
import type { Scope } from "./names.js";
import { fullPageToken, parseToken } from "./page-token.js";
import * as store from "./store.js";
import { metadataView } from "./views.js";

const DEFAULT_PAGE = 10;

export const describeParameters: ReadOperation = async (ctx, input) => {
  const scope: Scope = { accountId: ctx.accountId, region: ctx.region };
  const conds = describeConditions(input);
  const token = parseToken(optString(input, "NextToken"));
  if (!token.ok) throw invalidNextToken();
  if (optBool(input, "Shared") === true) return { Parameters: [] }; // nothing is shared from other accounts here
  const limit = optNumber(input, "MaxResults") ?? DEFAULT_PAGE;
  let rows: store.ParamRow[];
  if (hasResidual(conds)) {
    // Name Contains: filter the SQL-narrowed candidates in code, then page.
    const all = (await store.queryParameters(ctx.tx, scope, conds, { offset: 0, limit: null, withValue: false })).filter((r) => matchesResidual(conds, r));
    rows = all.slice(token.offset, token.offset + limit);
  } else {
    rows = await store.queryParameters(ctx.tx, scope, conds, { offset: token.offset, limit, withValue: false });
  }
  return { Parameters: rows.map((r) => metadataView(scope, r)), NextToken: fullPageToken(token.offset, rows.length, limit) };
};

function describeConditions(input: Record<string, unknown>): Cond[] {
  const legacy = structList(input, "Filters");
  const filters = filtersOf(input, "ParameterFilters");
  if (legacy.length > 0 && filters.length > 0) throw validation(FILTERS_EXCLUSIVE);
  if (filters.length > 0) return compileFilters(filters, "describe");
  return compileLegacyFilters(legacy.map((f) => ({ Key: String(f["Key"]), Values: Array.isArray(f["Values"]) ? f["Values"].map(String) : [] })));
}

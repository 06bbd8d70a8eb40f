// GetParameterHistory (ssm.md §6.6): retained versions oldest first, each with its labels and metadata.
import type { OperationContext } from "../../server/context.js";
import type { ReadOperation } from "../types.js";
import type { SsmEnv } from "./env.js";
import { invalidName, invalidNextToken, parameterNotFound } from "./errors.js";
import { optBool, optNumber, optString, reqString } from "./input.js";
import { parameterArn, parseReadRef, trimName, type Scope } from "./names.js";
import { nextToken, parseToken } from "./page-token.js";
import * as store from "./store.js";
import { openValue } from "./value-crypto.js";
import { historyView } from "./views.js";

const DEFAULT_PAGE = 50;

export function getParameterHistory(env: SsmEnv): ReadOperation {
  return async (ctx: OperationContext, input) => {
    const scope: Scope = { accountId: ctx.accountId, region: ctx.region };
    const raw = trimName(reqString(input, "Name"));
    const ref = parseReadRef(raw, scope, false);
    if (ref.kind === "invalid" || ref.kind === "malformed") throw invalidName(); // as GetParameter
    if (ref.kind !== "parameter") throw parameterNotFound(raw);
    const token = parseToken(optString(input, "NextToken"));
    if (!token.ok) throw invalidNextToken();
    const p = await store.getParameter(ctx.tx, scope, ref.key);
    if (!p) throw parameterNotFound(raw);
    const limit = optNumber(input, "MaxResults") ?? DEFAULT_PAGE;
    const rows = await store.listVersions(ctx.tx, scope, ref.key, token.offset, limit + 1);
    const page = rows.slice(0, limit);
    const first = page[0]?.version ?? 0;
    const labels = await store.labelsByVersion(ctx.tx, scope, ref.key, first, page[page.length - 1]?.version ?? first);
    const arn = parameterArn(scope, ref.key);
    const decrypt = optBool(input, "WithDecryption") ?? false;
    const parameters = [];
    for (const v of page) {
      const value = await openValue(ctx, env.barrier, { ...scope, key: ref.key, version: v.version }, v, arn, decrypt);
      parameters.push(historyView(p.name, v, value, labels.get(v.version) ?? []));
    }
    ctx.audit.resources.push({ ARN: arn, accountId: scope.accountId, type: "AWS::SSM::Parameter" });
    return { Parameters: parameters, NextToken: nextToken(token.offset, page.length, rows.length > limit) };
  };
}

// ListSecrets (secretsmanager.md §2.7): filters, sort, pagination; secrets marked for deletion only on request.
import type { OperationContext } from "../../server/context.js";
import type { Input, Output } from "../types.js";
import { scopeOf } from "./access.js";
import { invalidParameter } from "./errors.js";
import { filtersOf, matchesFilters, type Filter } from "./filters.js";
import { decodePageToken, encodePageToken } from "./page-token.js";
import { listSecretRows, tagsByArn, type SecretRow, type Tag } from "./store.js";
import { stagesByArn } from "./store-versions.js";
import { listEntryView } from "./view.js";

const DEFAULT_MAX = 100;

export interface Listed {
  readonly secret: SecretRow;
  readonly tags: readonly Tag[];
}

/** Filters AWS refuses beyond what the model checks (moto's texts). */
export function validateFilters(filters: readonly Filter[]): void {
  for (const f of filters) {
    if (f.Key === "") throw invalidParameter("Invalid filter key");
    if (f.Values.length === 0) throw invalidParameter(`Invalid filter values for key: ${f.Key}`);
  }
}

/** Matching secrets of the caller's account and region, oldest first. */
export async function listMatching(ctx: OperationContext, filters: readonly Filter[], includeDeleted: boolean): Promise<SecretRow[]> {
  return (await listMatchingWithTags(ctx, filters, includeDeleted)).map((l) => l.secret);
}

async function listMatchingWithTags(ctx: OperationContext, filters: readonly Filter[], includeDeleted: boolean): Promise<Listed[]> {
  const scope = scopeOf(ctx);
  const tags = await tagsByArn(ctx.tx, scope);
  const rows = (await listSecretRows(ctx.tx, scope)).filter((s) => includeDeleted || s.deletedAt === undefined);
  const out = rows
    .map((secret) => ({ secret, tags: tags.get(secret.arn) ?? [] }))
    .filter(({ secret, tags: t }) =>
      matchesFilters(filters, {
        name: secret.name,
        description: secret.description,
        tags: t,
        owningService: secret.owningService,
        // A replica lists under its primary's Region; a standalone secret has no primary Region at all.
        region: secret.primaryRegion ?? secret.region,
        hasReplicas: (secret.replicas?.length ?? 0) > 0 || secret.primaryRegion !== undefined,
      }),
    );
  return out.sort((a, b) => a.secret.createdAt - b.secret.createdAt || a.secret.name.localeCompare(b.secret.name));
}

type SortKey = (s: SecretRow) => number | string;

const SORT_KEYS: Record<string, SortKey> = {
  "created-date": (s) => s.createdAt,
  "last-accessed-date": (s) => s.lastAccessedAt ?? 0,
  "last-changed-date": (s) => s.lastChangedAt,
  name: (s) => s.name,
};

function sortListed(list: Listed[], sortBy: string | undefined, order: string | undefined): Listed[] {
  const key = SORT_KEYS[sortBy ?? "created-date"] ?? SORT_KEYS["created-date"];
  if (!key) return list;
  const dir = order === "desc" ? -1 : 1;
  // Ties broken by creation then name so pages never overlap or skip.
  return [...list].sort((a, b) => {
    const x = key(a.secret);
    const y = key(b.secret);
    const c = x < y ? -1 : x > y ? 1 : a.secret.createdAt - b.secret.createdAt || a.secret.name.localeCompare(b.secret.name);
    return c * dir;
  });
}

export async function listSecrets(ctx: OperationContext, input: Input): Promise<Output> {
  const filters = filtersOf(input.Filters);
  validateFilters(filters);
  const offset = decodePageToken(typeof input.NextToken === "string" ? input.NextToken : undefined);
  const max = typeof input.MaxResults === "number" ? input.MaxResults : DEFAULT_MAX;
  const matching = await listMatchingWithTags(ctx, filters, input.IncludePlannedDeletion === true);
  const sorted = sortListed(matching, typeof input.SortBy === "string" ? input.SortBy : undefined, typeof input.SortOrder === "string" ? input.SortOrder : undefined);
  const page = sorted.slice(offset, offset + max);
  const stages = await stagesByArn(ctx.tx, scopeOf(ctx));
  return {
    SecretList: page.map((l) => listEntryView(l.secret, l.tags, stages.get(l.secret.arn) ?? new Map())),
    ...(offset + max < sorted.length ? { NextToken: encodePageToken(offset + max) } : {}),
  };
}

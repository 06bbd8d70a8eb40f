// LookupEvents (cloudtrail.md §5): one lookup attribute at most, inclusive time bounds, newest first,
// keyset pagination, each event with its record as the CloudTrailEvent JSON string.
import { lookupFields, likeContaining, resourceNeedle } from "../../audit/lookup-fields.js";
import { lookup, type LookupFilter, type StoredEvent } from "../../audit/store.js";
import type { OperationContext } from "../../server/context.js";
import type { ReadTx } from "../../storage/types.js";
import type { Input, Output } from "../types.js";
import * as errors from "./errors.js";
import { decodeToken, encodeToken, queryFingerprint, type Cursor } from "./token.js";

const DEFAULT_MAX_RESULTS = 50;
const MAX_VALUE_CHARS = 2000;
const COLUMN: Readonly<Record<string, "event_id" | "event_name" | "username" | "event_source" | "access_key_id">> = {
  EventId: "event_id", EventName: "event_name", Username: "username", EventSource: "event_source", AccessKeyId: "access_key_id",
};
const KEYS = new Set([...Object.keys(COLUMN), "ReadOnly", "ResourceType", "ResourceName"]);

interface Attribute {
  readonly key: string;
  readonly value: string;
}

interface Query {
  readonly attribute?: Attribute;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly maxResults: number;
  readonly after?: Cursor;
  readonly fingerprint: string;
  readonly insight: boolean;
}

/** The model's AttributeValue rule: `_`, space, `,` and newline count as two characters towards 2000. */
const valueSize = (v: string): number => v.length + (v.match(/[_ ,\n]/g)?.length ?? 0);

function attributeOf(input: Input): Attribute | undefined {
  const list = input.LookupAttributes;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  if (list.length > 1) throw errors.tooManyLookupAttributes();
  const a = list[0] as { AttributeKey: string; AttributeValue: string }; // validated by the model: both members required strings
  if (!KEYS.has(a.AttributeKey)) throw errors.invalidLookupAttributeKey(a.AttributeKey);
  const size = valueSize(a.AttributeValue);
  if (size < 1 || size > MAX_VALUE_CHARS) throw errors.invalidLookupAttributeValue();
  return { key: a.AttributeKey, value: a.AttributeValue };
}

const seconds = (d: unknown): number | undefined => (d instanceof Date ? Math.floor(d.getTime() / 1000) : undefined);

/** Checks in AWS's apparent order: attributes, time range, category, page size, token. */
function parseQuery(input: Input, region: string): Query {
  const attribute = attributeOf(input);
  const start = input.StartTime instanceof Date ? input.StartTime : undefined;
  const end = input.EndTime instanceof Date ? input.EndTime : undefined;
  if (start && end && start.getTime() > end.getTime()) throw errors.invalidTimeRange();
  const category = typeof input.EventCategory === "string" ? input.EventCategory : undefined;
  if (category !== undefined && category !== "insight") throw errors.invalidEventCategory(category);
  const maxResults = typeof input.MaxResults === "number" ? input.MaxResults : DEFAULT_MAX_RESULTS;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) throw errors.invalidMaxResults(maxResults);
  const shape = { attribute, startTime: seconds(start), endTime: seconds(end), region };
  const fingerprint = queryFingerprint(shape);
  let after: Cursor | undefined;
  if (typeof input.NextToken === "string") {
    after = decodeToken(input.NextToken, fingerprint) ?? undefined;
    if (!after) throw errors.invalidNextToken();
  }
  return { ...shape, maxResults, after, fingerprint, insight: category === "insight" };
}

/** SQL filter for the attribute; for resources a LIKE superset plus the exact check applied after. */
function filterOf(a: Attribute | undefined): { filter?: LookupFilter; exact?: (e: StoredEvent) => boolean; none?: true } {
  if (!a) return {};
  const column = COLUMN[a.key];
  if (column) return { filter: { column, value: a.value } };
  if (a.key === "ReadOnly") {
    return a.value === "true" || a.value === "false" ? { filter: { column: "read_only", value: a.value === "true" ? 1 : 0 } } : { none: true };
  }
  const needle = resourceNeedle(a.key === "ResourceType" ? "ResourceType" : "ResourceName", a.value);
  if (needle === null) return { none: true };
  return { filter: { column: "resource_keys", value: likeContaining(needle) }, exact: (e) => e.resource_keys.includes(needle) };
}

/** Pages through the index until `want` events passed the exact check (LIKE may over-match case). */
async function collect(tx: ReadTx, ctx: OperationContext, q: Query, want: number): Promise<StoredEvent[]> {
  const { filter, exact, none } = filterOf(q.attribute);
  if (none) return [];
  const out: StoredEvent[] = [];
  let after = q.after;
  for (;;) {
    const batch = await lookup(tx, { accountId: ctx.accountId, region: ctx.region, startTime: q.startTime, endTime: q.endTime, filter, after, limit: want });
    for (const e of batch) if (!exact || exact(e)) out.push(e);
    const last = batch[batch.length - 1];
    if (out.length >= want || batch.length < want || !last) return out.slice(0, want);
    after = { time: Number(last.event_time), nodeId: last.node_id, seq: Number(last.seq) };
  }
}

function toEvent(e: StoredEvent): Output {
  const f = lookupFields(JSON.parse(e.record) as Parameters<typeof lookupFields>[0]); // our own stored record JSON
  const ev: Output = { EventId: e.event_id, EventName: e.event_name, ReadOnly: e.read_only ? "true" : "false" };
  if (e.access_key_id) ev.AccessKeyId = e.access_key_id;
  ev.EventTime = new Date(Number(e.event_time) * 1000);
  ev.EventSource = e.event_source;
  if (e.username !== null) ev.Username = e.username;
  ev.Resources = f.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name }));
  ev.CloudTrailEvent = e.record;
  return ev;
}

/** LookupEvents; `settle` first writes read events still queued, so callers always see their own calls. */
export const lookupEvents = (settle: () => Promise<void>) => async (ctx: OperationContext, input: Input): Promise<Output> => {
  const q = parseQuery(input, ctx.region);
  await settle();
  // paramstore records management events only: there are no Insights events to return.
  if (q.insight) return { Events: [] };
  const rows = await collect(ctx.tx, ctx, q, q.maxResults + 1);
  const page = rows.slice(0, q.maxResults);
  const out: Output = { Events: page.map(toEvent) };
  const last = page[page.length - 1];
  if (rows.length > q.maxResults && last) {
    out.NextToken = encodeToken({ time: Number(last.event_time), nodeId: last.node_id, seq: Number(last.seq) }, q.fingerprint);
  }
  return out;
};

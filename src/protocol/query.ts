// AWS Query protocol for IAM/STS (protocol.md §5): form → typed input by the model, XML success and error envelopes.

import { XMLBuilder } from "fast-xml-parser";
import { serviceError, type ServiceError } from "./errors.js";
import type { MemberRef, ServiceModel, Shape } from "./model-types.js";
import { checkInput, type ValidateOptions } from "./shapes.js";

type Struct = Record<string, unknown>;

/** Query type errors have no observed AWS text; reuse the Coral conversion wording of JSON 1.1 (unverified). */
const typeError = (what: string): ServiceError =>
  serviceError("ValidationError", `STRING_VALUE can not be converted to ${what}`, { status: 400 });

const shapeOf = (model: ServiceModel, name: string): Shape => {
  const s = model.shapes[name];
  if (s === undefined) throw new Error(`model has no shape ${name}`);
  return s;
};

/** The flattened form keys, with a lookup of which keys start with a given prefix. */
class Form {
  readonly keys: readonly string[];
  constructor(readonly params: URLSearchParams) {
    this.keys = [...new Set(params.keys())];
  }
  get(key: string): string | undefined {
    return this.params.get(key) ?? undefined;
  }
  has(prefix: string): boolean {
    return this.keys.some((k) => k === prefix || k.startsWith(`${prefix}.`));
  }
  /** Distinct positive indexes N used under `<prefix>.N...`, ascending. */
  indexes(prefix: string): number[] {
    const seen = new Set<number>();
    const start = `${prefix}.`;
    for (const k of this.keys) {
      if (!k.startsWith(start)) continue;
      const n = Number(/^\d+/.exec(k.slice(start.length))?.[0] ?? NaN);
      if (Number.isInteger(n) && n > 0) seen.add(n);
    }
    return [...seen].sort((a, b) => a - b);
  }
}

function readScalar(shape: Shape, text: string): unknown {
  switch (shape.type) {
    case "string":
      return text;
    case "integer":
    case "long": {
      if (!/^-?\d+$/.test(text.trim())) throw typeError(shape.type === "integer" ? "an Integer" : "a Long");
      const n = Number(text.trim());
      if (!Number.isSafeInteger(n) || (shape.type === "integer" && (n < -2147483648 || n > 2147483647))) {
        throw typeError(shape.type === "integer" ? "an Integer" : "a Long");
      }
      return n;
    }
    case "float":
    case "double": {
      const n = Number(text);
      if (text.trim() === "" || !Number.isFinite(n)) throw typeError("a Double");
      return n;
    }
    case "boolean": {
      const t = text.toLowerCase();
      if (t !== "true" && t !== "false") throw typeError("a Boolean");
      return t === "true";
    }
    case "timestamp": {
      const ms = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
      if (!Number.isFinite(ms)) throw typeError("a Date");
      return new Date(ms);
    }
    case "blob":
      return Buffer.from(text, "base64");
    default:
      return undefined;
  }
}

const wireName = (name: string, ref: MemberRef): string => ref.locationName ?? name;

function read(model: ServiceModel, shapeName: string, form: Form, key: string): unknown {
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case "structure": {
      const out: Struct = {};
      let present = false;
      for (const [name, ref] of Object.entries(shape.members)) {
        const v = read(model, ref.shape, form, key === "" ? wireName(name, ref) : `${key}.${wireName(name, ref)}`);
        if (v !== undefined) {
          out[name] = v;
          present = true;
        }
      }
      return present || key === "" ? out : undefined;
    }
    case "list": {
      // botocore sends an empty list as `Key=` (no items).
      if (form.get(key) === "" && !form.has(`${key}.${shape.flattened ? "1" : "member"}`)) return [];
      const base = shape.flattened ? key : `${key}.${shape.member.locationName ?? "member"}`;
      if (!form.has(base)) return undefined;
      return form.indexes(base).map((n) => read(model, shape.member.shape, form, `${base}.${n}`)).filter((v) => v !== undefined);
    }
    case "map": {
      const base = shape.flattened ? key : `${key}.entry`;
      if (form.get(key) === "" && !form.has(base)) return {};
      if (!form.has(base)) return undefined;
      const entries: [string, unknown][] = [];
      for (const n of form.indexes(base)) {
        const k = form.get(`${base}.${n}.${shape.key.locationName ?? "key"}`);
        const v = read(model, shape.value.shape, form, `${base}.${n}.${shape.value.locationName ?? "value"}`);
        if (k !== undefined && v !== undefined) entries.push([k, v]);
      }
      return Object.fromEntries(entries);
    }
    default: {
      const text = form.get(key);
      return text === undefined ? undefined : readScalar(shape, text);
    }
  }
}

/**
 * Form parameters → typed input for `operation`: `X.member.N` lists, `X.entry.N.key/value` maps, dotted nested
 * structures, booleans/numbers/timestamps from text; then the model constraints, failing with `ValidationError` (§5.4).
 */
export function parseQueryInput(model: ServiceModel, operation: string, params: URLSearchParams, options: ValidateOptions = {}): Struct {
  const op = model.operations[operation];
  if (op === undefined) throw new Error(`model has no operation ${operation}`);
  if (op.input === undefined) return {};
  const input = read(model, op.input, new Form(params), "") as Struct; // the root structure always yields an object
  checkInput(model, operation, input, { ...options, errorCode: options.errorCode ?? "ValidationError" });
  return input;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", format: true, indentBy: "  ", suppressEmptyNode: true });

/** RFC 3986 percent-encoding: IAM returns policy documents URL-encoded (botocore's json_decode_policies undoes it). */
const rfc3986 = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** ISO-8601 UTC, whole seconds unless the value has milliseconds (`2026-11-22T12:00:00Z`). */
const isoTimestamp = (d: Date): string => d.toISOString().replace(".000Z", "Z");

function xmlItems(model: ServiceModel, shape: Shape, v: unknown): unknown[] {
  if (shape.type === "list") return Array.isArray(v) ? v.map((x: unknown) => toXml(model, shape.member.shape, x)) : [];
  if (shape.type !== "map" || typeof v !== "object" || v === null) return [];
  // Output maps are plain objects of member values.
  return Object.entries(v as Struct).map(([k, x]) => ({
    [shape.key.locationName ?? "key"]: k,
    [shape.value.locationName ?? "value"]: toXml(model, shape.value.shape, x),
  }));
}

function toXml(model: ServiceModel, shapeName: string, v: unknown): unknown {
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case "structure": {
      const src = v as Struct; // output structures are plain objects keyed by member name
      const out: Struct = {};
      for (const [name, ref] of Object.entries(shape.members)) {
        const x = src[name];
        if (x === undefined || x === null) continue;
        const target = shapeOf(model, ref.shape);
        if ((target.type === "list" || target.type === "map") && target.flattened === true) {
          // Flattened: the items repeat in place of a wrapper element.
          const items = xmlItems(model, target, x);
          const tag = target.type === "list" ? target.member.locationName ?? wireName(name, ref) : wireName(name, ref);
          if (items.length > 0) out[tag] = items;
        } else out[wireName(name, ref)] = toXml(model, ref.shape, x);
      }
      return out;
    }
    case "list":
    case "map": {
      const items = xmlItems(model, shape, v);
      if (items.length === 0) return ""; // empty list: <Users/>
      return { [shape.type === "map" ? "entry" : shape.member.locationName ?? "member"]: items };
    }
    case "timestamp":
      return v instanceof Date ? isoTimestamp(v) : String(v);
    case "blob":
      return v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") : String(v);
    case "boolean":
      return v === true ? "true" : "false";
    case "string":
      return shapeName === "policyDocumentType" ? rfc3986(String(v)) : String(v);
    default:
      return String(v);
  }
}

/** The §5.2 envelope: `<Op>Response xmlns=...>`, `<Op>Result` (model resultWrapper), `<ResponseMetadata>`. */
export function serializeQueryResponse(model: ServiceModel, operation: string, output: Struct | undefined, requestId: string): string {
  const op = model.operations[operation];
  if (op === undefined) throw new Error(`model has no operation ${operation}`);
  const body: Struct = { "@_xmlns": model.metadata.xmlNamespace ?? "" };
  if (op.output !== undefined) {
    const result = toXml(model, op.output, output ?? {});
    body[op.resultWrapper ?? `${operation}Result`] = result;
  }
  body["ResponseMetadata"] = { RequestId: requestId };
  return builder.build({ [`${operation}Response`]: body }) as string; // XMLBuilder.build is typed `any`; it returns the XML text
}

/** The §5.3 envelope; `<Type>` is Receiver for faults (5xx), Sender otherwise. */
export function serializeQueryError(namespace: string, err: ServiceError, requestId: string): string {
  const error: Struct = { Type: err.status >= 500 ? "Receiver" : "Sender", Code: err.code, Message: err.message };
  for (const [k, v] of Object.entries(err.extra)) if (v !== undefined && v !== null) error[k] = String(v);
  return builder.build({ ErrorResponse: { "@_xmlns": namespace, Error: error, RequestId: requestId } }) as string; // see above
}

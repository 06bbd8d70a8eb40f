// JSON 1.1 input → typed values by the model (protocol.md §2.1): blobs to Buffers, timestamps to Dates, nulls dropped.
// Wrong JSON types raise SerializationException with the Coral texts measured on AWS JSON services (DynamoDB,
// Athena): "Start of list found where not expected", "STRING_VALUE can not be converted to an Integer", ...
// Texts for Boolean/Long/Double/Timestamp targets follow the same Coral pattern but were not observed (unverified).

import { serializationException } from "./errors.js";
import type { ServiceModel, Shape } from "./model-types.js";

const LIST = "Start of list found where not expected";
const MAP = "Start of structure or map found where not expected.";

const TARGET: Readonly<Record<Shape["type"], string>> = {
  string: "a String", integer: "an Integer", long: "a Long", float: "a Float", double: "a Double",
  boolean: "a Boolean", blob: "a Blob", timestamp: "a Date", structure: "a Structure", list: "a List", map: "a Map",
};

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

type Json = Record<string, unknown>;
const isPlainObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function token(v: unknown): string | null {
  if (typeof v === "string") return "STRING_VALUE";
  if (typeof v === "number") return "NUMBER_VALUE";
  if (v === true) return "TRUE_VALUE";
  if (v === false) return "FALSE_VALUE";
  return null;
}

/** The SerializationException for a JSON value of the wrong kind for `shape`. */
function wrongType(shape: Shape, v: unknown): Error {
  if (Array.isArray(v)) return serializationException(LIST);
  if (typeof v === "object" && v !== null) return serializationException(MAP);
  if (shape.type === "list") return serializationException("Expected list or null");
  if (shape.type === "map") return serializationException("Expected map or null");
  if (shape.type === "structure") return serializationException("Expected null");
  const t = token(v);
  return serializationException(t === null ? "" : `${t} can not be converted to ${TARGET[shape.type]}`);
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Strict base64 as Java's decoder checks it: padded length, alphabet, canonical trailing bits. */
function decodeBase64(s: string, sensitive: boolean): Buffer {
  const fail = (why: string): Error => serializationException(sensitive ? "" : `'${s}' can not be converted to a Blob: ${why}`);
  if (s.length % 4 !== 0) throw fail(`Base64 encoded length is expected a multiple of 4 bytes but found: ${s.length}`);
  const firstOther = s.search(/[^A-Za-z0-9+/]/);
  if (firstOther !== -1) {
    const pad = s.slice(firstOther);
    if (!/^={1,2}$/.test(pad)) throw fail(`Invalid Base64 character: '${s.charAt(firstOther)}'`);
    // The bits after the last full byte must be zero (4 bits before "==", 2 before "=").
    const last = ALPHABET.indexOf(s.charAt(firstOther - 1));
    if ((last & (pad.length === 2 ? 0x0f : 0x03)) !== 0) throw fail("Invalid last non-pad Base64 character dectected");
  }
  return Buffer.from(s, "base64");
}

function decodeTimestamp(v: unknown): Date {
  let ms: number;
  if (typeof v === "number") ms = v * 1000;
  else if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v)) ms = Number(v) * 1000;
  else if (typeof v === "string") ms = Date.parse(v);
  else throw serializationException("");
  if (!Number.isFinite(ms)) throw serializationException("");
  return new Date(ms);
}

/**
 * Decodes one JSON value against `shapeName`. Returns undefined for null (treated as absent). Unknown structure
 * members are ignored; null list items and map values are dropped.
 */
export function decodeJson(model: ServiceModel, shapeName: string, v: unknown, sensitive = false): unknown {
  if (v === null || v === undefined) return undefined;
  const shape = model.shapes[shapeName];
  if (shape === undefined) throw new Error(`model has no shape ${shapeName}`);
  const isSensitive = sensitive || shape.sensitive === true;
  switch (shape.type) {
    case "structure": {
      if (!isPlainObject(v)) throw wrongType(shape, v);
      const out: Json = {};
      for (const [name, ref] of Object.entries(shape.members)) {
        const d = decodeJson(model, ref.shape, v[ref.locationName ?? name], isSensitive);
        if (d !== undefined) out[name] = d;
      }
      return out;
    }
    case "list": {
      if (!Array.isArray(v)) throw wrongType(shape, v);
      const out: unknown[] = [];
      for (const item of v) {
        const d = decodeJson(model, shape.member.shape, item, isSensitive);
        if (d !== undefined) out.push(d);
      }
      return out;
    }
    case "map": {
      if (!isPlainObject(v)) throw wrongType(shape, v);
      const entries: [string, unknown][] = [];
      for (const [k, x] of Object.entries(v)) {
        const d = decodeJson(model, shape.value.shape, x, isSensitive);
        if (d !== undefined) entries.push([k, d]);
      }
      return Object.fromEntries(entries); // fromEntries defines own properties, so a "__proto__" key stays data
    }
    case "string":
      if (typeof v !== "string") throw wrongType(shape, v);
      return v;
    case "boolean":
      if (typeof v !== "boolean") throw wrongType(shape, v);
      return v;
    case "integer":
    case "long": {
      if (typeof v !== "number") throw wrongType(shape, v);
      const n = Math.trunc(v); // Coral truncates fractional numbers for integer members
      const ok = shape.type === "integer" ? n >= INT_MIN && n <= INT_MAX : Number.isSafeInteger(n);
      if (!ok) throw serializationException("");
      return n;
    }
    case "float":
    case "double":
      if (typeof v !== "number") throw wrongType(shape, v);
      return v;
    case "blob":
      if (typeof v !== "string") throw wrongType(shape, v);
      return decodeBase64(v, isSensitive);
    case "timestamp":
      if (typeof v === "object") throw wrongType(shape, v);
      return decodeTimestamp(v);
  }
}

// Typed reads of already-validated input (protocol/shapes.ts checked required members and types).
import type { Input } from "../types.js";

export const optString = (input: Input, name: string): string | undefined => {
  const v = input[name];
  return typeof v === "string" ? v : undefined;
};

/** Required by the model, so present after validation; "" only if a caller bypassed validation. */
export const reqString = (input: Input, name: string): string => optString(input, name) ?? "";

export const optNumber = (input: Input, name: string): number | undefined => {
  const v = input[name];
  return typeof v === "number" ? v : undefined;
};

export const optBool = (input: Input, name: string): boolean | undefined => {
  const v = input[name];
  return typeof v === "boolean" ? v : undefined;
};

export const optBlob = (input: Input, name: string): Buffer | undefined => {
  const v = input[name];
  return Buffer.isBuffer(v) ? v : undefined;
};

export const reqBlob = (input: Input, name: string): Buffer => optBlob(input, name) ?? Buffer.alloc(0);

/** An EncryptionContext map (string -> string). */
export function optContext(input: Input, name: string): Record<string, string> | undefined {
  const v = input[name];
  if (typeof v !== "object" || v === null || Array.isArray(v) || Buffer.isBuffer(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
  return out;
}

export interface KmsTag {
  readonly TagKey: string;
  readonly TagValue: string;
}

export function tagsOf(input: Input, name: string): KmsTag[] {
  const v = input[name];
  if (!Array.isArray(v)) return [];
  return v.flatMap((t: unknown) => {
    if (typeof t !== "object" || t === null) return [];
    const k: unknown = Reflect.get(t, "TagKey");
    const val: unknown = Reflect.get(t, "TagValue");
    return typeof k === "string" && typeof val === "string" ? [{ TagKey: k, TagValue: val }] : [];
  });
}

export function stringList(input: Input, name: string): string[] {
  const v = input[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

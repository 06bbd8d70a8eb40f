// Typed reads of already-validated input (protocol/shapes.ts checked types, lengths, enums and required members).
import type { Input } from "../types.js";

/** A required string member; its absence means validation was bypassed, which is a bug, not a client error. */
export function reqString(input: Input, member: string): string {
  const v = input[member];
  if (typeof v !== "string") throw new Error(`validated input has no string ${member}`);
  return v;
}

export const optString = (input: Input, member: string): string | undefined => {
  const v = input[member];
  return typeof v === "string" ? v : undefined;
};

export const optBool = (input: Input, member: string): boolean | undefined => {
  const v = input[member];
  return typeof v === "boolean" ? v : undefined;
};

export const optNumber = (input: Input, member: string): number | undefined => {
  const v = input[member];
  return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : undefined;
};

export const stringList = (input: Input, member: string): string[] => {
  const v = input[member];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
};

/** A list of structures (Tags, ParameterFilters, Filters): plain objects as the decoder produced them. */
export const structList = (input: Input, member: string): Array<Record<string, unknown>> => {
  const v = input[member];
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null) : [];
};

/** Request order, first occurrence kept. */
export const unique = (xs: readonly string[]): string[] => [...new Set(xs)];

// GetRandomPassword (secretsmanager.md §2.13): uniform choice from a CSPRNG over the included characters; with
// RequireEachIncludedType, rejection sampling keeps the result uniform over the passwords that contain every type.
import { randomInt } from "node:crypto";
import type { Input, Output } from "../types.js";
import { noCharacters, passwordTooShort } from "./errors.js";

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const DEFAULT_LENGTH = 32;
const MAX_REJECTIONS = 10_000;

export interface PasswordOptions {
  readonly length: number;
  readonly excludeCharacters: string;
  readonly excludeNumbers: boolean;
  readonly excludePunctuation: boolean;
  readonly excludeUppercase: boolean;
  readonly excludeLowercase: boolean;
  readonly includeSpace: boolean;
  readonly requireEachIncludedType: boolean;
}

export function passwordOptions(input: Input): PasswordOptions {
  const flag = (k: string, dflt: boolean): boolean => (typeof input[k] === "boolean" ? (input[k] as boolean) : dflt); // checked typeof
  return {
    length: typeof input.PasswordLength === "number" ? input.PasswordLength : DEFAULT_LENGTH,
    excludeCharacters: typeof input.ExcludeCharacters === "string" ? input.ExcludeCharacters : "",
    excludeNumbers: flag("ExcludeNumbers", false),
    excludePunctuation: flag("ExcludePunctuation", false),
    excludeUppercase: flag("ExcludeUppercase", false),
    excludeLowercase: flag("ExcludeLowercase", false),
    includeSpace: flag("IncludeSpace", false),
    requireEachIncludedType: flag("RequireEachIncludedType", true),
  };
}

/** The character classes left after the exclusions; empty classes are dropped (they are not "included"). */
export function characterClasses(o: PasswordOptions): { classes: string[]; space: boolean } {
  const drop = new Set(o.excludeCharacters);
  const keep = (s: string): string => [...s].filter((c) => !drop.has(c)).join("");
  const classes = [
    o.excludeLowercase ? "" : keep(LOWER),
    o.excludeUppercase ? "" : keep(UPPER),
    o.excludeNumbers ? "" : keep(DIGITS),
    o.excludePunctuation ? "" : keep(PUNCTUATION),
  ].filter((c) => c.length > 0);
  return { classes, space: o.includeSpace && !drop.has(" ") };
}

export function generatePassword(o: PasswordOptions, pick: (max: number) => number = randomInt): string {
  const { classes, space } = characterClasses(o);
  const pool = classes.join("") + (space ? " " : "");
  if (pool.length === 0) throw noCharacters();
  const required = o.requireEachIncludedType ? classes : [];
  if (o.length < required.length) throw passwordTooShort();
  const draw = (): string => Array.from({ length: o.length }, () => pool[pick(pool.length)] ?? "").join("");
  const complete = (p: string): boolean => required.every((cls) => [...p].some((c) => cls.includes(c)));
  for (let i = 0; i < MAX_REJECTIONS; i++) {
    const p = draw();
    if (complete(p)) return p;
  }
  // Practically unreachable (tiny pools with many types): put one of each required type at random positions.
  const chars = [...draw()];
  const positions = [...chars.keys()];
  for (const cls of required) {
    const at = positions.splice(pick(positions.length), 1)[0] ?? 0;
    chars[at] = cls[pick(cls.length)] ?? "";
  }
  return chars.join("");
}

export async function getRandomPassword(_ctx: unknown, input: Input): Promise<Output> {
  return { RandomPassword: generatePassword(passwordOptions(input)) };
}

// PURE: request/response members → CloudTrail requestParameters/responseElements (cloudtrail.md §3):
// lowerCamelCase member names, map keys as given, secrets removed by SCHEMA (the model's `sensitive`
// flag plus an explicit list of what the models leave unflagged), never by scanning values.
import type { ServiceModel, Shape } from "../protocol/model-types.js";
import { elementDate, type Json, type JsonObject } from "./event.js";

/** What AWS writes in place of a Parameter Store value (cloudtrail.md §3, observed). */
export const HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";
/** CloudTrail's budget for requestParameters / responseElements (cloudtrail.md §1). */
export const MAX_ELEMENT_BYTES = 100 * 1024;

/**
 * Members that carry secrets although their shapes are not flagged in every model version:
 * STS session tokens (tokenType has no flag), secret keys, plaintexts, passwords, secret values.
 */
export const SECRET_MEMBERS: ReadonlySet<string> = new Set([
  "SessionToken", "SecretAccessKey", "Plaintext", "PrivateKeyPlaintext", "SecretString", "SecretBinary",
  "RotationToken", "RandomPassword", "Password", "NewPassword", "OldPassword", "CiphertextForRecipient",
]);
export const SECRET_SHAPES: ReadonlySet<string> = new Set([
  "tokenType", "accessKeySecretType", "PSParameterValue", "PlaintextType", "SecretStringType", "SecretBinaryType",
  "RotationTokenType", "RandomPasswordType", "passwordType",
]);

export interface RedactOptions {
  /** Write HIDDEN in place of secret strings instead of omitting them (SSM does; KMS, Secrets Manager omit). */
  readonly placeholder: boolean;
}

export interface Redacted {
  readonly value: JsonObject | null;
  /** Secret strings met on the way, so error messages can be scrubbed of them. */
  readonly secrets: readonly string[];
}

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** True when a member must never be written: flagged shape, listed shape, or listed member name. */
export function isSecretMember(model: ServiceModel, memberName: string, shapeName: string): boolean {
  return SECRET_MEMBERS.has(memberName) || SECRET_SHAPES.has(shapeName) || model.shapes[shapeName]?.sensitive === true;
}

class Walker {
  readonly secrets: string[] = [];
  /** Characters of the strings written so far: the budget check needs no JSON.stringify unless near it. */
  chars = 0;
  constructor(private readonly model: ServiceModel, private readonly opts: RedactOptions) {}

  shape(name: string): Shape | undefined {
    return this.model.shapes[name];
  }

  /** Collects every string under a secret member (for scrubbing messages); the member is not written. */
  collect(v: unknown): void {
    if (typeof v === "string") {
      if (v !== "") this.secrets.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => this.collect(x));
    else if (v !== null && typeof v === "object" && !(v instanceof Date) && !(v instanceof Uint8Array)) {
      Object.values(v).forEach((x) => this.collect(x));
    }
  }

  structure(shapeName: string, value: unknown): JsonObject | undefined {
    const shape = this.shape(shapeName);
    if (shape?.type !== "structure" || value === null || typeof value !== "object") return undefined;
    const src = value as Record<string, unknown>; // validated input / handler output: a plain object keyed by member
    const out: JsonObject = {};
    for (const [name, ref] of Object.entries(shape.members)) {
      const v = src[name];
      if (v === undefined || v === null) continue;
      if (isSecretMember(this.model, name, ref.shape)) {
        this.collect(v);
        if (this.opts.placeholder && typeof v === "string") out[lowerFirst(name)] = HIDDEN;
        continue;
      }
      const j = this.value(ref.shape, v);
      if (j !== undefined) out[lowerFirst(name)] = j;
    }
    return out;
  }

  value(shapeName: string, v: unknown): Json | undefined {
    const shape = this.shape(shapeName);
    if (!shape) return undefined;
    switch (shape.type) {
      case "structure":
        return this.structure(shapeName, v);
      case "list":
        return Array.isArray(v) ? v.map((x) => this.value(shape.member.shape, x) ?? null) : undefined;
      case "map":
        return this.map(shape.key.shape, shape.value.shape, v);
      case "string":
        if (typeof v !== "string") return undefined;
        this.chars += v.length;
        return v;
      case "boolean":
        return typeof v === "boolean" ? v : undefined;
      case "timestamp":
        return v instanceof Date ? elementDate(v) : undefined;
      case "blob":
        // Blobs are ciphertexts, plaintexts or key material: never recorded (cloudtrail.md §3, KMS row).
        return undefined;
      default:
        return typeof v === "number" && Number.isFinite(v) ? v : undefined;
    }
  }

  map(keyShape: string, valueShape: string, v: unknown): JsonObject | undefined {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
    if (isSecretMember(this.model, "", keyShape) || isSecretMember(this.model, "", valueShape)) {
      this.collect(v);
      return undefined;
    }
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      this.chars += k.length;
      const j = this.value(valueShape, x);
      if (j !== undefined) out[k] = j;
    }
    return out;
  }
}

function bounded(value: JsonObject | undefined, chars: number): JsonObject | null {
  if (value === undefined || Object.keys(value).length === 0) return null;
  // Strings dominate the size; only a value whose strings alone come near the budget is measured.
  if (chars * 3 < MAX_ELEMENT_BYTES / 2) return value;
  const size = Buffer.byteLength(JSON.stringify(value));
  // Over budget: record that it was omitted and how big it was, never reject the call.
  return size > MAX_ELEMENT_BYTES ? { omitted: true, originalSize: size } : value;
}

/** requestParameters of a call: null when the operation takes no input or none was given. */
export function requestParameters(model: ServiceModel, operation: string, input: unknown, opts: RedactOptions): Redacted {
  const shapeName = model.operations[operation]?.input;
  if (shapeName === undefined || input === undefined) return { value: null, secrets: [] };
  const w = new Walker(model, opts);
  const value = w.structure(shapeName, input);
  return { value: bounded(value, w.chars), secrets: w.secrets };
}

/** responseElements of a successful mutating call (secrets omitted, never placeheld). */
export function responseElements(model: ServiceModel, operation: string, output: unknown): Redacted {
  const shapeName = model.operations[operation]?.output;
  if (shapeName === undefined || output === undefined) return { value: null, secrets: [] };
  const w = new Walker(model, { placeholder: false });
  const value = w.structure(shapeName, output);
  return { value: bounded(value, w.chars), secrets: w.secrets };
}

/** Removes secret values a message might echo (an AllowedPattern mismatch, say). Short strings carry no secret worth a rewrite. */
export function scrubMessage(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const s of secrets) if (s.length >= 4 && out.includes(s)) out = out.split(s).join(HIDDEN);
  return out;
}

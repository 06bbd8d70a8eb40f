// `paramstore render`: fills a template with parameters and secrets (as consul-template / chamber
// export do) and writes it atomically with mode 0600, or to stdout. Nothing is written on any failure.
import { randomBytes } from "node:crypto";
import { closeSync, fchmodSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { AWS_OPTIONS, AWS_OPTIONS_USAGE, clientSettings, secretsClient, ssmClient, type ClientSettings } from "./aws-options.js";
import { FetchError, parameter, secretString } from "./fetch-values.js";
import { fetchKey, parseTemplate, TemplateError, type Ref, type Segment } from "./template.js";

export const RENDER_USAGE = `usage: paramstore render --template FILE [--out FILE]

Placeholders: {{ param "/a/b" }} (decrypted), {{ secret "id" }} (SecretString),
{{ secret "id" "key" }} (one key of a JSON SecretString), {{ env "NAME" }} (empty when unset).
Each distinct parameter or secret is read once. --out is written atomically (temporary file + rename)
with mode 0600; without it the result goes to stdout. Any error: exit 1, nothing written.

${AWS_OPTIONS_USAGE}`;

export async function runRender(argv: string[]): Promise<number> {
  if (argv[0] === "help" || argv.includes("--help")) return usage(0);
  const { values } = parseArgs({ args: argv, strict: true, options: { ...AWS_OPTIONS, template: { type: "string" }, out: { type: "string" } } });
  if (!values.template) return usage(2);
  let text: string;
  try {
    const segments = parseTemplate(readFileSync(values.template, "utf8"));
    const fetched = await fetchAll(segments, clientSettings(values, process.env));
    text = segments.map((s) => ("text" in s ? s.text : resolve(s.ref, fetched))).join("");
  } catch (e) {
    if (e instanceof TemplateError) return fail(`${values.template} ${e.message}`);
    if (e instanceof FetchError) return fail(e.message);
    throw e;
  }
  if (values.out) writeAtomically(values.out, text);
  else await new Promise<void>((res, rej) => process.stdout.write(text, (e) => (e ? rej(e) : res())));
  return 0;
}

/** Every distinct parameter and secret, read once: fetchKey -> value. */
async function fetchAll(segments: readonly Segment[], settings: ClientSettings): Promise<Map<string, string>> {
  const refs = new Map<string, Ref>();
  for (const s of segments) if ("ref" in s && s.ref.kind !== "env") refs.set(fetchKey(s.ref), s.ref);
  const kinds = new Set([...refs.values()].map((r) => r.kind));
  const ssm = kinds.has("param") ? ssmClient(settings) : undefined;
  const sm = kinds.has("secret") ? secretsClient(settings) : undefined;
  try {
    const out = new Map<string, string>();
    for (const [key, ref] of refs) {
      if (ref.kind === "param" && ssm) out.set(key, await parameter(ssm, ref.name));
      if (ref.kind === "secret" && sm) out.set(key, await secretString(sm, ref.id));
    }
    return out;
  } finally {
    ssm?.destroy();
    sm?.destroy();
  }
}

function resolve(ref: Ref, fetched: ReadonlyMap<string, string>): string {
  if (ref.kind === "env") return process.env[ref.name] ?? "";
  const value = fetched.get(fetchKey(ref)) ?? "";
  if (ref.kind !== "secret" || ref.key === undefined) return value;
  let doc: unknown;
  try {
    doc = JSON.parse(value);
  } catch {
    throw new FetchError(`secret ${ref.id} is not JSON, so it has no key ${ref.key}`); // the parser's message could quote the value
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc) || !Object.hasOwn(doc, ref.key)) {
    throw new FetchError(`secret ${ref.id} has no key ${ref.key}`);
  }
  const field: unknown = (doc as Record<string, unknown>)[ref.key]; // a JSON object, checked above
  return typeof field === "string" ? field : JSON.stringify(field);
}

/** Temporary file beside the target (same file system), 0600, synced, then renamed over it. */
function writeAtomically(target: string, text: string): void {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
  const fd = openSync(temp, "wx", 0o600);
  try {
    fchmodSync(fd, 0o600); // whatever the umask
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, target);
  } catch (e) {
    try { closeSync(fd); } catch { /* already closed */ }
    rmSync(temp, { force: true });
    throw e;
  }
}

function fail(message: string): number {
  process.stderr.write(`paramstore render: ${message}\n`);
  return 1;
}

function usage(code: number): number {
  process.stderr.write(RENDER_USAGE);
  return code;
}

// PURE: the `paramstore render` template language, a Go-template-like subset:
// {{ param "/a/b" }}  {{ secret "id" }}  {{ secret "id" "jsonKey" }}  {{ env "NAME" }}.

export type Ref =
  | { readonly kind: "param"; readonly name: string }
  | { readonly kind: "secret"; readonly id: string; readonly key?: string }
  | { readonly kind: "env"; readonly name: string };

export type Segment = { readonly text: string } | { readonly ref: Ref };

export class TemplateError extends Error {
  constructor(readonly line: number, problem: string) {
    super(`line ${line}: ${problem}`);
  }
}

/** Splits a template into text and references; a TemplateError names the line of the first problem. */
export function parseTemplate(source: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (;;) {
    const open = source.indexOf("{{", at);
    if (open === -1) {
      if (at < source.length) out.push({ text: source.slice(at) });
      return out;
    }
    if (open > at) out.push({ text: source.slice(at, open) });
    const close = source.indexOf("}}", open + 2);
    const line = lineOf(source, open);
    if (close === -1) throw new TemplateError(line, "unclosed {{");
    out.push({ ref: parseAction(source.slice(open + 2, close), line) });
    at = close + 2;
  }
}

function parseAction(body: string, line: number): Ref {
  const words = tokenize(body, line);
  const [fn, ...args] = words;
  const strings = args.every((a) => a.quoted) ? args.map((a) => a.text) : undefined;
  if (fn && !fn.quoted && strings) {
    if (fn.text === "param" && strings.length === 1 && strings[0]) return { kind: "param", name: strings[0] };
    if (fn.text === "env" && strings.length === 1 && strings[0]) return { kind: "env", name: strings[0] };
    if (fn.text === "secret" && strings.length === 1 && strings[0]) return { kind: "secret", id: strings[0] };
    if (fn.text === "secret" && strings.length === 2 && strings[0] && strings[1]) return { kind: "secret", id: strings[0], key: strings[1] };
  }
  throw new TemplateError(line, `unknown action {{${body}}}: expected param "NAME", secret "ID" ["KEY"] or env "NAME"`);
}

interface Word {
  readonly text: string;
  readonly quoted: boolean;
}

/** Bare words and double-quoted strings (with \" and \\ escapes). */
function tokenize(body: string, line: number): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i] ?? "";
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"') {
      let text = "";
      i++;
      for (;;) {
        const d = body[i];
        if (d === undefined || d === "\n") throw new TemplateError(line, "unterminated string");
        if (d === '"') { i++; break; }
        if (d === "\\") {
          const e = body[i + 1];
          if (e !== '"' && e !== "\\") throw new TemplateError(line, `unsupported escape \\${e ?? ""}`);
          text += e;
          i += 2;
          continue;
        }
        text += d;
        i++;
      }
      words.push({ text, quoted: true });
      continue;
    }
    const start = i;
    while (i < body.length && !/[\s"]/.test(body[i] ?? "")) i++;
    words.push({ text: body.slice(start, i), quoted: false });
  }
  return words;
}

const lineOf = (source: string, index: number): number => source.slice(0, index).split("\n").length;

/** A stable key per distinct fetch: a secret is read once whatever keys of it are used. */
export function fetchKey(ref: Ref): string {
  return ref.kind === "secret" ? `secret\0${ref.id}` : `${ref.kind}\0${ref.name}`;
}

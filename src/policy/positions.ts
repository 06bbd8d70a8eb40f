// Where each statement sits in a policy's JSON text, as IAM's policy simulator reports it (MatchedStatements).
//
// AWS's positions follow its JSON reader's "current location" (1-based line and column) at two moments: the start is
// where the reader stood just before the statement's `{` was handed out — right after the `[` for a first statement,
// right after the previous statement's `}` for later ones, and right after the `{` itself for a lone statement object
// (the reader consumes the value's first character together with `"Statement":`); the end is right after the `}`.
// Evidence: AWS CLI simulate-custom-policy example (lone object, columns 38–167), simulate-principal-policy example
// (line 3 column 19 after `"Statement": [`), recorded answers for AdministratorAccess (3:17–8:6) and a two-statement
// S3 bucket policy whose second statement starts at column 248, where the first one ends.

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface StatementSpan {
  readonly start: Position;
  readonly end: Position;
}

const WS = new Set([" ", "\t", "\n", "\r"]);

const skipWs = (text: string, i: number): number => {
  let j = i;
  while (j < text.length && WS.has(text.charAt(j))) j++;
  return j;
};

/** Index just past the JSON value that starts at `i` (the text is known to parse). */
function valueEnd(text: string, i: number): number {
  const c = text.charAt(i);
  if (c === '"') {
    let j = i + 1;
    while (j < text.length && text.charAt(j) !== '"') j += text.charAt(j) === "\\" ? 2 : 1;
    return j + 1;
  }
  if (c !== "{" && c !== "[") {
    let j = i;
    while (j < text.length && !WS.has(text.charAt(j)) && !",]}".includes(text.charAt(j))) j++;
    return j;
  }
  let depth = 0;
  for (let j = i; j < text.length; ) {
    const ch = text.charAt(j);
    if (ch === '"') {
      j = valueEnd(text, j);
      continue;
    }
    if (ch === "{" || ch === "[") depth++;
    else if ((ch === "}" || ch === "]") && --depth === 0) return j + 1;
    j++;
  }
  return text.length;
}

/** 1-based line and column of a reader standing before index `i`; CR, LF and CRLF each end a line. */
function positionAt(text: string, i: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let j = 0; j < i; j++) {
    const c = text.charAt(j);
    if (c === "\n" || (c === "\r" && text.charAt(j + 1) !== "\n")) {
      line++;
      lineStart = j + 1;
    }
  }
  return { line, column: i - lineStart + 1 };
}

/** Spans of the statements of the top-level `Statement` value, or [] when the text has none. */
function spansOf(text: string, valueStart: number): [number, number][] {
  if (text.charAt(valueStart) === "{") return [[valueStart + 1, valueEnd(text, valueStart)]];
  if (text.charAt(valueStart) !== "[") return [];
  const out: [number, number][] = [];
  let before = valueStart + 1;
  for (let j = skipWs(text, before); j < text.length && text.charAt(j) !== "]"; j = skipWs(text, j)) {
    if (text.charAt(j) === ",") {
      j++;
      continue;
    }
    const end = valueEnd(text, j);
    out.push([before, end]);
    before = end;
    j = end;
  }
  return out;
}

/**
 * The position of every statement, in document order (index i is statement i of the parsed document). The last
 * `Statement` member wins, as in JSON.parse. Texts that do not parse give [].
 */
export function statementPositions(text: string): StatementSpan[] {
  try {
    JSON.parse(text);
  } catch {
    return [];
  }
  let i = skipWs(text, 0);
  if (text.charAt(i) !== "{") return [];
  let found: [number, number][] = [];
  for (i = skipWs(text, i + 1); i < text.length && text.charAt(i) === '"'; ) {
    const keyEnd = valueEnd(text, i);
    const key: unknown = JSON.parse(text.slice(i, keyEnd));
    const value = skipWs(text, skipWs(text, keyEnd) + 1);
    if (key === "Statement") found = spansOf(text, value);
    i = skipWs(text, valueEnd(text, value));
    if (text.charAt(i) === ",") i = skipWs(text, i + 1);
  }
  return found.map(([s, e]) => ({ start: positionAt(text, s), end: positionAt(text, e) }));
}

// The web console's static files at /console/: an exact allow-list, security headers, nothing else.
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { HttpResponse } from "./pipeline.js";

export const CONSOLE_PATH = "/console";

/**
 * The sources are served from the source tree (dist/src/server -> ../../../src/console), so `tsc` alone keeps
 * them current and `npm ci` on a clean clone serves them; there is no copy step to forget.
 */
const DEFAULT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../src/console");

const TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
};

/** Every file the console has; any other name is a 404 (no path is ever joined from the request). */
export const CONSOLE_FILES: readonly string[] = [
  "index.html", "style.css", "app.js", "dom.js", "sigv4.js", "api.js",
  "view-parameters.js", "view-secrets.js", "view-keys.js", "view-audit.js",
];

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

export const isConsolePath = (path: string): boolean => path === CONSOLE_PATH || path.startsWith(`${CONSOLE_PATH}/`);

const answer = (status: number, headers: Record<string, string>, body: string): HttpResponse =>
  ({ status, headers: { ...SECURITY_HEADERS, ...headers }, body });

/** Answers GET/HEAD of a console path (see isConsolePath); `path` is the raw, undecoded request path. */
export function createConsoleHandler(dir: string = DEFAULT_DIR): (method: string, path: string) => Promise<HttpResponse> {
  const allowed = new Set(CONSOLE_FILES);
  return async (method, path) => {
    if (method !== "GET" && method !== "HEAD") return answer(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }, "Method Not Allowed\n");
    // Relative module imports need the trailing slash.
    if (path === CONSOLE_PATH) return answer(301, { location: `${CONSOLE_PATH}/`, "content-type": "text/plain; charset=utf-8" }, "");
    const name = path === `${CONSOLE_PATH}/` ? "index.html" : path.slice(CONSOLE_PATH.length + 1);
    if (!allowed.has(name)) return answer(404, { "content-type": "text/plain; charset=utf-8" }, "Not Found\n");
    const type = TYPES[name.slice(name.lastIndexOf(".") + 1)] ?? "application/octet-stream";
    try {
      return answer(200, { "content-type": type }, await readFile(join(dir, name), "utf8"));
    } catch {
      return answer(404, { "content-type": "text/plain; charset=utf-8" }, "Not Found\n");
    }
  };
}

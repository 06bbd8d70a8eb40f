// The agent's HTTP interface, that of the AWS Parameters and Secrets Lambda Extension:
// GET /systemsmanager/parameters/get and /secretsmanager/get with the X-Aws-Parameters-Secrets-Token header.
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { CachedAnswer, LruTtlCache } from "./agent-cache.js";
import { BadRequest, getParameter, getSecretValue } from "./agent-upstream.js";
import { errorCode } from "./aws-options.js";

export const TOKEN_HEADER = "x-aws-parameters-secrets-token";

export interface AgentDeps {
  readonly ssm: Pick<SSMClient, "send">;
  readonly sm: Pick<SecretsManagerClient, "send">;
  readonly cache: LruTtlCache;
  readonly token: string;
  readonly ssmTtlSeconds: number;
  readonly secretsTtlSeconds: number;
  readonly nowMs: () => number;
}

const ROUTES = {
  "/systemsmanager/parameters/get": { ttl: (d: AgentDeps) => d.ssmTtlSeconds, fetch: (d: AgentDeps, q: URLSearchParams) => getParameter(d.ssm, q) },
  "/secretsmanager/get": { ttl: (d: AgentDeps) => d.secretsTtlSeconds, fetch: (d: AgentDeps, q: URLSearchParams) => getSecretValue(d.sm, q) },
} as const;

export function agentHandler(deps: AgentDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const expected = Buffer.from(deps.token, "utf8");
  const inFlight = new Map<string, Promise<CachedAnswer>>();
  return (req, res) => {
    answer(deps, inFlight, expected, req).then(
      (a) => send(res, a.status, a.body, a.status === 200 || a.body.startsWith("{") ? "application/json" : "text/plain"),
      (e: unknown) => {
        // Only the error's code, in the log and to the client: a message could quote a value.
        process.stderr.write(`paramstore agent: ${req.method ?? "?"} ${new URL(req.url ?? "/", "http://agent.invalid").pathname} failed: ${errorCode(e)}\n`);
        send(res, 500, "internal error", "text/plain");
      },
    );
  };
}

async function answer(deps: AgentDeps, inFlight: Map<string, Promise<CachedAnswer>>, expected: Buffer, req: IncomingMessage): Promise<CachedAnswer> {
  const url = new URL(req.url ?? "/", "http://agent.invalid");
  if (url.pathname === "/ping") return { status: 200, body: "healthy" };
  // AWS's agent refuses forwarded requests: a local proxy must not turn it into an open relay (SSRF).
  if (req.headers["x-forwarded-for"] !== undefined) return { status: 400, body: "Forwarded" };
  if (!tokenMatches(req.headers[TOKEN_HEADER], expected)) return { status: 401, body: "bad session token or header key" };
  if (req.method !== "GET") return { status: 405, body: "Not allowed" };
  const route = Object.hasOwn(ROUTES, url.pathname) ? ROUTES[url.pathname as keyof typeof ROUTES] : undefined; // checked just before
  if (!route) return { status: 404, body: "Not found" };
  const key = `${url.pathname}?${[...url.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`;
  const cached = deps.cache.get(key, deps.nowMs());
  if (cached) return cached;
  // Identical requests arriving while one is upstream share its answer (one call, not a stampede).
  let pending = inFlight.get(key);
  if (!pending) {
    pending = route.fetch(deps, url.searchParams).then((fresh) => {
      if (fresh.status === 200) deps.cache.set(key, fresh, route.ttl(deps), deps.nowMs());
      return fresh;
    });
    inFlight.set(key, pending);
    const forget = (): void => { inFlight.delete(key); };
    pending.then(forget, forget);
  }
  try {
    return await pending;
  } catch (e) {
    if (e instanceof BadRequest) return { status: 400, body: e.message };
    throw e;
  }
}

function tokenMatches(given: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof given !== "string") return false;
  const bytes = Buffer.from(given, "utf8");
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}

function send(res: ServerResponse, status: number, body: string, type: string): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), "cache-control": "no-store" });
  res.end(body);
}

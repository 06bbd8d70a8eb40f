// Admin endpoint (/admin/*, plain JSON, not AWS): seal status, unseal, seal, rotate-root.
// Local connections only. Unseal by shares or passphrase needs nothing else (they are the secret);
// seal, rotate-root and key-file unseal need a SigV4 signature by the account's root credentials.
import type { IncomingMessage } from "node:http";
import { networkInterfaces } from "node:os";
import type { Logger } from "pino";
import { z } from "zod";
import { checkScopeAndTime, parseAuth, unrecognizedClient, verifySignature } from "../auth/sigv4/index.js";
import type { CredentialResolver } from "../auth/credentials.js";
import { SEAL_MODES, SealError } from "../crypto/seal/index.js";
import type { SealManager, UnsealInput } from "../crypto/seal/manager.js";
import { isServiceError } from "../protocol/errors.js";
import type { HttpResponse } from "./pipeline.js";

/** Credential scope service of admin requests: `<date>/<region>/paramstore/aws4_request`. */
export const ADMIN_SIGNING_SERVICE = "paramstore";
export const ADMIN_PREFIX = "/admin/";

export interface AdminDeps {
  readonly manager: SealManager;
  readonly credentials: CredentialResolver;
  readonly clock: () => Date;
  readonly logger: Pick<Logger, "info" | "warn" | "error">;
  /** Whether a peer address belongs to this host (tests may narrow it). */
  readonly isLocal?: (ip: string) => boolean;
}

const Passphrase = z.string().min(1).max(1024);
const Share = z.string().min(1).max(200);
const UnsealBody = z.object({ share: Share.optional(), passphrase: Passphrase.optional(), reset: z.literal(true).optional() }).strict()
  .refine((b) => Object.keys(b).length <= 1, { message: "give one of share, passphrase or reset" });
const RotateBody = z.object({
  to: z.enum(SEAL_MODES).optional(),
  currentPassphrase: Passphrase.optional(),
  currentShares: z.array(Share).max(255).optional(),
  newPassphrase: Passphrase.optional(),
  shares: z.number().int().optional(),
  threshold: z.number().int().optional(),
}).strict();
const VerifyBody = z.object({ nonce: z.string().uuid(), shares: z.array(Share).min(1).max(255) }).strict();
const EmptyBody = z.object({}).strict();

/** What the admin endpoint reads of a request: plain data, so a --workers worker can pass it to its primary. */
export interface AdminRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string[]>;
  readonly sourceIp: string;
}

export const adminRequestOf = (req: IncomingMessage): AdminRequest =>
  ({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headersDistinct as Record<string, string[]>, sourceIp: req.socket.remoteAddress ?? "" });

class AdminError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

type Route = (req: AdminRequest, body: Buffer) => Promise<unknown>;

export type AdminHandler = (req: AdminRequest, body: Buffer) => Promise<HttpResponse | null>;

export function createAdminHandler(deps: AdminDeps): AdminHandler {
  const isLocal = deps.isLocal ?? isLocalAddress;
  const routes = adminRoutes(deps);
  return async (req, body) => {
    const path = req.url.split("?")[0] ?? "/";
    if (!path.startsWith(ADMIN_PREFIX)) return null;
    const name = path.slice(ADMIN_PREFIX.length);
    const sourceIp = req.sourceIp;
    try {
      if (!isLocal(sourceIp)) throw new AdminError(403, "LocalOnly", "the admin endpoint only accepts connections from this host");
      const route = Object.hasOwn(routes, name) ? routes[name] : undefined;
      if (!route) throw new AdminError(404, "NotFound", `no admin operation ${path}`);
      if (req.method !== route.method) throw new AdminError(405, "MethodNotAllowed", `${path} takes ${route.method}`);
      const out = await route.run(req, body);
      if (route.method === "POST") deps.logger.info({ admin: name, sourceIp }, "admin call");
      return json(200, out);
    } catch (e) {
      return failure(deps, e, name, sourceIp);
    }
  };
}

/** /admin/<name> -> method and handler. Bodies are parsed after the signature check where one is needed. */
function adminRoutes(deps: AdminDeps): Record<string, { method: "GET" | "POST"; run: Route }> {
  const m = deps.manager;
  return {
    status: { method: "GET", run: async () => m.status() },
    unseal: {
      method: "POST",
      run: async (req, body) => {
        const input = parse(UnsealBody, body);
        if (input.share !== undefined) return m.unseal({ share: input.share });
        if (input.passphrase !== undefined) return withBuffer(input.passphrase, (passphrase) => m.unseal({ passphrase }));
        if (input.reset) return m.unseal({ reset: true });
        await requireRoot(deps, req, body, "unseal with the key file");
        return m.unseal({ keyFile: true } satisfies UnsealInput);
      },
    },
    seal: {
      method: "POST",
      run: async (req, body) => {
        await requireRoot(deps, req, body, "seal");
        parse(EmptyBody, body);
        return m.seal();
      },
    },
    "rotate-root": {
      method: "POST",
      run: async (req, body) => {
        await requireRoot(deps, req, body, "rotate the root key");
        return rotate(m, parse(RotateBody, body));
      },
    },
    "rotate-root/verify": {
      method: "POST",
      run: async (req, body) => {
        await requireRoot(deps, req, body, "rotate the root key");
        const b = parse(VerifyBody, body);
        return m.verifyRotation(b.nonce, b.shares);
      },
    },
  };
}

async function rotate(m: SealManager, b: z.infer<typeof RotateBody>): Promise<unknown> {
  const current = { ...(b.currentPassphrase ? { passphrase: Buffer.from(b.currentPassphrase) } : {}), ...(b.currentShares ? { shares: b.currentShares } : {}) };
  const next = { ...(b.newPassphrase ? { passphrase: Buffer.from(b.newPassphrase) } : {}), ...(b.shares ? { shares: b.shares } : {}), ...(b.threshold ? { threshold: b.threshold } : {}) };
  try {
    return await m.rotate({ ...(b.to ? { to: b.to } : {}), current, next });
  } finally {
    current.passphrase?.fill(0);
    next.passphrase?.fill(0);
  }
}

/** A SigV4 signature by the root access key over this exact request; anything else is refused. */
async function requireRoot(deps: AdminDeps, req: AdminRequest, body: Buffer, what: string): Promise<void> {
  const url = req.url;
  const q = url.indexOf("?");
  const raw = { method: req.method, rawPath: q < 0 ? url : url.slice(0, q), rawQuery: q < 0 ? "" : url.slice(q + 1), headers: req.headers, body };
  try {
    const auth = parseAuth(raw, "json");
    checkScopeAndTime(auth, ADMIN_SIGNING_SERVICE, deps.clock(), "json");
    const cred = await deps.credentials(auth.accessKeyId);
    // Temporary credentials never qualify: only the long-term root access key may change the seal.
    if (!cred || cred.sessionToken !== undefined || auth.sessionToken !== undefined) throw unrecognizedClient("json");
    verifySignature(raw, auth, cred.secretAccessKey, "json");
    if (cred.principal.type !== "Root") throw new AdminError(403, "AccessDenied", `only the account's root credentials may ${what}`);
  } catch (e) {
    if (isServiceError(e)) throw new AdminError(403, e.code, `${what} needs a request signed with the root credentials: ${e.message}`);
    throw e;
  }
}

/** Loopback, or an address of one of this host's interfaces (a local client using the LAN address). */
export function isLocalAddress(ip: string): boolean {
  const addr = ip.startsWith("::ffff:") ? ip.slice(7) : ip;
  if (addr === "::1" || addr.startsWith("127.")) return true;
  return Object.values(networkInterfaces()).some((list) => list?.some((i) => i.address === addr) ?? false);
}

function parse<T>(schema: z.ZodType<T>, body: Buffer): T {
  let value: unknown = {};
  if (body.length > 0) {
    try {
      value = JSON.parse(body.toString("utf8"));
    } catch {
      throw new AdminError(400, "InvalidRequest", "the body is not JSON");
    }
  }
  const r = schema.safeParse(value);
  if (!r.success) throw new AdminError(400, "InvalidRequest", r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  return r.data;
}

async function withBuffer<T>(text: string, fn: (b: Buffer) => Promise<T>): Promise<T> {
  const b = Buffer.from(text, "utf8");
  try {
    return await fn(b);
  } finally {
    b.fill(0);
  }
}

function failure(deps: AdminDeps, e: unknown, name: string, sourceIp: string): HttpResponse {
  if (e instanceof AdminError || e instanceof SealError) {
    deps.logger.warn({ admin: name, sourceIp, code: e.code, message: e.message }, "admin call refused");
    return json(e.status, { error: e.code, message: e.message });
  }
  deps.logger.error({ admin: name, sourceIp, err: e instanceof Error ? e.message : String(e) }, "admin call failed");
  return json(500, { error: "InternalError", message: "the admin operation failed; see the server log" });
}

function json(status: number, body: unknown): HttpResponse {
  // no-store: unseal and rotate-root answers may carry shares.
  return { status, headers: { "content-type": "application/json", "cache-control": "no-store" }, body: JSON.stringify(body) };
}

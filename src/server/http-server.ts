// node:http(s) listener: body limit, /health, then everything else to the AWS pipeline.
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttps } from "node:https";
import { TLSSocket } from "node:tls";
import type { Logger } from "pino";
import type { HttpResponse, RawRequest } from "./pipeline.js";

/** Largest legal AWS body here is a 64 KiB secret plus JSON overhead; refuse far earlier than memory pressure. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpServerOptions {
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer };
  readonly handle: (raw: RawRequest) => Promise<HttpResponse>;
  /** Whether a path belongs to the plain-HTTP endpoints (checked first, so AWS calls skip `plain`). */
  readonly isPlainPath: (path: string) => boolean;
  /** Plain-HTTP endpoints outside the AWS API (/health, admin, console). null = not ours. */
  readonly plain: (req: IncomingMessage, body: Buffer) => Promise<HttpResponse | null>;
  readonly logger: Logger;
}

const TOO_LARGE = JSON.stringify({ __type: "SerializationException", message: `Request body exceeds ${MAX_BODY_BYTES} bytes.` });

export function createHttpServer(opts: HttpServerOptions): Server {
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    // headersDistinct, which the pipeline uses anyway: reading req.headers would build a second header object.
    const declared = Number(req.headersDistinct["content-length"]?.[0] ?? 0);
    if (declared > MAX_BODY_BYTES) return refuseTooLarge(res);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        refused = true;
        refuseTooLarge(res);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      if (refused) return;
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      void respond(req, res, body);
    });
    req.on("error", () => res.destroy());
  };

  async function respond(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    try {
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const rawPath = q < 0 ? url : url.slice(0, q);
      const plain = opts.isPlainPath(rawPath) ? await opts.plain(req, body) : null;
      const out = plain ?? (await opts.handle({
        method: req.method ?? "GET",
        rawPath,
        rawQuery: q < 0 ? "" : url.slice(q + 1),
        headers: req.headersDistinct as Record<string, string[]>,
        body,
        sourceIp: normaliseIp(req.socket.remoteAddress ?? ""),
        isTls: req.socket instanceof TLSSocket,
        ...(req.socket instanceof TLSSocket ? { tls: tlsOf(req.socket) } : {}),
      }));
      send(res, out);
    } catch (e) {
      opts.logger.error({ err: e instanceof Error ? e.message : String(e) }, "unhandled error in request handler");
      send(res, { status: 500, headers: { "content-type": "application/json" }, body: JSON.stringify({ __type: "InternalFailure", message: "" }) });
    }
  }

  const server = opts.tls ? createHttps({ cert: opts.tls.cert, key: opts.tls.key }, onRequest) : createHttp(onRequest);
  server.keepAliveTimeout = 65_000;
  return server;
}

function send(res: ServerResponse, out: HttpResponse): void {
  if (res.headersSent || res.destroyed) return;
  const body = Buffer.from(out.body, "utf8");
  for (const [name, value] of Object.entries(out.headers)) res.setHeader(name, value);
  res.setHeader("content-length", body.length);
  res.writeHead(out.status);
  res.end(body);
}

function refuseTooLarge(res: ServerResponse): void {
  if (res.headersSent) return;
  res.writeHead(413, { "content-type": "application/x-amz-json-1.1", connection: "close", "content-length": String(Buffer.byteLength(TOO_LARGE)) });
  res.end(TOO_LARGE);
}

/** The connection's TLS version and cipher suite (OpenSSL / IANA TLS 1.3 names, as CloudTrail records them). */
function tlsOf(socket: TLSSocket): { version: string; cipher: string } {
  return { version: socket.getProtocol() ?? "", cipher: socket.getCipher()?.name ?? "" };
}

/** "::ffff:127.0.0.1" -> "127.0.0.1" so policies with IPv4 CIDRs match. */
function normaliseIp(ip: string): string {
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
}

// Client of the server's /admin endpoint for `paramstore operator`: JSON over HTTP(S), and SigV4
// (scope service "paramstore") with the root credentials where the server requires them.
import { createHash, createHmac } from "node:crypto";
import { existsSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { join } from "node:path";
import { ADMIN_SIGNING_SERVICE } from "../server/admin.js";
import { CREDENTIALS_FILE, resolveRootCredentials } from "../server/identity-bootstrap.js";

export interface RootCreds {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface AdminClient {
  call(method: "GET" | "POST", op: string, body?: unknown, opts?: { signed?: boolean }): Promise<AdminReply>;
}

export interface AdminReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export class AdminCallError extends Error {}

const REGION = "us-east-1";

export function createAdminClient(opts: { endpoint: string; ca?: Buffer; credentials: () => RootCreds; clock?: () => Date }): AdminClient {
  const base = new URL(opts.endpoint);
  return {
    async call(method, op, body, callOpts = {}) {
      const url = new URL(`/admin/${op}`, base);
      const payload = Buffer.from(body === undefined ? "" : JSON.stringify(body), "utf8");
      const headers: Record<string, string> = { host: url.host, "content-type": "application/json" };
      if (callOpts.signed) Object.assign(headers, sign(method, url, headers, payload, opts.credentials(), (opts.clock ?? (() => new Date()))()));
      return send(url, method, headers, payload, opts.ca);
    },
  };
}

/**
 * Root credentials for signed admin calls: PARAMSTORE_ROOT_ACCESS_KEY_ID/SECRET (as the server
 * takes them), else AWS_ACCESS_KEY_ID/SECRET, else the credentials file the server generated in its data dir.
 */
export function findRootCredentials(env: NodeJS.ProcessEnv, dataDir: string | undefined): RootCreds {
  for (const [id, secret] of [["PARAMSTORE_ROOT_ACCESS_KEY_ID", "PARAMSTORE_ROOT_SECRET_ACCESS_KEY"], ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]] as const) {
    const accessKeyId = env[id];
    const secretAccessKey = env[secret];
    if (accessKeyId && secretAccessKey) return { accessKeyId, secretAccessKey };
  }
  if (dataDir && existsSync(join(dataDir, CREDENTIALS_FILE))) return resolveRootCredentials(dataDir, {});
  throw new AdminCallError("this command needs the root credentials: set PARAMSTORE_ROOT_ACCESS_KEY_ID and PARAMSTORE_ROOT_SECRET_ACCESS_KEY, or pass --data-dir of the server");
}

/** SigV4 headers (x-amz-date, authorization) over method, path, the given headers and the body. */
function sign(method: string, url: URL, headers: Record<string, string>, payload: Buffer, creds: RootCreds, now: Date): Record<string, string> {
  const amzDate = now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const all: Record<string, string> = { ...headers, "x-amz-date": amzDate };
  const names = Object.keys(all).map((n) => n.toLowerCase()).sort();
  const canonical = [
    method,
    url.pathname,
    "",
    ...names.map((n) => `${n}:${(all[n] ?? "").trim()}`),
    "",
    names.join(";"),
    sha256(payload),
  ].join("\n");
  const scope = `${day}/${REGION}/${ADMIN_SIGNING_SERVICE}/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256(Buffer.from(canonical))}`;
  let key: Buffer = hmac(`AWS4${creds.secretAccessKey}`, day);
  for (const part of [REGION, ADMIN_SIGNING_SERVICE, "aws4_request"]) key = hmac(key, part);
  const signature = hmac(key, toSign).toString("hex");
  return {
    "x-amz-date": amzDate,
    authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`,
  };
}

const sha256 = (b: Buffer): string => createHash("sha256").update(b).digest("hex");
const hmac = (key: Buffer | string, data: string): Buffer => createHmac("sha256", key).update(data, "utf8").digest();

function send(url: URL, method: string, headers: Record<string, string>, payload: Buffer, ca: Buffer | undefined): Promise<AdminReply> {
  const requestFn = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = requestFn(url, { method, agent: false, headers: { ...headers, "content-length": String(payload.length) }, ...(ca ? { ca } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          return reject(new AdminCallError(`${url.origin} answered ${res.statusCode} without JSON: is it a paramstore server?`));
        }
        resolve({ status: res.statusCode ?? 0, body: typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {} }); // JSON object from our own server
      });
    });
    req.on("error", (e) => reject(new AdminCallError(`cannot reach ${url.origin}: ${e.message}`)));
    req.end(payload);
  });
}

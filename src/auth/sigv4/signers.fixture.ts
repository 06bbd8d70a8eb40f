// Test-only: requests signed by the real client signers (smithy SignatureV4, botocore) as SignedRequestInput.

import { execFileSync } from "node:child_process";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { SignedRequestInput } from "./request.js";

export const AKID = "AKIDEXAMPLE";
export const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
export const HOST = "127.0.0.1:18099";

export interface OracleRequest {
  readonly method: string;
  /** Wire path, e.g. "/" or "/prefix/path". */
  readonly path?: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly service: string;
  readonly region?: string;
  readonly sessionToken?: string;
  readonly signingDate: Date;
}

const toInput = (
  method: string,
  path: string,
  rawQuery: string,
  headers: Iterable<readonly [string, string]>,
  body: string,
): SignedRequestInput => {
  const distinct: Record<string, string[]> = {};
  for (const [name, value] of headers) (distinct[name.toLowerCase()] ??= []).push(value);
  return { method, rawPath: path, rawQuery, headers: distinct, body: Buffer.from(body, "utf8") };
};

const smithySigner = (r: OracleRequest): SignatureV4 =>
  new SignatureV4({
    credentials: { accessKeyId: AKID, secretAccessKey: SECRET, ...(r.sessionToken ? { sessionToken: r.sessionToken } : {}) },
    region: r.region ?? "us-east-1",
    service: r.service,
    sha256: Sha256,
  });

const smithyRequest = (r: OracleRequest): HttpRequest =>
  new HttpRequest({
    method: r.method,
    protocol: "http:",
    hostname: "127.0.0.1",
    port: 18099,
    path: r.path ?? "/",
    query: { ...r.query },
    headers: { host: HOST, ...r.headers },
    ...(r.body === undefined ? {} : { body: r.body }),
  });

// The wire query as an HTTP client could send it: URLSearchParams encodes spaces as "+" and "~" as
// %7E, which differs from the canonical form, so the verifier must decode and re-encode.
const wireQuery = (query: HttpRequest["query"] = {}): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    for (const one of Array.isArray(v) ? v : [v]) if (typeof one === "string") q.append(k, one);
  }
  return q.toString();
};

/** Header auth with @smithy/signature-v4 as the JS SDK v3 signs (adds x-amz-content-sha256). */
export async function smithySign(r: OracleRequest): Promise<SignedRequestInput> {
  const signed = await smithySigner(r).sign(smithyRequest(r), { signingDate: r.signingDate });
  const headers = Object.entries(signed.headers).filter((e): e is [string, string] => typeof e[1] === "string");
  return toInput(signed.method, signed.path, wireQuery(signed.query), headers, r.body ?? "");
}

/** Presigned (query) auth with @smithy/signature-v4 `presign`. */
export async function smithyPresign(r: OracleRequest, expiresIn: number): Promise<SignedRequestInput> {
  const signed = await smithySigner(r).presign(smithyRequest(r), { signingDate: r.signingDate, expiresIn });
  const headers = Object.entries(signed.headers).filter((e): e is [string, string] => typeof e[1] === "string");
  return toInput(signed.method, signed.path, wireQuery(signed.query), headers, r.body ?? "");
}

// botocore's SigV4Auth / SigV4QueryAuth with the clock pinned; prints the prepared URL and headers.
const BOTOCORE_SIGN = `
import sys, json, datetime
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
a = json.load(sys.stdin)
fixed = datetime.datetime.strptime(a['date'], '%Y%m%dT%H%M%SZ')
botocore.auth.get_current_datetime = lambda *args, **kwargs: fixed
creds = Credentials(a['accessKeyId'], a['secret'], a.get('sessionToken'))
req = AWSRequest(method=a['method'], url=a['url'], data=a['body'].encode('utf-8'), headers=a['headers'])
if a.get('expires') is not None:
    auth = botocore.auth.SigV4QueryAuth(creds, a['service'], a['region'], expires=a['expires'])
else:
    auth = botocore.auth.SigV4Auth(creds, a['service'], a['region'])
auth.add_auth(req)
p = req.prepare()
print(json.dumps({'url': p.url, 'headers': [[k, v] for k, v in p.headers.items()]}))
`;

const amzDate = (d: Date): string => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

/** Header auth (or presigned with `expires`) by botocore, as the AWS CLI v1 / boto3 sign. */
export function botocoreSign(r: OracleRequest, expires?: number): SignedRequestInput {
  const query = r.query === undefined ? "" : "?" + new URLSearchParams(r.query).toString().replace(/\+/g, "%20");
  const out = execFileSync("python3", ["-c", BOTOCORE_SIGN], {
    input: JSON.stringify({
      accessKeyId: AKID,
      secret: SECRET,
      sessionToken: r.sessionToken,
      method: r.method,
      url: `http://${HOST}${r.path ?? "/"}${query}`,
      headers: r.headers ?? {},
      body: r.body ?? "",
      service: r.service,
      region: r.region ?? "us-east-1",
      date: amzDate(r.signingDate),
      expires: expires ?? null,
    }),
    encoding: "utf8",
  });
  const parsed = JSON.parse(out) as { url: string; headers: [string, string][] }; // shape printed by the script above
  const url = new URL(parsed.url);
  // botocore signs host from the URL; the HTTP layer (urllib3) then sends it as the Host header.
  const headers: [string, string][] = [["host", url.host], ...parsed.headers];
  return toInput(r.method, url.pathname, url.search.slice(1), headers, r.body ?? "");
}

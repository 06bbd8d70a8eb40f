// SigV4 authentication errors over real HTTP, per protocol family, compared with AWS's recorded answers
// (protocol.md §5.3, §6.5, §6.6): codes, HTTP status, exact texts and the member that carries them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Sha256 } from "@aws-crypto/sha256-js";
import { DescribeParametersCommand } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { rejectsWith } from "../helpers/assertions.js";
import { ROOT_CREDS, ssmClient, stsClient, type Creds } from "../helpers/clients.js";
import { serverPerFile } from "../helpers/fixtures.js";
import type { TestServer } from "../helpers/server.js";

let server: TestServer;
serverPerFile((started) => { server = started; });

interface Family {
  readonly service: string;
  readonly contentType: string;
  readonly target?: string;
  readonly body: string;
}
const JSON_FAMILIES: readonly Family[] = [
  { service: "ssm", contentType: "application/x-amz-json-1.1", target: "AmazonSSM.DescribeParameters", body: "{}" },
  { service: "kms", contentType: "application/x-amz-json-1.1", target: "TrentService.ListKeys", body: "{}" },
  { service: "secretsmanager", contentType: "application/x-amz-json-1.1", target: "secretsmanager.ListSecrets", body: "{}" },
  { service: "cloudtrail", contentType: "application/x-amz-json-1.1", target: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents", body: "{}" },
];
const QUERY_FAMILIES: readonly Family[] = [
  { service: "sts", contentType: "application/x-www-form-urlencoded; charset=utf-8", body: "Action=GetCallerIdentity&Version=2011-06-15" },
  { service: "iam", contentType: "application/x-www-form-urlencoded; charset=utf-8", body: "Action=ListUsers&Version=2010-05-08" },
];

interface Answer { readonly status: number; readonly code: string; readonly message: string; readonly body: string }

/** The error as it is on the wire: JSON `__type` + `message`, or Query `<Code>` + `<Message>` (XML entities undone). */
async function answer(res: Response): Promise<Answer> {
  const body = await res.text();
  if ((res.headers.get("content-type") ?? "").includes("json")) {
    const parsed = JSON.parse(body) as Record<string, string>;
    return { status: res.status, code: parsed["__type"] ?? "", message: parsed["message"] ?? "", body };
  }
  const tag = (name: string): string => (new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1] ?? "")
    .replace(/&apos;/g, "'").replace(/&quot;/g, "\"").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  return { status: res.status, code: tag("Code"), message: tag("Message"), body };
}

/** A request signed by the real client signer, with the scope and date given (what an SDK would not send). */
async function signed(f: Family, opts: { creds?: Creds; region?: string; scopeService?: string; date?: Date } = {}): Promise<Answer> {
  const url = new URL(server.endpoint);
  const signer = new SignatureV4({ credentials: opts.creds ?? ROOT_CREDS, region: opts.region ?? "us-east-1", service: opts.scopeService ?? f.service, sha256: Sha256 });
  const headers: Record<string, string> = { host: url.host, "content-type": f.contentType };
  if (f.target) headers["x-amz-target"] = f.target;
  const req = new HttpRequest({ method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/", headers, body: f.body });
  const out = await signer.sign(req, opts.date ? { signingDate: opts.date } : {});
  return answer(await fetch(url, { method: "POST", headers: out.headers, body: f.body }));
}

/** A request with hand-written auth headers (malformed Authorization, none at all). */
async function unsigned(f: Family, extra: Record<string, string> = {}): Promise<Answer> {
  const headers: Record<string, string> = { "content-type": f.contentType, ...extra };
  if (f.target) headers["x-amz-target"] = f.target;
  return answer(await fetch(server.endpoint, { method: "POST", headers, body: f.body }));
}

describe("no authentication at all", () => {
  // DynamoDB (Coral JSON) recorded: 400 {"__type":"...#MissingAuthenticationTokenException","message":"Request is missing Authentication Token"};
  // STS recorded: 403 <Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message>.
  for (const f of JSON_FAMILIES) {
    it(`${f.service}: 400 MissingAuthenticationTokenException in \`message\``, async () => {
      const a = await unsigned(f);
      assert.deepEqual([a.status, a.code, a.message], [400, "MissingAuthenticationTokenException", "Request is missing Authentication Token"]);
      assert.deepEqual(Object.keys(JSON.parse(a.body) as object).sort(), ["__type", "message"]);
    });
  }
  for (const f of QUERY_FAMILIES) {
    it(`${f.service}: 403 MissingAuthenticationToken`, async () => {
      const a = await unsigned(f);
      assert.deepEqual([a.status, a.code, a.message], [403, "MissingAuthenticationToken", "Request is missing Authentication Token"]);
    });
  }
});

describe("malformed Authorization header", () => {
  const missingAll = "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
    "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
    "Authorization=AWS4-HMAC-SHA256";
  // A stray space after "Credential=" (boto3#2280 on STS, cloud9-sync#10 on a JSON service, both recorded).
  const stray = "AWS4-HMAC-SHA256 Credential= AKIAEXAMPLE/20200122/us-east-1/x/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64);
  const strayText = `'AKIAEXAMPLE/20200122/us-east-1/x/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '${stray}'.`;
  for (const f of JSON_FAMILIES.slice(0, 1)) {
    it(`${f.service}: 400 IncompleteSignatureException listing every missing part`, async () => {
      const a = await unsigned(f, { authorization: "AWS4-HMAC-SHA256" });
      assert.deepEqual([a.status, a.code, a.message], [400, "IncompleteSignatureException", missingAll]);
      const b = await unsigned(f, { authorization: stray, "x-amz-date": "20200122T000000Z" });
      assert.deepEqual([b.status, b.code, b.message], [400, "IncompleteSignatureException", strayText]);
    });
  }
  for (const f of QUERY_FAMILIES) {
    it(`${f.service}: IncompleteSignature is HTTP 400, as the IAM API Reference lists it`, async () => {
      const a = await unsigned(f, { authorization: "AWS4-HMAC-SHA256" });
      assert.deepEqual([a.status, a.code, a.message], [400, "IncompleteSignature", missingAll]);
      const b = await unsigned(f, { authorization: stray, "x-amz-date": "20200122T000000Z" });
      assert.deepEqual([b.status, b.code, b.message], [400, "IncompleteSignature", strayText]);
    });
  }
});

describe("credential problems", () => {
  const unknownKey: Creds = { accessKeyId: "AKIAUNKNOWNKEY000001", secretAccessKey: "x".repeat(40) };
  const invalid = "The security token included in the request is invalid.";
  const mismatch = "The request signature we calculated does not match the signature you provided. " +
    "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
  for (const f of JSON_FAMILIES) {
    it(`${f.service}: unknown key, forged session token, wrong secret`, async () => {
      const a = await signed(f, { creds: unknownKey });
      assert.deepEqual([a.status, a.code, a.message], [400, "UnrecognizedClientException", invalid]);
      const b = await signed(f, { creds: { ...ROOT_CREDS, sessionToken: "forged" } });
      assert.deepEqual([b.status, b.code, b.message], [400, "UnrecognizedClientException", invalid]);
      const c = await signed(f, { creds: { ...ROOT_CREDS, secretAccessKey: "wrong".repeat(8) } });
      assert.deepEqual([c.status, c.code, c.message], [400, "InvalidSignatureException", mismatch]);
    });
  }
  for (const f of QUERY_FAMILIES) {
    it(`${f.service}: unknown key, forged session token, wrong secret`, async () => {
      const a = await signed(f, { creds: unknownKey });
      assert.deepEqual([a.status, a.code, a.message], [403, "InvalidClientTokenId", invalid]);
      const b = await signed(f, { creds: { ...ROOT_CREDS, sessionToken: "forged" } });
      assert.deepEqual([b.status, b.code, b.message], [403, "InvalidClientTokenId", invalid]);
      const c = await signed(f, { creds: { ...ROOT_CREDS, secretAccessKey: "wrong".repeat(8) } });
      assert.deepEqual([c.status, c.code, c.message], [403, "SignatureDoesNotMatch", mismatch]);
    });
  }
});

describe("credential scope", () => {
  // Recorded texts, trailing space included: "Credential should be scoped to a valid region, not 'eu-west-1'. "
  // (aws-es-curl#15) and "... to correct service: '<svc>'. ".
  it("a region no AWS partition has is refused, JSON and Query, also through the SDKs", async () => {
    const a = await signed(JSON_FAMILIES[0] as Family, { region: "local" });
    assert.deepEqual([a.status, a.code, a.message], [400, "InvalidSignatureException", "Credential should be scoped to a valid region, not 'local'. "]);
    const b = await signed(QUERY_FAMILIES[1] as Family, { region: "aws-global" });
    assert.deepEqual([b.status, b.code, b.message], [403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region, not 'aws-global'. "]);
    const ssm = ssmClient(server, ROOT_CREDS, "local");
    const sts = stsClient(server, ROOT_CREDS, "local");
    try {
      await rejectsWith(ssm.send(new DescribeParametersCommand({})), "InvalidSignatureException", "Credential should be scoped to a valid region, not 'local'. ");
      await rejectsWith(sts.send(new GetCallerIdentityCommand({})), "SignatureDoesNotMatch", "Credential should be scoped to a valid region, not 'local'. ", 403);
    } finally {
      ssm.destroy();
      sts.destroy();
    }
  });

  it("any region of a partition is served, as the CLI signs with the configured one", async () => {
    for (const region of ["eu-west-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1"]) {
      assert.equal((await signed(JSON_FAMILIES[0] as Family, { region })).status, 200, region);
      assert.equal((await signed(QUERY_FAMILIES[0] as Family, { region })).status, 200, region);
    }
  });

  it("a scope naming another service is refused with the service the target selects", async () => {
    const a = await signed(JSON_FAMILIES[1] as Family, { scopeService: "ssm" });
    assert.deepEqual([a.status, a.code, a.message], [400, "InvalidSignatureException", "Credential should be scoped to correct service: 'kms'. "]);
    // (An iam scope on an STS action routes to IAM instead, protocol.md §1; so the test scopes it to ssm.)
    const b = await signed(QUERY_FAMILIES[0] as Family, { scopeService: "ssm" });
    assert.deepEqual([b.status, b.code, b.message], [403, "SignatureDoesNotMatch", "Credential should be scoped to correct service: 'sts'. "]);
  });
});

describe("request date outside the window", () => {
  const amz = (d: Date): string => d.toISOString().replace(/[-:]|\.\d{3}/g, "");
  /** Checks `Signature expired: <sent> is now earlier than <now - w> (<now> - w min.)` with `now` the server's clock. */
  function assertExpired(message: string, sent: Date, minutes: number, before: number, after: number): void {
    const m = /^Signature expired: (\d{8}T\d{6}Z) is now earlier than (\d{8}T\d{6}Z) \((\d{8}T\d{6}Z) - (\d+) min\.\)$/.exec(message);
    assert.ok(m, message);
    const ms = (s: string): number => Date.parse(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`);
    assert.equal(m[1], amz(sent));
    assert.equal(Number(m[4]), minutes);
    assert.equal(ms(m[3] ?? "") - ms(m[2] ?? ""), minutes * 60_000);
    assert.ok(ms(m[3] ?? "") >= Math.floor(before / 1000) * 1000 && ms(m[3] ?? "") <= after, "the server's now");
  }
  // Recorded: SSM, Secrets Manager, KMS "(... - 5 min.)" InvalidSignatureException 400; STS "(... - 15 min.)" SignatureDoesNotMatch 403.
  it("JSON: 5 minutes, InvalidSignatureException", async () => {
    for (const f of JSON_FAMILIES) {
      const sent = new Date(Math.floor(Date.now() / 1000) * 1000 - 6 * 60_000);
      const before = Date.now();
      const a = await signed(f, { date: sent });
      assert.deepEqual([a.status, a.code], [400, "InvalidSignatureException"], f.service);
      assertExpired(a.message, sent, 5, before, Date.now());
    }
  });
  it("Query: 15 minutes, SignatureDoesNotMatch; 6 minutes old is still accepted", async () => {
    for (const f of QUERY_FAMILIES) {
      assert.equal((await signed(f, { date: new Date(Date.now() - 6 * 60_000) })).status, 200, f.service);
      const sent = new Date(Math.floor(Date.now() / 1000) * 1000 - 16 * 60_000);
      const before = Date.now();
      const a = await signed(f, { date: sent });
      assert.deepEqual([a.status, a.code], [403, "SignatureDoesNotMatch"], f.service);
      assertExpired(a.message, sent, 15, before, Date.now());
    }
  });
  it("a date in the future: Signature not yet current", async () => {
    const sent = new Date(Math.floor(Date.now() / 1000) * 1000 + 20 * 60_000);
    const a = await signed(JSON_FAMILIES[0] as Family, { date: sent });
    assert.equal(a.code, "InvalidSignatureException");
    assert.match(a.message, new RegExp(`^Signature not yet current: ${amz(sent)} is still later than \\d{8}T\\d{6}Z \\(\\d{8}T\\d{6}Z \\+ 5 min\\.\\)$`));
    const b = await signed(QUERY_FAMILIES[0] as Family, { date: sent });
    assert.equal(b.code, "SignatureDoesNotMatch");
    assert.match(b.message, new RegExp(`^Signature not yet current: ${amz(sent)} is still later than \\d{8}T\\d{6}Z \\(\\d{8}T\\d{6}Z \\+ 15 min\\.\\)$`));
  });
});

describe("unknown Query action", () => {
  // Recorded from STS: the front end names the operation and the version asked for, in its own fault namespace.
  it("names the operation and the Version (or NO_VERSION_SPECIFIED), 400 InvalidAction", async () => {
    const sts = QUERY_FAMILIES[0] as Family;
    const known = await signed({ ...sts, body: "Action=NoSuchAction&Version=2011-06-15" });
    assert.deepEqual([known.status, known.code, known.message], [400, "InvalidAction", "Could not find operation NoSuchAction for version 2011-06-15"]);
    assert.match(known.body, /<ErrorResponse xmlns="http:\/\/webservices\.amazon\.com\/AWSFault\/2005-15-09">/);
    const noVersion = await signed({ ...sts, body: "Action=NoSuchAction" });
    assert.equal(noVersion.message, "Could not find operation NoSuchAction for version NO_VERSION_SPECIFIED");
  });
});

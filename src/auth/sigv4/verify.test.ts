import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  checkScopeAndTime,
  expiredToken,
  parseAuth,
  SIGNATURE_MISMATCH_MESSAGE,
  unrecognizedClient,
  verifySignature,
  type AuthProtocol,
  type ParsedAuth,
  type SignedRequestInput,
} from "./index.js";
import { AKID, SECRET, botocoreSign, smithyPresign, smithySign, type OracleRequest } from "./signers.fixture.js";

const SIGNED_AT = new Date("2015-11-20T20:08:15Z");
const NOW = new Date("2015-11-20T20:09:00Z");
const SSM_BODY = '{"Name":"/a/b","WithDecryption":true}';

/** The pipeline's order (§6.5): parse, scope and clock, credential lookup, signature. */
function authenticate(
  req: SignedRequestInput,
  protocol: AuthProtocol,
  service: string,
  opts: { secret?: string; now?: Date } = {},
): ParsedAuth {
  const parsed = parseAuth(req, protocol);
  checkScopeAndTime(parsed, service, opts.now ?? NOW, protocol);
  if (parsed.accessKeyId !== AKID) throw unrecognizedClient(protocol);
  verifySignature(req, parsed, opts.secret ?? SECRET, protocol);
  return parsed;
}

const mismatch = (protocol: AuthProtocol) =>
  protocol === "json"
    ? { name: "InvalidSignatureException", status: 400, message: SIGNATURE_MISMATCH_MESSAGE }
    : { name: "SignatureDoesNotMatch", status: 403, message: SIGNATURE_MISMATCH_MESSAGE };

const withHeader = (req: SignedRequestInput, name: string, value: string | undefined): SignedRequestInput => {
  const headers = { ...req.headers };
  if (value === undefined) delete headers[name];
  else headers[name] = [value];
  return { ...req, headers };
};
const header = (req: SignedRequestInput, name: string): string => {
  const v = req.headers[name]?.[0];
  assert.ok(v !== undefined, `signed request has ${name}`);
  return v;
};
/** Changes one character: the last hex digit of the signature, or the given position of a string. */
const tamperChar = (s: string, at: number): string => {
  const i = at < 0 ? s.length + at : at;
  return s.slice(0, i) + (s[i] === "0" ? "1" : "0") + s.slice(i + 1);
};
const flipBodyByte = (req: SignedRequestInput, at: number): SignedRequestInput => {
  const body = Buffer.from(req.body);
  body[at] = (body[at] ?? 0) ^ 0x01;
  return { ...req, body };
};
const withQueryParam = (req: SignedRequestInput, name: string, value: string): SignedRequestInput => {
  const q = new URLSearchParams(req.rawQuery);
  q.set(name, value);
  return { ...req, rawQuery: q.toString() };
};

const ssmRequest = (over: Partial<OracleRequest> = {}): OracleRequest => ({
  method: "POST",
  headers: {
    "content-type": "application/x-amz-json-1.1",
    "x-amz-target": "AmazonSSM.GetParameter",
    "content-length": String(Buffer.byteLength(SSM_BODY)),
  },
  body: SSM_BODY,
  service: "ssm",
  signingDate: SIGNED_AT,
  ...over,
});
const iamForm = "Action=ListUsers&Version=2010-05-08&PathPrefix=%2Fteam+a%2F";
const iamRequest = (over: Partial<OracleRequest> = {}): OracleRequest => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
  body: iamForm,
  service: "iam",
  region: "eu-west-1",
  signingDate: SIGNED_AT,
  ...over,
});
const stsGetCallerIdentity = (over: Partial<OracleRequest> = {}): OracleRequest => ({
  method: "GET",
  query: { Action: "GetCallerIdentity", Version: "2011-06-15" },
  service: "sts",
  signingDate: SIGNED_AT,
  ...over,
});

describe("verifySignature against the real signers", () => {
  const signers: [string, (r: OracleRequest) => Promise<SignedRequestInput> | SignedRequestInput][] = [
    ["smithy (JS SDK v3)", smithySign],
    ["botocore (AWS CLI v1 / boto3)", botocoreSign],
  ];

  for (const [signerName, sign] of signers) {
    describe(signerName, () => {
      it("JSON SSM request is accepted; one-byte changes to body, header or signature are rejected", async () => {
        const req = await sign(ssmRequest());
        assert.equal(authenticate(req, "json", "ssm").accessKeyId, AKID);
        assert.throws(() => authenticate(flipBodyByte(req, 10), "json", "ssm"), mismatch("json"));
        const target = header(req, "x-amz-target");
        assert.throws(() => authenticate(withHeader(req, "x-amz-target", target.replace("GetParameter", "GetParametes")), "json", "ssm"), mismatch("json"));
        const auth = header(req, "authorization");
        assert.throws(() => authenticate(withHeader(req, "authorization", tamperChar(auth, -1)), "json", "ssm"), mismatch("json"));
        assert.throws(() => authenticate(withHeader(req, "host", "127.0.0.1:18098"), "json", "ssm"), mismatch("json"));
        assert.throws(() => authenticate({ ...req, rawPath: "/x" }, "json", "ssm"), mismatch("json"));
      });

      it("wrong secret is rejected", async () => {
        const req = await sign(ssmRequest());
        assert.throws(() => authenticate(req, "json", "ssm", { secret: tamperChar(SECRET, 0) }), mismatch("json"));
      });

      it("Query IAM form request signed for eu-west-1 is accepted; body tampering rejected with the Query code", async () => {
        const req = await sign(iamRequest());
        assert.equal(authenticate(req, "query", "iam").region, "eu-west-1");
        assert.throws(() => authenticate(flipBodyByte(req, req.body.length - 1), "query", "iam"), mismatch("query"));
      });

      it("session token is signed, returned, and cannot be swapped", async () => {
        const req = await sign(iamRequest({ service: "sts", body: "Action=GetCallerIdentity&Version=2011-06-15", sessionToken: "FQoGZXIvYXdzE/session+token==" }));
        assert.equal(authenticate(req, "query", "sts").sessionToken, "FQoGZXIvYXdzE/session+token==");
        assert.throws(() => authenticate(withHeader(req, "x-amz-security-token", "FQoGZXIvYXdzE/other"), "query", "sts"), mismatch("query"));
      });

      it("endpoint with a path prefix, including an encoded segment, is accepted", async () => {
        const plain = await sign(ssmRequest({ path: "/prefix/path" }));
        assert.equal(plain.rawPath, "/prefix/path");
        authenticate(plain, "json", "ssm");
        const encoded = await sign(ssmRequest({ path: "/prefix/a%20b" }));
        assert.equal(encoded.rawPath, "/prefix/a%20b");
        authenticate(encoded, "json", "ssm");
        assert.throws(() => authenticate({ ...encoded, rawPath: "/prefix/a%20c" }, "json", "ssm"), mismatch("json"));
      });

      it("header value with runs of spaces is accepted; collapsing them keeps it valid, changing a word does not", async () => {
        const req = await sign(ssmRequest({ headers: { ...ssmRequest().headers, "x-custom-note": "a   b    c" } }));
        assert.match(header(req, "authorization"), /x-custom-note/);
        authenticate(req, "json", "ssm");
        authenticate(withHeader(req, "x-custom-note", "a b c"), "json", "ssm");
        assert.throws(() => authenticate(withHeader(req, "x-custom-note", "a   b    d"), "json", "ssm"), mismatch("json"));
      });

      it("clock skew beyond 5 minutes is rejected with AWS's text", async () => {
        const req = await sign(ssmRequest());
        assert.throws(() => authenticate(req, "json", "ssm", { now: new Date("2015-11-20T20:13:16Z") }), {
          name: "InvalidSignatureException",
          message: "Signature expired: 20151120T200815Z is now earlier than 20151120T200816Z (20151120T201316Z - 5 min.)",
        });
        assert.throws(() => authenticate(req, "json", "ssm", { now: new Date("2015-11-20T20:03:14Z") }), {
          name: "InvalidSignatureException",
          message: "Signature not yet current: 20151120T200815Z is still later than 20151120T200814Z (20151120T200314Z + 5 min.)",
        });
      });
    });
  }

  it("presigned GET STS GetCallerIdentity (smithy presign) is accepted; tampering rejected", async () => {
    const req = await smithyPresign(stsGetCallerIdentity({ sessionToken: "FQoGZXIvYXdzE/tok" }), 900);
    assert.match(req.rawQuery, /X-Amz-Signature=/);
    const parsed = authenticate(req, "query", "sts");
    assert.equal(parsed.kind, "query");
    assert.equal(parsed.sessionToken, "FQoGZXIvYXdzE/tok");
    const sig = new URLSearchParams(req.rawQuery).get("X-Amz-Signature") ?? "";
    assert.throws(() => authenticate(withQueryParam(req, "X-Amz-Signature", tamperChar(sig, -1)), "query", "sts"), mismatch("query"));
    assert.throws(() => authenticate(withQueryParam(req, "Action", "GetSessionToken"), "query", "sts"), mismatch("query"));
    assert.throws(() => authenticate(withQueryParam(req, "X-Amz-Expires", "901"), "query", "sts"), mismatch("query"));
    assert.throws(() => authenticate(req, "query", "sts", { now: new Date("2015-11-20T20:23:16Z") }), {
      name: "SignatureDoesNotMatch",
      message: "Signature expired: 20151120T200815Z is now earlier than 20151120T200816Z (20151120T202316Z - 15 min.)",
    });
  });

  it("presigned GET STS GetCallerIdentity (botocore SigV4QueryAuth) is accepted; tampering rejected", () => {
    const req = botocoreSign(stsGetCallerIdentity(), 60);
    assert.equal(authenticate(req, "query", "sts").expiresSeconds, 60);
    assert.throws(() => authenticate(withQueryParam(req, "Version", "2011-06-16"), "query", "sts"), mismatch("query"));
  });

  it("UNSIGNED-PAYLOAD signed by the client is rejected (header and presigned query)", async () => {
    const headerAuth = await smithySign(ssmRequest({ headers: { ...ssmRequest().headers, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } }));
    assert.equal(header(headerAuth, "x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
    assert.throws(() => authenticate(headerAuth, "json", "ssm"), mismatch("json"));
    const presigned = await smithyPresign(stsGetCallerIdentity({ headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } }), 900);
    assert.match(presigned.rawQuery, /x-amz-content-sha256=UNSIGNED-PAYLOAD/i);
    assert.throws(() => authenticate(presigned, "query", "sts"), mismatch("query"));
  });

  it("x-amz-content-sha256 that differs from the body hash is rejected even when the signature itself matches", () => {
    // botocore signs without the header, so the signature stays valid when it is added afterwards
    // (parse result reused): only the declared-hash rule can reject these.
    const boto = botocoreSign(ssmRequest());
    assert.equal(boto.headers["x-amz-content-sha256"], undefined);
    const parsed = parseAuth(boto, "json");
    const bodyHash = createHash("sha256").update(SSM_BODY).digest("hex");
    verifySignature(withHeader(boto, "x-amz-content-sha256", bodyHash), parsed, SECRET, "json");
    assert.throws(() => verifySignature(withHeader(boto, "x-amz-content-sha256", tamperChar(bodyHash, 0)), parsed, SECRET, "json"), mismatch("json"));
    assert.throws(() => verifySignature(withHeader(boto, "x-amz-content-sha256", "UNSIGNED-PAYLOAD"), parsed, SECRET, "json"), mismatch("json"));
  });

  it("a signed header missing from the request, or a malformed signature, is rejected", async () => {
    const req = await smithySign(ssmRequest());
    const parsed = parseAuth(req, "json");
    assert.throws(() => verifySignature(withHeader(req, "content-length", undefined), parsed, SECRET, "json"), mismatch("json"));
    assert.throws(() => verifySignature(req, { ...parsed, signature: parsed.signature.toUpperCase() }, SECRET, "json"), mismatch("json"));
    assert.throws(() => verifySignature(req, { ...parsed, signature: parsed.signature.slice(0, 62) }, SECRET, "json"), mismatch("json"));
    verifySignature(req, parsed, SECRET, "json");
  });
});

describe("verifySignature against AWS's published examples", () => {
  // Signatures from the AWS SigV4 test suite ("get-vanilla") and the IAM ListUsers example.
  const doc = (rawQuery: string, headers: Record<string, string>, service: string, signature: string, signed: string) => {
    const all = { ...headers, "x-amz-date": "20150830T123600Z" };
    const req: SignedRequestInput = {
      method: "GET",
      rawPath: "/",
      rawQuery,
      headers: Object.fromEntries(Object.entries(all).map(([k, v]) => [k, [v]])),
      body: Buffer.alloc(0),
    };
    const authorization = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/${service}/aws4_request, SignedHeaders=${signed}, Signature=${signature}`;
    return withHeader(req, "authorization", authorization);
  };

  it("get-vanilla verifies; a changed digit does not", () => {
    const sig = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
    const req = doc("", { host: "example.amazonaws.com" }, "service", sig, "host;x-amz-date");
    verifySignature(req, parseAuth(req, "json"), SECRET, "json");
    const bad = doc("", { host: "example.amazonaws.com" }, "service", tamperChar(sig, 5), "host;x-amz-date");
    assert.throws(() => verifySignature(bad, parseAuth(bad, "json"), SECRET, "json"), mismatch("json"));
  });

  it("IAM ListUsers with a query string verifies; reordered query still verifies; changed value does not", () => {
    const sig = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
    const headers = { host: "iam.amazonaws.com", "content-type": "application/x-www-form-urlencoded; charset=utf-8" };
    const signed = "content-type;host;x-amz-date";
    for (const q of ["Action=ListUsers&Version=2010-05-08", "Version=2010-05-08&Action=ListUsers"]) {
      const req = doc(q, headers, "iam", sig, signed);
      verifySignature(req, parseAuth(req, "query"), SECRET, "query");
    }
    const bad = doc("Action=ListUsers&Version=2010-05-09", headers, "iam", sig, signed);
    assert.throws(() => verifySignature(bad, parseAuth(bad, "query"), SECRET, "query"), mismatch("query"));
  });
});

describe("credential lookup errors", () => {
  it("unknown key / invalid token: UnrecognizedClientException (400) or InvalidClientTokenId (403)", () => {
    assert.deepEqual(
      [unrecognizedClient("json")].map((e) => [e.code, e.status, e.message, e.messageField]),
      [["UnrecognizedClientException", 400, "The security token included in the request is invalid.", "message"]],
    );
    assert.deepEqual(
      [unrecognizedClient("query")].map((e) => [e.code, e.status, e.message]),
      [["InvalidClientTokenId", 403, "The security token included in the request is invalid."]],
    );
  });

  it("expired session token: ExpiredTokenException (400) or ExpiredToken (403), no final period", () => {
    assert.deepEqual(
      [expiredToken("json"), expiredToken("query")].map((e) => [e.code, e.status, e.message]),
      [
        ["ExpiredTokenException", 400, "The security token included in the request is expired"],
        ["ExpiredToken", 403, "The security token included in the request is expired"],
      ],
    );
  });
});

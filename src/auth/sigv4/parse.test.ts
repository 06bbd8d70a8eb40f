import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseAuth } from "./parse.js";
import type { SignedRequestInput } from "./request.js";

const SIG = "a".repeat(64);
const AUTH = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20151120/us-east-1/ssm/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${SIG}`;

const request = (headers: Record<string, string | undefined>, rawQuery = ""): SignedRequestInput => {
  const base: Record<string, string | undefined> = {
    host: "127.0.0.1:18099",
    "content-type": "application/x-amz-json-1.1",
    "x-amz-date": "20151120T200815Z",
    "x-amz-target": "AmazonSSM.GetParameter",
    authorization: AUTH,
    ...headers,
  };
  const distinct: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) distinct[k] = [v];
  return { method: "POST", rawPath: "/", rawQuery, headers: distinct, body: Buffer.from("{}") };
};

const PRESIGN_QUERY: Record<string, string> = {
  Action: "GetCallerIdentity",
  Version: "2011-06-15",
  "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
  "X-Amz-Credential": "AKIDEXAMPLE/20151120/us-east-1/sts/aws4_request",
  "X-Amz-Date": "20151120T200815Z",
  "X-Amz-Expires": "900",
  "X-Amz-SignedHeaders": "host",
  "X-Amz-Signature": SIG,
  "X-Amz-Security-Token": "tok en",
};
const presigned = (override: Record<string, string | undefined>): SignedRequestInput => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...PRESIGN_QUERY, ...override })) if (v !== undefined) q.append(k, v);
  return { method: "GET", rawPath: "/", rawQuery: q.toString(), headers: { host: ["127.0.0.1:18099"] }, body: Buffer.alloc(0) };
};

describe("parseAuth", () => {
  it("parses an Authorization header into credential scope, date, signed headers and signature", () => {
    const parsed = parseAuth(request({ "x-amz-security-token": undefined }), "json");
    assert.deepEqual(parsed, {
      kind: "header",
      accessKeyId: "AKIDEXAMPLE",
      scopeDate: "20151120",
      region: "us-east-1",
      service: "ssm",
      terminator: "aws4_request",
      amzDate: "20151120T200815Z",
      signedHeaders: ["content-type", "host", "x-amz-date", "x-amz-target"],
      signature: SIG,
    });
  });

  it("takes the session token from X-Amz-Security-Token", () => {
    const auth = AUTH.replace("x-amz-date;", "x-amz-date;x-amz-security-token;");
    assert.equal(parseAuth(request({ authorization: auth, "x-amz-security-token": "FQoG/tok" }), "json").sessionToken, "FQoG/tok");
  });

  it("accepts components separated by commas without spaces", () => {
    const parsed = parseAuth(request({ authorization: AUTH.replace(/, /g, ",") }), "json");
    assert.equal(parsed.signature, SIG);
  });

  it("falls back to the RFC 1123 Date header when there is no X-Amz-Date", () => {
    const auth = AUTH.replace("x-amz-date", "date");
    const parsed = parseAuth(request({ authorization: auth, "x-amz-date": undefined, date: "Fri, 20 Nov 2015 20:08:15 GMT" }), "json");
    assert.equal(parsed.amzDate, "20151120T200815Z");
  });

  it("parses presigned query parameters, including expiry and session token", () => {
    const parsed = parseAuth(presigned({}), "query");
    assert.deepEqual(parsed, {
      kind: "query",
      accessKeyId: "AKIDEXAMPLE",
      scopeDate: "20151120",
      region: "us-east-1",
      service: "sts",
      terminator: "aws4_request",
      amzDate: "20151120T200815Z",
      signedHeaders: ["host"],
      signature: SIG,
      sessionToken: "tok en",
      expiresSeconds: 900,
    });
  });

  it("no authentication at all is MissingAuthenticationToken(Exception)", () => {
    assert.throws(() => parseAuth(request({ authorization: undefined }), "json"), {
      name: "MissingAuthenticationTokenException", status: 400, message: "Request is missing Authentication Token",
    });
    assert.throws(() => parseAuth(request({ authorization: undefined }, "Action=GetCallerIdentity"), "query"), {
      name: "MissingAuthenticationToken", status: 403, message: "Request is missing Authentication Token",
    });
  });

  type ErrorCase = { name: string; req: SignedRequestInput; message: string };
  const cases: ErrorCase[] = [
    {
      name: "both Authorization header and presigned query parameters",
      req: request({}, "X-Amz-Algorithm=AWS4-HMAC-SHA256"),
      message: "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified",
    },
    {
      name: "missing Signature, SignedHeaders and date",
      req: request({ authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20151120/us-east-1/ssm/aws4_request", "x-amz-date": undefined }),
      message: "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20151120/us-east-1/ssm/aws4_request",
    },
    {
      name: "a bearer token instead of SigV4",
      req: request({ authorization: "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9", "x-amz-date": undefined }),
      message: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9",
    },
    {
      name: "only the date is missing",
      req: request({ "x-amz-date": undefined }),
      message: `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${AUTH}`,
    },
    {
      name: "a space inside the Credential value",
      req: request({ authorization: AUTH.replace("AKIDEXAMPLE/", "AKIDEXAMPLE /") }),
      message: `'/20151120/us-east-1/ssm/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '${AUTH.replace("AKIDEXAMPLE/", "AKIDEXAMPLE /")}'.`,
    },
    {
      name: "another algorithm",
      req: request({ authorization: AUTH.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512") }),
      message: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'.",
    },
    {
      name: "a credential with four elements",
      req: request({ authorization: AUTH.replace("/us-east-1", "") }),
      message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20151120/ssm/aws4_request'",
    },
    {
      name: "an extended-format X-Amz-Date",
      req: request({ "x-amz-date": "2015-11-20T20:08:15Z" }),
      message: "Date must be in ISO-8601 'basic format'. Got '2015-11-20T20:08:15Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    },
    {
      name: "an X-Amz-Date that is not a calendar date",
      req: request({ "x-amz-date": "20151131T200815Z" }),
      message: "Date must be in ISO-8601 'basic format'. Got '20151131T200815Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    },
    {
      name: "an unparseable Date header",
      req: request({ authorization: AUTH.replace("x-amz-date", "date"), "x-amz-date": undefined, date: "yesterday" }),
      message: "Date must be in ISO-8601 'basic format'. Got 'yesterday'. See http://en.wikipedia.org/wiki/ISO_8601",
    },
    {
      name: "host not among the signed headers",
      req: request({ authorization: AUTH.replace("host;", "") }),
      message: "'Host' must be a 'SignedHeader' in the AWS Authorization.",
    },
    {
      name: "an x-amz-* header present but not signed",
      req: request({ "x-amz-security-token": "tok" }),
      message: "There were headers present in the request which were not signed: x-amz-security-token",
    },
    {
      name: "presigned without X-Amz-Expires",
      req: presigned({ "X-Amz-Expires": undefined }),
      message: "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.",
    },
    {
      name: "presigned with another algorithm",
      req: presigned({ "X-Amz-Algorithm": "AWS4-ECDSA-P256-SHA256" }),
      message: 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"',
    },
    {
      name: "presigned with a non-numeric expiry",
      req: presigned({ "X-Amz-Expires": "-5" }),
      message: "X-Amz-Expires should be a number",
    },
    {
      name: "presigned with an expiry over a week",
      req: presigned({ "X-Amz-Expires": "604801" }),
      message: "X-Amz-Expires must be less than a week (in seconds) that is; 604800",
    },
    {
      name: "presigned without host signed",
      req: presigned({ "X-Amz-SignedHeaders": "content-type" }),
      message: "'Host' must be a 'SignedHeader' in the AWS Authorization.",
    },
  ];
  for (const c of cases) {
    it(`${c.name} is IncompleteSignature(Exception) with AWS's text`, () => {
      assert.throws(() => parseAuth(c.req, "json"), { name: "IncompleteSignatureException", status: 400, message: c.message });
      // 400 in both families: IAM API Reference, Common Error Types.
      assert.throws(() => parseAuth(c.req, "query"), { name: "IncompleteSignature", status: 400, message: c.message });
    });
  }
});

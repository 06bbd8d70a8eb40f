// `paramstore serve --tls-cert --tls-key`: the AWS SDK over HTTPS, aws:SecureTransport, and the audit record's tlsDetails.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { LookupEventsCommand, CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { IAMClient } from "@aws-sdk/client-iam";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { ROOT_CREDS, type Creds } from "../helpers/clients.js";
import { REGION, startServer, type TestServer } from "../helpers/server.js";
import { allow, deny, newUser, policy } from "./iam-support.js";

describe("HTTPS (--tls-cert, --tls-key)", () => {
  let dir: string;
  let server: TestServer;
  let handler: NodeHttpHandler;
  const config = (credentials: Creds) => ({ endpoint: server.endpoint, region: REGION, credentials, maxAttempts: 1, requestHandler: handler });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "paramstore-tls-"));
    const cert = join(dir, "cert.pem");
    const key = join(dir, "key.pem");
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
      "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert], { stdio: "ignore" });
    server = await startServer({ tls: { cert, key } });
    handler = new NodeHttpHandler({ httpsAgent: new Agent({ ca: readFileSync(cert) }) });
  });
  after(async () => {
    handler?.destroy();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves the SDK over HTTPS and nothing over plain HTTP", async () => {
    assert.ok(server.endpoint.startsWith("https://"));
    const ssm = new SSMClient(config(ROOT_CREDS));
    await ssm.send(new PutParameterCommand({ Name: "/tls/p", Value: "v", Type: "String" }));
    assert.equal((await ssm.send(new GetParameterCommand({ Name: "/tls/p" }))).Parameter?.Value, "v");
    await assert.rejects(fetch(server.endpoint.replace("https:", "http:") + "/health"));
  });

  it("aws:SecureTransport is true: a Deny for insecure transport does not apply", async () => {
    const creds = await newUser(new IAMClient(config(ROOT_CREDS)), "tls-user", { policy: policy(
      allow("ssm:GetParameter"),
      deny("ssm:GetParameter", "*", { Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    ) });
    assert.equal((await new SSMClient(config(creds)).send(new GetParameterCommand({ Name: "/tls/p" }))).Parameter?.Value, "v");
  });

  it("the caller's records carry tlsDetails (version, cipher suite, Host header), as CloudTrail's do", async () => {
    const out = await new CloudTrailClient(config(ROOT_CREDS)).send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "PutParameter" }] }));
    const rec = JSON.parse(out.Events?.[0]?.CloudTrailEvent ?? "{}") as { tlsDetails?: Record<string, string>; eventCategory?: string };
    const host = new URL(server.endpoint).host;
    assert.deepEqual(Object.keys(rec.tlsDetails ?? {}), ["tlsVersion", "cipherSuite", "clientProvidedHostHeader"]);
    assert.match(rec.tlsDetails?.["tlsVersion"] ?? "", /^TLSv1\.[23]$/);
    assert.ok((rec.tlsDetails?.["cipherSuite"] ?? "").length > 0);
    assert.equal(rec.tlsDetails?.["clientProvidedHostHeader"], host);
  });
});

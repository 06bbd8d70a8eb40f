// `paramstore render` against a real server: output, 0600 atomic write, one read per distinct reference,
// nothing written on a missing reference or a bad template (with its line), no value in any output.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { LookupEventsCommand, type CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CreateSecretCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { cloudtrailClient, secretsClient, ssmClient } from "../helpers/clients.js";
import { serverPerFile } from "../helpers/fixtures.js";
import type { TestServer } from "../helpers/server.js";
import { appEnv, assertNoSecrets, runApp } from "./cli-apps-support.js";

const DB_URL = "postgres://db.internal:5432/app";
const PASSWORD = "pw-Render-51c9";
const SECRET = { username: "svc-Render", password: "sm-Render-e03f", port: 5432 };
const SECRETS = [PASSWORD, JSON.stringify(SECRET), SECRET.password];

let server: TestServer;
let ssm: SSMClient;
let sm: SecretsManagerClient;
let trail: CloudTrailClient;
serverPerFile(async (s) => {
  server = s;
  ssm = ssmClient(s);
  sm = secretsClient(s);
  trail = cloudtrailClient(s);
  await ssm.send(new PutParameterCommand({ Name: "/render/db/url", Value: DB_URL, Type: "String" }));
  await ssm.send(new PutParameterCommand({ Name: "/render/db/password", Value: PASSWORD, Type: "SecureString" }));
  await sm.send(new CreateSecretCommand({ Name: "render/db", SecretString: JSON.stringify(SECRET) }));
}, {}, { cleanup: () => { ssm?.destroy(); sm?.destroy(); trail?.destroy(); } });

const dir = mkdtempSync(join(tmpdir(), "paramstore-render-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text?: string): string => {
  const path = join(dir, name);
  if (text !== undefined) writeFileSync(path, text);
  return path;
};

const TEMPLATE = [
  "url={{ param \"/render/db/url\" }}",
  "password={{param \"/render/db/password\"}}",
  "again={{ param \"/render/db/password\" }}",
  "user={{ secret \"render/db\" \"username\" }} port={{ secret \"render/db\" \"port\" }}",
  "whole={{ secret \"render/db\" }}",
  "home={{ env \"RENDER_TEST_VAR\" }} unset=[{{ env \"RENDER_UNSET_VAR\" }}]",
  "",
].join("\n");
const EXPECTED = [
  `url=${DB_URL}`,
  `password=${PASSWORD}`,
  `again=${PASSWORD}`,
  `user=${SECRET.username} port=5432`,
  `whole=${JSON.stringify(SECRET)}`,
  "home=from-env unset=[]",
  "",
].join("\n");

async function eventCount(eventName: string, resource: string): Promise<number> {
  const out = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: eventName }], MaxResults: 50 }));
  return (out.Events ?? []).filter((e) => (e.CloudTrailEvent ?? "").includes(resource)).length;
}

describe("paramstore render", () => {
  it("writes --out atomically with mode 0600, every distinct reference read once", async () => {
    const out = file("app.env");
    const before = await eventCount("GetParameter", "/render/db/password");
    const r = await runApp(["render", "--template", file("app.tmpl", TEMPLATE), "--out", out], appEnv(server, { RENDER_TEST_VAR: "from-env" }));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "");
    assert.equal(readFileSync(out, "utf8"), EXPECTED);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith(".tmp")), []);
    assert.equal((await eventCount("GetParameter", "/render/db/password")) - before, 1);
    assertNoSecrets([r.stdout, r.stderr], SECRETS);
  });

  it("replaces an existing file, which keeps mode 0600", async () => {
    const out = file("replaced.env", "old contents\n");
    const r = await runApp(["render", "--template", file("small.tmpl", "u={{ param \"/render/db/url\" }}\n"), "--out", out], appEnv(server));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(out, "utf8"), `u=${DB_URL}\n`);
    assert.equal(statSync(out).mode & 0o777, 0o600);
  });

  it("without --out writes to stdout", async () => {
    const r = await runApp(["render", "--template", file("stdout.tmpl", "{{ param \"/render/db/url\" }}|{{ secret \"render/db\" \"username\" }}")], appEnv(server));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${DB_URL}|${SECRET.username}`);
  });

  for (const [what, ref, message] of [
    ["parameter", "{{ param \"/render/missing\" }}", "paramstore render: cannot read parameter /render/missing: ParameterNotFound\n"],
    ["secret", "{{ secret \"render/missing\" }}", "paramstore render: cannot read secret render/missing: ResourceNotFoundException\n"],
    ["secret key", "{{ secret \"render/db\" \"nokey\" }}", "paramstore render: secret render/db has no key nokey\n"],
  ] as const) {
    it(`a missing ${what}: exit 1 naming it, nothing written`, async () => {
      const out = file(`missing-${what.replace(" ", "-")}.env`, "previous\n");
      const template = file("missing.tmpl", `ok={{ param "/render/db/password" }}\n${ref}\n`);
      const r = await runApp(["render", "--template", template, "--out", out], appEnv(server));
      assert.equal(r.code, 1);
      assert.equal(r.stderr, message);
      assert.equal(readFileSync(out, "utf8"), "previous\n");
      assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith(".tmp")), []);
      assertNoSecrets([r.stdout, r.stderr], SECRETS);
    });
  }

  it("a missing reference without --out prints nothing on stdout", async () => {
    const r = await runApp(["render", "--template", file("nostdout.tmpl", "{{ param \"/render/db/password\" }}{{ param \"/render/missing\" }}")], appEnv(server));
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
  });

  it("a bad action is an error with its line number; nothing is read or written", async () => {
    const out = file("bad.env");
    const template = file("bad.tmpl", "a={{ param \"/render/db/url\" }}\nb=ok\nc={{ vault \"x\" }}\n");
    const r = await runApp(["render", "--template", template, "--out", out], appEnv(server));
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `paramstore render: ${template} line 3: unknown action {{ vault "x" }}: expected param "NAME", secret "ID" ["KEY"] or env "NAME"\n`);
    assert.throws(() => statSync(out), { code: "ENOENT" });
  });

  it("an unclosed action names its line", async () => {
    const r = await runApp(["render", "--template", file("unclosed.tmpl", "x\n\n{{ param \"/a\"\n")], appEnv(server));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /line 3: unclosed \{\{\n$/);
  });
});

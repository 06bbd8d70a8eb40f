// Several servers on one PostgreSQL database (HA): each with its own data dir and audit chain, sharing every
// parameter, key, identity and secret; a change through one is seen at once by the other; one can die and the
// other serves on. Needs PostgreSQL (127.0.0.1:5432 or PARAMSTORE_TEST_DATABASE_URL) and says so if missing.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DisableKeyCommand, EnableKeyCommand, EncryptCommand } from "@aws-sdk/client-kms";
import { GetParameterCommand, GetParameterHistoryCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { GetSecretValueCommand, PutSecretValueCommand, CreateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { cloudtrailClient, iamClient, kmsClient, secretsClient, ssmClient } from "../helpers/clients.js";
import { expectError } from "../helpers/assertions.js";
import { runCli } from "../helpers/operator.js";
import { ACCOUNT_ID, startServer, type TestServer } from "../helpers/server.js";
import { dropSchema, requirePostgres, TEST_PG_URL } from "../helpers/postgres.js";
import { allow, deniedText, newUser, policy, userArn } from "./iam-support.js";
import { newKey } from "./kms-fixtures.js";

const PASSPHRASE = "ha test passphrase, shared by both servers";

describe("two servers on one PostgreSQL database", () => {
  const schema = `ha_${randomBytes(6).toString("hex")}`;
  const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), "paramstore-ha-")));
  let a: TestServer;
  let b: TestServer;
  const start = (dataDir: string): Promise<TestServer> =>
    startServer({ dataDir, args: ["--database-url", TEST_PG_URL, "--database-schema", schema, "--seal", "passphrase"], env: { PARAMSTORE_PASSPHRASE: PASSPHRASE } });

  before(async () => {
    await requirePostgres();
    a = await start(dirs[0] as string);
    b = await start(dirs[1] as string); // joins the store a initialised (same passphrase: same root key)
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await dropSchema(TEST_PG_URL, schema);
  });

  it("records the store in each data dir, without a password", () => {
    const rec = JSON.parse(readFileSync(join(a.dataDir, "storage.json"), "utf8")) as Record<string, string>;
    assert.deepEqual(rec, { engine: "postgres", url: new URL(TEST_PG_URL).toString(), schema });
  });

  it("a SecureString written through one server is read, decrypted, through the other at once", async () => {
    await ssmClient(a).send(new PutParameterCommand({ Name: "/ha/db/password", Value: "s3cr3t-1", Type: "SecureString" }));
    assert.equal((await ssmClient(b).send(new GetParameterCommand({ Name: "/ha/db/password", WithDecryption: true }))).Parameter?.Value, "s3cr3t-1");
    await ssmClient(b).send(new PutParameterCommand({ Name: "/ha/db/password", Value: "s3cr3t-2", Type: "SecureString", Overwrite: true }));
    const got = (await ssmClient(a).send(new GetParameterCommand({ Name: "/ha/db/password", WithDecryption: true }))).Parameter;
    assert.deepEqual([got?.Value, got?.Version], ["s3cr3t-2", 2]);
  });

  it("overwrites racing through both servers get distinct, consecutive versions", async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) =>
      ssmClient(i % 2 ? a : b).send(new PutParameterCommand({ Name: "/ha/race", Value: `v${i}`, Type: "String", Overwrite: true }))));
    const history = (await ssmClient(a).send(new GetParameterHistoryCommand({ Name: "/ha/race", MaxResults: 50 }))).Parameters ?? [];
    assert.deepEqual(history.map((p) => p.Version), Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("a key disabled through one server is refused by the other; re-enabled, it works again", async () => {
    const { keyId, arn } = await newKey(kmsClient(a));
    await kmsClient(b).send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x") })); // b has the key cached
    await kmsClient(a).send(new DisableKeyCommand({ KeyId: keyId }));
    await expectError(kmsClient(b).send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x") })), { name: "DisabledException", message: `${arn} is disabled.` });
    await kmsClient(a).send(new EnableKeyCommand({ KeyId: keyId }));
    await kmsClient(b).send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x") }));
  });

  it("an IAM user and policy made through one server authenticate and authorise on the other", async () => {
    const creds = await newUser(iamClient(a), "ha-reader", { policy: policy(allow("ssm:GetParameter", "arn:aws:ssm:*:*:parameter/ha/*")) });
    assert.equal((await ssmClient(b, creds).send(new GetParameterCommand({ Name: "/ha/race" }))).Parameter?.Name, "/ha/race");
    await expectError(ssmClient(b, creds).send(new PutParameterCommand({ Name: "/ha/x", Value: "y", Type: "String" })), { name: "AccessDeniedException", message: deniedText(userArn("ha-reader"), "ssm:PutParameter", `arn:aws:ssm:us-east-1:${ACCOUNT_ID}:parameter/ha/x`) });
  });

  it("secret versions written through either server form one history", async () => {
    await secretsClient(a).send(new CreateSecretCommand({ Name: "ha-secret", SecretString: "one" }));
    await secretsClient(b).send(new PutSecretValueCommand({ SecretId: "ha-secret", SecretString: "two" }));
    assert.equal((await secretsClient(a).send(new GetSecretValueCommand({ SecretId: "ha-secret" }))).SecretString, "two");
    assert.equal((await secretsClient(b).send(new GetSecretValueCommand({ SecretId: "ha-secret", VersionStage: "AWSPREVIOUS" }))).SecretString, "one");
  });

  it("each server keeps its own verified audit chain, and either one looks up both", async () => {
    const events = (await cloudtrailClient(b).send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: "/ha/db/password" }] }))).Events ?? [];
    assert.deepEqual(events.map((e) => e.EventName).filter((n) => n === "PutParameter").length, 2); // one through a, one through b
    for (const s of [a, b]) {
      const r = await runCli(["audit", "verify", "--data-dir", s.dataDir], { env: { PARAMSTORE_PASSPHRASE: PASSPHRASE } });
      assert.equal(r.code, 0, r.stdout + r.stderr);
    }
  });

  it("when one server dies, the other serves on", async () => {
    await a.stop({ signal: "SIGKILL", keepData: true });
    assert.equal((await ssmClient(b).send(new GetParameterCommand({ Name: "/ha/db/password", WithDecryption: true }))).Parameter?.Value, "s3cr3t-2");
    await ssmClient(b).send(new PutParameterCommand({ Name: "/ha/after", Value: "still writable", Type: "String" }));
    a = await start(dirs[0] as string); // and the dead one comes back to the same store
    assert.equal((await ssmClient(a).send(new GetParameterCommand({ Name: "/ha/after" }))).Parameter?.Value, "still writable");
  });
});

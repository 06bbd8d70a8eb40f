// `paramstore exec` against a real server: the child sees the values (it prints only their SHA-256),
// name mapping and conflicts, exit codes and signals passed through, fetch failures without values.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateSecretCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { secretsClient, ssmClient } from "../helpers/clients.js";
import { serversPerFile } from "../helpers/fixtures.js";
import type { TestServer } from "../helpers/server.js";
import { appEnv, assertNoSecrets, runApp, sha256, startApp } from "./cli-apps-support.js";

const VALUES = {
  "/app/prod/db/password": "pw-Exec-9f3a\"quoted\" $HOME `x`",
  "/app/prod/api-key": "ak-Exec-77c1",
  "/app/prod/nested/deep/token": "tok-Exec-0b2e",
  "/other/single": "single-Exec-5d4c",
  "/conflict/a-b": "conflict-one-Exec",
  "/conflict/a.b": "conflict-two-Exec",
} as const;
const SECRET_ID = "apps/exec-db";
const SECRET_VALUE = JSON.stringify({ username: "admin", password: "sm-Exec-a8d2" });
const ALL_SECRETS = [...Object.values(VALUES), SECRET_VALUE, "sm-Exec-a8d2"];

let server: TestServer;
let dataDirServer: TestServer;
let ssm: SSMClient;
let sm: SecretsManagerClient;
serversPerFile([{}, { env: { PARAMSTORE_ROOT_ACCESS_KEY_ID: "", PARAMSTORE_ROOT_SECRET_ACCESS_KEY: "" } }], async ([s, d]) => {
  server = s;
  dataDirServer = d;
  ssm = ssmClient(server);
  sm = secretsClient(server);
  for (const [Name, Value] of Object.entries(VALUES)) {
    await ssm.send(new PutParameterCommand({ Name, Value, Type: Name.includes("password") ? "SecureString" : "String" }));
  }
  await sm.send(new CreateSecretCommand({ Name: SECRET_ID, SecretString: SECRET_VALUE }));
}, { cleanup: () => { ssm?.destroy(); sm?.destroy(); } });

/** A child that prints NAME=sha256(value) (or NAME=unset) for each name: never a value. */
const hashesOf = (...names: string[]): string[] => [
  process.execPath,
  "-e",
  `const {createHash}=require("node:crypto");for(const n of ${JSON.stringify(names)}){const v=process.env[n];console.log(n+"="+(v===undefined?"unset":createHash("sha256").update(v).digest("hex")))}`,
];

const parse = (stdout: string): Record<string, string> =>
  Object.fromEntries(stdout.trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));

describe("paramstore exec", () => {
  it("adds the parameters under --path (recursive), --param and --secret to the child's environment", async () => {
    const r = await runApp(
      ["exec", "--path", "/app/prod", "--recursive", "--param", "/other/single=SINGLE", "--secret", `${SECRET_ID}=DB_SECRET`, "--",
        ...hashesOf("DB_PASSWORD", "API_KEY", "NESTED_DEEP_TOKEN", "SINGLE", "DB_SECRET", "PATH")],
      appEnv(server),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(parse(r.stdout), {
      DB_PASSWORD: sha256(VALUES["/app/prod/db/password"]),
      API_KEY: sha256(VALUES["/app/prod/api-key"]),
      NESTED_DEEP_TOKEN: sha256(VALUES["/app/prod/nested/deep/token"]),
      SINGLE: sha256(VALUES["/other/single"]),
      DB_SECRET: sha256(SECRET_VALUE),
      PATH: sha256(process.env.PATH ?? ""), // the current environment is kept
    });
    assertNoSecrets([r.stdout, r.stderr], ALL_SECRETS);
  });

  it("without --recursive reads one level only; --param without =NAME is named after its last segment", async () => {
    const r = await runApp(["exec", "--path", "/app/prod/", "--param", "/other/single", "--", ...hashesOf("API_KEY", "NESTED_DEEP_TOKEN", "DB_PASSWORD", "SINGLE")], appEnv(server));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(parse(r.stdout), { API_KEY: sha256(VALUES["/app/prod/api-key"]), NESTED_DEEP_TOKEN: "unset", DB_PASSWORD: "unset", SINGLE: sha256(VALUES["/other/single"]) });
  });

  it("two parameters mapping to one variable are an error naming both; the command does not run", async () => {
    const r = await runApp(["exec", "--path", "/conflict", "--", process.execPath, "-e", "console.log('RAN')"], appEnv(server));
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^paramstore exec: parameter \/conflict\/a[-.]b and parameter \/conflict\/a[-.]b both map to the environment variable A_B\n$/);
    assertNoSecrets([r.stdout, r.stderr], ALL_SECRETS);
  });

  it("an explicit name clashing with a path-derived one is a conflict too", async () => {
    const r = await runApp(["exec", "--path", "/app/prod", "--param", "/other/single=API_KEY", "--", process.execPath, "-e", "console.log('RAN')"], appEnv(server));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /parameter \/app\/prod\/api-key and parameter \/other\/single both map to the environment variable API_KEY/);
  });

  it("a missing parameter or secret: exit 1, one line naming it and the AWS error code, no value anywhere", async () => {
    const p = await runApp(["exec", "--path", "/app/prod", "--param", "/app/nope=NOPE", "--", process.execPath, "-e", "console.log('RAN')"], appEnv(server));
    assert.equal(p.code, 1);
    assert.equal(p.stdout, "");
    assert.equal(p.stderr, "paramstore exec: cannot read parameter /app/nope: ParameterNotFound\n");
    const s = await runApp(["exec", "--secret", "apps/none=X", "--", process.execPath, "-e", "console.log('RAN')"], appEnv(server));
    assert.equal(s.code, 1);
    assert.equal(s.stderr, "paramstore exec: cannot read secret apps/none: ResourceNotFoundException\n");
    assertNoSecrets([p.stdout, p.stderr, s.stdout, s.stderr], ALL_SECRETS);
  });

  it("wrong credentials fail with the AWS error code", async () => {
    const r = await runApp(["exec", "--path", "/app/prod", "--", process.execPath, "-e", "0"], appEnv(server, { AWS_SECRET_ACCESS_KEY: "wrong".repeat(8) }));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^paramstore exec: cannot read parameters under \/app\/prod: (InvalidSignatureException|UnrecognizedClientException)\n$/);
  });

  it("passes the child's exit code through", async () => {
    const r = await runApp(["exec", "--path", "/app/prod", "--", process.execPath, "-e", "process.exit(7)"], appEnv(server));
    assert.equal(r.code, 7);
  });

  it("a command killed by a signal makes exec exit 128+n", async () => {
    const r = await runApp(["exec", "--path", "/app/prod", "--", process.execPath, "-e", "process.kill(process.pid, 'SIGKILL')"], appEnv(server));
    assert.equal(r.code, 137);
  });

  it("forwards a signal it receives to the child", async () => {
    const app = startApp(
      ["exec", "--path", "/app/prod", "--", process.execPath, "-e", "process.on('SIGTERM', () => { console.log('child got SIGTERM'); process.exit(42); }); console.log('ready'); setInterval(() => {}, 1000);"],
      appEnv(server),
    );
    await app.waitFor("ready");
    app.child.kill("SIGTERM"); // to exec only, not its process group
    const r = await app.done;
    assert.equal(r.code, 42);
    assert.match(r.stdout, /child got SIGTERM/);
  });

  it("a forwarded signal that kills the child gives 128+n", async () => {
    const app = startApp(["exec", "--path", "/app/prod", "--", process.execPath, "-e", "console.log('ready'); setInterval(() => {}, 1000);"], appEnv(server));
    await app.waitFor("ready");
    app.child.kill("SIGINT");
    const r = await app.done;
    assert.equal(r.code, 130);
  });

  it("a command that does not exist exits 127", async () => {
    const r = await runApp(["exec", "--path", "/app/prod", "--", "/nonexistent/command-xyz"], appEnv(server));
    assert.equal(r.code, 127);
    assert.match(r.stderr, /cannot run \/nonexistent\/command-xyz: ENOENT/);
  });

  it("--data-dir uses the credentials file the server wrote; --endpoint overrides the environment", async () => {
    const env = appEnv(dataDirServer, { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, PARAMSTORE_ENDPOINT: "http://127.0.0.1:9" });
    // /none holds nothing: success proves the request was signed with the file's credentials.
    const put = await runApp(["exec", "--endpoint", dataDirServer.endpoint, "--data-dir", dataDirServer.dataDir, "--path", "/none", "--", process.execPath, "-e", "process.exit(0)"], env);
    assert.equal(put.code, 0, put.stderr);
  });

  it("without a command prints its usage and exits 2", async () => {
    const r = await runApp(["exec", "--path", "/app/prod"], appEnv(server));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /usage: paramstore exec/);
  });
});

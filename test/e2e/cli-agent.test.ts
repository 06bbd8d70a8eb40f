// `paramstore agent` against a real server, over real HTTP: the AWS Parameters and Secrets Lambda
// Extension's interface (token header, paths, JSON bodies), caching for the TTL, LRU bound, errors passed through.
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { after, describe, it } from "node:test";
import { LookupEventsCommand, type CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CreateSecretCommand, PutSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { cloudtrailClient, secretsClient, ssmClient } from "../helpers/clients.js";
import { serverPerFile } from "../helpers/fixtures.js";
import type { TestServer } from "../helpers/server.js";
import { appEnv, assertNoSecrets, startApp, type Started } from "./cli-apps-support.js";

const TOKEN = "agent-test-token-3c1f";
const SECRETS: string[] = [];
const secretValue = (label: string): string => {
  const v = `v-${label}-${SECRETS.length}-Agent`;
  SECRETS.push(v);
  return v;
};

let server: TestServer;
let ssm: SSMClient;
let sm: SecretsManagerClient;
let trail: CloudTrailClient;
serverPerFile((s) => {
  server = s;
  ssm = ssmClient(s);
  sm = secretsClient(s);
  trail = cloudtrailClient(s);
}, {}, { cleanup: () => { ssm?.destroy(); sm?.destroy(); trail?.destroy(); } });

/** GetParameter calls the server recorded for `name`. */
async function upstreamReads(name: string): Promise<number> {
  const out = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "GetParameter" }], MaxResults: 50 }));
  return (out.Events ?? []).filter((e) => (e.CloudTrailEvent ?? "").includes(`"${name}"`)).length;
}

const agents: Started[] = [];
after(async () => {
  for (const a of agents) {
    if (a.child.exitCode === null && a.child.signalCode === null) a.child.kill("SIGTERM");
    await a.done;
    assertNoSecrets([a.stdout(), a.stderr()], SECRETS);
  }
});

interface Agent {
  readonly base: string;
  readonly app: Started;
  get(path: string, token?: string | null): Promise<{ status: number; body: string; json: () => Record<string, unknown> }>;
}

async function startAgent(args: readonly string[]): Promise<Agent> {
  const app = startApp(["agent", "--listen", "127.0.0.1:0", ...args], appEnv(server));
  agents.push(app);
  const line = await app.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/);
  const base = line.slice(line.indexOf("http://"));
  return {
    base,
    app,
    async get(path, token = TOKEN) {
      const res = await fetch(`${base}${path}`, { headers: token === null ? {} : { "X-Aws-Parameters-Secrets-Token": token } });
      const body = await res.text();
      return { status: res.status, body, json: () => JSON.parse(body) as Record<string, unknown> };
    },
  };
}

const paramPath = (name: string, extra = ""): string => `/systemsmanager/parameters/get?name=${encodeURIComponent(name)}&withDecryption=true${extra}`;
const putParam = (Name: string, Value: string, Type: "String" | "SecureString" = "SecureString") =>
  ssm.send(new PutParameterCommand({ Name, Value, Type, Overwrite: true }));
const valueOf = (r: { json: () => Record<string, unknown> }): unknown => (r.json().Parameter as { Value?: unknown } | undefined)?.Value;

/** Polls until `get` answers `want`; returns when it did (deadline 15 s). */
async function until<T>(get: () => Promise<T>, want: T): Promise<number> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if ((await get()) === want) return Date.now();
    if (Date.now() > deadline) throw new Error(`never became ${String(want)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("paramstore agent", () => {
  it("refuses requests without the right X-Aws-Parameters-Secrets-Token (401), wrong methods and paths", async () => {
    await putParam("/agent/auth", secretValue("auth"));
    const agent = await startAgent(["--token", TOKEN]);
    for (const token of [null, "", "wrong-token", `${TOKEN}x`]) {
      const r = await agent.get(paramPath("/agent/auth"), token);
      assert.equal(r.status, 401, `token ${String(token)}`);
      assert.equal(r.body, "bad session token or header key");
    }
    assert.equal((await agent.get("/nope")).status, 404);
    assert.equal((await fetch(`${agent.base}${paramPath("/agent/auth")}`, { method: "POST", headers: { "X-Aws-Parameters-Secrets-Token": TOKEN } })).status, 405);
    assert.equal((await agent.get("/systemsmanager/parameters/get")).status, 400);
    assert.equal((await agent.get("/ping", null)).body, "healthy");
  });

  it("serves GetParameter's body (decrypted, by version and label) and GetSecretValue's", async () => {
    const v1 = secretValue("p1");
    const v2 = secretValue("p2");
    await putParam("/agent/param", v1);
    await putParam("/agent/param", v2);
    const secret = secretValue("secret");
    await sm.send(new CreateSecretCommand({ Name: "agent/secret", SecretString: secret }));
    const agent = await startAgent(["--token", TOKEN]);
    const r = await agent.get(paramPath("/agent/param"));
    assert.equal(r.status, 200);
    const p = r.json().Parameter as Record<string, unknown>;
    assert.equal(p.Name, "/agent/param");
    assert.equal(p.Type, "SecureString");
    assert.equal(p.Value, v2);
    assert.equal(p.Version, 2);
    assert.equal(typeof p.LastModifiedDate, "number"); // epoch seconds, as on the wire
    assert.equal(valueOf(await agent.get(paramPath("/agent/param", "&version=1"))), v1);
    const encrypted = await agent.get(`/systemsmanager/parameters/get?name=${encodeURIComponent("/agent/param")}`);
    assert.notEqual(valueOf(encrypted), v2); // without withDecryption: the ciphertext
    const s = await agent.get(`/secretsmanager/get?secretId=${encodeURIComponent("agent/secret")}`);
    assert.equal(s.status, 200);
    assert.equal(s.json().SecretString, secret);
    assert.deepEqual(s.json().VersionStages, ["AWSCURRENT"]);
    const staged = await agent.get(`/secretsmanager/get?secretId=${encodeURIComponent("agent/secret")}&versionStage=AWSCURRENT`);
    assert.equal(staged.json().SecretString, secret);
  });

  it("answers from its cache within the TTL and from upstream after it", async () => {
    const old = secretValue("cache-old");
    const fresh = secretValue("cache-new");
    await putParam("/agent/cached", old);
    await sm.send(new CreateSecretCommand({ Name: "agent/cached", SecretString: old }));
    const agent = await startAgent(["--token", TOKEN, "--ttl", "2"]);
    const cachedAt = Date.now();
    assert.equal(valueOf(await agent.get(paramPath("/agent/cached"))), old);
    assert.equal((await agent.get("/secretsmanager/get?secretId=agent%2Fcached")).json().SecretString, old);
    await putParam("/agent/cached", fresh);
    await sm.send(new PutSecretValueCommand({ SecretId: "agent/cached", SecretString: fresh }));
    assert.equal(valueOf(await agent.get(paramPath("/agent/cached"))), old);
    assert.equal((await agent.get("/secretsmanager/get?secretId=agent%2Fcached")).json().SecretString, old);
    const paramSwitched = await until(async () => valueOf(await agent.get(paramPath("/agent/cached"))), fresh);
    const secretSwitched = await until(async () => (await agent.get("/secretsmanager/get?secretId=agent%2Fcached")).json().SecretString, fresh);
    assert.ok(paramSwitched - cachedAt >= 2000, `parameter refreshed after ${paramSwitched - cachedAt} ms`);
    assert.ok(secretSwitched - cachedAt >= 2000, `secret refreshed after ${secretSwitched - cachedAt} ms`);
  });

  it("identical requests share one upstream call, in flight and from the cache", async () => {
    const value = secretValue("shared");
    await putParam("/agent/shared", value);
    const agent = await startAgent(["--token", TOKEN, "--ttl", "300"]);
    const answers = await Promise.all(Array.from({ length: 8 }, () => agent.get(paramPath("/agent/shared"))));
    assert.deepEqual(answers.map(valueOf), Array(8).fill(value));
    assert.equal(valueOf(await agent.get(paramPath("/agent/shared"))), value);
    assert.equal(await upstreamReads("/agent/shared"), 1);
  });

  it("--ttl 0 does not cache", async () => {
    await putParam("/agent/nocache", secretValue("nocache-1"));
    const agent = await startAgent(["--token", TOKEN, "--ttl", "0"]);
    assert.equal(valueOf(await agent.get(paramPath("/agent/nocache"))), SECRETS.at(-1));
    const next = secretValue("nocache-2");
    await putParam("/agent/nocache", next);
    assert.equal(valueOf(await agent.get(paramPath("/agent/nocache"))), next);
  });

  it("--max-entries bounds the cache, least recently used dropped first", async () => {
    await putParam("/agent/lru/a", secretValue("lru-a1"));
    await putParam("/agent/lru/b", secretValue("lru-b1"));
    const agent = await startAgent(["--token", TOKEN, "--ttl", "300", "--max-entries", "1"]);
    await agent.get(paramPath("/agent/lru/a"));
    await agent.get(paramPath("/agent/lru/b")); // evicts a
    const a2 = secretValue("lru-a2");
    const b2 = secretValue("lru-b2");
    await putParam("/agent/lru/a", a2);
    await putParam("/agent/lru/b", b2);
    assert.equal(valueOf(await agent.get(paramPath("/agent/lru/a"))), a2); // a was dropped: read again (evicts b)
    assert.equal(valueOf(await agent.get(paramPath("/agent/lru/a"))), a2);
    assert.equal(valueOf(await agent.get(paramPath("/agent/lru/b"))), b2);
  });

  it("passes upstream errors through with their status and body, and does not cache them", async () => {
    const agent = await startAgent(["--token", TOKEN]);
    const p = await agent.get(paramPath("/agent/missing"));
    assert.equal(p.status, 400);
    assert.deepEqual(p.json(), { __type: "ParameterNotFound", message: "Parameter /agent/missing not found." });
    const s = await agent.get("/secretsmanager/get?secretId=agent%2Fmissing");
    assert.equal(s.status, 400);
    assert.equal(s.json().__type, "ResourceNotFoundException");
    const created = secretValue("late");
    await putParam("/agent/missing", created);
    assert.equal(valueOf(await agent.get(paramPath("/agent/missing"))), created);
  });

  it("without --token writes a random one to a 0600 file it prints, and removes it on exit", async () => {
    await putParam("/agent/tokenfile", secretValue("tokenfile"));
    const agent = await startAgent([]);
    const path = /token in (\S+) /.exec(agent.app.stderr())?.[1];
    assert.ok(path, agent.app.stderr());
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const token = readFileSync(path, "utf8");
    assert.match(token, /^[0-9a-f]{64}$/);
    assert.equal(agent.app.stderr().includes(token), false);
    assert.equal((await agent.get(paramPath("/agent/tokenfile"), null)).status, 401);
    assert.equal(valueOf(await agent.get(paramPath("/agent/tokenfile"), token)), SECRETS.at(-1));
    agent.app.child.kill("SIGTERM");
    const done = await agent.app.done;
    assert.equal(done.code, 0);
    assert.throws(() => statSync(path), { code: "ENOENT" });
  });
});

// `serve --workers 2` end to end: several processes behind one port serve one store. Each fresh connection
// lands on the next worker (node:cluster's round-robin), so consecutive calls on fresh connections cross
// workers: writes are seen at once by the other worker, shamir shares given to different workers add up,
// sealing seals every worker, and the primary's death takes its workers with it.
import { CreateSecretCommand, DeleteSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import Database from "better-sqlite3";
import { request } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { DisableKeyCommand, EncryptCommand, CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { clientConfig } from "../helpers/clients.js";
import { runCli, sharesIn } from "../helpers/operator.js";
import { MAIN_JS, startServer, type TestServer } from "../helpers/server.js";

const SEALED = "paramstore is sealed: unseal it with `paramstore operator unseal` before using the API.";

/** The server's worker processes (children of the primary). */
function workerPids(server: TestServer): number[] {
  const pid = server.child.pid ?? 0;
  return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
}

const alive = (pid: number): boolean => existsSync(`/proc/${pid}`) && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// A client per call: its own connection, so calls alternate between workers.
const fresh = <T>(server: TestServer, make: (cfg: ReturnType<typeof clientConfig>) => T & { destroy(): void }, use: (c: T) => Promise<unknown>): Promise<unknown> => {
  const c = make(clientConfig(server));
  return use(c).finally(() => c.destroy());
};
const ssmOnce = (server: TestServer, cmd: GetParameterCommand | PutParameterCommand): Promise<unknown> => fresh(server, (cfg) => new SSMClient(cfg), (c) => c.send(cmd as never));

/** An admin call on a connection of its own (fetch would reuse one, always reaching the same worker). */
function adminOnce(server: TestServer, method: string, op: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? "" : JSON.stringify(body);
    const req = request(`${server.endpoint}/admin/${op}`, { method, agent: false, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(data) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown> }));
    });
    req.on("error", reject);
    req.end(data);
  });
}

describe("--workers 2", () => {
  let server: TestServer;

  const serving = (s: TestServer): Promise<void> => until("both workers serve", () => s.log().includes("paramstore workers serving"));

  before(async () => {
    server = await startServer({ args: ["--workers", "2"] });
    await serving(server);
  });

  after(async () => {
    await server?.stop();
  });

  it("runs two workers that each serve, and a write on one is read at once on the other", async () => {
    assert.equal(workerPids(server).length, 2);
    assert.deepEqual((await adminOnce(server, "GET", "status")).body["workers"], { serving: 2, configured: 2 });
    const status = await runCli(["operator", "status", "--endpoint", server.endpoint]);
    assert.equal(status.stdout, "Sealed:    false\nSeal:      file\nWorkers:   2 of 2 serving\n");
    for (let i = 1; i <= 6; i++) {
      await ssmOnce(server, new PutParameterCommand({ Name: "/cluster/p", Value: `v${i}`, Type: "SecureString", Overwrite: true }));
      const got = (await ssmOnce(server, new GetParameterCommand({ Name: "/cluster/p", WithDecryption: true }))) as { Parameter?: { Value?: string; Version?: number } };
      assert.deepEqual([got.Parameter?.Value, got.Parameter?.Version], [`v${i}`, i]);
    }
    const log = server.log();
    // Both served (with strict alternation, one took every PutParameter and the other every GetParameter).
    assert.match(log, /"worker":0,[^\n]*"service":"ssm"/);
    assert.match(log, /"worker":1,[^\n]*"service":"ssm"/);
  });

  it("a key disabled through one worker is refused at once by the other", async () => {
    const kms = (): KMSClient => new KMSClient(clientConfig(server));
    const created = await fresh(server, () => kms(), (c) => c.send(new CreateKeyCommand({}))) as { KeyMetadata?: { KeyId?: string } };
    const KeyId = created.KeyMetadata?.KeyId ?? "";
    // Both workers have the key in their caches.
    for (let i = 0; i < 4; i++) await fresh(server, () => kms(), (c) => c.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from("x") })));
    await fresh(server, () => kms(), (c) => c.send(new DisableKeyCommand({ KeyId })));
    for (let i = 0; i < 4; i++) {
      await assert.rejects(fresh(server, () => kms(), (c) => c.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from("x") }))), { name: "DisabledException" });
    }
  });

  it("a secret's new value, label move or deletion through one worker is seen at once by the other", async () => {
    const sm = (): SecretsManagerClient => new SecretsManagerClient(clientConfig(server));
    const value = async (input: { VersionStage?: string } = {}): Promise<string | undefined> =>
      ((await fresh(server, () => sm(), (c) => c.send(new GetSecretValueCommand({ SecretId: "cluster-secret", ...input })))) as { SecretString?: string }).SecretString;
    await fresh(server, () => sm(), (c) => c.send(new CreateSecretCommand({ Name: "cluster-secret", SecretString: "v0" })));
    for (let i = 1; i <= 4; i++) {
      for (let j = 0; j < 2; j++) assert.equal(await value(), `v${i - 1}`); // both workers have it cached
      await fresh(server, () => sm(), (c) => c.send(new PutSecretValueCommand({ SecretId: "cluster-secret", SecretString: `v${i}` })));
      for (let j = 0; j < 2; j++) assert.deepEqual([await value(), await value({ VersionStage: "AWSPREVIOUS" })], [`v${i}`, `v${i - 1}`]);
    }
    await fresh(server, () => sm(), (c) => c.send(new DeleteSecretCommand({ SecretId: "cluster-secret", ForceDeleteWithoutRecovery: true })));
    for (let j = 0; j < 2; j++) await assert.rejects(value(), { name: "ResourceNotFoundException" });
  });

  it("keeps one audit chain per worker, and `audit verify` finds them intact", async () => {
    await server.stop({ keepData: true });
    const r = await runCli(["audit", "verify", "--data-dir", server.dataDir]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const nodes = readFileSync(join(server.dataDir, "audit-node-id"), "utf8").trim();
    assert.match(r.stdout, new RegExp(`${nodes}\\b`));
    assert.match(r.stdout, new RegExp(`${nodes}-w1\\b`));
    server = await startServer({ dataDir: server.dataDir, args: ["--workers", "2"] });
    await serving(server);
  });

  it("starts a worker again when one dies, and takes every worker down when the primary is killed", async () => {
    const [first, second] = workerPids(server);
    process.kill(second ?? 0, "SIGKILL");
    await until("a new worker replaces the killed one", () => workerPids(server).length === 2 && !workerPids(server).includes(second ?? 0));
    for (let i = 0; i < 4; i++) await ssmOnce(server, new GetParameterCommand({ Name: "/cluster/p" }));
    const workers = workerPids(server);
    assert.ok(workers.includes(first ?? 0));
    process.kill(server.child.pid ?? 0, "SIGKILL");
    await until("the workers exit with their primary", () => workers.every((pid) => !alive(pid)));
  });
});

describe("--workers 2 --audit-file", () => {
  it("appends every worker's events to the one file exactly once, across a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "paramstore-cluster-file-"));
    const file = join(dataDir, "trail.jsonl");
    try {
      for (let round = 0; round < 2; round++) {
        const s = await startServer({ dataDir, args: ["--workers", "2", "--audit-file", file] });
        await until("both workers serve", () => s.log().includes("paramstore workers serving"));
        for (let i = 0; i < 6; i++) await ssmOnce(s, new PutParameterCommand({ Name: `/file/p${i}`, Value: `r${round}`, Type: "String", Overwrite: true }));
        await s.stop({ keepData: true });
        const ids = readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => (JSON.parse(l) as { eventID: string }).eventID);
        const db = new Database(join(dataDir, "paramstore.db"), { readonly: true });
        try {
          const stored = db.prepare("SELECT event_id FROM audit_events").pluck().all() as string[];
          const chains = db.prepare("SELECT COUNT(DISTINCT node_id) FROM audit_events").pluck().get();
          assert.equal(chains, 2);
          assert.equal(new Set(ids).size, ids.length, "no event twice");
          assert.deepEqual([...ids].sort(), [...stored].sort());
          if (round === 0) {
            // As if one worker had died with its newest event not yet in the file, which ends with the other's:
            // drop that worker's last line; the restarted worker must append it again (not resume after the
            // file's last line, which is its sibling's).
            const nodeOf = new Map(db.prepare("SELECT event_id, node_id FROM audit_events").raw().all() as Array<[string, string]>);
            const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
            const lastNode = nodeOf.get(ids[ids.length - 1] ?? "");
            const drop = ids.map((id) => nodeOf.get(id)).lastIndexOf([...new Set(nodeOf.values())].find((n) => n !== lastNode));
            assert.ok(drop >= 0);
            writeFileSync(file, lines.filter((_, i) => i !== drop).map((l) => `${l}\n`).join(""));
          }
        } finally {
          db.close();
        }
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("--workers 2 start-up failure", () => {
  it("fails the start (exit code 1, no process left) when the workers cannot listen", async () => {
    const taken = createNetServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", () => r()));
    const port = (taken.address() as AddressInfo).port;
    const dataDir = mkdtempSync(join(tmpdir(), "paramstore-cluster-port-"));
    try {
      const child = spawn(process.execPath, [MAIN_JS, "serve", "--port", String(port), "--data-dir", dataDir, "--workers", "2", "--log-level", "warn"], {
        env: { ...process.env, PARAMSTORE_ROOT_ACCESS_KEY_ID: "AKIAROOTEXAMPLE00001", PARAMSTORE_ROOT_SECRET_ACCESS_KEY: "rootsecretrootsecretrootsecretrootsecret" },
        stdio: ["ignore", "ignore", "pipe"],
        detached: true,
      });
      let stderr = "";
      child.stderr?.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
      const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
      assert.equal(code, 1);
      assert.match(stderr, /EADDRINUSE/);
      // Nothing of the group survives (the workers were its members).
      await until("the process group is empty", () => {
        try {
          process.kill(-(child.pid ?? 0), 0);
          return false;
        } catch {
          return true;
        }
      });
    } finally {
      taken.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("--workers 2 --seal shamir", () => {
  let dataDir = "";
  let shares: string[] = [];
  let server: TestServer;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "paramstore-cluster-shamir-"));
    const init = await runCli(["operator", "init", "--data-dir", dataDir, "--shares", "5", "--threshold", "3"]);
    assert.equal(init.code, 0, init.stderr);
    shares = sharesIn(init.stdout);
    server = await startServer({ dataDir, args: ["--seal", "shamir", "--workers", "2"], waitFor: "listening" });
    await until("both workers listen", () => server.log().includes("paramstore workers serving"));
  });

  after(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("counts shares given to different workers, unseals every worker, and seals them all", async () => {
    for (let i = 0; i < 2; i++) {
      await assert.rejects(ssmOnce(server, new GetParameterCommand({ Name: "/x" })), { name: "ServiceUnavailableException", message: SEALED });
    }
    const progress: unknown[] = [];
    for (const share of shares.slice(0, 3)) progress.push((await adminOnce(server, "POST", "unseal", { share })).body["sealed"]);
    assert.deepEqual(progress, [true, true, false]);
    for (let i = 1; i <= 4; i++) {
      await ssmOnce(server, new PutParameterCommand({ Name: "/cluster/s", Value: `s${i}`, Type: "SecureString", Overwrite: true }));
    }
    const sealed = await runCli(["operator", "seal", "--endpoint", server.endpoint]);
    assert.equal(sealed.code, 0, sealed.stderr);
    for (let i = 0; i < 4; i++) {
      await assert.rejects(ssmOnce(server, new GetParameterCommand({ Name: "/cluster/s", WithDecryption: true })), { name: "ServiceUnavailableException" });
      assert.equal((await adminOnce(server, "GET", "status")).body["sealed"], true);
    }
  });
});

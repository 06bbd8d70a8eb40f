// A rotation function served over HTTP, as an operator would register it: it receives AWS's rotation event,
// checks paramstore's signature, and does each step through the real Secrets Manager API (like AWS's Lambda
// templates), rotating the password of a pretend external system kept in memory.
import assert from "node:assert/strict";
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  DescribeSecretCommand, GetRandomPasswordCommand, GetSecretValueCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";

export interface StepCall {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: string;
}

export interface WebhookFixture {
  readonly url: string;
  readonly calls: StepCall[];
  /** Passwords the pretend system accepts, by username. */
  readonly system: Map<string, string>;
  /** Steps that answer HTTP 500 while listed. */
  readonly failing: Set<string>;
  /** Set once paramstore is running, so steps can call it back. */
  client?: SecretsManagerClient;
  close(): Promise<void>;
}

export const SIGNING_SECRET = "webhook-signing-secret-0123456789";

function verifySignature(header: string | undefined, body: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
  if (!m) return false;
  const want = createHmac("sha256", SIGNING_SECRET).update(`${m[1]}.${body}`).digest();
  return timingSafeEqual(want, Buffer.from(m[2] ?? "", "hex"));
}

const isNotFound = (e: unknown): boolean => e instanceof Error && e.name === "ResourceNotFoundException";

async function step(f: WebhookFixture, e: StepCall): Promise<void> {
  const sm = f.client;
  assert.ok(sm, "fixture client set");
  const id = e.SecretId;
  if (e.Step === "createSecret") {
    const current = JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: id, VersionStage: "AWSCURRENT" }))).SecretString ?? "{}") as Record<string, string>;
    try {
      await sm.send(new GetSecretValueCommand({ SecretId: id, VersionId: e.ClientRequestToken, VersionStage: "AWSPENDING" }));
      return;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const password = (await sm.send(new GetRandomPasswordCommand({ PasswordLength: 24, ExcludePunctuation: true }))).RandomPassword ?? "";
    await sm.send(new PutSecretValueCommand({ SecretId: id, ClientRequestToken: e.ClientRequestToken, SecretString: JSON.stringify({ ...current, password }), VersionStages: ["AWSPENDING"] }));
  } else if (e.Step === "setSecret" || e.Step === "testSecret") {
    const pending = JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: id, VersionId: e.ClientRequestToken, VersionStage: "AWSPENDING" }))).SecretString ?? "{}") as Record<string, string>;
    if (e.Step === "setSecret") f.system.set(pending.username ?? "", pending.password ?? "");
    else if (f.system.get(pending.username ?? "") !== pending.password) throw new Error("the pending password does not log in");
  } else if (e.Step === "finishSecret") {
    const stages = (await sm.send(new DescribeSecretCommand({ SecretId: id }))).VersionIdsToStages ?? {};
    const current = Object.entries(stages).find(([, l]) => l.includes("AWSCURRENT"))?.[0];
    if (current === e.ClientRequestToken) return;
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: id, VersionStage: "AWSCURRENT", MoveToVersionId: e.ClientRequestToken, RemoveFromVersionId: current }));
  }
}

export async function startWebhook(): Promise<WebhookFixture> {
  const fixture: Omit<WebhookFixture, "url" | "close"> = { calls: [], system: new Map(), failing: new Set() };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (!verifySignature(req.headers["x-paramstore-signature"] as string | undefined, body)) {
        res.writeHead(401).end("bad signature");
        return;
      }
      const e = JSON.parse(body) as StepCall; // paramstore's event: {SecretId, ClientRequestToken, Step}
      fixture.calls.push(e);
      if (fixture.failing.has(e.Step)) {
        res.writeHead(500).end(`${e.Step} refused by the test`);
        return;
      }
      step(full, e).then(
        () => res.writeHead(200).end("{}"),
        (err: unknown) => res.writeHead(500).end(err instanceof Error ? err.message : String(err)),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port; // a TCP listener
  const full: WebhookFixture = Object.assign(fixture, {
    url: `http://127.0.0.1:${port}/rotate`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  });
  return full;
}

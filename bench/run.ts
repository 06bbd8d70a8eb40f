// `npm run bench`: paramstore vs moto_server vs a bare node:http server, in one run on this machine.
// Prints requests/s, p50 and p99 per scenario and target, and the ratios the issues set as goals.
import { startServer, freePort, ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY, type TestServer } from "../test/helpers/server.js";
import { availableParallelism } from "node:os";
import { hasWrk, loadGenerator, runLoad, type LoadResult } from "./load.js";
import { startBareServer, startMoto, type Peer } from "./peers.js";
import { scenarios, type Variant } from "./scenarios.js";
import { userWith20Statements } from "./users.js";
import type { PreparedRequest, SignerCreds } from "./sign.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
/** paramstore is also measured as `serve --workers N` (one process per core of this machine by default). */
const WORKERS = Number(process.env.BENCH_WORKERS ?? availableParallelism());
const WORKERS_TARGET = `ps ${WORKERS} workers`;
const root: SignerCreds = { accessKeyId: ROOT_ACCESS_KEY_ID, secretAccessKey: ROOT_SECRET_ACCESS_KEY };

interface Row { scenario: string; target: string; result: LoadResult }

async function main(): Promise<void> {
  if (!hasWrk()) console.log("wrk is not installed (Debian: apt-get install wrk): using autocannon, whose own CPU use lowers every target's figures");
  const rows: Row[] = [];
  const ps = await startServer({ args: ["--log-level", "warn"] });
  const psOff = await startServer({ args: ["--log-level", "warn", "--audit-disabled"] });
  const psWorkers = WORKERS > 1 ? await startServer({ args: ["--log-level", "warn", "--workers", String(WORKERS)] }) : undefined;
  if (psWorkers) await allWorkersServing(psWorkers);
  const user = await userWith20Statements(ps.endpoint, root);
  const motoPort = await freePort();
  const moto = await startMoto(motoPort);
  const load = (port: number, reqs: PreparedRequest[]): LoadResult => runLoad(port, reqs, SECONDS, CONNECTIONS);
  try {
    for (const s of scenarios) {
      const seeded = await s.seed(ps.endpoint, root);
      const psReqs = await s.requests(ps.port, seeded, root);
      const bare = await startBareServer(await responseBytes(ps, psReqs[0]));
      rows.push({ scenario: s.name, target: "paramstore", result: load(ps.port, psReqs) });
      rows.push({ scenario: s.name, target: "node:http", result: load(bare.port, psReqs) });
      if (psWorkers) {
        rows.push({ scenario: s.name, target: WORKERS_TARGET, result: load(psWorkers.port, await s.requests(psWorkers.port, await s.seed(psWorkers.endpoint, root), root)) });
      }
      await bare.stop();
      for (const v of s.variants ?? []) {
        // The user runs on the same server and data as root; audit-off on its own server, seeded alike.
        const server = v === "audit-off" ? psOff : ps;
        const data = v === "audit-off" ? await s.seed(server.endpoint, root) : seeded;
        rows.push({ scenario: s.name, target: label(v), result: load(server.port, await s.requests(server.port, data, v === "user" ? user : root)) });
      }
      if (moto && s.moto !== false) {
        const motoEndpoint = `http://127.0.0.1:${motoPort}`;
        rows.push({ scenario: s.name, target: "moto_server", result: load(motoPort, await s.requests(motoPort, await s.seed(motoEndpoint, root), root)) });
      }
    }
  } finally {
    await Promise.all([ps.stop(), psOff.stop(), psWorkers?.stop(), moto?.stop()]);
  }
  report(rows, moto);
}

/** Until the primary says (GET /admin/status) that every worker listens. */
async function allWorkersServing(server: TestServer): Promise<void> {
  for (;;) {
    const status = (await (await fetch(`${server.endpoint}/admin/status`)).json()) as { workers?: { serving: number; configured: number } };
    if (status.workers && status.workers.serving === status.workers.configured) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const label = (v: Variant): string => (v === "audit-off" ? "ps audit-off" : "ps as user");

async function responseBytes(server: TestServer, r: PreparedRequest | undefined): Promise<number> {
  if (!r) return 0;
  const res = await fetch(`${server.endpoint}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
  return (await res.arrayBuffer()).byteLength;
}

function report(rows: Row[], moto: Peer | null): void {
  console.log(`\nload: ${loadGenerator() === "wrk" ? "wrk (C, 1 thread)" : "autocannon (Node, child process)"} replaying pre-signed requests, ${CONNECTIONS} connections, ${SECONDS}s per run${moto ? "" : " (moto_server not found)"}`);
  console.log("scenario".padEnd(44) + "target".padEnd(15) + "req/s".padStart(9) + "p50 ms".padStart(9) + "p99 ms".padStart(9) + "non-200".padStart(9));
  for (const r of rows) {
    console.log(r.scenario.padEnd(44) + r.target.padEnd(15) + r.result.rps.toFixed(0).padStart(9) + r.result.p50ms.toFixed(2).padStart(9) + r.result.p99ms.toFixed(2).padStart(9) + String(r.result.errors).padStart(9));
  }
  console.log("\nratios (requests/s, same run):");
  for (const s of scenarios) {
    const get = (t: string): number | undefined => rows.find((r) => r.scenario === s.name && r.target === t)?.result.rps;
    const p = get("paramstore") ?? 0;
    const parts = [`vs node:http ${fmt(p, get("node:http"), 2)}`, `vs moto ${fmt(p, get("moto_server"), 1)}`];
    const w = get(WORKERS_TARGET);
    if (w) parts.push(`${WORKERS} workers: vs node:http ${fmt(w, get("node:http"), 2)}, vs moto ${fmt(w, get("moto_server"), 1)}`);
    if (get("ps audit-off")) parts.push(`audit on/off ${fmt(p, get("ps audit-off"), 2)}`);
    if (get("ps as user")) parts.push(`user/root ${fmt(get("ps as user") ?? 0, p, 2)}`);
    console.log(`  ${s.name.padEnd(42)} ${parts.join("   ")}${s.goal ? `   goal: ${s.goal}` : ""}`);
  }
}

const fmt = (a: number, b: number | undefined, digits: number): string => (b ? (a / b).toFixed(digits) : "n/a");

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

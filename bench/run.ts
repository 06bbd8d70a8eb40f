// `npm run bench`: paramstore vs moto_server vs a bare node:http server, in one run on this machine.
// Prints requests/s, p50 and p99 per scenario and target, and the ratios the issues set as goals.
import { SSMClient } from "@aws-sdk/client-ssm";
import { startServer, freePort, ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY } from "../test/helpers/server.js";
import { hasWrk, runLoad, type LoadResult } from "./load.js";
import { startBareServer, startMoto } from "./peers.js";
import { scenarios, type Scenario } from "./scenarios.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const creds = { accessKeyId: ROOT_ACCESS_KEY_ID, secretAccessKey: ROOT_SECRET_ACCESS_KEY };

interface Row { scenario: string; target: string; result: LoadResult }

async function main(): Promise<void> {
  if (!hasWrk()) throw new Error("the benchmark needs wrk (Debian: apt-get install wrk)");
  const rows: Row[] = [];
  const ps = await startServer({ args: ["--log-level", "warn"] });
  const motoPort = await freePort();
  const moto = await startMoto(motoPort);
  try {
    for (const s of scenarios) {
      const psTarget = { port: ps.port, client: (svc: string) => sdkClient(svc, ps.endpoint) };
      const ctx = await s.seed(psTarget, creds);
      const psReqs = await s.requests(ps.port, ctx, creds);
      const bare = await startBareServer(await s.responseBytes(ps.port, psReqs[0]));
      rows.push({ scenario: s.name, target: "paramstore", result: runLoad(ps.port, psReqs, SECONDS, s.connections ?? CONNECTIONS) });
      rows.push({ scenario: s.name, target: "node:http", result: runLoad(bare.port, psReqs, SECONDS, s.connections ?? CONNECTIONS) });
      await bare.stop();
      if (moto && s.moto !== false) {
        const motoTarget = { port: motoPort, client: (svc: string) => sdkClient(svc, `http://127.0.0.1:${motoPort}`) };
        const mctx = await s.seed(motoTarget, creds);
        rows.push({ scenario: s.name, target: "moto_server", result: runLoad(motoPort, await s.requests(motoPort, mctx, creds), SECONDS, s.connections ?? CONNECTIONS) });
      }
    }
  } finally {
    await ps.stop();
    await moto?.stop();
  }
  report(rows, !!moto);
}

function sdkClient(_service: string, endpoint: string): SSMClient {
  return new SSMClient({ endpoint, region: "us-east-1", credentials: creds, maxAttempts: 3 });
}

function report(rows: Row[], withMoto: boolean): void {
  console.log(`\nload: wrk, 1 thread, ${CONNECTIONS} connections, ${SECONDS}s per run${withMoto ? "" : " (moto_server not found)"}`);
  console.log("scenario".padEnd(42) + "target".padEnd(13) + "req/s".padStart(10) + "p50 ms".padStart(9) + "p99 ms".padStart(9) + "errors".padStart(8));
  for (const r of rows) {
    console.log(r.scenario.padEnd(42) + r.target.padEnd(13) + r.result.rps.toFixed(0).padStart(10) + r.result.p50ms.toFixed(2).padStart(9) + r.result.p99ms.toFixed(2).padStart(9) + String(r.result.errors).padStart(8));
  }
  console.log("\nratios (paramstore ÷ peer, requests/s):");
  for (const s of scenarios) {
    const get = (t: string): number | undefined => rows.find((r) => r.scenario === s.name && r.target === t)?.result.rps;
    const p = get("paramstore") ?? 0;
    const b = get("node:http");
    const m = get("moto_server");
    console.log(`  ${s.name.padEnd(40)} vs node:http ${b ? (p / b).toFixed(2) : "n/a"}   vs moto ${m ? (p / m).toFixed(1) : "n/a"}${s.goal ? `   goal: ${s.goal}` : ""}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

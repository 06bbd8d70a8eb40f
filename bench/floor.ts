// How far the throughput goals are reachable at all on this machine: requests/s of a bare node:http server,
// of the floor server (bench/floor-server.ts: only the work a decrypting read must do under paramstore's
// rules, with and without its audit record) and of paramstore (one process and --workers 2), for
// GetParameter with decryption, in one run.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startServer, ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY } from "../test/helpers/server.js";
import { runLoad } from "./load.js";
import { startBareServer, type Peer } from "./peers.js";
import { scenarios } from "./scenarios.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const root = { accessKeyId: ROOT_ACCESS_KEY_ID, secretAccessKey: ROOT_SECRET_ACCESS_KEY };

async function startFloor(bodyBytes: number, mode: "audit" | "no-audit"): Promise<Peer> {
  const child = spawn(process.execPath, [fileURLToPath(new URL("./floor-server.js", import.meta.url)), String(bodyBytes), ROOT_SECRET_ACCESS_KEY, mode], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.stdout?.once("data", (c: Buffer) => resolve(Number(c.toString("utf8").trim())));
  });
  return { port, stop: () => new Promise<void>((r) => { child.once("exit", () => r()); child.kill("SIGTERM"); }) };
}

async function main(): Promise<void> {
  const s = scenarios.find((x) => x.name.startsWith("GetParameter decrypt"));
  if (!s) throw new Error("decrypt scenario missing");
  const ps = await startServer({ args: ["--log-level", "warn"] });
  try {
    const seeded = await s.seed(ps.endpoint, root);
    const psReqs = await s.requests(ps.port, seeded, root);
    const res = await fetch(`${ps.endpoint}/`, { method: "POST", headers: psReqs[0]?.headers, body: psReqs[0]?.body });
    const bytes = (await res.arrayBuffer()).byteLength;
    const bare = await startBareServer(bytes);
    const floors = { "no-audit": await startFloor(bytes, "no-audit"), audit: await startFloor(bytes, "audit") };
    const ps2 = await startServer({ args: ["--log-level", "warn", "--workers", "2"] });
    try {
      const ps2Reqs = await s.requests(ps2.port, await s.seed(ps2.endpoint, root), root);
      const rows = [
        ["node:http", runLoad(bare.port, psReqs, SECONDS, 16)],
        ["floor, no audit record", runLoad(floors["no-audit"].port, await s.requests(floors["no-audit"].port, seeded, root), SECONDS, 16)],
        ["floor", runLoad(floors.audit.port, await s.requests(floors.audit.port, seeded, root), SECONDS, 16)],
        ["paramstore", runLoad(ps.port, psReqs, SECONDS, 16)],
        ["paramstore --workers 2", runLoad(ps2.port, ps2Reqs, SECONDS, 16)],
      ] as const;
      const base = rows[0][1].rps;
      for (const [name, r] of rows) console.log(`${name.padEnd(24)} ${r.rps.toFixed(0).padStart(7)} req/s  ${(r.rps / base).toFixed(2)} x node:http  errors ${r.errors}`);
    } finally {
      await Promise.all([bare.stop(), floors["no-audit"].stop(), floors.audit.stop(), ps2.stop()]);
    }
  } finally {
    await ps.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

// Server CPU per request for one hot call, measured from /proc (robust on a shared, noisy machine):
// node dist/bench/cpu.js [decrypt|string|user-decrypt|<part of a scenario name in scenarios.ts>] [extra serve flags...]
// Prints requests/s and the server's CPU µs per request; PROFILE=1 also writes a --cpu-prof profile,
// PROFILE=perf starts node with perf map support (then `perf record -p $(cat $PID_FILE)`).
import { readFileSync, writeFileSync } from "node:fs";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { startServer, ROOT_ACCESS_KEY_ID, ROOT_SECRET_ACCESS_KEY } from "../test/helpers/server.js";
import { runLoad } from "./load.js";
import { scenarios } from "./scenarios.js";
import { userWith20Statements } from "./users.js";
import { signJson, type SignerCreds } from "./sign.js";

const [mode = "decrypt", ...flags] = process.argv.slice(2);
const root = { accessKeyId: ROOT_ACCESS_KEY_ID, secretAccessKey: ROOT_SECRET_ACCESS_KEY };
const N = 200;

/** The server's CPU time: its process and every descendant (the workers of --workers), in clock ticks (100/s). */
function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  let ticks = Number(f[11]) + Number(f[12]); // utime + stime
  for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean)) ticks += cpuTicks(Number(child));
  return ticks;
}

async function main(): Promise<void> {
  const server = await startServer({ args: ["--log-level", "warn", ...flags], nodeArgs: process.env.PROFILE === "perf" ? ["--perf-basic-prof-only-functions", "--interpreted-frames-native-stack"] : process.env.PROFILE ? ["--cpu-prof", "--cpu-prof-dir=/tmp"] : [] });
  try {
    const cfg = { endpoint: server.endpoint, region: "us-east-1", credentials: root };
    const ssm = new SSMClient(cfg);
    const type = mode === "string" ? "String" : "SecureString";
    for (let i = 0; i < N; i += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, j) => ssm.send(new PutParameterCommand({ Name: `/bench/p${i + j}`, Value: `value-${i + j}-${"x".repeat(40)}`, Type: type, Overwrite: true }))));
    }
    const creds = mode === "user-decrypt" ? await userWith20Statements(server.endpoint, root) : root;
    const scenario = ["string", "decrypt", "user-decrypt"].includes(mode) ? undefined : scenarios.find((s) => s.name.toLowerCase().includes(mode.toLowerCase()));
    if (!["string", "decrypt", "user-decrypt"].includes(mode) && !scenario) throw new Error(`no scenario named like ${mode}`);
    const reqs = scenario
      ? await scenario.requests(server.port, await scenario.seed(server.endpoint, root), root)
      : await Promise.all(Array.from({ length: N }, (_, i) => signJson(server.port, "ssm", "AmazonSSM.GetParameter", { Name: `/bench/p${i}`, WithDecryption: mode !== "string" }, creds)));
    runLoad(server.port, reqs, 2, 16); // warm-up
    const pid = server.child.pid ?? 0;
    if (process.env.PID_FILE) writeFileSync(process.env.PID_FILE, String(pid)); // for an external profiler (perf record -p)
    const before = cpuTicks(pid);
    const r = runLoad(server.port, reqs, Number(process.env.SECONDS_RUN ?? 6), 16);
    const cpuMs = (cpuTicks(pid) - before) * 10;
    const total = r.rps * Number(process.env.SECONDS_RUN ?? 6);
    console.log(JSON.stringify({ mode, flags, rps: Math.round(r.rps), errors: r.errors, cpuUsPerRequest: Math.round((cpuMs * 1000) / total), p50ms: r.p50ms, p99ms: r.p99ms }));
  } finally {
    await server.stop();
  }
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });

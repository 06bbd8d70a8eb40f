// Runs a bounded load against one target with wrk: written in C, it leaves the second core to the
// server; requests are pre-signed (SigV4 allows replay within the skew window) and replayed in turn.
// Without wrk, autocannon (a devDependency) in a child process does the same, at a higher CPU cost.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PreparedRequest } from "./sign.js";

export interface LoadResult {
  readonly rps: number;
  readonly p50ms: number;
  readonly p99ms: number;
  readonly errors: number;
}

export function hasWrk(): boolean {
  return spawnSync("wrk", ["--version"]).error === undefined;
}

const LUA = `
local reqs = {}
local i = 0
local n = 0
init = function(args)
  local f = io.open(args[1], "rb")
  local data = f:read("*a")
  f:close()
  for chunk in string.gmatch(data, "([^\\30]+)") do
    n = n + 1
    reqs[n] = chunk
  end
  i = math.random(n) - 1
end
request = function()
  i = (i % n) + 1
  return reqs[i]
end
done = function(summary, latency, requests)
  io.write(string.format("NON200 %d\\n", summary.errors.status))
end
`;

/** Raw HTTP/1.1 request text, what wrk.format would build. */
function rawRequest(r: PreparedRequest): string {
  const lines = [`${r.method} ${r.path} HTTP/1.1`];
  for (const [k, v] of Object.entries(r.headers)) if (k.toLowerCase() !== "content-length") lines.push(`${k}: ${v}`);
  lines.push(`content-length: ${Buffer.byteLength(r.body)}`);
  return lines.join("\r\n") + "\r\n\r\n" + r.body;
}

/** The load generator in use: wrk when installed (C, cheap), otherwise autocannon (Node, costs more CPU). */
export const loadGenerator = (): "wrk" | "autocannon" => (hasWrk() ? "wrk" : "autocannon");

export function runLoad(port: number, requests: PreparedRequest[], seconds: number, connections: number): LoadResult {
  return hasWrk() ? runWrk(port, requests, seconds, connections) : runAutocannon(port, requests, seconds, connections);
}

function runAutocannon(port: number, requests: PreparedRequest[], seconds: number, connections: number): LoadResult {
  const file = join(mkdtempSync(join(tmpdir(), "paramstore-bench-")), "requests.json");
  writeFileSync(file, JSON.stringify(requests));
  const child = fileURLToPath(new URL("./autocannon-child.js", import.meta.url));
  const out = execFileSync(process.execPath, [child, file, String(port), String(seconds), String(connections)], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as LoadResult;
}

function runWrk(port: number, requests: PreparedRequest[], seconds: number, connections: number): LoadResult {
  const dir = mkdtempSync(join(tmpdir(), "paramstore-bench-"));
  const script = join(dir, "replay.lua");
  const data = join(dir, "requests.bin");
  writeFileSync(script, LUA);
  writeFileSync(data, requests.map(rawRequest).join("\x1e"));
  const out = execFileSync("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, "--latency", "-s", script, `http://127.0.0.1:${port}/`, "--", data], { encoding: "utf8" });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const p50ms = toMs(/\s50%\s+([\d.]+\w+)/.exec(out)?.[1]);
  const p99ms = toMs(/\s99%\s+([\d.]+\w+)/.exec(out)?.[1]);
  const errors = Number(/NON200 (\d+)/.exec(out)?.[1] ?? 0) + Number(/Socket errors:.*?(\d+)/.exec(out)?.[1] ?? 0);
  return { rps, p50ms, p99ms, errors };
}

function toMs(s: string | undefined): number {
  if (!s) return NaN;
  const m = /([\d.]+)(us|ms|s)/.exec(s);
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === "us" ? v / 1000 : m[2] === "s" ? v * 1000 : v;
}

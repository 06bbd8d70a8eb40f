// The fallback load generator when wrk is not installed: autocannon, in its own process so its CPU is not
// the caller's, replaying the pre-signed requests in turn. Prints one JSON LoadResult line.
// node dist/bench/autocannon-child.js <requests.json> <port> <seconds> <connections>
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import type { PreparedRequest } from "./sign.js";

const [file = "", port = "", seconds = "5", connections = "16"] = process.argv.slice(2);
const requests = (JSON.parse(readFileSync(file, "utf8")) as PreparedRequest[]).map((r) => ({ method: r.method as autocannon.Request["method"], path: r.path, headers: r.headers, body: r.body }));

autocannon({ url: `http://127.0.0.1:${port}`, connections: Number(connections), duration: Number(seconds), requests }, (err, result) => {
  if (err) throw err;
  const out = { rps: result.requests.average, p50ms: result.latency.p50, p99ms: result.latency.p99, errors: result.errors + result.non2xx };
  process.stdout.write(JSON.stringify(out) + "\n");
});

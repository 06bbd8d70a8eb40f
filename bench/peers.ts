// The peers measured beside paramstore: moto_server and a bare node:http server.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Peer {
  readonly port: number;
  stop(): Promise<void>;
}

/** A node:http server answering every request with a fixed body of the given size. */
export async function startBareServer(bodyBytes: () => number): Promise<Peer> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const body = Buffer.alloc(bodyBytes(), 0x61);
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": "00000000-0000-0000-0000-000000000000", "content-length": String(body.length) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port, // TCP listener
    stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export async function startMoto(port: number): Promise<Peer | null> {
  const child: ChildProcess = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { detached: true, stdio: "ignore" });
  const failed = await new Promise<boolean>((resolve) => {
    child.once("error", () => resolve(true));
    const deadline = Date.now() + 20_000;
    const poll = async (): Promise<void> => {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/moto-api/`);
        if (r.status < 500) return resolve(false);
      } catch { /* not up yet */ }
      if (Date.now() > deadline) return resolve(true);
      setTimeout(() => void poll(), 200);
    };
    void poll();
  });
  const stop = async (): Promise<void> => {
    if (child.pid !== undefined && child.exitCode === null) {
      try { process.kill(-child.pid, "SIGTERM"); } catch { /* gone */ }
    }
  };
  if (failed) {
    await stop();
    return null;
  }
  return { port, stop };
}

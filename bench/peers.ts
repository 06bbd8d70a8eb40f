// The peers measured beside paramstore: moto_server and a bare node:http server.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface Peer {
  readonly port: number;
  stop(): Promise<void>;
}

/** Starts bench/bare-server.js in its own process (the load generator runs synchronously here). */
export async function startBareServer(bodyBytes: number): Promise<Peer> {
  const script = fileURLToPath(new URL("./bare-server.js", import.meta.url));
  const child = spawn(process.execPath, [script, String(bodyBytes)], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.stdout?.once("data", (c: Buffer) => resolve(Number(c.toString("utf8").trim())));
  });
  return {
    port,
    stop: () => new Promise<void>((r) => {
      if (child.exitCode !== null) return r();
      child.once("exit", () => r());
      child.kill("SIGTERM");
    }),
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

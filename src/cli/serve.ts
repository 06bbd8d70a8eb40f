// `paramstore serve`: start the server and stop it cleanly on SIGINT/SIGTERM. With --workers N > 1 this
// process is the primary of N workers (server/cluster.ts), and each worker runs this same command.
import { pino } from "pino";
import { parseServeConfig } from "../config.js";
import { connectToPrimary, isClusterWorker, startPrimary, workerIndex } from "../server/cluster.js";
import { startServer } from "../server/compose.js";
import { terminalPassphrase } from "./prompt.js";

export async function runServe(argv: string[]): Promise<number> {
  const config = parseServeConfig(argv, process.env);
  if (config.workers > 1 && isClusterWorker()) return runWorker(config);
  const logger = pino({ level: config.logLevel });
  const server = config.workers > 1
    ? await startPrimary(config, logger, { passphrase: terminalPassphrase(process.env) })
    : await startServer(config, logger, { passphrase: terminalPassphrase(process.env) });
  await untilStopped(() => server.close());
  return 0;
}

async function runWorker(config: ReturnType<typeof parseServeConfig>): Promise<number> {
  const logger = pino({ level: config.logLevel }).child({ worker: workerIndex() });
  try {
    const server = await startServer(config, logger, {}, { connect: (handlers) => connectToPrimary(handlers, logger) });
    await untilStopped(() => server.close(), (stop) => server.onStopRequest(stop));
    return 0;
  } finally {
    if (process.connected) process.disconnect(); // the IPC channel would keep this process alive
  }
}

/** Resolves once `close` has run after SIGINT/SIGTERM (or another trigger `more` registers). */
function untilStopped(close: () => Promise<void>, more?: (stop: () => void) => void): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      close().then(resolve, resolve);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    more?.(stop);
  });
}

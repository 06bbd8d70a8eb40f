// `paramstore serve`: start the server and stop it cleanly on SIGINT/SIGTERM.
import { parseServeConfig } from "../config.js";
import { startServer } from "../server/compose.js";
import { terminalPassphrase } from "./prompt.js";

export async function runServe(argv: string[]): Promise<number> {
  const config = parseServeConfig(argv, process.env);
  const server = await startServer(config, undefined, { passphrase: terminalPassphrase(process.env) });
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      server.close().then(resolve, resolve);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}

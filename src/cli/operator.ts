// `paramstore operator`: init (offline, on a data directory) and status / unseal / seal / rotate-root
// (through the running server's admin endpoint).
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { Barrier } from "../crypto/barrier.js";
import { finishInitialisation, initialiseStore } from "../crypto/seal/boot.js";
import { sharesProblem } from "../crypto/seal/shamir.js";
import { adminClient, describeStatus, expectOk, fetchStatus, formatShares, SERVER_OPTIONS, write } from "./operator-common.js";
import { rotateRoot, unseal } from "./operator-keys.js";

export const OPERATOR_USAGE = `usage: paramstore operator <command> [options]

commands:
  init         --data-dir D [--shares 5] [--threshold 3]
               create the root key of a new data directory for --seal shamir and print its shares once
  status       show whether the server is sealed (exit 0 unsealed, 2 sealed)
  unseal       give a share (--share S, piped stdin lines, or typed), or the passphrase
               (PARAMSTORE_PASSPHRASE or typed); --reset forgets the shares given so far
  seal         seal the server now: keys leave memory, the API refuses calls  [root credentials]
  rotate-root  re-wrap the keyring under a new root key  [root credentials]
               [--to file|passphrase|shamir] [--shares N --threshold K] [--share CURRENT ...]
               new passphrase from PARAMSTORE_NEW_PASSPHRASE or typed; new shares take effect after
               rotate-root --verify NONCE with a threshold of them (--share, stdin or typed)

options for the server commands:
  --endpoint URL   the server (default $PARAMSTORE_ENDPOINT or http://127.0.0.1:4583); admin is local-only
  --ca-cert FILE   CA certificate for an https endpoint
  --data-dir D     where to find the generated root credentials file, when not in the environment
  --json           machine-readable output
root credentials: PARAMSTORE_ROOT_ACCESS_KEY_ID/_SECRET_ACCESS_KEY, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,
  or <data-dir>/credentials. A share on the command line is visible to other local users: prefer stdin.
`;

export async function runOperator(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "init": return runInit(rest);
    case "status": return runStatus(rest);
    case "unseal": return unseal(rest);
    case "seal": return runSeal(rest);
    case "rotate-root": return rotateRoot(rest);
    default:
      process.stderr.write(OPERATOR_USAGE);
      return sub === undefined || sub === "help" || sub === "--help" ? 0 : 2;
  }
}

async function runInit(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { "data-dir": { type: "string" }, shares: { type: "string" }, threshold: { type: "string" } } });
  const dataDir = resolve(values["data-dir"] ?? process.env.PARAMSTORE_DATA_DIR ?? "./data");
  const shares = Number(values.shares ?? 5);
  const threshold = Number(values.threshold ?? 3);
  const problem = sharesProblem(shares, threshold);
  if (problem) throw new Error(problem);
  // The composition root picks the storage engine; imported here only, so the other commands stay light.
  const { openStorage } = await import("../storage/open.js");
  const storage = openStorage(dataDir);
  try {
    const deps = { storage, barrier: await Barrier.attach(storage), dataDir, logger: pino({ level: "warn" }, pino.destination(2)) };
    const made = await initialiseStore(deps, { mode: "shamir", shares, threshold });
    made.rootKey.fill(0);
    await write(
      `Initialised ${dataDir} with a Shamir seal: ${shares} shares, any ${threshold} of which unseal it.\n\n` +
        formatShares(made.shares ?? []) +
        `\nThese shares are shown once and stored nowhere: hand each to a different person now.\n` +
        `Start the server with \`paramstore serve --seal shamir --data-dir ${dataDir}\`, then give it ${threshold} shares with \`paramstore operator unseal\`.\n`,
    );
    // Only now may the store be used: the shares have been written out.
    await finishInitialisation(deps, made.config);
  } finally {
    await storage.close();
  }
  return 0;
}

async function runStatus(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: SERVER_OPTIONS });
  const st = await fetchStatus(adminClient(values));
  await write(values.json ? JSON.stringify(st) + "\n" : describeStatus(st));
  return st.sealed ? 2 : 0;
}

async function runSeal(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: SERVER_OPTIONS });
  const st = expectOk(await adminClient(values).call("POST", "seal", {}, { signed: true }));
  await write(values.json ? JSON.stringify(st) + "\n" : "Sealed: the keys have left the server's memory; unseal it with `paramstore operator unseal`.\n");
  return 0;
}


// `paramstore operator unseal` and `rotate-root`: gather shares or passphrases (flags, piped stdin,
// or typed without echo) and hand them to the admin endpoint.
import { parseArgs } from "node:util";
import { SEAL_MODES, type SealMode } from "../crypto/seal/index.js";
import { AdminCallError, type AdminClient } from "./admin-client.js";
import { adminClient, describeStatus, expectOk, expectStatus, fetchStatus, formatShares, SERVER_OPTIONS, write, type StatusBody } from "./operator-common.js";
import { isInteractive, promptHidden, readStdinLines, terminalPassphrase } from "./prompt.js";

const SHARE_OPTION = { share: { type: "string", multiple: true } } as const;

export async function unseal(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { ...SERVER_OPTIONS, ...SHARE_OPTION, reset: { type: "boolean" } } });
  const client = adminClient(values);
  let st = await fetchStatus(client);
  if (values.reset) {
    st = await post(client, "unseal", { reset: true });
  } else if (!st.sealed) {
    await write(values.json ? JSON.stringify(st) + "\n" : "The server is already unsealed.\n");
    return 0;
  } else if (st.mode === "shamir") {
    // Typed: one share per run, as each share holder unseals in turn.
    const given = await sharesFrom(values.share, 1, `Unseal share (${(st.progress ?? 0) + 1} of ${st.threshold ?? "?"} needed)`);
    for (const share of given) {
      st = await post(client, "unseal", { share });
      if (!st.sealed) break;
    }
  } else if (st.mode === "passphrase") {
    const pass = await terminalPassphrase(process.env)("unlock");
    if (!pass) throw new AdminCallError("give the passphrase in PARAMSTORE_PASSPHRASE or run from a terminal");
    st = await post(client, "unseal", { passphrase: pass.toString("utf8") });
    pass.fill(0);
  } else {
    st = await post(client, "unseal", {}, true);
  }
  await write(values.json ? JSON.stringify(st) + "\n" : describeStatus(st));
  return 0;
}

export async function rotateRoot(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { ...SERVER_OPTIONS, ...SHARE_OPTION, to: { type: "string" }, shares: { type: "string" }, threshold: { type: "string" }, verify: { type: "string" } },
  });
  const client = adminClient(values);
  const st = await fetchStatus(client);
  if (values.verify !== undefined) {
    const shares = await sharesFrom(values.share, st.rotationThreshold ?? 1, "New share");
    expectOk(await client.call("POST", "rotate-root/verify", { nonce: values.verify, shares }, { signed: true }));
    await write("Root key rotated: the new shares are in force and the old ones no longer open this server.\n");
    return 0;
  }
  const to = parseMode(values.to ?? st.mode);
  const body: Record<string, unknown> = { to, ...(await currentProof(st, values.share)), ...(await nextSeal(to, values)) };
  const reply = expectOk(await client.call("POST", "rotate-root", body, { signed: true }));
  if (values.json) {
    await write(JSON.stringify(reply) + "\n");
  } else if (reply.state === "pending" && Array.isArray(reply.shares)) {
    await write(
      `New shares (${reply.shares.length}; any ${String(reply.threshold)} unseal) — NOT YET IN FORCE:\n\n` +
        formatShares(reply.shares.map(String)) +
        `\nHand each to a different person, then give ${String(reply.threshold)} of them back to finish:\n` +
        `  paramstore operator rotate-root --verify ${String(reply.nonce)}\n` +
        `Until then (30 minutes at most) the current shares stay in force.\n`,
    );
  } else {
    await write(`Root key rotated: the keyring is now wrapped by a new root key (seal: ${to}).\n`);
  }
  return 0;
}

async function currentProof(st: StatusBody, flagShares: string[] | undefined): Promise<Record<string, unknown>> {
  if (st.mode === "passphrase") {
    const pass = await terminalPassphrase(process.env, "PARAMSTORE_PASSPHRASE", { create: "", unlock: "Current passphrase: " })("unlock");
    if (!pass) throw new AdminCallError("give the current passphrase in PARAMSTORE_PASSPHRASE or run from a terminal");
    return { currentPassphrase: pass.toString("utf8") };
  }
  if (st.mode === "shamir") return { currentShares: await sharesFrom(flagShares, st.threshold ?? 1, "Current share") };
  return {};
}

async function nextSeal(to: SealMode, values: { shares?: string; threshold?: string }): Promise<Record<string, unknown>> {
  if (to === "passphrase") {
    const pass = await terminalPassphrase(process.env, "PARAMSTORE_NEW_PASSPHRASE", { create: "New passphrase: ", unlock: "" })("create");
    if (!pass) throw new AdminCallError("give the new passphrase in PARAMSTORE_NEW_PASSPHRASE or run from a terminal");
    return { newPassphrase: pass.toString("utf8") };
  }
  if (to !== "shamir") return {};
  return { ...(values.shares ? { shares: Number(values.shares) } : {}), ...(values.threshold ? { threshold: Number(values.threshold) } : {}) };
}

/** Shares from --share flags, else every line of piped stdin, else `typed` of them typed one by one (not echoed). */
async function sharesFrom(flags: string[] | undefined, typed: number, label: string): Promise<string[]> {
  if (flags && flags.length > 0) return flags;
  if (!isInteractive()) {
    const lines = await readStdinLines();
    if (lines.length === 0) throw new AdminCallError("no share given: use --share, pipe shares on stdin, or run from a terminal");
    return lines;
  }
  const out: string[] = [];
  for (let i = 0; i < typed; i++) out.push(await promptHidden(typed === 1 ? `${label}: ` : `${label} (${i + 1} of ${typed}): `));
  return out;
}

async function post(client: AdminClient, op: string, body: unknown, signed = false): Promise<StatusBody> {
  return expectStatus(expectOk(await client.call("POST", op, body, { signed })));
}

function parseMode(value: string): SealMode {
  const mode = SEAL_MODES.find((m) => m === value);
  if (!mode) throw new AdminCallError(`--to must be one of ${SEAL_MODES.join(", ")}`);
  return mode;
}

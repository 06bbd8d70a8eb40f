// rotate-root: re-wraps the keyring under a new root key (new key file, passphrase or shares) while
// the server keeps serving; no data is re-encrypted. New Shamir shares only take effect once a
// threshold of them has been given back (verify), so a lost response cannot lock the store.
import { randomUUID, timingSafeEqual } from "node:crypto";
import type { Logger } from "pino";
import type { Barrier } from "../barrier.js";
import type { Storage } from "../../storage/types.js";
import { destroyStrayKeyFiles, wrongRootKey } from "./boot.js";
import { createRoot, keyFromPassphrase, keyFromShares, SealError, type NewRoot, type RootSpec, type SealConfig, type SealMode } from "./index.js";
import { destroyKeyFile } from "./key-file.js";
import { parseShare, ShareError, type ParsedShare } from "./shamir.js";
import { writeSealRecord } from "./store.js";

/** A pending Shamir rotation is dropped after this long (its root key is held in memory). */
export const PENDING_TTL_MS = 30 * 60_000;
const DEFAULT_SHARES = 5;
const DEFAULT_THRESHOLD = 3;

export interface RotateRequest {
  /** The new seal mode (default: the current one). */
  readonly to?: SealMode;
  /** Proof of the current seal: its passphrase, or a threshold of its shares (file: nothing). */
  readonly current: { readonly passphrase?: Buffer; readonly shares?: readonly string[] };
  readonly next: { readonly passphrase?: Buffer; readonly shares?: number; readonly threshold?: number };
}

export type RotateResult =
  | { readonly state: "rotated"; readonly mode: SealMode }
  | { readonly state: "pending"; readonly mode: "shamir"; readonly nonce: string; readonly shares: readonly string[]; readonly threshold: number };

interface Pending {
  readonly nonce: string;
  readonly made: NewRoot & { readonly config: SealConfig & { mode: "shamir" } };
  readonly createdAt: number;
}

export interface RotationDeps {
  readonly storage: Storage;
  readonly barrier: Barrier;
  readonly dataDir: string;
  readonly logger: Pick<Logger, "info" | "warn">;
  readonly clock: () => Date;
  readonly currentConfig: () => SealConfig;
  readonly committed: (config: SealConfig) => void;
}

export class RootRotation {
  private pending: Pending | undefined;

  constructor(private readonly deps: RotationDeps) {}

  /** Shares the pending Shamir rotation needs back, or undefined when none is pending. */
  get pendingThreshold(): number | undefined {
    return this.live()?.made.config.threshold;
  }

  async start(req: RotateRequest): Promise<RotateResult> {
    if (this.deps.barrier.isSealed) throw new SealError("Sealed", "the server is sealed: unseal it before rotating the root key");
    await this.proveCurrent(req.current);
    const made = await createRoot(this.specFor(req), this.deps.dataDir);
    if (made.config.mode !== "shamir") {
      await this.commit(made);
      return { state: "rotated", mode: made.config.mode };
    }
    this.cancel();
    const nonce = randomUUID();
    this.pending = { nonce, made: { ...made, config: made.config }, createdAt: this.deps.clock().getTime() };
    this.deps.logger.info({ seal: "shamir", shares: made.config.shares, threshold: made.config.threshold }, "root key rotation prepared; waiting for the new shares to be verified");
    return { state: "pending", mode: "shamir", nonce, shares: made.shares ?? [], threshold: made.config.threshold };
  }

  /** Completes a Shamir rotation once a threshold of the NEW shares comes back. */
  async verify(nonce: string, shareTexts: readonly string[]): Promise<RotateResult> {
    const pending = this.live();
    if (!pending || pending.nonce !== nonce) {
      throw new SealError("NoPendingRotation", "no root key rotation is waiting for this nonce (it expired, was replaced, or the server was sealed or restarted): start rotate-root again");
    }
    if (this.deps.barrier.isSealed) throw new SealError("Sealed", "the server is sealed: unseal it before rotating the root key");
    const key = await combineTexts(pending.made.config, shareTexts);
    const same = timingSafeEqual(key, pending.made.rootKey);
    key.fill(0);
    if (!same) throw new SealError("WrongShares", "these shares do not recombine the new root key (wrong or tampered shares)");
    this.pending = undefined;
    await this.commit(pending.made);
    return { state: "rotated", mode: "shamir" };
  }

  cancel(): void {
    this.pending?.made.rootKey.fill(0);
    this.pending = undefined;
  }

  private live(): Pending | undefined {
    if (this.pending && this.deps.clock().getTime() - this.pending.createdAt > PENDING_TTL_MS) this.cancel();
    return this.pending;
  }

  private async proveCurrent(current: RotateRequest["current"]): Promise<void> {
    const c = this.deps.currentConfig();
    if (c.mode === "file") return; // the server holds the key file; the root credentials are the proof
    let key: Buffer;
    if (c.mode === "passphrase") {
      if (!current.passphrase) throw new SealError("InvalidRequest", "give the current passphrase to rotate a passphrase seal");
      key = await keyFromPassphrase(c, current.passphrase);
    } else {
      if (!current.shares || current.shares.length === 0) throw new SealError("InvalidRequest", `give ${c.threshold} of the current shares to rotate a Shamir seal`);
      key = await combineTexts(c, current.shares);
    }
    const ok = await this.deps.barrier.checkRootKey(key);
    key.fill(0);
    if (!ok) throw wrongRootKey(c, this.deps.dataDir);
  }

  private specFor(req: RotateRequest): RootSpec {
    const current = this.deps.currentConfig();
    const to = req.to ?? current.mode;
    if (to === "file") return { mode: "file" };
    if (to === "passphrase") {
      if (!req.next.passphrase) throw new SealError("InvalidRequest", "give the new passphrase");
      return { mode: "passphrase", passphrase: req.next.passphrase };
    }
    const shares = req.next.shares ?? (current.mode === "shamir" ? current.shares : DEFAULT_SHARES);
    const threshold = req.next.threshold ?? (current.mode === "shamir" ? Math.min(current.threshold, shares) : DEFAULT_THRESHOLD);
    return { mode: "shamir", shares, threshold };
  }

  /** Keyring re-wrapped and seal record switched in one transaction; then old key files are destroyed. */
  private async commit(made: NewRoot): Promise<void> {
    try {
      await this.deps.barrier.rewrap(made.rootKey, (tx) => writeSealRecord(tx, "ready", made.config));
    } catch (e) {
      if (made.config.mode === "file") destroyKeyFile(this.deps.dataDir, made.config.keyFile);
      throw e;
    } finally {
      made.rootKey.fill(0);
    }
    this.deps.committed(made.config);
    destroyStrayKeyFiles(this.deps, made.config);
    if ((await this.deps.storage.scrub?.()) === false) {
      this.deps.logger.warn({}, "the storage journal could not be truncated after the rotation: the keyring wrapped by the old root key stays on disk until the next checkpoint");
    }
    this.deps.logger.info({ seal: made.config.mode }, "root key rotated; the keyring is wrapped by the new root key");
  }
}

/** Parses share texts and recombines them under `config`; the parsed share bytes are zeroed afterwards. */
async function combineTexts(config: SealConfig & { mode: "shamir" }, texts: readonly string[]): Promise<Buffer> {
  const parsed: ParsedShare[] = [];
  try {
    for (const t of texts) parsed.push(parseShare(t));
    return await keyFromShares(config, parsed);
  } catch (e) {
    if (e instanceof ShareError) throw new SealError("InvalidShare", e.message);
    throw e;
  } finally {
    for (const p of parsed) p.bytes.fill(0);
  }
}

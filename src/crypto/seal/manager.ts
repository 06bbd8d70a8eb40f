// Seal state of a running server: status, unseal (shares accumulate to the threshold, or a passphrase,
// or the key file), seal, and root key rotation. State changes run one at a time.
import type { Logger } from "pino";
import type { Barrier } from "../barrier.js";
import type { Storage } from "../../storage/types.js";
import { unsealBarrier } from "./boot.js";
import { keyFromFile, keyFromPassphrase, keyFromShares, SealError, type SealConfig, type SealMode } from "./index.js";
import { RootRotation, type RotateRequest, type RotateResult } from "./rotation.js";
import { parseShare, ShareError, type ParsedShare } from "./shamir.js";

/** Shares given but not yet enough are forgotten after this long (they are secrets held in memory). */
export const PROGRESS_TTL_MS = 10 * 60_000;

export interface SealStatus {
  readonly sealed: boolean;
  readonly mode: SealMode;
  /** Shamir: shares needed, shares in the set, shares given so far. */
  readonly threshold?: number;
  readonly shares?: number;
  readonly progress?: number;
  readonly rotationPending: boolean;
  /** New shares a pending rotation needs back (rotate-root --verify). */
  readonly rotationThreshold?: number;
}

export type UnsealInput =
  | { readonly share: string }
  | { readonly passphrase: Buffer }
  | { readonly keyFile: true }
  | { readonly reset: true };

export interface ManagerDeps {
  readonly storage: Storage;
  readonly barrier: Barrier;
  readonly dataDir: string;
  readonly logger: Pick<Logger, "info" | "warn" | "error">;
  readonly config: SealConfig;
  readonly clock: () => Date;
  /** Runs after every unseal (compose starts the API the first time); if it throws, the barrier seals again. */
  readonly afterUnseal: () => Promise<void>;
}

export class SealManager {
  private config: SealConfig;
  private progress: ParsedShare[] = [];
  private progressSince = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly rotation: RootRotation;

  constructor(private readonly deps: ManagerDeps) {
    this.config = deps.config;
    this.rotation = new RootRotation({ ...deps, currentConfig: () => this.config, committed: (c) => this.committed(c) });
  }

  status(): SealStatus {
    const c = this.config;
    const shamir = c.mode === "shamir" ? { threshold: c.threshold, shares: c.shares, progress: this.liveProgress().length } : {};
    const pending = this.rotation.pendingThreshold;
    return { sealed: this.deps.barrier.isSealed, mode: c.mode, ...shamir, rotationPending: pending !== undefined, ...(pending ? { rotationThreshold: pending } : {}) };
  }

  unseal(input: UnsealInput): Promise<SealStatus> {
    return this.serial(async () => {
      if ("reset" in input) {
        this.clearProgress();
        return this.status();
      }
      if (!this.deps.barrier.isSealed) return this.status();
      const key = await this.rootKeyFrom(input);
      if (!key) return this.status();
      await unsealBarrier(this.deps, key, this.config);
      try {
        await this.deps.afterUnseal();
      } catch (e) {
        this.deps.barrier.seal();
        this.deps.logger.error({ err: e instanceof Error ? e.message : String(e) }, "services failed to start after unseal; sealed again");
        throw new SealError("ServicesFailed", "the keyring opened, but the services failed to start (see the server log); the server is sealed again");
      }
      this.deps.logger.info({ seal: this.config.mode }, "unsealed");
      return this.status();
    });
  }

  seal(): Promise<SealStatus> {
    return this.serial(async () => {
      this.clearProgress();
      this.rotation.cancel();
      try {
        this.deps.barrier.seal();
      } catch (e) {
        // The keys are zeroed before listeners run; a failing listener is logged, the barrier stays sealed.
        this.deps.logger.error({ err: e instanceof Error ? e.message : String(e) }, "a seal listener failed");
      }
      this.deps.logger.info({ seal: this.config.mode }, "sealed");
      return this.status();
    });
  }

  rotate(req: RotateRequest): Promise<RotateResult> {
    return this.serial(() => this.rotation.start(req));
  }

  verifyRotation(nonce: string, shares: readonly string[]): Promise<RotateResult> {
    return this.serial(() => this.rotation.verify(nonce, shares));
  }

  /** The root key once the input completes it; null while Shamir shares are still missing. */
  private async rootKeyFrom(input: Exclude<UnsealInput, { reset: true }>): Promise<Buffer | null> {
    const c = this.config;
    if ("share" in input) {
      if (c.mode !== "shamir") throw wrongInput(c.mode);
      return this.addShare(input.share, c);
    }
    if ("passphrase" in input) {
      if (c.mode !== "passphrase") throw wrongInput(c.mode);
      return keyFromPassphrase(c, input.passphrase);
    }
    if (c.mode !== "file") throw wrongInput(c.mode);
    return keyFromFile(c, this.deps.dataDir);
  }

  private async addShare(text: string, c: SealConfig & { mode: "shamir" }): Promise<Buffer | null> {
    let share: ParsedShare;
    try {
      share = parseShare(text);
    } catch (e) {
      if (e instanceof ShareError) throw new SealError("InvalidShare", e.message);
      throw e;
    }
    if (share.setId !== c.setId) throw new SealError("InvalidShare", `share ${share.index} belongs to another share set (an earlier init or rotate-root), not the current one`);
    const progress = this.liveProgress();
    if (progress.some((s) => s.bytes.equals(share.bytes))) throw new SealError("InvalidShare", `share ${share.index} was already given`);
    if (progress.length === 0) this.progressSince = this.deps.clock().getTime();
    progress.push(share);
    if (progress.length < c.threshold) return null;
    try {
      return await keyFromShares(c, progress);
    } finally {
      this.clearProgress(); // a wrong combination starts over, as Vault does
    }
  }

  private liveProgress(): ParsedShare[] {
    if (this.progress.length > 0 && this.deps.clock().getTime() - this.progressSince > PROGRESS_TTL_MS) this.clearProgress();
    return this.progress;
  }

  private clearProgress(): void {
    for (const s of this.progress) s.bytes.fill(0);
    this.progress = [];
  }

  private committed(config: SealConfig): void {
    this.config = config;
    this.clearProgress();
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function wrongInput(mode: SealMode): SealError {
  const how = mode === "shamir" ? "shares" : mode === "passphrase" ? "its passphrase" : "its key file (send no share or passphrase)";
  return new SealError("InvalidRequest", `this server uses the ${mode} seal: unseal it with ${how}`);
}

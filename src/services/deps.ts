// What every service factory receives from the composition root.
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Barrier } from "../crypto/barrier.js";
import type { Storage } from "../storage/types.js";

export interface ServiceDeps {
  readonly storage: Storage;
  readonly barrier: Barrier;
  readonly accountId: string;
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** Which process of a `--workers` server this is (0 when it runs alone). */
  readonly workerIndex: number;
}

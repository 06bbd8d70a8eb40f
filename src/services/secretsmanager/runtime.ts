// What the Secrets Manager operations share: barrier, storage (for after-the-fact writes), clock, randomness,
// the rotator registry and the hook that wakes the rotation runner. Built once in index.ts.
import type { Logger } from "pino";
import type { Barrier } from "../../crypto/barrier.js";
import type { Storage } from "../../storage/types.js";
import type { RotatorRegistry } from "./rotation/registry.js";

export interface SmRuntime {
  readonly barrier: Barrier;
  readonly storage: Storage;
  readonly logger: Logger;
  readonly randomBytes: (n: number) => Buffer;
  readonly rotators: RotatorRegistry;
  /** Asks the rotation runner to look for work now (after the current write commits). */
  readonly wakeRotation: () => void;
}

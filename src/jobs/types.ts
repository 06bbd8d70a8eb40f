// Background work a service asks the server to run on a timer (expirations, deletions, rotation).
export interface Job {
  readonly name: string;
  readonly intervalMs: number;
  /**
   * Runs in every process of a server (`--workers`): it works on that process's own state (its audit
   * chain, its in-memory last-use log). Other jobs run in one process only (rotations call out to rotators).
   */
  readonly perNode?: boolean;
  run(now: Date): Promise<void>;
}

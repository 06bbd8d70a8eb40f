// Background work a service asks the server to run on a timer (expirations, deletions, rotation).
export interface Job {
  readonly name: string;
  readonly intervalMs: number;
  run(now: Date): Promise<void>;
}

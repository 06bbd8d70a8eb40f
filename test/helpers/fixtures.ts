// One real server (or a few) per test file: started before the file's tests, stopped after them.
import { after, before } from "node:test";
import { startServer, type StartOptions, type TestServer } from "./server.js";

export interface PerFileOptions {
  /** Runs after the tests, before the servers stop (destroy clients here). */
  readonly cleanup?: () => void | Promise<void>;
}

/** One started server per start option, in the same positions. */
export type Servers<T extends readonly StartOptions[]> = { readonly [K in keyof T]: TestServer };

/**
 * Starts one server per entry of `starts`, one after the other (so after() stops every server that did start,
 * even when a later one fails), then runs `ready` with them: create clients and seed data there.
 */
export function serversPerFile<const T extends readonly StartOptions[]>(
  starts: T,
  ready: (servers: Servers<T>) => void | Promise<void>,
  opts: PerFileOptions = {},
): void {
  const started: TestServer[] = [];
  before(async () => {
    for (const start of starts) started.push(await startServer(start));
    await ready(started as unknown as Servers<T>); // every entry of `starts` started, in order, or before() threw
  });
  after(async () => {
    try {
      await opts.cleanup?.();
    } finally {
      await Promise.all(started.map((s) => s.stop()));
    }
  });
}

/** serversPerFile with a single server started with `start`. */
export function serverPerFile(
  ready: (server: TestServer) => void | Promise<void>,
  start: StartOptions = {},
  opts: PerFileOptions = {},
): void {
  serversPerFile([start], ([server]) => ready(server), opts);
}

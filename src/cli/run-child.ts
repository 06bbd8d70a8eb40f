// Runs a command as `paramstore exec`'s child: stdio inherited, signals forwarded, exit status passed through.
import { spawn } from "node:child_process";
import { constants as osConstants } from "node:os";

/** Signals a supervisor passes on (SIGKILL and SIGSTOP cannot be caught). */
const FORWARDED: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGWINCH"];

/** 128+n for a child killed by signal n, as shells report it. */
export const signalExitCode = (signal: NodeJS.Signals): number => 128 + (osConstants.signals[signal] ?? 0);

export function runChild(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { env, stdio: "inherit" });
    const forward = (signal: NodeJS.Signals): void => { child.kill(signal); };
    for (const s of FORWARDED) process.on(s, forward);
    let finished = false;
    const done = (code: number): void => {
      if (finished) return;
      finished = true;
      for (const s of FORWARDED) process.off(s, forward);
      resolve(code);
    };
    child.once("error", (e: NodeJS.ErrnoException) => {
      // spawn failed: the shell's codes (127 not found, 126 not executable)
      process.stderr.write(`paramstore exec: cannot run ${file}: ${e.code ?? e.message}\n`);
      done(e.code === "ENOENT" ? 127 : 126);
    });
    child.once("exit", (code, signal) => done(signal ? signalExitCode(signal) : (code ?? 1)));
  });
}

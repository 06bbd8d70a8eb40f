// Terminal input for secrets: a prompt that does not echo, and piped stdin read as lines.
import { envPassphrase, PASSPHRASE_ENV, SealError, type PassphraseSource } from "../crypto/seal/index.js";

export const isInteractive = (): boolean => process.stdin.isTTY === true;

/** One line typed at the terminal, not echoed. Ctrl-C aborts. */
export function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let typed = "";
    const done = (err?: Error): void => {
      input.setRawMode(false);
      input.pause();
      input.off("data", onData);
      process.stderr.write("\n");
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n" || ch === "\u0004") return done();
        if (ch === "\u0003") return done(new Error("interrupted"));
        if (ch === "\u007f" || ch === "\b") typed = [...typed].slice(0, -1).join("");
        else if (ch >= " ") typed += ch;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on("data", onData);
  });
}

/** Every non-empty line of piped stdin (for automation: shares or a passphrase from a file or a secret store). */
export async function readStdinLines(): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  const text = Buffer.concat(chunks).toString("utf8");
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
}

/** Passphrase from `envName`, else typed at the terminal (twice when choosing a new one); null when neither is possible. */
export function terminalPassphrase(env: NodeJS.ProcessEnv, envName: string = PASSPHRASE_ENV, labels: { create: string; unlock: string } = DEFAULT_LABELS): PassphraseSource {
  const fromEnv = envPassphrase(env, envName);
  return async (purpose) => {
    const given = await fromEnv(purpose);
    if (given) return given;
    if (!isInteractive()) return null;
    const first = await promptHidden(purpose === "create" ? labels.create : labels.unlock);
    if (purpose === "create" && (await promptHidden("Repeat it: ")) !== first) {
      throw new SealError("InvalidRequest", "the two passphrases differ");
    }
    return Buffer.from(first, "utf8");
  };
}

const DEFAULT_LABELS = { create: "Choose a passphrase for this data directory: ", unlock: "Passphrase: " };

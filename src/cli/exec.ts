// `paramstore exec`: runs a command with parameters and secrets added to its environment
// (as chamber exec / envconsul / infisical run do).
import { parseArgs } from "node:util";
import { AWS_OPTIONS, AWS_OPTIONS_USAGE, clientSettings, secretsClient, ssmClient } from "./aws-options.js";
import { envConflict, envNameFor, envNameOfLeaf, isValidEnvName, splitAssignment, type EnvSource } from "./env-names.js";
import { FetchError, parameter, parametersByPath, secretString } from "./fetch-values.js";
import { runChild } from "./run-child.js";

export const EXEC_USAGE = `usage: paramstore exec [--path P ...] [--recursive] [--param NAME[=ENV] ...] [--secret ID[=ENV] ...] -- command args...

Runs the command with the parameters under each --path (GetParametersByPath, decrypted) added to its
environment: /app/prod/db/password with --path /app/prod becomes DB_PASSWORD (path-relative, upper-cased,
every character outside A-Z 0-9 turned into _). --param reads one parameter, --secret one secret's
SecretString; without =ENV the variable is named after the last segment. Two sources mapping to one
variable is an error. The command's exit code is passed through (128+n when killed by signal n).

${AWS_OPTIONS_USAGE}`;

interface Plan {
  readonly paths: readonly string[];
  readonly recursive: boolean;
  readonly params: ReadonlyArray<{ readonly id: string; readonly envName: string }>;
  readonly secrets: ReadonlyArray<{ readonly id: string; readonly envName: string }>;
}

export async function runExec(argv: string[]): Promise<number> {
  const baseEnv = { ...process.env }; // before the clients touch it
  const dash = argv.indexOf("--");
  const own = dash === -1 ? argv : argv.slice(0, dash);
  const command = dash === -1 ? [] : argv.slice(dash + 1);
  if (own.includes("--help") || own[0] === "help") return usage(0);
  const { values } = parseArgs({
    args: own,
    strict: true,
    options: {
      ...AWS_OPTIONS,
      path: { type: "string", multiple: true },
      recursive: { type: "boolean" },
      param: { type: "string", multiple: true },
      secret: { type: "string", multiple: true },
    },
  });
  const [file, ...args] = command;
  if (file === undefined) return usage(2);
  let added: Record<string, string>;
  try {
    const plan: Plan = {
      paths: values.path ?? [],
      recursive: values.recursive ?? false,
      params: (values.param ?? []).map(named),
      secrets: (values.secret ?? []).map(named),
    };
    added = await gather(plan, clientSettings(values, process.env));
  } catch (e) {
    if (!(e instanceof FetchError)) throw e;
    process.stderr.write(`paramstore exec: ${e.message}\n`);
    return 1;
  }
  return runChild(file, args, { ...baseEnv, ...added });
}

function named(spec: string): { id: string; envName: string } {
  const { id, envName } = splitAssignment(spec);
  const name = envName ?? envNameOfLeaf(id);
  if (!isValidEnvName(name)) throw new FetchError(`${JSON.stringify(name)} (for ${id}) is not a valid environment variable name`);
  return { id, envName: name };
}

/** Reads everything the plan names; the environment to add, or a FetchError (also for name conflicts). */
async function gather(plan: Plan, settings: ReturnType<typeof clientSettings>): Promise<Record<string, string>> {
  const ssm = ssmClient(settings);
  const sm = plan.secrets.length > 0 ? secretsClient(settings) : undefined;
  try {
    const entries: Array<EnvSource & { value: string }> = [];
    for (const path of plan.paths) {
      for (const p of await parametersByPath(ssm, path, plan.recursive)) {
        entries.push({ source: `parameter ${p.name}`, envName: envNameFor(p.name, path), value: p.value });
      }
    }
    for (const p of plan.params) entries.push({ source: `parameter ${p.id}`, envName: p.envName, value: await parameter(ssm, p.id) });
    for (const s of plan.secrets) {
      if (!sm) break;
      entries.push({ source: `secret ${s.id}`, envName: s.envName, value: await secretString(sm, s.id) });
    }
    const conflict = envConflict(entries);
    if (conflict) throw new FetchError(conflict);
    return Object.fromEntries(entries.map((e) => [e.envName, e.value]));
  } finally {
    ssm.destroy();
    sm?.destroy();
  }
}

function usage(code: number): number {
  process.stderr.write(EXEC_USAGE);
  return code;
}

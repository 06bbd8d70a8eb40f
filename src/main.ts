#!/usr/bin/env node
// paramstore command line: dispatches to the commands in cli/.

const USAGE = `usage: paramstore <command> [options]

commands:
  serve     start the server (--port 4583 --host 127.0.0.1 --data-dir ./data --account-id ID
            --tls-cert FILE --tls-key FILE --seal file|passphrase|shamir --log-level info
            --workers N|auto: N processes share the port, for several cores; default 1)
            audit trail: --audit-file FILE (JSON lines) --audit-retention-days N --audit-digest-interval 300
            --audit-fail-open (reads answered even when their record cannot be written; default refuses them)
            --audit-sync-reads (reads wait for their record to reach the disk, not only the OS)
  operator  seal and root of trust: init, status, unseal, seal, rotate-root (paramstore operator help)
  audit     the audit trail, offline: verify, tail, export-key (paramstore audit help)

apps and CI (clients of any SSM / Secrets Manager endpoint; paramstore <command> --help):
  exec      run a command with parameters and secrets in its environment
            (--path P [--recursive] --param NAME[=ENV] --secret ID[=ENV] -- command args...)
  render    fill a template's {{ param "/a/b" }} {{ secret "id" "key" }} {{ env "X" }} (--template F [--out F])
  agent     local caching agent with the AWS Parameters and Secrets Lambda Extension's HTTP interface
            (--listen 127.0.0.1:2773 --ttl 300 --max-entries 1000 --token T)
  common:   --endpoint URL --region R --profile P --data-dir D (the server's generated credentials)
`;

// Each command loads on demand: operator commands talk to a running server and need none of the services.
const commands: Record<string, (argv: string[]) => Promise<number>> = {
  serve: async (argv) => (await import("./cli/serve.js")).runServe(argv),
  operator: async (argv) => (await import("./cli/operator.js")).runOperator(argv),
  audit: async (argv) => (await import("./cli/audit.js")).runAudit(argv),
  exec: async (argv) => (await import("./cli/exec.js")).runExec(argv),
  render: async (argv) => (await import("./cli/render.js")).runRender(argv),
  agent: async (argv) => (await import("./cli/agent.js")).runAgent(argv),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(USAGE);
    return name === undefined || name === "help" || name === "--help" ? 0 : 2;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => { if (code !== 0) process.exitCode = code; },
  (e: unknown) => {
    process.stderr.write(`paramstore: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);

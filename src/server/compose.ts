// Composition root: storage, barrier, services, pipeline, HTTP listener, jobs.
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pino, type Logger } from "pino";
import type { Config } from "../config.js";
import { chainResolvers, rootResolver, type CredentialResolver } from "../auth/credentials.js";
import { createIamResolver } from "../auth/iam-resolver.js";
import { createPolicyAuthorizer } from "../auth/policy-authorizer.js";
import { createAuditTrail } from "../audit/index.js";
import { Barrier } from "../crypto/barrier.js";
import { bootSeal, type BootOutcome } from "../crypto/seal/boot.js";
import { describeSeal, envPassphrase, type PassphraseSource } from "../crypto/seal/index.js";
import { SealManager } from "../crypto/seal/manager.js";
import type { Job } from "../jobs/types.js";
import { createIamService } from "../services/iam/index.js";
import { createKmsService } from "../services/kms/index.js";
import { createSecretsManagerService } from "../services/secretsmanager/index.js";
import { createSsmService } from "../services/ssm/index.js";
import { createStsService } from "../services/sts/index.js";
import type { ServiceDeps } from "../services/deps.js";
import { openStorage } from "../storage/open.js";
import type { Storage } from "../storage/types.js";
import { ADMIN_PREFIX, adminRequestOf, createAdminHandler, type AdminHandler } from "./admin.js";
import type { WorkerHandlers, WorkerLink } from "./cluster.js";
import { createConsoleHandler, isConsolePath } from "./console.js";
import { createHttpServer } from "./http-server.js";
import { resolveAccountId, resolveRootCredentials } from "./identity-bootstrap.js";
import type { InternalServices } from "./context.js";
import { createPipeline, type HttpResponse, type RawRequest } from "./pipeline.js";
import { sealedApiResponse } from "./sealed.js";

export interface RunningServer {
  readonly port: number;
  readonly accountId: string;
  /** A worker's primary asked it to stop, or went away. */
  onStopRequest(fn: () => void): void;
  close(): Promise<void>;
}

/** What the server may ask its operator for at start (the CLI supplies a terminal prompt). */
export interface StartIo {
  readonly passphrase?: PassphraseSource;
}

/** The store a server's configuration names: its PostgreSQL database, else its data directory's. */
export const storageFor = (config: Config): Storage =>
  openStorage(config.dataDir, config.databaseUrl ? { url: config.databaseUrl, schema: config.databaseSchema } : undefined);

/** A worker of a `--workers` server (cluster.ts): the primary holds the seal and answers the admin endpoint. */
export interface WorkerRole {
  readonly connect: (handlers: WorkerHandlers) => WorkerLink;
}

/** Starts a server in this process; as a worker of a `--workers` server when `worker` is given. */
export async function startServer(config: Config, logger: Logger = pino({ level: config.logLevel }), io: StartIo = {}, worker?: WorkerRole): Promise<RunningServer> {
  const storage = storageFor(config);
  try {
    return await startOnStorage(storage, config, logger, io, worker);
  } catch (e) {
    await storage.close();
    throw e;
  }
}

export function announceRootCredentials(dataDir: string, accountId: string, root: { accessKeyId: string; secretAccessKey: string }): void {
  process.stderr.write(
    `\nparamstore: root credentials for account ${accountId} (shown once; also in ${dataDir}/credentials, profile "paramstore"):\n` +
      `  aws_access_key_id     = ${root.accessKeyId}\n  aws_secret_access_key = ${root.secretAccessKey}\n\n`,
  );
}

export function logSealBoot(logger: Logger, seal: BootOutcome): void {
  if (seal.config.mode === "file") {
    logger.warn({ seal: "file", created: seal.created }, "DEVELOPMENT SEAL: the root key is stored in a plain file in the data directory; use --seal passphrase or shamir in production");
  } else {
    logger.info({ seal: seal.config.mode, created: seal.created }, `root key from ${describeSeal(seal.config)}`);
  }
}

async function startOnStorage(storage: Storage, config: Config, logger: Logger, io: StartIo, worker?: WorkerRole): Promise<RunningServer> {
  const accountId = await resolveAccountId(storage, config.accountId);
  const root = resolveRootCredentials(config.dataDir, { id: config.rootAccessKeyId, secret: config.rootSecretAccessKey });
  if (root.generated) announceRootCredentials(config.dataDir, accountId, root);
  const barrier = await Barrier.attach(storage);
  // A worker's primary booted the seal already; the worker gets the keyring from it (below).
  const seal = worker ? undefined : await bootSeal({ storage, barrier, dataDir: config.dataDir, logger }, config.seal, io.passphrase ?? envPassphrase(process.env));
  if (seal) logSealBoot(logger, seal);

  const clock = (): Date => new Date();
  // IAM users and STS sessions resolve once the IAM/STS services exist (after the first unseal).
  let iamCredentials: CredentialResolver = async () => null;
  const credentials = chainResolvers([rootResolver(accountId, root.accessKeyId, root.secretAccessKey), (id, tx) => iamCredentials(id, tx)]);
  // Services are built at the first unseal, not at boot: some decrypt barrier data when created, and a
  // sealed server has no keys (ARCHITECTURE.md §5). A later seal keeps them; the pipeline refuses calls.
  let api: { handle: (raw: RawRequest) => Promise<HttpResponse>; timers: NodeJS.Timeout[]; closeAudit: () => Promise<void>; flushKeyUsage: () => Promise<void> } | undefined;
  const buildApi = async (): Promise<void> => {
    if (api) return;
    const deps: ServiceDeps = { storage, barrier, accountId, config, logger, clock, workerIndex: link?.index ?? 0 };
    const kms = await createKmsService(deps, { audit: () => audit.sink });
    const ssm = await createSsmService(deps);
    const iam = await createIamService(deps);
    const sts = await createStsService(deps, iam.internal);
    iamCredentials = createIamResolver({ storage, iam: iam.internal, sts: sts.internal, onSeal: (fn) => barrier.onSeal(fn), expiryOffsetMs: testClockOffsetMs(process.env, logger) });
    const services = [ssm.definition, kms.definition, iam.definition, sts.definition];
    const jobs: Job[] = [...(kms.jobs ?? []), ...(ssm.jobs ?? []), ...sts.jobs, iam.keyUsage.job];
    const audit = await createAuditTrail(deps);
    services.push(audit.cloudtrail);
    jobs.push(...audit.jobs);
    // Secrets Manager's rotations use the composed services, which include Secrets Manager itself (SSM's reference path).
    let internal: InternalServices = { kms: kms.internal };
    const secrets = await createSecretsManagerService(deps, { audit: () => audit.sink, internal: () => internal });
    internal = { ...internal, secretsmanager: secrets.internal };
    services.push(secrets.definition);
    jobs.push(...secrets.jobs);

    const handle = createPipeline({
      accountId,
      services,
      storage,
      credentials,
      authorizer: createPolicyAuthorizer({ storage, iam: iam.internal, sts: sts.internal, logger }),
      audit: audit.sink,
      internal,
      isSealed: () => barrier.isSealed,
      clock,
      logger,
      noteKeyUse: iam.keyUsage.note,
    });
    const timing = jobTiming(process.env, logger);
    // Workers other than the first run only the jobs about their own state (cluster.ts); among several servers
    // on one database, the others run on the one that holds the lead.
    const mine = deps.workerIndex === 0 ? jobs : jobs.filter((job) => job.perNode);
    const leads = async (): Promise<boolean> => (storage.holdsLead ? storage.holdsLead() : true);
    api = { handle, timers: mine.map((job) => startJob(job, clock, logger, () => barrier.isSealed, job.perNode ? undefined : leads, timing)), closeAudit: audit.close, flushKeyUsage: iam.keyUsage.flush };
  };
  let link: WorkerLink | undefined;
  let manager: SealManager | undefined;
  let admin: AdminHandler;
  let stopRequested = (): void => undefined;
  if (worker) {
    link = worker.connect({
      keyring: async (ring) => {
        barrier.adoptKeyring(ring);
        await buildApi();
      },
      seal: () => barrier.seal(),
      stop: () => stopRequested(),
    });
    const viaPrimary = link;
    admin = (req, body) => viaPrimary.admin(req, body);
    await link.started;
  } else {
    if (seal && !seal.sealed) await buildApi();
    manager = new SealManager({ storage, barrier, dataDir: config.dataDir, logger, config: (seal as BootOutcome).config, clock, afterUnseal: buildApi });
    admin = createAdminHandler({ manager, credentials, clock, logger });
  }
  const handle = (raw: RawRequest): Promise<HttpResponse> =>
    api && !barrier.isSealed ? api.handle(raw) : Promise.resolve(sealedApiResponse(raw));
  const tls = config.tlsCert && config.tlsKey ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) } : undefined;
  const consoleFiles = createConsoleHandler();
  const server = createHttpServer({
    tls,
    handle,
    logger,
    isPlainPath: (path) => path === "/health" || path.startsWith(ADMIN_PREFIX) || isConsolePath(path),
    plain: async (req, body) => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      if (isConsolePath(path)) return consoleFiles(req.method ?? "GET", path);
      if (req.method === "GET" && (req.url === "/health" || req.url?.startsWith("/health?"))) {
        const sealed = barrier.isSealed;
        return { status: sealed ? 503 : 200, headers: { "content-type": "application/json" }, body: JSON.stringify(sealed ? { status: "sealed" } : { status: "ok", accountId }) };
      }
      return admin(adminRequestOf(req), body);
    },
  });
  try {
    await listen(server, config.port, config.host);
  } catch (e) {
    api?.timers.forEach(clearInterval); // the caller closes the storage the jobs would use
    throw e;
  }
  const port = (server.address() as AddressInfo).port; // listening on TCP, so an AddressInfo
  logger.info({ port, host: config.host, accountId, tls: !!tls, dataDir: config.dataDir, sealed: barrier.isSealed }, "paramstore listening");
  if (barrier.isSealed && manager) logSealed(logger, manager, `${tls ? "https" : "http"}://${config.host}:${port}`);
  link?.up();
  return {
    port,
    accountId,
    onStopRequest(fn: () => void) {
      stopRequested = fn;
    },
    async close() {
      api?.timers.forEach(clearInterval);
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      await api?.flushKeyUsage().catch((e: unknown) => logger.error({ err: e instanceof Error ? e.message : String(e) }, "access key last-use flush failed"));
      await api?.closeAudit(); // queued read events, the final digest, the audit file
      await storage.close();
      barrier.seal();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function logSealed(logger: Logger, manager: SealManager, endpoint: string): void {
  const st = manager.status();
  const need = st.threshold === undefined ? "" : ` (${st.threshold} of ${st.shares} shares)`;
  logger.warn({ sealed: true, seal: st.mode }, `SEALED: the API refuses every call until \`paramstore operator unseal --endpoint ${endpoint}\`${need}`);
}

/**
 * PARAMSTORE_TEST_CLOCK_OFFSET_MS: session expiry is judged this much later than now, so tests can see
 * ExpiredToken without waiting 15 minutes (STS's shortest session). Only the expiry check moves — shifting
 * the whole clock would break SigV4's skew window. Honoured only with NODE_ENV=test, loudly.
 */
function testClockOffsetMs(env: NodeJS.ProcessEnv, logger: Logger): number {
  const offset = Number(env.PARAMSTORE_TEST_CLOCK_OFFSET_MS);
  if (env.NODE_ENV !== "test" || !Number.isSafeInteger(offset) || offset === 0) return 0;
  logger.warn({ offsetMs: offset }, "TEST ONLY: temporary credentials expire early by a clock offset");
  return offset;
}

interface JobTiming {
  /** PARAMSTORE_JOB_INTERVAL_MS: how often every job runs, instead of each job's own interval. */
  readonly intervalMs?: number;
  /** Added to the time jobs see; test-only (below). */
  readonly clockOffsetMs: number;
}

/**
 * Job timing from the environment. PARAMSTORE_TEST_JOB_CLOCK_OFFSET_MS moves only the time handed to jobs
 * (KMS deletion windows are 7+ days, rotation 90+; shifting the server clock would break SigV4), and is
 * honoured only with NODE_ENV=test, loudly, so a production server never deletes keys early.
 */
function jobTiming(env: NodeJS.ProcessEnv, logger: Logger): JobTiming {
  const interval = Number(env.PARAMSTORE_JOB_INTERVAL_MS);
  const intervalMs = Number.isInteger(interval) && interval >= 10 ? interval : undefined;
  const offset = Number(env.PARAMSTORE_TEST_JOB_CLOCK_OFFSET_MS);
  const clockOffsetMs = env.NODE_ENV === "test" && Number.isSafeInteger(offset) ? offset : 0;
  if (clockOffsetMs !== 0) logger.warn({ clockOffsetMs }, "TEST ONLY: background jobs run with a shifted clock");
  return { intervalMs, clockOffsetMs };
}

/** Runs a job on its interval; never while sealed (jobs decrypt and write through the barrier), nor while another server leads. */
function startJob(job: Job, clock: () => Date, logger: Logger, isSealed: () => boolean, leads: (() => Promise<boolean>) | undefined, timing: JobTiming = { clockOffsetMs: 0 }): NodeJS.Timeout {
  let running = false;
  const t = setInterval(() => {
    if (running || isSealed()) return;
    running = true;
    (leads ?? (async () => true))()
      .then((lead) => (lead ? job.run(new Date(clock().getTime() + timing.clockOffsetMs)) : undefined))
      .catch((e: unknown) => logger.error({ job: job.name, err: e instanceof Error ? e.message : String(e) }, "job failed"))
      .finally(() => { running = false; });
  }, timing.intervalMs ?? job.intervalMs);
  t.unref();
  return t;
}

// The four rotation steps for database credentials, shared by the PostgreSQL and MySQL/MariaDB rotators. Same
// algorithm and secret JSON as AWS's rotation templates: single user (change the user's own password) and
// alternating users (a master secret creates/updates `<user>_clone` and the two users take turns).
import type { RotationApi, SecretVersionView } from "../service-api.js";
import type { RotationEvent, Rotator } from "../registry.js";

/** The JSON structure AWS documents for database secrets. */
export interface DbSecret {
  readonly engine?: string;
  readonly host: string;
  readonly port?: number;
  readonly username: string;
  readonly password: string;
  readonly dbname?: string;
  readonly masterarn?: string;
  readonly ssl?: boolean;
  readonly [extra: string]: unknown;
}

/** A connection opened with some credentials; closed by the caller. */
export interface DbConnection {
  /** Sets `username`'s password (the connected user's own, or another's when connected as master). */
  setPassword(username: string, password: string): Promise<void>;
  /** Creates `newUser` with `password` and the privileges of `likeUser`, unless it exists. */
  ensureUserLike(newUser: string, likeUser: string, password: string): Promise<void>;
  /** A trivial query proving the session works. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DbDriver {
  /** Engines accepted in the secret's `engine` field. */
  readonly engines: readonly string[];
  /** Opens a session, or null when the server refused these credentials; other failures throw. */
  connect(secret: DbSecret): Promise<DbConnection | null>;
}

/** Characters AWS's templates exclude from generated database passwords (quoting and URL trouble). */
export const EXCLUDE_CHARACTERS = "/@\"'\\";

export class RotationStepError extends Error {}

function parseSecret(v: SecretVersionView | undefined, what: string, driver: DbDriver): DbSecret {
  if (!v?.secretString) throw new RotationStepError(`the ${what} version has no SecretString`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(v.secretString);
  } catch {
    throw new RotationStepError(`the ${what} SecretString is not JSON`);
  }
  const o = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<string, unknown>; // JSON object checked just above
  for (const k of ["host", "username", "password"]) {
    if (typeof o[k] !== "string" || o[k] === "") throw new RotationStepError(`the ${what} secret lacks "${k}"`);
  }
  if (typeof o.engine === "string" && !driver.engines.includes(o.engine)) {
    throw new RotationStepError(`the ${what} secret's engine "${o.engine}" is not one of ${driver.engines.join(", ")}`);
  }
  const port = typeof o.port === "string" ? Number(o.port) : o.port;
  return { ...o, host: String(o.host), username: String(o.username), password: String(o.password), ...(typeof port === "number" ? { port } : {}) };
}

async function withConnection<T>(conn: DbConnection, fn: (c: DbConnection) => Promise<T>): Promise<T> {
  try {
    return await fn(conn);
  } finally {
    await conn.close().catch(() => undefined);
  }
}

const cloneName = (username: string): string => (username.endsWith("_clone") ? username.slice(0, -"_clone".length) : `${username}_clone`);

async function createSecretStep(e: RotationEvent, api: RotationApi, driver: DbDriver, alternate: boolean): Promise<void> {
  const current = parseSecret(await api.getSecret({ stage: "AWSCURRENT" }), "AWSCURRENT", driver);
  if (await api.getSecret({ versionId: e.ClientRequestToken, stage: "AWSPENDING" })) return;
  const pending = {
    ...current,
    ...(alternate ? { username: cloneName(current.username) } : {}),
    password: api.randomPassword({ ExcludeCharacters: EXCLUDE_CHARACTERS }),
  };
  await api.putSecretValue(e.ClientRequestToken, JSON.stringify(pending), ["AWSPENDING"]);
}

async function pendingSecret(e: RotationEvent, api: RotationApi, driver: DbDriver): Promise<DbSecret> {
  return parseSecret(await api.getSecret({ versionId: e.ClientRequestToken, stage: "AWSPENDING" }), "AWSPENDING", driver);
}

/**
 * Single user: log in as the user (pending, then current, then previous password) and set its own password to the
 * pending one. Unlike AWS's template, a working pending login does not end the step: the password is set again
 * (idempotent), because a server that trusts some connections (pg_hba "trust") accepts any password.
 */
async function setSingle(e: RotationEvent, api: RotationApi, driver: DbDriver): Promise<void> {
  const pending = await pendingSecret(e, api, driver);
  const already = await driver.connect(pending);
  if (already) return withConnection(already, (c) => c.setPassword(pending.username, pending.password));
  const current = parseSecret(await api.getSecret({ stage: "AWSCURRENT" }), "AWSCURRENT", driver);
  if (current.username !== pending.username) throw new RotationStepError("the AWSPENDING username differs from the AWSCURRENT username");
  if (current.host !== pending.host) throw new RotationStepError("the AWSPENDING host differs from the AWSCURRENT host");
  let conn = await driver.connect(current);
  if (!conn) {
    const previous = await api.getSecret({ stage: "AWSPREVIOUS" });
    conn = previous ? await driver.connect(parseSecret(previous, "AWSPREVIOUS", driver)) : null;
  }
  if (!conn) throw new RotationStepError("unable to log into the database with the previous, current, or pending secret");
  await withConnection(conn, (c) => c.setPassword(pending.username, pending.password));
}

/**
 * Alternating users: the master secret (`masterarn`) creates the other user if needed and sets its password, every
 * time (idempotent; a pending login that "works" proves nothing on a server that trusts the connection).
 */
async function setAlternating(e: RotationEvent, api: RotationApi, driver: DbDriver): Promise<void> {
  const pending = await pendingSecret(e, api, driver);
  const current = parseSecret(await api.getSecret({ stage: "AWSCURRENT" }), "AWSCURRENT", driver);
  if (typeof current.masterarn !== "string" || current.masterarn === "") throw new RotationStepError('the secret lacks "masterarn" (the master secret)');
  const master = parseSecret(await api.getOtherSecret(current.masterarn), "master", driver);
  if (master.host !== pending.host) throw new RotationStepError("the master secret's host differs from the AWSPENDING host");
  const conn = await driver.connect(master);
  if (!conn) throw new RotationStepError("unable to log into the database with the master secret");
  await withConnection(conn, async (c) => {
    await c.ensureUserLike(pending.username, current.username, pending.password);
    await c.setPassword(pending.username, pending.password);
  });
}

async function testSecretStep(e: RotationEvent, api: RotationApi, driver: DbDriver): Promise<void> {
  const conn = await driver.connect(await pendingSecret(e, api, driver));
  if (!conn) throw new RotationStepError("unable to log into the database with the AWSPENDING secret");
  await withConnection(conn, (c) => c.ping());
}

/** Moves AWSCURRENT to the new version (AWSPREVIOUS follows automatically); a repeated call changes nothing. */
export async function finishSecretStep(e: RotationEvent, api: RotationApi): Promise<void> {
  const stages = await api.versionStages();
  const current = [...stages].find(([, labels]) => labels.includes("AWSCURRENT"))?.[0];
  if (current === e.ClientRequestToken) return;
  await api.updateSecretVersionStage("AWSCURRENT", e.ClientRequestToken, current);
}

export function dbRotator(name: string, driver: DbDriver, alternate: boolean): Rotator {
  return {
    name,
    usesMasterSecret: alternate,
    async run(e, api) {
      switch (e.Step) {
        case "createSecret":
          return createSecretStep(e, api, driver, alternate);
        case "setSecret":
          return alternate ? setAlternating(e, api, driver) : setSingle(e, api, driver);
        case "testSecret":
          return testSecretStep(e, api, driver);
        case "finishSecret":
          return finishSecretStep(e, api);
      }
    },
  };
}

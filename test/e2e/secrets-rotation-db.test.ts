// The built-in database rotators against the real PostgreSQL and MariaDB (secretsmanager.md §2.11): the password
// really changes, the old one stops working, alternating users are created with the same rights, and a failing
// setSecret leaves AWSCURRENT usable and the failure visible. A missing database FAILS these tests unless
// PARAMSTORE_SKIP_DB_TESTS=1, which skips them with the reason.
//
// The test PostgreSQL trusts every local login, so "the old password stops working" is proven the way the server
// itself would decide under scram-sha-256: against the role's stored SCRAM verifier in pg_authid.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { CreateSecretCommand, GetSecretValueCommand, RotateSecretCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { scramMatches } from "../../src/services/secretsmanager/rotation/rotators/scram.js";
import { iamClient, secretsClient } from "../helpers/clients.js";
import type { TestServer } from "../helpers/server.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { rejectsWith, waitUntil } from "../helpers/assertions.js";
import { myLogin, myQuery, password, pgQuery, pgVerifier, probe, SKIP_DB, suffix } from "./secrets-db-fixture.js";
import { allow, deniedText, newUser, policy, userArn } from "./iam-support.js";
import { auditEvents, describe, failureNote, lambdaArn } from "./secrets-support.js";

const pgProblem = await probe("postgres");
const myProblem = await probe("mariadb");
if (pgProblem) process.stdout.write(`# ${pgProblem}${SKIP_DB ? " — skipped (PARAMSTORE_SKIP_DB_TESTS=1)" : ""}\n`);
if (myProblem) process.stdout.write(`# ${myProblem}${SKIP_DB ? " — skipped (PARAMSTORE_SKIP_DB_TESTS=1)" : ""}\n`);
const pgSkip = SKIP_DB && pgProblem ? pgProblem : false;
const mySkip = SKIP_DB && myProblem ? myProblem : false;

let server: TestServer;
let sm: SecretsManagerClient;
const pgRoles: string[] = [];
const myUsers: string[] = [];

serverPerFile((started) => {
  server = started;
  sm = secretsClient(server);
}, { env: { PARAMSTORE_ROTATION_RETRY_SECONDS: "", PARAMSTORE_ROTATION_POLL_SECONDS: "0.2" } });
after(async () => {
  for (const r of pgRoles.reverse()) await pgQuery(`DROP ROLE IF EXISTS "${r}"`).catch(() => undefined);
  for (const u of myUsers) await myQuery("DROP USER IF EXISTS ?@'%'", [u]).catch(() => undefined);
});

function requireDb(problem: string | null): void {
  if (problem) assert.fail(`${problem}. These rotation tests need it; set PARAMSTORE_SKIP_DB_TESTS=1 to skip them knowingly.`);
}

async function pgRole(prefix: string, pw: string, extra = ""): Promise<string> {
  const name = `${prefix}_${suffix()}`;
  pgRoles.push(name, `${name}_clone`);
  await pgQuery(`CREATE ROLE "${name}" LOGIN PASSWORD '${pw}' ${extra}`);
  return name;
}

async function myUser(prefix: string, pw: string, grants: string[]): Promise<string> {
  const name = `${prefix}_${suffix()}`;
  myUsers.push(name, `${name}_clone`);
  await myQuery("CREATE USER ?@'%' IDENTIFIED BY ?", [name, pw]);
  for (const g of grants) await myQuery(`GRANT ${g} TO ?@'%'`, [name]);
  return name;
}

const secretJson = (engine: string, port: number, username: string, pw: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ engine, host: "127.0.0.1", port, username, password: pw, ...extra });

async function rotateAndWait(name: string, fn: string): Promise<void> {
  await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: lambdaArn(fn), RotationRules: { AutomaticallyAfterDays: 30 } }));
  await waitUntil(async () => {
    const d = await describe(sm, name);
    if (failureNote(d)) assert.fail(`rotation failed: ${failureNote(d)}`);
    return d.LastRotatedDate;
  }, 20_000, `${name} to rotate`);
}

async function waitForFailure(name: string): Promise<string> {
  return waitUntil(async () => failureNote(await describe(sm, name)), 20_000, `${name}'s rotation to fail`);
}

const valueOf = async (id: string, stage = "AWSCURRENT"): Promise<Record<string, string>> =>
  JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: id, VersionStage: stage }))).SecretString ?? "{}") as Record<string, string>;

test("PostgreSQL single user: the role's password really changes and the old one stops matching", { skip: pgSkip }, async () => {
  requireDb(pgProblem);
  const old = password();
  const role = await pgRole("ps_rot", old);
  const name = `db/pg-single-${role}`;
  await sm.send(new CreateSecretCommand({ Name: name, SecretString: secretJson("postgres", 5432, role, old, { dbname: "test" }) }));
  await rotateAndWait(name, "paramstore-rotator-postgres-single-user");
  const now = await valueOf(name);
  assert.equal(now.username, role);
  assert.notEqual(now.password, old);
  assert.doesNotMatch(now.password ?? "", /[/@"'\\]/, "AWS's excluded characters are left out");
  const verifier = await pgVerifier(role);
  assert.match(verifier, /^SCRAM-SHA-256\$4096:/, "stored as a SCRAM verifier");
  assert.equal(scramMatches(verifier, now.password ?? ""), true, "the new password matches");
  assert.equal(scramMatches(verifier, old), false, "the old password no longer matches");
  const rows = await pgQuery<{ u: string }>("SELECT current_user AS u", [], { user: role, password: now.password });
  assert.equal(rows[0]?.u, role, "a session with the new credentials works");
  assert.equal((await valueOf(name, "AWSPREVIOUS")).password, old);
  const puts = await auditEvents(server, "PutSecretValue");
  assert.ok(puts.some((e) => JSON.stringify(e["userIdentity"]).includes("assumed-role/paramstore-secrets-rotation/paramstore-rotator-postgres-single-user")), "the rotator's calls are audited under the rotation role");
});

test("PostgreSQL alternating users: the master creates <user>_clone with the user's rights and the new password", { skip: pgSkip }, async () => {
  requireDb(pgProblem);
  const masterPw = password();
  const master = await pgRole("ps_master", masterPw, "CREATEROLE");
  const userPw = password();
  const user = await pgRole("ps_app", userPw);
  await sm.send(new CreateSecretCommand({ Name: `db/pg-master-${master}`, SecretString: secretJson("postgres", 5432, master, masterPw, { dbname: "test" }) }));
  const name = `db/pg-multi-${user}`;
  await sm.send(new CreateSecretCommand({ Name: name, SecretString: secretJson("postgres", 5432, user, userPw, { dbname: "test", masterarn: `db/pg-master-${master}` }) }));
  await rotateAndWait(name, "paramstore-rotator-postgres-multi-user");
  const now = await valueOf(name);
  assert.equal(now.username, `${user}_clone`);
  assert.equal(scramMatches(await pgVerifier(`${user}_clone`), now.password ?? ""), true);
  assert.equal(scramMatches(await pgVerifier(user), userPw), true, "the previous user keeps working until its next turn");
  const member = await pgQuery("SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = $1 AND u.rolname = $2", [user, `${user}_clone`]);
  assert.equal(member.length, 1, "the clone holds the user's role");
  await sm.send(new RotateSecretCommand({ SecretId: name }));
  const second = await waitUntil(async () => {
    const v = await valueOf(name);
    return v.username === user ? v : undefined;
  }, 20_000, "the second rotation to switch back to the first user");
  assert.equal(scramMatches(await pgVerifier(user), second.password ?? ""), true, "the first user got a fresh password");
  assert.equal(scramMatches(await pgVerifier(user), userPw), false, "its old password no longer matches");
  assert.equal((await valueOf(name, "AWSPREVIOUS")).username, `${user}_clone`);
});

test("alternating users: configuring rotation needs read access to the master secret (no confused deputy)", { skip: pgSkip }, async () => {
  requireDb(pgProblem);
  const masterPw = password();
  const master = await pgRole("ps_guard", masterPw, "CREATEROLE");
  const masterArn = (await sm.send(new CreateSecretCommand({ Name: `db/pg-guard-${master}`, SecretString: secretJson("postgres", 5432, master, masterPw, { dbname: "test" }) }))).ARN ?? "";
  const name = `db/pg-mine-${master}`;
  const mine = await sm.send(new CreateSecretCommand({ Name: name, SecretString: secretJson("postgres", 5432, "postgres", "x", { dbname: "test", masterarn: masterArn }) }));
  const creds = await newUser(iamClient(server), `sm-rotator-${master}`, {
    policy: policy(allow(["secretsmanager:RotateSecret", "secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], mine.ARN ?? "-"), allow("kms:Decrypt")),
  });
  await rejectsWith(
    secretsClient(server, creds).send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: lambdaArn("paramstore-rotator-postgres-multi-user") })),
    "AccessDeniedException",
    deniedText(userArn(`sm-rotator-${master}`), "secretsmanager:GetSecretValue", masterArn),
  );
  const d = await describe(sm, name);
  assert.equal(d.RotationEnabled, undefined, "nothing was configured");
  assert.equal((await pgQuery("SELECT 1 FROM pg_roles WHERE rolname = 'postgres_clone'")).length, 0);
});

test("PostgreSQL: a failing setSecret (master may not create roles) leaves AWSCURRENT usable and the failure visible", { skip: pgSkip }, async () => {
  requireDb(pgProblem);
  const masterPw = password();
  const master = await pgRole("ps_weak", masterPw, "NOCREATEROLE");
  const userPw = password();
  const user = await pgRole("ps_app", userPw);
  await sm.send(new CreateSecretCommand({ Name: `db/pg-weak-${master}`, SecretString: secretJson("postgres", 5432, master, masterPw, { dbname: "test" }) }));
  const name = `db/pg-fail-${user}`;
  const before = secretJson("postgres", 5432, user, userPw, { dbname: "test", masterarn: `db/pg-weak-${master}` });
  await sm.send(new CreateSecretCommand({ Name: name, SecretString: before }));
  await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: lambdaArn("paramstore-rotator-postgres-multi-user") }));
  const note = await waitForFailure(name);
  assert.match(note, /setSecret failed \(attempt 1, giving up\): 42501: permission denied to create role/);
  assert.equal(note.includes(masterPw) || note.includes(userPw), false, "no password in the note");
  assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, before, "AWSCURRENT unchanged");
  assert.equal(scramMatches(await pgVerifier(user), userPw), true, "the current credentials still log in");
  assert.equal((await describe(sm, name)).LastRotatedDate, undefined);
  assert.equal((await pgQuery("SELECT 1 FROM pg_roles WHERE rolname = $1", [`${user}_clone`])).length, 0);
});

test("MariaDB single user: after rotation the old password is refused and the new one logs in", { skip: mySkip }, async () => {
  requireDb(myProblem);
  const old = password();
  const user = await myUser("ps_rot", old, ["SELECT ON mysql.*"]);
  const name = `db/my-single-${user}`;
  await sm.send(new CreateSecretCommand({ Name: name, SecretString: secretJson("mariadb", 3306, user, old) }));
  assert.equal(await myLogin(user, old), "ok");
  await rotateAndWait(name, "paramstore-rotator-mariadb-single-user");
  const now = await valueOf(name);
  assert.notEqual(now.password, old);
  assert.equal(await myLogin(user, now.password ?? ""), "ok", "the new password logs in");
  assert.equal(await myLogin(user, old), "ER_ACCESS_DENIED_ERROR", "the old password is refused");
  assert.equal((await valueOf(name, "AWSPREVIOUS")).password, old);
});

test("MariaDB alternating users: the clone gets the user's grants; both users log in with their own passwords", { skip: mySkip }, async () => {
  requireDb(myProblem);
  const masterPw = password();
  const master = await myUser("ps_master", masterPw, []);
  await myQuery("GRANT ALL PRIVILEGES ON *.* TO ?@'%' WITH GRANT OPTION", [master]); // an RDS-style admin
  const userPw = password();
  const user = await myUser("ps_app", userPw, ["SELECT ON mysql.*"]);
  await sm.send(new CreateSecretCommand({ Name: `db/my-master-${master}`, SecretString: secretJson("mysql", 3306, master, masterPw) }));
  const name = `db/my-multi-${user}`;
  await sm.send(new CreateSecretCommand({ Name: name, SecretString: secretJson("mysql", 3306, user, userPw, { masterarn: `db/my-master-${master}` }) }));
  await rotateAndWait(name, "paramstore-rotator-mysql-multi-user");
  const now = await valueOf(name);
  assert.equal(now.username, `${user}_clone`);
  assert.equal(await myLogin(`${user}_clone`, now.password ?? ""), "ok");
  assert.equal(await myLogin(user, userPw), "ok", "the previous user keeps working");
  const grants = (await myQuery("SHOW GRANTS FOR ?@'%'", [`${user}_clone`])).map((r) => String(Object.values(r as object)[0]));
  assert.ok(grants.some((g) => g.startsWith("GRANT SELECT ON `mysql`.*")), `clone grants: ${grants.join(" | ")}`);
});

test("MariaDB: a failing setSecret leaves AWSCURRENT logging in and records RotationFailed", { skip: mySkip }, async () => {
  requireDb(myProblem);
  const masterPw = password();
  const master = await myUser("ps_weak", masterPw, ["SELECT ON mysql.*"]);
  const userPw = password();
  const user = await myUser("ps_app", userPw, ["SELECT ON mysql.*"]);
  await sm.send(new CreateSecretCommand({ Name: `db/my-weak-${master}`, SecretString: secretJson("mariadb", 3306, master, masterPw) }));
  const name = `db/my-fail-${user}`;
  const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: secretJson("mariadb", 3306, user, userPw, { masterarn: `db/my-weak-${master}` }) }));
  await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: lambdaArn("paramstore-rotator-mariadb-multi-user") }));
  const note = await waitForFailure(name);
  assert.match(note, /setSecret failed \(attempt 1, giving up\): ER_SPECIFIC_ACCESS_DENIED_ERROR: Access denied; you need \(at least one of\) the CREATE USER privilege/);
  const current = await valueOf(name);
  assert.equal(current.password, userPw);
  assert.equal(await myLogin(current.username ?? "", current.password ?? ""), "ok", "AWSCURRENT still logs in");
  // MariaDB answers a login as an unknown user with either access-denied code, depending on the auth exchange.
  assert.match(await myLogin(`${user}_clone`, "anything"), /^ER_ACCESS_DENIED(_NO_PASSWORD)?_ERROR$/, "no clone logs in");
  const clones = await myQuery("SELECT User FROM mysql.user WHERE User = ?", [`${user}_clone`]);
  assert.equal(clones.length, 0, "no clone was created");
  const failed = await auditEvents(server, "RotationFailed");
  assert.ok(failed.some((e) => JSON.stringify(e).includes(c.ARN ?? "-") && JSON.stringify(e).includes("setSecret")));
});

// Secret access keys, session secrets and session tokens never reach disk, logs or the audit trail in clear.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CreateRoleCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, GetSessionTokenCommand } from "@aws-sdk/client-sts";
import { GetParameterCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { iamClient, ssmClient, stsClient } from "../helpers/clients.js";
import { startServer } from "../helpers/server.js";
import { storeContents } from "../helpers/store-contents.js";
import { allow, assume, newUser, policy, roleArn, trust, userArn } from "./iam-support.js";

test("no credential secret or session token appears in the data directory (database, WAL) or the server log", async () => {
  const server = await startServer();
  try {
    const iam = iamClient(server);
    const user = await newUser(iam, "holder", { policy: policy(allow(["sts:AssumeRole", "ssm:GetParameter"])) });
    await iam.send(new CreateRoleCommand({ RoleName: "vault", AssumeRolePolicyDocument: trust(userArn("holder")) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: "vault", PolicyName: "p", PolicyDocument: policy(allow("ssm:GetParameter")) }));
    await ssmClient(server).send(new PutParameterCommand({ Name: "/x", Value: "y", Type: "String" }));
    const role = await assume(stsClient(server, user), roleArn("vault"), "session-1");
    const out = await stsClient(server, user).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const userSession = { secret: out.Credentials?.SecretAccessKey ?? "", token: out.Credentials?.SessionToken ?? "" };
    await ssmClient(server, role).send(new GetParameterCommand({ Name: "/x" }));
    await stsClient(server, role).send(new GetCallerIdentityCommand({}));
    const secrets = [user.secretAccessKey, role.secretAccessKey, role.sessionToken ?? "", userSession.secret, userSession.token];
    assert.ok(secrets.every((s) => s.length >= 40), "all secrets were issued");
    await server.stop({ keepData: true });
    for (const { where, bytes } of await storeContents(server)) {
      for (const s of secrets) assert.equal(bytes.indexOf(Buffer.from(s, "utf8")), -1, `a secret appears in ${where}`);
    }
    for (const s of secrets) assert.ok(!server.log().includes(s), "a secret appears in the server log");
  } finally {
    await server.stop(); // also removes the data (and a PostgreSQL schema)
  }
});

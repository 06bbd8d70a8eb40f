// The IAM user the benchmark compares with root (issue: a user with a 20-statement policy >= 0.9 x root).
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import type { SignerCreds } from "./sign.js";

/** An IAM user whose policy has 20 statements, only the last two granting this workload. */
export async function userWith20Statements(endpoint: string, root: SignerCreds): Promise<SignerCreds> {
  const iam = new IAMClient({ endpoint, region: "us-east-1", credentials: root });
  await iam.send(new CreateUserCommand({ UserName: "bench-user" }));
  const Statement: object[] = Array.from({ length: 18 }, (_, i) => ({ Sid: `Other${i}`, Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: `arn:aws:ssm:*:*:parameter/team${i}/*` }));
  Statement.push({ Sid: "Bench", Effect: "Allow", Action: "ssm:GetParameter", Resource: "arn:aws:ssm:*:*:parameter/bench/*" });
  Statement.push({ Sid: "Decrypt", Effect: "Allow", Action: "kms:Decrypt", Resource: "*" });
  // A managed policy: 20 statements exceed the 2,048-byte inline user policy limit, as on AWS.
  const policy = await iam.send(new CreatePolicyCommand({ PolicyName: "bench", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement }) }));
  await iam.send(new AttachUserPolicyCommand({ UserName: "bench-user", PolicyArn: policy.Policy?.Arn }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: "bench-user" }));
  return { accessKeyId: key.AccessKey?.AccessKeyId ?? "", secretAccessKey: key.AccessKey?.SecretAccessKey ?? "" };
}


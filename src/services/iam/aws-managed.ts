// AWS managed policies (arn:aws:iam::aws:policy/…): a read-only catalogue present in every account. They resolve
// wherever a policy ARN is resolved (store-policies.ts findPolicy, defaultDocumentByArn, versions) and are attached
// by their PolicyId like customer managed ones, so AttachmentCount and ListEntitiesForPolicy count per account.
//
// Only policies whose every field could be sourced are listed. Sources, per field:
// - documents and default versions: AWS Managed Policy Reference pages
//   (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/<PolicyName>.html), whose statement and key
//   order are AWS's; text as AWS stores AdministratorAccess (2-space pretty JSON, src/policy/positions.ts: recorded
//   simulator positions 3:17–8:6);
// - PolicyId, CreateDate, UpdateDate: real list-policies / get-policy outputs (AWS CLI example list-policies.rst
//   for AdministratorAccess and PowerUserAccess; recorded list-policies and list-policy-versions answers in public
//   lab write-ups for IAMReadOnlyAccess), version CreateDates from zoph-io/MAMIP policies/<PolicyName>
//   (GetPolicyVersion as AWS answers it), the remaining ids and creation dates from moto's AWS-exported
//   aws_managed_policies data and a Go mirror of list-policies --scope AWS.
import type { EntityRow } from "./store.js";

interface Version {
  readonly id: string;
  readonly created: string;
  readonly document: object;
}

interface AwsManagedPolicy {
  readonly name: string;
  readonly id: string;
  readonly path: string;
  readonly description: string;
  readonly created: string;
  /** Newest first; the first one is the default version (AWS managed policies always default to their latest). */
  readonly versions: readonly Version[];
}

const doc = (...statements: object[]): object => ({ Version: "2012-10-17", Statement: statements });

const CATALOGUE: readonly AwsManagedPolicy[] = [
  {
    name: "AdministratorAccess",
    id: "ANPAIWMBCKSKIEE64ZLYK",
    path: "/",
    description: "Provides full access to AWS services and resources.",
    created: "2015-02-06T18:39:46Z",
    versions: [{ id: "v1", created: "2015-02-06T18:39:46Z", document: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }],
  },
  {
    name: "PowerUserAccess",
    id: "ANPAJYRXTHIB4FOVS3ZXS",
    path: "/",
    description: "Provides full access to AWS services and resources, but does not allow management of Users and groups.",
    created: "2015-02-06T18:39:47Z",
    versions: [
      {
        id: "v12",
        created: "2026-02-12T17:59:14Z",
        document: doc(
          { Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" },
          {
            Effect: "Allow",
            Action: [
              "account:GetAccountInformation",
              "account:GetGovCloudAccountInformation",
              "account:GetPrimaryEmail",
              "account:ListRegions",
              "iam:CreateServiceLinkedRole",
              "iam:DeleteServiceLinkedRole",
              "iam:ListRoles",
              "organizations:DescribeEffectivePolicy",
              "organizations:DescribeOrganization",
            ],
            Resource: "*",
          },
        ),
      },
    ],
  },
  {
    name: "IAMReadOnlyAccess",
    id: "ANPAJKSO7NDY4T57MWDSQ",
    path: "/",
    description: "Provides read only access to IAM via the AWS Management Console.",
    created: "2015-02-06T18:40:39Z",
    // All four versions as list-policy-versions / get-policy-version answered them (recorded CloudGoat walkthrough).
    versions: [
      {
        id: "v4",
        created: "2018-01-25T19:11:27Z",
        document: doc({
          Effect: "Allow",
          Action: [
            "iam:GenerateCredentialReport",
            "iam:GenerateServiceLastAccessedDetails",
            "iam:Get*",
            "iam:List*",
            "iam:SimulateCustomPolicy",
            "iam:SimulatePrincipalPolicy",
          ],
          Resource: "*",
        }),
      },
      {
        id: "v3",
        created: "2016-09-06T17:06:37Z",
        document: doc({
          Effect: "Allow",
          Action: ["iam:GenerateCredentialReport", "iam:GenerateServiceLastAccessedDetails", "iam:Get*", "iam:List*"],
          Resource: "*",
        }),
      },
      {
        id: "v2",
        created: "2015-04-21T16:01:34Z",
        document: doc({ Effect: "Allow", Action: ["iam:GenerateCredentialReport", "iam:Get*", "iam:List*"], Resource: "*" }),
      },
      { id: "v1", created: "2015-02-06T18:40:39Z", document: doc({ Effect: "Allow", Action: ["iam:List*", "iam:Get*"], Resource: "*" }) },
    ],
  },
  {
    name: "AmazonSSMReadOnlyAccess",
    id: "ANPAJODSKQGGJTHRYZ5FC",
    path: "/",
    description: "Provides read only access to Amazon SSM.",
    created: "2015-05-29T17:44:19Z",
    versions: [
      {
        id: "v1",
        created: "2015-05-29T17:44:19Z",
        document: doc({ Effect: "Allow", Action: ["ssm:Describe*", "ssm:Get*", "ssm:List*"], Resource: "*" }),
      },
    ],
  },
  {
    name: "AWSKeyManagementServicePowerUser",
    id: "ANPAJNPP7PPPPMJRV2SA4",
    path: "/",
    description: "Provides access to AWS Key Management Service (KMS).",
    created: "2015-02-06T18:40:40Z",
    versions: [
      {
        id: "v2",
        created: "2017-03-07T00:55:11Z",
        document: doc({
          Effect: "Allow",
          Action: [
            "kms:CreateAlias",
            "kms:CreateKey",
            "kms:DeleteAlias",
            "kms:Describe*",
            "kms:GenerateRandom",
            "kms:Get*",
            "kms:List*",
            "kms:TagResource",
            "kms:UntagResource",
            "iam:ListGroups",
            "iam:ListRoles",
            "iam:ListUsers",
          ],
          Resource: "*",
        }),
      },
    ],
  },
];

const ARN_PREFIX = "arn:aws:iam::aws:policy";
const arnOf = (p: AwsManagedPolicy): string => `${ARN_PREFIX}${p.path}${p.name}`;
const BY_ARN = new Map(CATALOGUE.map((p) => [arnOf(p), p]));
const BY_ID = new Map(CATALOGUE.map((p) => [p.id, p]));

/** The policy text AWS stores: pretty-printed with two spaces. */
const text = (document: object): string => JSON.stringify(document, null, 2);

/** An AWS managed policy seen from `accountId`, shaped like a stored customer managed policy row. */
function row(accountId: string, p: AwsManagedPolicy): EntityRow {
  const latest = p.versions[0];
  return {
    account_id: accountId,
    kind: "policy",
    entity_id: p.id,
    name: p.name,
    name_lower: p.name.toLowerCase(),
    path: p.path,
    arn: arnOf(p),
    created_at: p.created,
    description: p.description,
    trust_policy: null,
    max_session_duration: null,
    default_version: latest?.id ?? "v1",
    next_version: null,
    updated_at: latest?.created ?? p.created,
    permissions_boundary: null,
  };
}

/** Whether an ARN names an AWS managed policy (whether or not this catalogue has it). */
export const isAwsManagedArn = (arn: string): boolean => arn.startsWith(`${ARN_PREFIX}/`);

/** Whether a resolved policy row is an AWS managed one (immutable). */
export const isAwsManaged = (policy: EntityRow): boolean => BY_ID.has(policy.entity_id) && isAwsManagedArn(policy.arn);

export function awsManagedByArn(accountId: string, arn: string): EntityRow | undefined {
  const p = BY_ARN.get(arn);
  return p && row(accountId, p);
}

export function awsManagedById(accountId: string, policyId: string): EntityRow | undefined {
  const p = BY_ID.get(policyId);
  return p && row(accountId, p);
}

/** The catalogue under a path prefix, by name (ListPolicies Scope=AWS/All). */
export const awsManagedRows = (accountId: string, pathPrefix = "/"): EntityRow[] =>
  CATALOGUE.filter((p) => p.path.startsWith(pathPrefix)).map((p) => row(accountId, p));

/** The versions of an AWS managed policy, newest first, as the store's version rows; undefined for other ids. */
export function awsManagedVersions(policyId: string): { version_id: string; version_num: number; document: string; created_at: string }[] | undefined {
  return BY_ID.get(policyId)?.versions.map((v) => ({ version_id: v.id, version_num: Number(v.id.slice(1)), document: text(v.document), created_at: v.created }));
}

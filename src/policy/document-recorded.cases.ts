// Policy documents CreatePolicy was sent against real AWS, with AWS's answers: localstack/localstack
// tests/aws/services/iam/test_iam_policies.py (INVALID_POLICY_DOCUMENTS / VALID_POLICY_DOCUMENTS) and its
// AWS-recorded test_iam_policies.snapshot.json (invalid-N recorded 2026-02-18, valid-N 2026-02-10).
// Index i here is the recording's invalid-i / valid-i. Text-only entries are sent as is; objects as JSON.

export type RecordedDocument = string | Readonly<Record<string, unknown>>;

const V = "2012-10-17";
const BUCKET = "arn:aws:s3:::example_bucket";
const LIST = { Effect: "Allow", Action: "s3:ListBucket" } as const;
const BASIC = { ...LIST, Resource: BUCKET } as const;
const one = (statement: Readonly<Record<string, unknown>>): RecordedDocument => ({ Version: V, Statement: statement });
const withCondition = (condition: unknown): RecordedDocument => one({ ...BASIC, Condition: condition });

const SYNTAX = "Syntax errors in policy.";
const VERSION = "Policy document must be version 2012-10-17 or greater.";
const LEGACY = "The policy failed legacy parsing";
const PREFIX = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
const ONE_COLON = "Actions/Condition can contain only one colon.";
const ACTIONS = "Policy statement must contain actions.";
const RESOURCES = "Policy statement must contain resources.";
const NOT_ARN = (r: string): string => `Resource ${r} must be in ARN format or "*".`;

/** [document, AWS's MalformedPolicyDocument message] — invalid-0 … invalid-77. */
export const RECORDED_INVALID: readonly (readonly [RecordedDocument, string])[] = [
  ["This is not a json document", SYNTAX],
  [{ Statement: BASIC }, VERSION],
  [{ Version: "2008-10-17", Statement: BASIC }, VERSION],
  [{ Version: "2013-10-17", Statement: BASIC }, SYNTAX],
  [{ Version: V }, SYNTAX],
  [{ Version: V, Statement: ["afd"] }, SYNTAX],
  [{ Version: V, Statement: BASIC, "Extra field": "value" }, SYNTAX],
  [one({ ...BASIC, "Extra field": "value" }), SYNTAX],
  [{ Version: V, Id: ["cd3a324d2343d942772346-34234234423404-4c2242343242349d1642ee"], Statement: BASIC }, SYNTAX],
  [{ Version: V, Id: {}, Statement: BASIC }, SYNTAX],
  // 10
  [one({ ...BASIC, Effect: "invalid" }), SYNTAX],
  [one({ ...BASIC, Action: "invalid" }), PREFIX],
  [one({ Effect: "Allow", NotAction: "", Resource: BUCKET }), PREFIX],
  [one({ ...BASIC, Action: "a a:ListBucket" }), "Vendor a a is not valid"],
  [one({ ...BASIC, Action: "s3:List:Bucket" }), ONE_COLON],
  [{ Version: V, Statement: [{ ...BASIC, Action: "s3s:ListBucket" }, { ...BASIC, Action: "s:3s:ListBucket" }] }, ONE_COLON],
  [one({ ...LIST, Resource: "invalid resource" }), NOT_ARN("invalid resource")],
  [
    {
      Version: V,
      Statement: [
        {
          Sid: "EnableDisableHongKong",
          Effect: "Allow",
          Action: ["account:EnableRegion", "account:DisableRegion"],
          Resource: "",
          Condition: { StringEquals: { "account:TargetRegion": "ap-east-1" } },
        },
        { Sid: "ViewConsole", Effect: "Allow", Action: ["aws-portal:ViewAccount", "account:ListRegions"], Resource: "" },
      ],
    },
    NOT_ARN(""),
  ],
  [one({ Effect: "Allow", Action: "s:3:ListBucket", Resource: "sdfsadf" }), NOT_ARN("sdfsadf")],
  [one({ ...LIST, Resource: ["adf"] }), NOT_ARN("adf")],
  // 20
  [one({ ...LIST, Resource: "" }), NOT_ARN("")],
  [one({ Effect: "Allow", NotAction: "s3s:ListBucket", Resource: "a:bsdfdsafsad" }), 'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".'],
  [one({ Effect: "Allow", NotAction: "s3s:ListBucket", Resource: "a:b:cadfsdf" }), 'Partition "b" is not valid for resource "arn:b:cadfsdf:*:*:*".'],
  [one({ Effect: "Allow", NotAction: "s3s:ListBucket", Resource: "a:b:c:d:e:f:g:h" }), 'Partition "b" is not valid for resource "arn:b:c:d:e:f:g:h".'],
  [one({ ...LIST, Resource: "aws:s3:::example_bucket" }), 'Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".'],
  [
    one({ ...LIST, Resource: ["arn:error:s3:::example_bucket", "arn:error:s3::example_bucket"] }),
    'Partition "error" is not valid for resource "arn:error:s3:::example_bucket".',
  ],
  [{ Version: V, Statement: [] }, SYNTAX],
  [one(LIST), RESOURCES],
  [one({ ...LIST, Resource: [] }), RESOURCES],
  [one({ Effect: "Allow", Action: "invalid" }), RESOURCES],
  // 30
  [one({ Effect: "Allow", Resource: BUCKET }), ACTIONS],
  [one({ Action: "s3:ListBucket", Resource: BUCKET }), SYNTAX],
  [one({ Effect: "Allow" }), ACTIONS],
  [one({ ...BASIC, Action: [] }), ACTIONS],
  [{ Version: V, Statement: [{ Effect: "Deny" }, BASIC] }, ACTIONS],
  [
    one({ ...LIST, Resource: "arn:aws:iam:::example_bucket" }),
    'IAM resource path must either be "*", root, or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.',
  ],
  [one({ ...LIST, Resource: "arn:aws:s3::example_bucket" }), LEGACY],
  [one({ Effect: "Allow", Resource: "arn:aws:s3::example_bucket" }), LEGACY],
  [one({ ...LIST, Resource: "arn:aws" }), "Resource vendor must be fully qualified and cannot contain regexes."],
  [one({ ...LIST, Resource: { a: BUCKET } }), SYNTAX],
  // 40
  [one({ Effect: "Deny", Action: "s3:ListBucket", Resource: ["adfdf", {}] }), SYNTAX],
  [one({ Effect: "Allow", NotAction: "s3:ListBucket", Resource: BUCKET, NotResource: [] }), SYNTAX],
  [one({ Effect: "Deny", Action: [[]], Resource: BUCKET }), SYNTAX],
  [one({ Effect: "Allow", NotAction: "s3s:ListBucket", Action: [], Resource: BUCKET }), SYNTAX],
  [one({ ...BASIC, Action: {} }), SYNTAX],
  [withCondition([]), SYNTAX],
  [withCondition("a"), SYNTAX],
  [withCondition({ a: "b" }), SYNTAX],
  [withCondition({ DateGreaterThan: "b" }), SYNTAX],
  [withCondition({ DateGreaterThan: [] }), SYNTAX],
  // 50
  [withCondition({ DateGreaterThan: { a: {} } }), SYNTAX],
  [one({ Effect: "Allow", Resource: BUCKET, Condition: { DateGreaterThan: { a: {} } } }), SYNTAX],
  [withCondition({ x: { a: "1" } }), SYNTAX],
  [withCondition({ "ForAnyValue::StringEqualsIfExists": { a: "asf" } }), SYNTAX],
  [withCondition([{ "ForAllValues:StringEquals": { "aws:TagKeys": "Department" } }]), SYNTAX],
  [
    one({ ...LIST, Resource: "arn:aws:iam:us-east-1::example_bucket" }),
    "IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information.",
  ],
  [
    one({ ...LIST, Resource: "arn:aws:s3:us-east-1::example_bucket" }),
    "Resource arn:aws:s3:us-east-1::example_bucket can not contain region information.",
  ],
  [one({ Sid: {}, ...BASIC }), SYNTAX],
  [one({ Sid: [], ...BASIC }), SYNTAX],
  [
    { Version: V, Statement: [{ Sid: "sdf", ...BASIC }, { Sid: "sdf", Effect: "Allow" }] },
    "Statement IDs (SID) in a single policy must be unique.",
  ],
  // 60
  [{ Statement: [{ Sid: "sdf", ...BASIC }, { Sid: "sdf", Effect: "Allow" }] }, VERSION],
  [one({ Effect: "Allow", NotAction: "s3:ListBucket", Action: "iam:dsf", Resource: BUCKET }), SYNTAX],
  [one({ ...BASIC, NotResource: "*" }), SYNTAX],
  [one({ ...BASIC, Effect: "denY" }), LEGACY],
  [withCondition({ DateGreaterThan: { a: "sdfdsf" } }), LEGACY],
  [{ Statement: { ...BASIC, Condition: { DateGreaterThan: { a: "sdfdsf" } } } }, VERSION],
  [{ Statement: { ...BASIC, Effect: "denY" } }, VERSION],
  [one({ Effect: "Allow", Condition: { DateGreaterThan: { a: "sdfdsf" } } }), LEGACY],
  [one({ Effect: "Allow", NotAction: "s3:ListBucket", Resource: "arn:aws::::example_bucket" }), LEGACY],
  [one({ Effect: "allow", Resource: "arn:aws:s3:us-east-1::example_bucket" }), LEGACY],
  // 70
  [{ Version: V, Statement: [{ Sid: "sdf", ...BASIC, Effect: "aLLow" }, { Sid: "sdf", Effect: "Allow" }] }, LEGACY],
  [one({ ...LIST, NotResource: "arn:aws:s3::example_bucket" }), LEGACY],
  [withCondition({ DateLessThanEquals: { a: "234-13" } }), LEGACY],
  [withCondition({ DateLessThanEquals: { a: "2016-12-13t2:00:00.593194+1" } }), LEGACY],
  [withCondition({ DateLessThanEquals: { a: "2016-12-13t2:00:00.1999999999+10:59" } }), LEGACY],
  [withCondition({ DateLessThan: { a: "9223372036854775808" } }), LEGACY],
  [one({ ...LIST, Resource: "arn:error:s3:::example_bucket", Condition: { DateGreaterThan: { a: "sdfdsf" } } }), LEGACY],
  [one({ ...LIST, Resource: "arn:aws::fdsasf" }), LEGACY],
];

const SELF_SERVICE_CREDENTIALS = [
  ["AllowManageOwnPasswords", ["iam:ChangePassword", "iam:GetUser"]],
  ["AllowManageOwnAccessKeys", ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:UpdateAccessKey"]],
  [
    "AllowManageOwnSigningCertificates",
    ["iam:DeleteSigningCertificate", "iam:ListSigningCertificates", "iam:UpdateSigningCertificate", "iam:UploadSigningCertificate"],
  ],
  [
    "AllowManageOwnSSHPublicKeys",
    ["iam:DeleteSSHPublicKey", "iam:GetSSHPublicKey", "iam:ListSSHPublicKeys", "iam:UpdateSSHPublicKey", "iam:UploadSSHPublicKey"],
  ],
  [
    "AllowManageOwnGitCredentials",
    [
      "iam:CreateServiceSpecificCredential", "iam:DeleteServiceSpecificCredential", "iam:ListServiceSpecificCredentials",
      "iam:ResetServiceSpecificCredential", "iam:UpdateServiceSpecificCredential",
    ],
  ],
].map(([Sid, Action]) => ({ Sid, Effect: "Allow", Action, Resource: "arn:aws:iam::*:user/${aws:username}" }));

const CURRENT_TIME_WINDOW = {
  DateGreaterThan: { "aws:CurrentTime": "2017-07-01T00:00:00Z" },
  DateLessThan: { "aws:CurrentTime": "2017-12-31T23:59:59Z" },
};
const COGNITO_PREFIX = "cognito/application-name/${cognito-identity.amazonaws.com:sub}";
const RDS_REGION = [
  { Effect: "Allow", Action: "rds:*", Resource: ["arn:aws:rds:region:*:*"] },
  { Effect: "Allow", Action: ["rds:Describe*"], Resource: ["*"] },
];

/** Documents AWS accepted — valid-0 … valid-50. */
export const RECORDED_VALID: readonly RecordedDocument[] = [
  one({ ...LIST, Resource: [BUCKET] }),
  one({ ...BASIC, Action: "iam: asdf safdsf af " }),
  one({ ...LIST, Resource: [BUCKET, "*"] }),
  one({ ...BASIC, Action: "*" }),
  { Version: V, Statement: [BASIC] },
  one({ Effect: "Allow", Action: "service-prefix:action-name", Resource: "*", Condition: CURRENT_TIME_WINDOW }),
  one({ ...BASIC, Action: "fsx:ListBucket" }),
  one({ ...LIST, Resource: "arn:aws:iam:::user/example_bucket" }),
  one({ ...LIST, Resource: "arn:aws:s33:::example_bucket" }),
  one({ ...LIST, Resource: "arn:aws:fdsasf" }),
  // 10
  withCondition({}),
  withCondition({ "ForAllValues:StringEquals": { "aws:TagKeys": "Department" } }),
  one({ ...LIST, Resource: "arn:aws:cloudwatch:us-east-1::example_bucket" }),
  one({ ...LIST, Resource: "arn:aws:ec2:us-east-1::example_bucket" }),
  one({ ...LIST, Resource: "arn:aws:invalid-service:::example_bucket" }),
  one({ ...LIST, Resource: "arn:aws:invalid-service:us-east-1::example_bucket" }),
  withCondition(CURRENT_TIME_WINDOW),
  withCondition({ DateGreaterThan: {} }),
  withCondition({ DateGreaterThan: { a: [] } }),
  withCondition({ a: {} }),
  // 20
  one({ Sid: "dsfsdfsdfsdfsdfsadfsd", ...BASIC }),
  {
    Version: V,
    Statement: [
      {
        Sid: "ConsoleDisplay",
        Effect: "Allow",
        Action: ["iam:GetRole", "iam:GetUser", "iam:ListRoles", "iam:ListRoleTags", "iam:ListUsers", "iam:ListUserTags"],
        Resource: "*",
      },
      {
        Sid: "AddTag",
        Effect: "Allow",
        Action: ["iam:TagUser", "iam:TagRole"],
        Resource: "*",
        Condition: {
          StringEquals: { "aws:RequestTag/CostCenter": ["A-123", "B-456"] },
          "ForAllValues:StringEquals": { "aws:TagKeys": "CostCenter" },
        },
      },
    ],
  },
  one({ Effect: "Allow", NotAction: "s3:ListBucket", Resource: BUCKET }),
  one({ Effect: "Deny", Action: "s3:*", NotResource: ["arn:aws:s3:::HRBucket/Payroll", "arn:aws:s3:::HRBucket/Payroll/*"] }),
  { Version: V, Id: "sdfsdfsdf", Statement: { Effect: "Allow", NotAction: "s3:ListBucket", Resource: BUCKET } },
  one({ ...BASIC, Action: "aaaaaadsfdsafsadfsadfaaaaa:ListBucket" }),
  one({ ...BASIC, Action: "s3-s:ListBucket" }),
  one({ ...BASIC, Action: "s3.s:ListBucket" }),
  one({ Effect: "Allow", NotAction: "s3:ListBucket", NotResource: "*" }),
  { Version: V, Statement: [{ Sid: "sdf", ...BASIC }, BASIC] },
  // 30
  withCondition({ DateGreaterThan: { a: "01T" } }),
  withCondition({ x: {}, y: {} }),
  withCondition({ StringEqualsIfExists: { a: "asf" } }),
  withCondition({ "ForAnyValue:StringEqualsIfExists": { a: "asf" } }),
  withCondition({ DateLessThanEquals: { a: "2019-07-01T13:20:15Z" } }),
  withCondition({ DateLessThanEquals: { a: "2016-12-13T21:20:37.593194+00:00" } }),
  withCondition({ DateLessThanEquals: { a: "2016-12-13t2:00:00.593194+23" } }),
  withCondition({ DateLessThan: { a: "-292275054" } }),
  {
    Version: V,
    Statement: [
      {
        Sid: "AllowViewAccountInfo",
        Effect: "Allow",
        Action: ["iam:GetAccountPasswordPolicy", "iam:GetAccountSummary", "iam:ListVirtualMFADevices"],
        Resource: "*",
      },
      ...SELF_SERVICE_CREDENTIALS,
      {
        Sid: "AllowManageOwnVirtualMFADevice",
        Effect: "Allow",
        Action: ["iam:CreateVirtualMFADevice", "iam:DeleteVirtualMFADevice"],
        Resource: "arn:aws:iam::*:mfa/${aws:username}",
      },
      {
        Sid: "AllowManageOwnUserMFA",
        Effect: "Allow",
        Action: ["iam:DeactivateMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"],
        Resource: "arn:aws:iam::*:user/${aws:username}",
      },
      {
        Sid: "DenyAllExceptListedIfNoMFA",
        Effect: "Deny",
        NotAction: [
          "iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices",
          "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken",
        ],
        Resource: "*",
        Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
      },
    ],
  },
  {
    Version: V,
    Statement: [
      {
        Sid: "ListAndDescribe",
        Effect: "Allow",
        Action: ["dynamodb:List*", "dynamodb:DescribeReservedCapacity*", "dynamodb:DescribeLimits", "dynamodb:DescribeTimeToLive"],
        Resource: "*",
      },
      {
        Sid: "SpecificTable",
        Effect: "Allow",
        Action: [
          "dynamodb:BatchGet*", "dynamodb:DescribeStream", "dynamodb:DescribeTable", "dynamodb:Get*", "dynamodb:Query",
          "dynamodb:Scan", "dynamodb:BatchWrite*", "dynamodb:CreateTable", "dynamodb:Delete*", "dynamodb:Update*",
          "dynamodb:PutItem",
        ],
        Resource: "arn:aws:dynamodb:*:*:table/MyTable",
      },
    ],
  },
  // 40
  {
    Version: V,
    Statement: [
      {
        Effect: "Allow",
        Action: ["ec2:AttachVolume", "ec2:DetachVolume"],
        Resource: ["arn:aws:ec2:*:*:volume/*", "arn:aws:ec2:*:*:instance/*"],
        Condition: { ArnEquals: { "ec2:SourceInstanceARN": "arn:aws:ec2:*:*:instance/instance-id" } },
      },
    ],
  },
  {
    Version: V,
    Statement: [
      {
        Effect: "Allow",
        Action: ["ec2:AttachVolume", "ec2:DetachVolume"],
        Resource: "arn:aws:ec2:*:*:instance/*",
        Condition: { StringEquals: { "ec2:ResourceTag/Department": "Development" } },
      },
      {
        Effect: "Allow",
        Action: ["ec2:AttachVolume", "ec2:DetachVolume"],
        Resource: "arn:aws:ec2:*:*:volume/*",
        Condition: { StringEquals: { "ec2:ResourceTag/VolumeUser": "${aws:username}" } },
      },
    ],
  },
  {
    Version: V,
    Statement: [
      {
        Sid: "StartStopIfTags",
        Effect: "Allow",
        Action: ["ec2:StartInstances", "ec2:StopInstances", "ec2:DescribeTags"],
        Resource: "arn:aws:ec2:region:account-id:instance/*",
        Condition: { StringEquals: { "ec2:ResourceTag/Project": "DataAnalytics", "aws:PrincipalTag/Department": "Data" } },
      },
    ],
  },
  {
    Version: V,
    Statement: [
      {
        Sid: "ListYourObjects",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: ["arn:aws:s3:::bucket-name"],
        Condition: { StringLike: { "s3:prefix": [COGNITO_PREFIX] } },
      },
      {
        Sid: "ReadWriteDeleteYourObjects",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: [`arn:aws:s3:::bucket-name/${COGNITO_PREFIX}`, `arn:aws:s3:::bucket-name/${COGNITO_PREFIX}/*`],
      },
    ],
  },
  {
    Version: V,
    Statement: [
      { Effect: "Allow", Action: ["s3:ListAllMyBuckets", "s3:GetBucketLocation"], Resource: "*" },
      {
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: "arn:aws:s3:::bucket-name",
        Condition: { StringLike: { "s3:prefix": ["", "home/", "home/${aws:userid}/*"] } },
      },
      {
        Effect: "Allow",
        Action: "s3:*",
        Resource: ["arn:aws:s3:::bucket-name/home/${aws:userid}", "arn:aws:s3:::bucket-name/home/${aws:userid}/*"],
      },
    ],
  },
  {
    Version: V,
    Statement: [
      {
        Sid: "ConsoleAccess",
        Effect: "Allow",
        Action: [
          "s3:GetAccountPublicAccessBlock", "s3:GetBucketAcl", "s3:GetBucketLocation", "s3:GetBucketPolicyStatus",
          "s3:GetBucketPublicAccessBlock", "s3:ListAllMyBuckets",
        ],
        Resource: "*",
      },
      { Sid: "ListObjectsInBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: ["arn:aws:s3:::bucket-name"] },
      { Sid: "AllObjectActions", Effect: "Allow", Action: "s3:*Object", Resource: ["arn:aws:s3:::bucket-name/*"] },
    ],
  },
  {
    Version: V,
    Statement: [
      {
        Sid: "AllowViewAccountInfo",
        Effect: "Allow",
        Action: ["iam:GetAccountPasswordPolicy", "iam:GetAccountSummary"],
        Resource: "*",
      },
      ...SELF_SERVICE_CREDENTIALS,
    ],
  },
  { Version: V, Statement: [{ Action: "ec2:*", Resource: "*", Effect: "Allow", Condition: { StringEquals: { "ec2:Region": "region" } } }] },
  { Version: V, Statement: RDS_REGION },
  { Version: V, Statement: RDS_REGION.map((s) => ({ Sid: "", ...s })) },
  // 50
  {
    Version: V,
    Statement: [
      {
        Sid: "",
        Effect: "Allow",
        Action: ["s3:*"],
        Resource: [
          "arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point",
          "arn:aws:s3:us-west-2:123456789012:accesspoint/my-access-point/object/*",
        ],
      },
    ],
  },
];

/** The text sent to AWS for one recorded document. */
export const documentText = (d: RecordedDocument): string => (typeof d === "string" ? d : JSON.stringify(d));

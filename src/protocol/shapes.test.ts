// Validation messages (protocol.md §4.1, spec examples), JSON coercions and JSON output encoding.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isServiceError } from "./errors.js";
import { cloudTrailModel } from "./models/cloudtrail.js";
import { kmsModel } from "./models/kms.js";
import { secretsManagerModel } from "./models/secretsmanager.js";
import { ssmModel } from "./models/ssm.js";
import type { ServiceModel } from "./model-types.js";
import { issueText, modelledError, serializeJsonOutput, validateInput, type IssueFormatter } from "./shapes.js";

/** Runs validateInput and returns the thrown AWS error as {code, message, field}. */
function failure(model: ServiceModel, op: string, body: unknown, formatIssue?: IssueFormatter) {
  try {
    validateInput(model, op, body, { formatIssue });
  } catch (e) {
    if (!isServiceError(e)) throw e;
    return { code: e.code, message: e.message, field: e.messageField, status: e.status };
  }
  assert.fail(`${op} accepted ${JSON.stringify(body)}`);
}

const v1 = (s: string): string => `1 validation error detected: ${s}`;

test("constraint messages match the spec examples", async (t) => {
  const cases: [string, ServiceModel, string, unknown, string][] = [
    ["GetParameters > 10 names prints the list Java-style (ssm.md §6.3)", ssmModel, "GetParameters",
      { Names: "abcdefghijk".split("") },
      v1("Value '[a, b, c, d, e, f, g, h, i, j, k]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10")],
    ["empty KMS plaintext (kms.md, AWS-verified)", kmsModel, "Encrypt", { KeyId: "k", Plaintext: "" },
      v1("Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1")],
    ["KMS plaintext over 4096 bytes counts bytes", kmsModel, "Encrypt", { KeyId: "k", Plaintext: Buffer.alloc(4097).toString("base64") },
      v1("Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096")],
    ["numbers are quoted like AWS (kms.md NumberOfBytes)", kmsModel, "GenerateRandom", { NumberOfBytes: 2048 },
      v1("Value '2048' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024")],
    ["pattern (kms.md alias)", kmsModel, "CreateAlias", { AliasName: "alias/my-alias!", TargetKeyId: "k" },
      v1("Value 'alias/my-alias!' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$")],
    ["missing required member prints an unquoted null, as AWS's Coral validator", ssmModel, "UnlabelParameterVersion", { Name: "a", Labels: ["x"] },
      v1("Value null at 'parameterVersion' failed to satisfy constraint: Member must not be null")],
    ["list item constraints are listed together at the list (ssm.md §6.8)", ssmModel, "LabelParameterVersion",
      { Name: "a", Labels: ["l".repeat(101)] },
      v1(`Value '[${"l".repeat(101)}]' at 'labels' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 100, Member must have length greater than or equal to 1]`)],
    ["secret string over 65536 characters (secretsmanager.md)", secretsManagerModel, "CreateSecret", { Name: "s", SecretString: "x".repeat(70000) },
      v1("Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536")],
    ["strings count UTF-16 code units, as Java", ssmModel, "GetParameter", { Name: "😀".repeat(1025) },
      v1(`Value '${"😀".repeat(1025)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 2048`)],
  ];
  for (const [name, model, op, body, message] of cases) {
    await t.test(name, () => assert.equal(failure(model, op, body).message, message));
  }
});

test("several violations are counted, joined with '; ' and kept in member order with item paths", () => {
  const f = failure(ssmModel, "DescribeParameters", {
    ParameterFilters: [{ Key: "Name", Values: ["a"] }, { Key: "bad key", Option: "TooLongOption", Values: [] }],
    MaxResults: 51,
  });
  assert.equal(f.message, "4 validation errors detected: " + [
    "Value 'bad key' at 'parameterFilters.2.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType",
    "Value 'TooLongOption' at 'parameterFilters.2.member.option' failed to satisfy constraint: Member must have length less than or equal to 10",
    "Value '[]' at 'parameterFilters.2.member.values' failed to satisfy constraint: Member must have length greater than or equal to 1",
    "Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
  ].join("; "));
});

test("\\p{..} patterns work (tag keys) and map keys/values report once per map", () => {
  assert.doesNotThrow(() => validateInput(ssmModel, "AddTagsToResource", { ResourceType: "Parameter", ResourceId: "x", Tags: [{ Key: "Ünïcode key", Value: "v" }] }));
  const f = failure(ssmModel, "AddTagsToResource", { ResourceType: "Parameter", ResourceId: "x", Tags: [{ Key: "a!", Value: "b" }] });
  assert.match(f.message, /Value 'a!' at 'tags\.1\.member\.key' failed to satisfy constraint: Member must satisfy regular expression pattern: \^\(\[\\p\{L\}/);
  const tiny: ServiceModel = {
    metadata: { protocol: "json", apiVersion: "x", signingName: "x" },
    operations: { Op: { name: "Op", input: "In", errors: [] } },
    shapes: {
      In: { type: "structure", members: { Tags: { shape: "TagMap" } } },
      TagMap: { type: "map", key: { shape: "Key" }, value: { shape: "Val" }, max: 2 },
      Key: { type: "string", min: 1, max: 3 },
      Val: { type: "string", max: 2 },
    },
  };
  assert.equal(failure(tiny, "Op", { Tags: { a: "x", "": "y", long: "zzz" } }).message, "3 validation errors detected: " + [
    "Value '{a=x, =y, long=zzz}' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 2",
    "Value '{a=x, =y, long=zzz}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 3, Member must have length greater than or equal to 1]",
    "Value '{a=x, =y, long=zzz}' at 'tags' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 2]",
  ].join("; "));
});

test("ValidationException message member follows the service model: SSM/Secrets Manager 'Message', KMS 'message'", () => {
  assert.deepEqual([failure(ssmModel, "GetParameter", {}).field, failure(kmsModel, "DescribeKey", {}).field], ["Message", "message"]);
  const f = failure(ssmModel, "GetParameter", {});
  assert.equal(f.code, "ValidationException");
  assert.equal(f.status, 400);
});

test("issueText builds the exact text for rules the model lacks (SSM Value min length is not in botocore 1.43)", () => {
  assert.equal(issueText({ path: "value", value: "", sensitive: true, constraint: { kind: "minLength", limit: 1 } }),
    "Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1");
});

test("the per-operation hook supplies AWS's exact text (enum order, moto's trailing period)", () => {
  const ssmText: IssueFormatter = (issue, text, op) => {
    if (issue.constraint.kind === "enum" && issue.path === "type") {
      return issueText({ ...issue, constraint: { kind: "enum", values: ["SecureString", "StringList", "String"] } });
    }
    return op === "GetParameters" && issue.path === "names" ? `${text}.` : text;
  };
  assert.equal(failure(ssmModel, "PutParameter", { Name: "/a", Value: "v", Type: "str" }, ssmText).message,
    v1("Value 'str' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]"));
  assert.match(failure(ssmModel, "GetParameters", { Names: "abcdefghijk".split("") }, ssmText).message, /equal to 10\.$/);
  // Without the hook the enum prints in model order.
  assert.match(failure(ssmModel, "PutParameter", { Name: "/a", Value: "v", Type: "str" }).message, /\[String, StringList, SecureString\]$/);
});

test("a hook answering { whole } replaces the whole message, other issues included", () => {
  const pathText: IssueFormatter = (issue, text) => (issue.path === "path" ? { whole: "path is wrong" } : text);
  // Two issues (Path too long, MaxResults over 10): the service's own sentence is the message, not the counted list.
  assert.deepEqual(failure(ssmModel, "GetParametersByPath", { Path: "x".repeat(2049), MaxResults: 23 }, pathText),
    { code: "ValidationException", message: "path is wrong", field: "Message", status: 400 });
  assert.equal(failure(ssmModel, "GetParameter", {}, pathText).message, v1("Value null at 'name' failed to satisfy constraint: Member must not be null"));
});

test("wrong JSON types are SerializationExceptions with Coral's texts", async (t) => {
  const cases: [string, ServiceModel, string, unknown, string][] = [
    ["number for a string", kmsModel, "DescribeKey", { KeyId: 5 }, "NUMBER_VALUE can not be converted to a String"],
    ["boolean for a string", kmsModel, "DescribeKey", { KeyId: true }, "TRUE_VALUE can not be converted to a String"],
    ["string for an integer", ssmModel, "GetParametersByPath", { Path: "/a", MaxResults: "5" }, "STRING_VALUE can not be converted to an Integer"],
    ["list for a string", kmsModel, "DescribeKey", { KeyId: ["k"] }, "Start of list found where not expected"],
    ["object for a string", kmsModel, "DescribeKey", { KeyId: {} }, "Start of structure or map found where not expected."],
    ["scalar for a list", ssmModel, "GetParameters", { Names: "a" }, "Expected list or null"],
    ["scalar for a map", kmsModel, "Encrypt", { KeyId: "k", Plaintext: "aGk=", EncryptionContext: "x" }, "Expected map or null"],
    ["scalar for a structure", ssmModel, "DescribeParameters", { ParameterFilters: ["x"] }, "Expected null"],
    ["base64 of bad length", kmsModel, "Decrypt", { CiphertextBlob: "23456" },
      "'23456' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 5"],
    ["base64 with a bad character", kmsModel, "Decrypt", { CiphertextBlob: "=+/=" }, "'=+/=' can not be converted to a Blob: Invalid Base64 character: '='"],
    ["base64 with non-zero trailing bits", kmsModel, "Decrypt", { CiphertextBlob: "+/+=" },
      "'+/+=' can not be converted to a Blob: Invalid last non-pad Base64 character dectected"],
    ["bad base64 in a sensitive member does not echo it", kmsModel, "Encrypt", { KeyId: "k", Plaintext: "c2VjcmV0!" }, ""],
    ["timestamp that is not a date (text unverified)", cloudTrailModel, "LookupEvents", { StartTime: "yesterday" }, ""],
    ["integer out of Java int range (text unverified)", cloudTrailModel, "LookupEvents", { MaxResults: 2 ** 31 }, ""],
  ];
  for (const [name, model, op, body, message] of cases) {
    await t.test(name, () => assert.deepEqual(failure(model, op, body), { code: "SerializationException", message, field: "message", status: 400 }));
  }
});

test("coercions: base64 → Buffer, epoch/ISO → Date, null → absent, unknown members ignored, integers truncated", () => {
  const e = validateInput(kmsModel, "Encrypt", { KeyId: "k", Plaintext: "aGVsbG8=", GrantTokens: ["g", null], EncryptionAlgorithm: null, Future: 1 });
  assert.deepEqual(e, { KeyId: "k", Plaintext: Buffer.from("hello"), GrantTokens: ["g"] });
  const l = validateInput(cloudTrailModel, "LookupEvents", { StartTime: 1704067200, EndTime: "2024-01-02T00:00:00Z", MaxResults: 5.7 });
  assert.deepEqual(l, { StartTime: new Date("2024-01-01T00:00:00Z"), EndTime: new Date("2024-01-02T00:00:00Z"), MaxResults: 5 });
  assert.deepEqual(validateInput(cloudTrailModel, "LookupEvents", { StartTime: 1704067200.5 }), { StartTime: new Date(1704067200500) });
  assert.deepEqual(validateInput(kmsModel, "ListKeys", {}), {});
});

test("serializeJsonOutput: epoch seconds with ms fraction, base64 blobs, no null/undefined members", () => {
  const body = serializeJsonOutput(kmsModel, "Encrypt", {
    CiphertextBlob: Buffer.from("hello"), KeyId: "arn", Missing: undefined, Null: null,
    List: [{ When: new Date(1700000000123) }, { When: new Date(1700000000000) }], Bytes: new Uint8Array([1, 2, 3]),
  });
  assert.equal(body, '{"CiphertextBlob":"aGVsbG8=","KeyId":"arn","List":[{"When":1700000000.123},{"When":1700000000}],"Bytes":"AQID"}');
  assert.equal(serializeJsonOutput(kmsModel, "DisableKey", undefined), "{}");
});

test("modelledError reads status, fault and message member from the model", async () => {
  const { iamModel } = await import("./models/iam.js");
  assert.deepEqual(modelledError(iamModel, "NoSuchEntity"), { code: "NoSuchEntity", status: 404, messageField: "message", isFault: false });
  assert.deepEqual(modelledError(iamModel, "ServiceFailureException"), { code: "ServiceFailure", status: 500, messageField: "message", isFault: true });
  assert.deepEqual(modelledError(ssmModel, "InternalServerError"), { code: "InternalServerError", status: 500, messageField: "Message", isFault: true });
  assert.deepEqual(modelledError(kmsModel, "NotFoundException"), { code: "NotFoundException", status: 400, messageField: "message", isFault: false });
  assert.equal(modelledError(kmsModel, "NoSuchThing"), null);
});

// The marker walk: every operation of every served model, secret members filled with a marker, blobs
// with marker bytes; no record built from those calls (success, failure, related KMS call) may hold it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ServiceModel } from "../protocol/model-types.js";
import { cloudTrailModel } from "../protocol/models/cloudtrail.js";
import { iamModel } from "../protocol/models/iam.js";
import { kmsModel } from "../protocol/models/kms.js";
import { secretsManagerModel } from "../protocol/models/secretsmanager.js";
import { ssmModel } from "../protocol/models/ssm.js";
import { stsModel } from "../protocol/models/sts.js";
import { serviceError } from "../protocol/errors.js";
import { newAuditNotes, type Principal } from "../server/context.js";
import type { ServiceDefinition } from "../services/types.js";
import { recordsForCall } from "./call-events.js";
import { HIDDEN, isSecretMember, requestParameters, responseElements } from "./redact.js";
import type { CallRecord } from "./sink.js";

const MARKER = "Zq7SECRETMARKERx9";
const MODELS: Array<[string, ServiceModel]> = [
  ["ssm", ssmModel], ["kms", kmsModel], ["secretsmanager", secretsManagerModel], ["iam", iamModel], ["sts", stsModel], ["cloudtrail", cloudTrailModel],
];
const forbidden = [MARKER, Buffer.from(MARKER).toString("base64"), Buffer.from(MARKER).toString("hex")];

type Filler = (secret: boolean) => string;

/** A value for every member of a shape; `fill` decides each string (secret or not), blobs always carry the marker. */
function sample(model: ServiceModel, shapeName: string, fill: Filler, secret = false, depth = 0): unknown {
  const shape = model.shapes[shapeName];
  if (!shape || depth > 12) return undefined;
  const isSecret = secret || shape.sensitive === true;
  switch (shape.type) {
    case "structure": {
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members)) {
        const v = sample(model, ref.shape, fill, isSecret || isSecretMember(model, name, ref.shape), depth + 1);
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case "list": {
      const v = sample(model, shape.member.shape, fill, isSecret, depth + 1);
      return v === undefined ? [] : [v];
    }
    case "map": {
      const v = sample(model, shape.value.shape, fill, isSecret, depth + 1);
      return v === undefined ? {} : { [isSecret ? fill(true) : "mapkey"]: v };
    }
    case "string": return fill(isSecret);
    case "blob": return Buffer.from(MARKER);
    case "boolean": return true;
    case "timestamp": return new Date("2026-01-02T03:04:05Z");
    default: return 7;
  }
}

const service = (name: string, model: ServiceModel): ServiceDefinition => ({
  name, model, eventSource: `${name}.amazonaws.com`, readOperations: {}, writeOperations: {}, authorization: () => [],
  internalError: () => serviceError("InternalFailure", "x"), accessDeniedCode: "AccessDeniedException",
});

const principal: Principal = { type: "Root", accountId: "123456789012", arn: "arn:aws:iam::123456789012:root", principalId: "123456789012", accessKeyId: "AKIAROOT", isTemporary: false };

function call(svc: ServiceDefinition, operation: string, input: unknown, output: unknown, error?: string): CallRecord {
  const notes = newAuditNotes();
  // A related KMS call as a service records it, with a plaintext it must never have passed along.
  notes.related.push({ eventSource: "kms.amazonaws.com", eventName: "Decrypt", requestParameters: { encryptionContext: { k: "v" }, plaintext: MARKER, Plaintext: MARKER }, resources: [], errorCode: "AccessDeniedException", errorMessage: `denied for ${MARKER}` });
  return {
    service: svc, operation, accountId: "123456789012", region: "us-east-1", principal, notes, readOnly: false,
    request: { requestId: "r", receivedAt: new Date(0), sourceIp: "127.0.0.1", userAgent: "test", isTls: false },
    input: input as CallRecord["input"], output: output as CallRecord["output"],
    error: error === undefined ? undefined : serviceError("ValidationException", error),
  };
}

let ids = 0;
const newId = (): string => `id-${(ids += 1)}`;

describe("redaction marker walk over every served operation", () => {
  for (const [name, model] of MODELS) {
    const svc = service(name, model);
    for (const [op, opModel] of Object.entries(model.operations)) {
      it(`${name} ${op}: no secret in any record (success, failure, related call)`, () => {
        const fill: Filler = (secret) => (secret ? MARKER : "plain");
        const input = opModel.input ? sample(model, opModel.input, fill) : undefined;
        const output = opModel.output ? sample(model, opModel.output, fill) : undefined;
        const texts = [
          ...recordsForCall(call(svc, op, input, output), new Date(0), newId),
          ...recordsForCall(call(svc, op, input, output, `Value '${MARKER}' at 'value' failed to satisfy constraint`), new Date(0), newId),
        ].map((r) => JSON.stringify(r));
        // Read-named operations never write responseElements: walk their outputs directly too.
        texts.push(JSON.stringify(responseElements(model, op, output).value));
        texts.push(JSON.stringify(requestParameters(model, op, input, { placeholder: true }).value));
        for (const t of texts) for (const f of forbidden) assert.equal(t.includes(f), false, `${f} leaked in ${t.slice(0, 400)}`);
      });
    }
  }
});

describe("redaction keeps what is not secret", () => {
  for (const [name, model] of MODELS) {
    it(`${name}: every non-secret input string reaches requestParameters, every secret one does not`, () => {
      for (const [op, opModel] of Object.entries(model.operations)) {
        if (!opModel.input) continue;
        let n = 0;
        const plain: string[] = [];
        const secrets: string[] = [];
        const fill: Filler = (secret) => {
          const v = `M${(n += 1)}K${secret ? "s" : "p"}Z`;
          (secret ? secrets : plain).push(v);
          return v;
        };
        const input = sample(model, opModel.input, fill);
        const text = JSON.stringify(requestParameters(model, op, input, { placeholder: false }).value);
        for (const v of plain) assert.ok(text.includes(`"${v}"`), `${op}: ${v} missing from ${text.slice(0, 300)}`);
        for (const v of secrets) assert.equal(text.includes(v), false, `${op}: secret ${v} leaked`);
      }
    });
  }

  it("SSM PutParameter: the value is HIDDEN_DUE_TO_SECURITY_REASONS, member names lowerCamelCase, map keys untouched", () => {
    const r = requestParameters(ssmModel, "PutParameter", { Name: "/a/b", Value: "s3cret", Type: "SecureString", Tags: [{ Key: "Team", Value: "x" }] }, { placeholder: true });
    assert.deepEqual(r.value, { name: "/a/b", value: HIDDEN, type: "SecureString", tags: [{ key: "Team", value: "x" }] });
    assert.deepEqual(r.secrets, ["s3cret"]);
    const k = requestParameters(kmsModel, "Encrypt", { KeyId: "alias/x", Plaintext: Buffer.from("p"), EncryptionContext: { PARAMETER_ARN: "arn:a" } }, { placeholder: false });
    assert.deepEqual(k.value, { keyId: "alias/x", encryptionContext: { PARAMETER_ARN: "arn:a" } });
  });

  it("STS credentials keep accessKeyId and expiration, never the secret key or session token", () => {
    const out = responseElements(stsModel, "AssumeRole", {
      Credentials: { AccessKeyId: "ASIAX", SecretAccessKey: "sk", SessionToken: "tok", Expiration: new Date("2024-01-05T21:01:22Z") },
      AssumedRoleUser: { AssumedRoleId: "AROA:s", Arn: "arn:aws:sts::1:assumed-role/r/s" },
    });
    assert.deepEqual(out.value, { credentials: { accessKeyId: "ASIAX", expiration: "Jan 5, 2024, 9:01:22 PM" }, assumedRoleUser: { assumedRoleId: "AROA:s", arn: "arn:aws:sts::1:assumed-role/r/s" } });
  });

  it("a failure's message is scrubbed of the value being written", () => {
    const svc = service("ssm", ssmModel);
    const [rec] = recordsForCall({ ...call(svc, "PutParameter", { Name: "/a", Value: "TopSecret987", AllowedPattern: "^x$" }, undefined, "Parameter value TopSecret987 does not match"), notes: newAuditNotes() }, new Date(0), newId);
    assert.equal(rec?.errorMessage, `Parameter value ${HIDDEN} does not match`);
  });
});

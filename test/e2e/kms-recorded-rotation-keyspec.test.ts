// KMS answers replayed from LocalStack's AWS-validated tests (tests/aws/services/kms/test_kms.py and its
// snapshot): RotateKeyOnDemand and GetKeyRotationStatus name the key by its ARN; CreateKey checks the
// KeySpec/KeyUsage pair before anything else.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateKeyCommand, EnableKeyRotationCommand, GetKeyRotationStatusCommand, ListKeysCommand, RotateKeyOnDemandCommand, type KMSClient,
} from "@aws-sdk/client-kms";
import { kmsClient } from "../helpers/clients.js";
import { serverPerFile } from "../helpers/fixtures.js";
import { expectError } from "../helpers/assertions.js";
import { newKey } from "./kms-fixtures.js";

let kms: KMSClient;

serverPerFile((started) => {
  kms = kmsClient(started);
});

test("RotateKeyOnDemand answers the key ARN when called with the key id (test_rotate_on_demand_returns_arn_for_key_id)", async () => {
  const { keyId, arn } = await newKey(kms);
  assert.equal((await kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId }))).KeyId, arn);
  assert.equal((await kms.send(new RotateKeyOnDemandCommand({ KeyId: arn }))).KeyId, arn);
});

test("GetKeyRotationStatus answers the same KeyId as RotateKeyOnDemand, enabled or not (test_rotate_key_on_demand_with_symmetric_key_and_automatic_rotation_*)", async () => {
  const { keyId, arn } = await newKey(kms);
  const rotated = await kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
  const off = await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
  assert.deepEqual({ KeyId: off.KeyId, KeyRotationEnabled: off.KeyRotationEnabled }, { KeyId: rotated.KeyId, KeyRotationEnabled: false });
  assert.equal(off.KeyId, arn);
  await kms.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 90 }));
  const on = await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
  assert.deepEqual([on.KeyId, on.KeyRotationEnabled, on.RotationPeriodInDays], [arn, true, 90]);
  assert.ok(on.NextRotationDate instanceof Date);
});

test("CreateKey: a non-symmetric KeySpec needs a KeyUsage, and the pair must be compatible; nothing is created", async () => {
  const count = async (): Promise<number> => (await kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys?.length ?? 0;
  const before = await count();
  // test_hmac_create_key_invalid_operations "create-hmac-key-without-key-usage"
  await expectError(kms.send(new CreateKeyCommand({ Description: "test HMAC key without key usage", KeySpec: "HMAC_256" })), {
    name: "ValidationException", message: "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.",
  });
  // test_derive_shared_secret "response-invalid-key-spec"
  await expectError(kms.send(new CreateKeyCommand({ KeySpec: "RSA_2048", KeyUsage: "KEY_AGREEMENT" })), {
    name: "ValidationException", message: "KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048",
  });
  // The same rule for the default spec (the model's KeyUsage table: symmetric keys are ENCRYPT_DECRYPT only).
  await expectError(kms.send(new CreateKeyCommand({ KeyUsage: "GENERATE_VERIFY_MAC" })), {
    name: "ValidationException", message: "KeyUsage GENERATE_VERIFY_MAC is not compatible with KeySpec SYMMETRIC_DEFAULT",
  });
  await expectError(kms.send(new CreateKeyCommand({ CustomerMasterKeySpec: "ECC_SECG_P256K1", KeyUsage: "ENCRYPT_DECRYPT" })), {
    name: "ValidationException", message: "KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec ECC_SECG_P256K1",
  });
  // A compatible pair of a spec this server does not implement is still refused, after the pair check.
  await expectError(kms.send(new CreateKeyCommand({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" })), {
    name: "UnsupportedOperationException", message: "KeySpec HMAC_256 is not supported by this server; only SYMMETRIC_DEFAULT keys are.",
  });
  assert.equal(await count(), before);
  // The symmetric default still needs no KeyUsage.
  assert.equal((await kms.send(new CreateKeyCommand({ KeySpec: "SYMMETRIC_DEFAULT" }))).KeyMetadata?.KeyUsage, "ENCRYPT_DECRYPT");
});

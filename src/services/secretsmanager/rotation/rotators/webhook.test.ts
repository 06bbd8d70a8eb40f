// webhook.ts: configuration parsing (zod) and the signature receivers check.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { webhookConfigFromEnv, webhookSignature } from "./webhook.js";

test("webhooks come from PARAMSTORE_ROTATION_WEBHOOKS; bad configuration stops startup", () => {
  assert.deepEqual(webhookConfigFromEnv({}), {});
  const cfg = webhookConfigFromEnv({ PARAMSTORE_ROTATION_WEBHOOKS: JSON.stringify({ "my-rotator": { url: "https://rot.example/hook", signingSecret: "0123456789abcdef" } }) });
  assert.deepEqual(cfg, { "my-rotator": { url: "https://rot.example/hook", signingSecret: "0123456789abcdef", timeoutSeconds: 60 } });
  assert.throws(() => webhookConfigFromEnv({ PARAMSTORE_ROTATION_WEBHOOKS: "{" }), /must be a JSON object/);
  assert.throws(() => webhookConfigFromEnv({ PARAMSTORE_ROTATION_WEBHOOKS: JSON.stringify({ "bad name": { url: "https://x" } }) }), /function names/);
  assert.throws(() => webhookConfigFromEnv({ PARAMSTORE_ROTATION_WEBHOOKS: JSON.stringify({ a: { url: "ftp://x" } }) }), /url/);
  assert.throws(() => webhookConfigFromEnv({ PARAMSTORE_ROTATION_WEBHOOKS: JSON.stringify({ "paramstore-rotator-x": { url: "https://x" } }) }), /reserved/);
});

test("the signature is t=<seconds>,v1=HMAC-SHA256(secret, t.body)", () => {
  const body = '{"Step":"createSecret"}';
  const want = createHmac("sha256", "s3cr3t-s3cr3t-s3cr3t").update(`1700000000.${body}`).digest("hex");
  assert.equal(webhookSignature("s3cr3t-s3cr3t-s3cr3t", 1700000000, body), `t=1700000000,v1=${want}`);
});

// Webhook rotators: an HTTP(S) endpoint the operator registers stands in for a rotation Lambda. It receives AWS's
// rotation event {SecretId, ClientRequestToken, Step} as a JSON POST, does the work with its own credentials
// through the ordinary API (as a Lambda would), and answers 2xx for success. Requests are signed with HMAC-SHA256
// when a signing secret is configured, so the endpoint can tell paramstore's calls from anyone else's.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Rotator } from "../registry.js";

const WebhookSchema = z.object({
  url: z.string().url().refine((u) => u.startsWith("https://") || u.startsWith("http://"), "url must be http(s)"),
  signingSecret: z.string().min(16).optional(),
  timeoutSeconds: z.number().int().min(1).max(900).default(60),
});
const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const WebhooksSchema = z.record(z.string().regex(NAME, "function names are 1-64 of [A-Za-z0-9_-]"), WebhookSchema);

export type WebhookConfig = z.infer<typeof WebhookSchema>;

/**
 * Webhooks from PARAMSTORE_ROTATION_WEBHOOKS (a JSON object) or PARAMSTORE_ROTATION_WEBHOOKS_FILE (a JSON file):
 * `{"<function-name>": {"url": "https://…", "signingSecret": "…", "timeoutSeconds": 60}}`. Names starting with
 * `paramstore-rotator-` are reserved for the built-ins. Invalid configuration stops the server at startup.
 */
export function webhookConfigFromEnv(env: NodeJS.ProcessEnv): Record<string, WebhookConfig> {
  const text = env.PARAMSTORE_ROTATION_WEBHOOKS_FILE ? readFileSync(env.PARAMSTORE_ROTATION_WEBHOOKS_FILE, "utf8") : env.PARAMSTORE_ROTATION_WEBHOOKS;
  if (text === undefined || text.trim() === "") return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error("invalid configuration: rotation webhooks must be a JSON object");
  }
  const parsed = WebhooksSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`invalid configuration: rotation webhooks: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const reserved = Object.keys(parsed.data).find((n) => n.startsWith("paramstore-rotator-"));
  if (reserved) throw new Error(`invalid configuration: rotation webhook name ${reserved} is reserved for the built-in rotators`);
  return parsed.data;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` (the Stripe-style scheme receivers know). */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export function webhookRotator(name: string, cfg: WebhookConfig, clock: () => Date = () => new Date()): Rotator {
  return {
    name,
    async run(event) {
      const body = JSON.stringify({ SecretId: event.SecretId, ClientRequestToken: event.ClientRequestToken, Step: event.Step });
      const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "paramstore-secretsmanager-rotation" };
      if (cfg.signingSecret) headers["x-paramstore-signature"] = webhookSignature(cfg.signingSecret, Math.floor(clock().getTime() / 1000), body);
      let res: Response;
      try {
        res = await fetch(cfg.url, { method: "POST", headers, body, signal: AbortSignal.timeout(cfg.timeoutSeconds * 1000), redirect: "error" });
      } catch (e) {
        throw new Error(`webhook ${name} could not be reached: ${e instanceof Error ? e.message : String(e)}`);
      }
      const text = (await res.text().catch(() => "")).slice(0, 300);
      if (!res.ok) throw new Error(`webhook ${name} answered HTTP ${res.status}${text ? `: ${text}` : ""}`);
    },
  };
}

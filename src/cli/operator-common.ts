// Shared by the operator commands that talk to a running server: client, status, output.
import { readFileSync } from "node:fs";
import { AdminCallError, createAdminClient, findRootCredentials, type AdminClient } from "./admin-client.js";

export const SERVER_OPTIONS = {
  endpoint: { type: "string" },
  "ca-cert": { type: "string" },
  "data-dir": { type: "string" },
  json: { type: "boolean" },
} as const;

export function adminClient(values: { endpoint?: string; "ca-cert"?: string; "data-dir"?: string }): AdminClient {
  const endpoint = values.endpoint ?? process.env.PARAMSTORE_ENDPOINT ?? "http://127.0.0.1:4583";
  const ca = values["ca-cert"] ? readFileSync(values["ca-cert"]) : undefined;
  const dataDir = values["data-dir"] ?? process.env.PARAMSTORE_DATA_DIR;
  return createAdminClient({ endpoint, ...(ca ? { ca } : {}), credentials: () => findRootCredentials(process.env, dataDir) });
}

export interface StatusBody {
  readonly sealed: boolean;
  readonly mode: string;
  readonly threshold?: number;
  readonly shares?: number;
  readonly progress?: number;
  readonly rotationPending?: boolean;
  readonly rotationThreshold?: number;
  /** A `--workers` server: how many of its workers listen. */
  readonly workers?: { readonly serving: number; readonly configured: number };
}

export async function fetchStatus(client: AdminClient): Promise<StatusBody> {
  return expectStatus(expectOk(await client.call("GET", "status")));
}

export function expectStatus(body: Record<string, unknown>): StatusBody {
  if (typeof body.sealed !== "boolean" || typeof body.mode !== "string") throw new AdminCallError("the server's status answer is not understood");
  return body as unknown as StatusBody; // checked the two members every caller relies on; the rest is optional
}

export function expectOk(reply: { status: number; body: Record<string, unknown> }): Record<string, unknown> {
  if (reply.status === 200) return reply.body;
  const message = typeof reply.body.message === "string" ? reply.body.message : `HTTP ${reply.status}`;
  throw new AdminCallError(`${message}${typeof reply.body.error === "string" ? ` (${reply.body.error})` : ""}`);
}

export function describeStatus(st: StatusBody): string {
  const lines = [`Sealed:    ${st.sealed}`, `Seal:      ${st.mode}${st.threshold ? ` (${st.threshold} of ${st.shares} shares)` : ""}`];
  if (st.sealed && st.threshold) lines.push(`Progress:  ${st.progress ?? 0}/${st.threshold}`);
  if (st.workers) lines.push(`Workers:   ${st.workers.serving} of ${st.workers.configured} serving`);
  if (st.rotationPending) lines.push(`Rotation:  pending, ${st.rotationThreshold ?? "?"} new shares needed (rotate-root --verify)`);
  return lines.join("\n") + "\n";
}

export function formatShares(shares: readonly string[]): string {
  return shares.map((s, i) => `Unseal share ${i + 1}: ${s}\n`).join("");
}

export function write(text: string): Promise<void> {
  return new Promise((res, rej) => process.stdout.write(text, (e) => (e ? rej(e) : res())));
}

// Shared pieces of the audit black-box tests (not a test file itself): reading the trail back, running
// the audit CLI, finding secrets in files.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { LookupEventsCommand, type CloudTrailClient, type Event, type LookupEventsCommandInput } from "@aws-sdk/client-cloudtrail";
import { waitUntil } from "../helpers/assertions.js";
import { MAIN_JS } from "../helpers/server.js";

export type Record = { [key: string]: unknown };

/** Every event matching the input, all pages, newest first. */
export async function lookupAll(ct: CloudTrailClient, input: LookupEventsCommandInput = {}): Promise<Event[]> {
  const out: Event[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ct.send(new LookupEventsCommand({ ...input, NextToken }));
    out.push(...(page.Events ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

export const recordOf = (e: Event): Record => JSON.parse(e.CloudTrailEvent ?? "null") as Record; // the server's own record JSON

/** The record of the call with this request id (x-amzn-requestid), waiting until it is visible. */
export async function recordFor(ct: CloudTrailClient, requestId: string | undefined, eventName: string): Promise<Record> {
  assert.ok(requestId, "the call returned a request id");
  return waitUntil(async () => {
    const events = await lookupAll(ct, { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: eventName }] });
    return events.map(recordOf).find((r) => r.requestID === requestId);
  }, 5000, `the ${eventName} record of request ${requestId}`, 50); // events are visible once their batch committed
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `paramstore audit ...` to completion (bounded). */
export function auditCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN_JS, "audit", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => { stdout += c.toString("utf8"); });
    child.stderr.on("data", (c: Buffer) => { stderr += c.toString("utf8"); });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Files under dir (recursively) whose bytes contain needle. */
export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const bytes = Buffer.from(needle);
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) hits.push(...filesContaining(p, needle));
    else if (readFileSync(p).includes(bytes)) hits.push(p);
  }
  return hits;
}

// An acknowledged write survives kill -9: the server is killed without warning right after the
// answers arrive, restarted on the same data directory, and every acknowledged version is there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetParameterCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { ssmClient } from "../helpers/clients.js";
import { startServer } from "../helpers/server.js";

for (const workers of [1, 2]) test(`acknowledged PutParameters (String and SecureString) survive SIGKILL of the server (--workers ${workers})`, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "paramstore-durable-"));
  try {
    const first = await startServer({ dataDir, args: ["--workers", String(workers)] });
    // Concurrent calls open several connections: with two workers, both write (and both are killed).
    const ssm = ssmClient(first);
    const names = Array.from({ length: 40 }, (_, i) => `/durable/p${i}`);
    const acked = await Promise.all(names.map((Name, i) =>
      ssm.send(new PutParameterCommand({ Name, Value: `value-${i}`, Type: i % 2 === 0 ? "String" : "SecureString" }))));
    const second = await Promise.all(names.slice(0, 10).map((Name, i) =>
      ssm.send(new PutParameterCommand({ Name, Value: `second-${i}`, Type: i % 2 === 0 ? "String" : "SecureString", Overwrite: true }))));
    assert.ok(acked.every((r) => r.Version === 1) && second.every((r) => r.Version === 2));
    ssm.destroy();
    await first.stop({ signal: "SIGKILL", keepData: true });

    const again = await startServer({ dataDir });
    const reader = ssmClient(again);
    try {
      for (const [i, Name] of names.entries()) {
        const p = (await reader.send(new GetParameterCommand({ Name, WithDecryption: true }))).Parameter;
        assert.deepEqual([p?.Value, p?.Version], i < 10 ? [`second-${i}`, 2] : [`value-${i}`, 1], Name);
      }
    } finally {
      reader.destroy();
      await again.stop({ keepData: true });
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

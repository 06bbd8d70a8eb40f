// The committed src/protocol/models/*.ts must equal a fresh generation from the installed botocore (ARCHITECTURE.md §10).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateAll, locateBotocore } from "../scripts/gen-models.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url)); // dist/test -> repo root
const committedDir = join(repoRoot, "src", "protocol", "models");

const botocore = ((): ReturnType<typeof locateBotocore> | string => {
  try {
    return locateBotocore();
  } catch (e) {
    return `SKIPPED: python3 with botocore is not installed (${String(e).split("\n")[0]}); generated models NOT checked against botocore`;
  }
})();
if (typeof botocore === "string") console.warn(`\n*** ${botocore} ***\n`);

test("generated models are up to date with botocore (run `npm run gen-models` to refresh)", { skip: typeof botocore === "string" ? botocore : false }, () => {
  if (typeof botocore === "string") return;
  const committedVersion = /from botocore (\S+)/.exec(readFileSync(join(committedDir, "ssm.ts"), "utf8"))?.[1];
  const out = mkdtempSync(join(tmpdir(), "paramstore-models-"));
  try {
    const fresh = generateAll(out, botocore).map((f) => f.slice(out.length + 1)).sort();
    const committed = readdirSync(committedDir).filter((f) => f.endsWith(".ts")).sort();
    assert.deepEqual(committed, fresh, "the set of model files differs");
    for (const f of fresh) {
      const want = readFileSync(join(out, f), "utf8");
      const have = readFileSync(join(committedDir, f), "utf8");
      assert.ok(have === want, `src/protocol/models/${f} differs from a fresh generation (committed botocore ${committedVersion}, installed ${botocore.version}); run \`npm run gen-models\``);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("every served operation is in the committed models with its input and output shapes", async () => {
  const { SERVICES } = await import("../scripts/gen-models.js");
  for (const spec of Object.values(SERVICES)) {
    const mod = (await import(`../src/protocol/models/${spec.file}.js`)) as Record<string, { operations: Record<string, { input?: string; output?: string }>; shapes: Record<string, unknown> }>;
    const model = mod[spec.exportName];
    assert.ok(model, `${spec.file}.ts exports ${spec.exportName}`);
    assert.deepEqual(Object.keys(model.operations).sort(), [...spec.operations].sort());
    for (const op of Object.values(model.operations)) {
      for (const s of [op.input, op.output]) if (s !== undefined) assert.ok(s in model.shapes, `${spec.file}: shape ${s}`);
    }
  }
});

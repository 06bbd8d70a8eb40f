// The IAM/STS credential resolver's cache: valid for one IAM change counter, never for unknown keys.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Principal } from "../server/context.js";
import type { ReadTx } from "../storage/types.js";
import type { ResolvedCredential } from "./credentials.js";
import { createIamResolver } from "./iam-resolver.js";

const KEY = "AKIAAAAAAAAAAAAAAAAA";
const SESSION = "ASIAAAAAAAAAAAAAAAAA";
const principal: Principal = { type: "IAMUser", accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/u", principalId: "AIDA", accessKeyId: KEY, isTemporary: false };

/** A small IAM: a change counter and a key table, counting lookups. */
function world() {
  const state = { version: 1, keys: new Map<string, ResolvedCredential>(), lookups: 0, onLookup: () => {} };
  state.keys.set(KEY, { secretAccessKey: "s1", principal });
  const tx = {} as ReadTx; // the fakes below ignore the transaction
  const resolver = (expiryOffsetMs = 0) => createIamResolver({
    storage: { read: (fn) => fn(tx) },
    iam: {
      version: async () => state.version,
      accessKey: async (_tx, id) => {
        state.lookups++;
        state.onLookup();
        return state.keys.get(id) ?? null;
      },
    },
    sts: {
      resolve: async (_tx, id) => (id === SESSION ? { secretAccessKey: "s2", principal, sessionToken: "t", expiresAt: new Date(10_000) } : null),
    },
    expiryOffsetMs,
  });
  return { state, resolver };
}

describe("createIamResolver", () => {
  it("serves a known key from the cache while the IAM counter is unchanged", async () => {
    const { state, resolver } = world();
    const r = resolver();
    assert.equal((await r(KEY))?.secretAccessKey, "s1");
    assert.equal((await r(KEY))?.secretAccessKey, "s1");
    assert.equal(state.lookups, 1);
  });
  it("a counter change (key deleted) is seen at once", async () => {
    const { state, resolver } = world();
    const r = resolver();
    await r(KEY);
    state.keys.delete(KEY);
    state.version++;
    assert.equal(await r(KEY), null);
  });
  it("an entry filled while a change commits is stale at the next lookup (counter read first)", async () => {
    const { state, resolver } = world();
    const r = resolver();
    state.onLookup = () => { state.version++; state.onLookup = () => {}; };
    await r(KEY);
    await r(KEY);
    assert.equal(state.lookups, 2);
  });
  it("unknown keys are not cached, so a key created later works at once", async () => {
    const { state, resolver } = world();
    const r = resolver();
    const other = "AKIABBBBBBBBBBBBBBBB";
    assert.equal(await r(other), null);
    state.keys.set(other, { secretAccessKey: "s3", principal });
    assert.equal((await r(other))?.secretAccessKey, "s3");
  });
  it("ids that are not AKIA/ASIA + 16 characters are not looked up", async () => {
    const { state, resolver } = world();
    assert.equal(await resolver()("AKIA-short"), null);
    assert.equal(state.lookups, 0);
  });
  it("sessions resolve through STS; the test-only offset moves their expiry earlier", async () => {
    const { resolver } = world();
    assert.equal((await resolver()(SESSION))?.expiresAt?.getTime(), 10_000);
    assert.equal((await resolver(4_000)(SESSION))?.expiresAt?.getTime(), 6_000);
  });
});

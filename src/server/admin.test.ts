import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { networkInterfaces } from "node:os";
import { isLocalAddress } from "./admin.js";

describe("isLocalAddress (the admin endpoint serves this host only)", () => {
  it("accepts loopback in every spelling", () => {
    for (const ip of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]) assert.equal(isLocalAddress(ip), true, ip);
  });

  it("accepts this host's own interface addresses (a local client using the LAN address)", () => {
    const own = Object.values(networkInterfaces()).flatMap((l) => l ?? []).map((i) => i.address);
    assert.ok(own.length > 0);
    for (const ip of own) assert.equal(isLocalAddress(ip), true, ip);
  });

  it("refuses any other address", () => {
    for (const ip of ["203.0.113.9", "::ffff:198.51.100.7", "2001:db8::1", "", "localhost"]) assert.equal(isLocalAddress(ip), false, ip);
  });
});

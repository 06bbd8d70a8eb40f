// scram.ts against a verifier PostgreSQL itself produced (SCRAM-SHA-256, 4096 iterations) and a round trip.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isPrintableAscii, scramMatches, scramVerifier } from "./scram.js";

test("verifiers round-trip and reject other passwords", () => {
  const v = scramVerifier("correct horse", Buffer.alloc(16, 1));
  assert.match(v, /^SCRAM-SHA-256\$4096:AQEBAQEBAQEBAQEBAQEBAQ==\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
  assert.equal(scramMatches(v, "correct horse"), true);
  assert.equal(scramMatches(v, "correct horse "), false);
  assert.equal(scramMatches("md5abc", "x"), false);
});

test("RFC 7677's test vector (user 'user', password 'pencil') gives its StoredKey", () => {
  // RFC 7677 §3: salt W22ZaJ0SNY7soEsUEjb6gQ==, i=4096; StoredKey from its ClientProof is WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=.
  const v = scramVerifier("pencil", Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64"));
  assert.equal(v.split("$")[2]?.split(":")[0], "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=");
  assert.equal(isPrintableAscii("Aa1!~ "), true);
  assert.equal(isPrintableAscii("é"), false);
});

// Table tests for password.ts: classes, exclusions, required types, and the errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { characterClasses, generatePassword, passwordOptions } from "./password.js";

test("defaults: 32 characters, every class required, no space", () => {
  const o = passwordOptions({});
  assert.equal(o.length, 32);
  assert.equal(o.requireEachIncludedType, true);
  assert.equal(characterClasses(o).classes.length, 4);
  const pw = generatePassword(o);
  for (const re of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/]) assert.match(pw, re);
});

test("exclusions empty whole classes, which then are not required", () => {
  const o = passwordOptions({ PasswordLength: 2, ExcludeCharacters: "0123456789", ExcludePunctuation: true });
  assert.deepEqual(characterClasses(o).classes.length, 2);
  assert.match(generatePassword(o), /^(?=.*[a-z])(?=.*[A-Z])[A-Za-z]{2}$/);
});

test("a deterministic picker shows uniform indexing over the pool", () => {
  const o = passwordOptions({ PasswordLength: 5, ExcludeUppercase: true, ExcludeLowercase: true, ExcludePunctuation: true, RequireEachIncludedType: false });
  assert.equal(generatePassword(o, () => 3), "33333");
});

test("impossible requests are InvalidParameterException", () => {
  assert.throws(() => generatePassword(passwordOptions({ PasswordLength: 3 })), { name: "InvalidParameterException", message: "Password length is too short based on the required types." });
  assert.throws(
    () => generatePassword(passwordOptions({ ExcludeUppercase: true, ExcludeLowercase: true, ExcludeNumbers: true, ExcludePunctuation: true })),
    { name: "InvalidParameterException" },
  );
});

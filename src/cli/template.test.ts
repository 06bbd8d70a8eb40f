import assert from "node:assert/strict";
import { test } from "node:test";
import { parseTemplate, TemplateError } from "./template.js";

test("parseTemplate reads every action form, with or without spaces", () => {
  assert.deepEqual(parseTemplate('a={{ param "/a/b" }}\nb={{secret "db"}} c={{ secret "db" "user" }} d={{env "HOME"}}'), [
    { text: "a=" },
    { ref: { kind: "param", name: "/a/b" } },
    { text: "\nb=" },
    { ref: { kind: "secret", id: "db" } },
    { text: " c=" },
    { ref: { kind: "secret", id: "db", key: "user" } },
    { text: " d=" },
    { ref: { kind: "env", name: "HOME" } },
  ]);
  assert.deepEqual(parseTemplate('{{ param "a\\"b" }}'), [{ ref: { kind: "param", name: 'a"b' } }]);
  assert.deepEqual(parseTemplate("no actions"), [{ text: "no actions" }]);
});

test("parseTemplate rejects anything else with its line number", () => {
  const cases: Array<[string, number, RegExp]> = [
    ['x\ny\n{{ nope "a" }}', 3, /unknown action/],
    ['{{ param }}', 1, /unknown action/],
    ['{{ param "a" "b" }}', 1, /unknown action/],
    ['{{ param a }}', 1, /unknown action/],
    ['{{ secret "a" "b" "c" }}', 1, /unknown action/],
    ['\n{{ param "a" ', 2, /unclosed/],
    ['{{ param "a }}', 1, /unterminated string/],
    ['{{ }}', 1, /unknown action/],
  ];
  for (const [source, line, message] of cases) {
    assert.throws(() => parseTemplate(source), (e: unknown) => e instanceof TemplateError && e.line === line && message.test(e.message), source);
  }
});

// Statement positions and context keys as IAM's simulator reports them, checked against AWS's published answers.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parsePolicyDocument, policyContextKeys, statementPositions } from "./index.js";

const span = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, column: c1 }, end: { line: l2, column: c2 } });

test("a lone statement object: after its `{` to after its `}` (AWS CLI simulate-custom-policy example)", () => {
  const text =
    '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';
  assert.deepEqual(statementPositions(text), [span(1, 38, 1, 167)]);
});

test("a pretty-printed list: the first statement starts after `[` (AdministratorAccess as AWS stores it, and the CLI example)", () => {
  const admin = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}';
  assert.deepEqual(statementPositions(admin), [span(3, 17, 8, 6)]);
  const console4 = admin.replace(/\n( +)/g, (_, s: string) => `\n${s}${s}`);
  assert.deepEqual(statementPositions(console4), [span(3, 19, 8, 10)]);
  assert.deepEqual(statementPositions(console4.replace(/\n/g, "\r\n")), [span(3, 19, 8, 10)], "CRLF is one line break");
});

test("later statements start where the previous one ended (recorded two-statement bucket policy: 38–248, 248–470)", () => {
  const first = '{"Sid":"A","Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}';
  const text = `{"Version":"2012-10-17","Statement":[${first},{"Sid":"B","Effect":"Deny","Principal":"*","Action":"s3:x","Resource":"*"}]}`;
  const [a, b] = statementPositions(text);
  assert.deepEqual(a, span(1, 38, 1, 38 + first.length));
  assert.deepEqual(b?.start, a?.end);
  assert.equal(b?.end.column, text.length - 1);
});

test("json.dumps spacing: the first statement starts at column 41 (recorded PolicyInputList.1 answers)", () => {
  const text = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }).replace(/([:,])/g, "$1 ");
  assert.equal(statementPositions(text)[0]?.start.column, 41);
});

test("keys before and after Statement, strings with brackets and escapes do not confuse the scanner; bad JSON gives []", () => {
  const text = '{"Id":"x]}{\\"","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"r[}"}],"Version":"2012-10-17"}';
  const [only] = statementPositions(text);
  assert.equal(only?.start.column, text.indexOf("[{") + 2);
  assert.equal(only?.end.column, text.indexOf("}]") + 2);
  assert.deepEqual(statementPositions("{"), []);
});

test("context keys: Resource variables then condition keys, first spelling kept (AWS CLI get-context-keys example)", () => {
  const r = parsePolicyDocument(
    '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2015-08-16T12:00:00Z"}}}}',
    "identity",
  );
  assert.ok("document" in r);
  assert.deepEqual(policyContextKeys(r.document), ["aws:username", "aws:CurrentTime"]);
  const more = parsePolicyDocument(
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b/${*}x", Condition: { StringLike: { "s3:prefix": "${aws:userid, 'none'}/*" } } },
        { Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { StringEquals: { "S3:Prefix": "x", "aws:UserId": "y" } } },
      ],
    }),
    "identity",
  );
  assert.ok("document" in more);
  assert.deepEqual(policyContextKeys(more.document), ["s3:prefix", "aws:userid"]);
  const legacy = parsePolicyDocument('{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::${aws:username}"}}', "identity");
  assert.ok("document" in legacy);
  assert.deepEqual(policyContextKeys(legacy.document), [], "no variables in 2008-10-17 policies");
});

// IAM's model-validation wording, where it departs from the generic text. Pure; plugged into protocol/shapes.ts as the
// service's IssueFormatter. Evidence: AWS answers recorded in 2026 by LocalStack's snapshot tests
// (tests/aws/services/iam/test_iam_{roles,policies,managed_policies}.snapshot.json):
//   Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50
//   Value at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128
//   Value at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9]...
//   Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [..., Member must not be null]
// IAM never echoes the offending value, and a list member's constraint list ends with the implicit not-null rule.
import { constraintText, type Constraint, type ValidationIssue } from "../../protocol/shapes.js";

const withNotNull = (c: Constraint): Constraint =>
  c.kind === "member" ? { kind: "member", constraints: [...c.constraints, { kind: "notNull" }] } : c;

/**
 * A Path or PathPrefix outside its pattern gets IAM's own sentence as the whole ValidationError message, as AWS
 * answers CreateRole with Path "test/" (aws-cloudformation/cfn-lint#722, serverless/serverless#3802) and ListRoles
 * with a PathPrefix lacking the leading "/" (ansible-collections/amazon.aws#2065).
 */
const PATH_TEXT: ReadonlyMap<string, string> = new Map([
  ["path", "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters."],
  [
    "pathPrefix",
    "The specified value for pathPrefix is invalid. It must begin with the / character and contain only alphanumeric characters and/or / characters.",
  ],
]);

export function formatIamIssue(issue: ValidationIssue, _text: string, _operation: string): string | { readonly whole: string } {
  const pathText = issue.constraint.kind === "pattern" ? PATH_TEXT.get(issue.path) : undefined;
  if (pathText !== undefined) return { whole: pathText };
  return `Value at '${issue.path}' failed to satisfy constraint: ${constraintText(withNotNull(issue.constraint))}`;
}

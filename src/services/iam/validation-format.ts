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

export function formatIamIssue(issue: ValidationIssue, _text: string, _operation: string): string {
  return `Value at '${issue.path}' failed to satisfy constraint: ${constraintText(withNotNull(issue.constraint))}`;
}

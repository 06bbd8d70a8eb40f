// Where SSM's validation texts differ from the generic model wording (ssm.md §3, §6.3, §6.4, §6.6, §13): the texts
// moto's tests assert, which the spec adopts. Plugged into protocol/shapes.ts as the service's IssueFormatter. Pure.
import type { ValidationIssue } from "../../protocol/shapes.js";

const TYPE_ENUM = "Member must satisfy enum value set: [SecureString, StringList, String]";

export function formatSsmIssue(issue: ValidationIssue, text: string, operation: string): string {
  const c = issue.constraint;
  if (operation === "GetParameters" && issue.path === "names" && c.kind === "maxLength") return `${text}.`;
  if (issue.path === "maxResults" && c.kind === "maxValue") {
    if (operation === "GetParameterHistory") return `${text}.`;
  }
  if (operation === "PutParameter" && issue.path === "type" && c.kind === "enum") {
    return `Value '${String(issue.value)}' at 'type' failed to satisfy constraint: ${TYPE_ENUM}`;
  }
  return text;
}

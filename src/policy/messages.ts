// AccessDenied message texts exactly as AWS prints them (iam.md §8).
import type { Decision, DenialSource } from "./types.js";

/** "identity-based policy", "permissions boundary", "role trust policy"... */
export const policyNoun = (source: DenialSource): string =>
  source === "permissions boundary" ? source : `${source} policy`;

/** With the article AWS uses: "an identity-based policy", "a session policy", "the role trust policy". */
export function withArticle(source: DenialSource): string {
  if (source === "role trust") return "the role trust policy";
  return `${source === "identity-based" ? "an" : "a"} ${policyNoun(source)}`;
}

/** The clause after the resource: `with an explicit deny in …` / `because no … allows the <action> action`. */
export function denialPhrase(action: string, source: DenialSource, explicit: boolean): string {
  return explicit ? `with an explicit deny in ${withArticle(source)}` : `because no ${policyNoun(source)} allows the ${action} action`;
}

/**
 * `User: <arn> is not authorized to perform: <action> on resource: <resource> because no identity-based policy
 * allows the <action> action` and its variants. `policyTypeHint` overrides the policy type the decision names;
 * an undefined resource drops the "on resource" part (AssumeRole refused by the trust policy).
 */
export function accessDeniedMessage(
  principalArn: string,
  action: string,
  resource: string | undefined,
  decision: Decision,
  policyTypeHint?: DenialSource,
): string {
  if (decision.effect === "Allow") throw new Error("accessDeniedMessage called for an allowed request");
  const source = policyTypeHint ?? decision.deniedBy ?? "identity-based";
  const on = resource === undefined ? "" : ` on resource: ${resource}`;
  const phrase = denialPhrase(action, source, decision.effect === "ExplicitDeny");
  return `User: ${principalArn} is not authorized to perform: ${action}${on} ${phrase}`;
}

// The pure policy engine: parse/validate documents, compile them once, evaluate requests (iam.md §2–§8).
export type {
  ConditionClause,
  ContextValue,
  Decision,
  DenialSource,
  Effect,
  NamedPolicy,
  PolicyDocument,
  PolicyKind,
  PolicyStatement,
  PolicyType,
  PolicyVersion,
  PrincipalSet,
  RequestContext,
  StatementRef,
} from "./types.js";
export { documentPrincipals, parsePolicyDocument, validatePolicyDocument } from "./document.js";
export type { ParseOptions, ValidationResult } from "./document.js";
export { POLICY_SIZE_LIMITS, policySizeBytes, policySizeChars } from "./size.js";
export { compilePolicies, emptyPolicySet } from "./compile.js";
export type { CompiledPolicySet } from "./compile.js";
export { evaluate } from "./evaluate.js";
export type { PolicySets } from "./evaluate.js";
export { accessDeniedMessage, denialPhrase } from "./messages.js";
export { actionMatches, resourceMatches, substituteVariables } from "./match.js";
export { conditionHolds } from "./conditions.js";
export { statementPositions } from "./positions.js";
export type { Position, StatementSpan } from "./positions.js";
export { policyContextKeys, statementContextKeys, uniqueKeys } from "./context-keys.js";

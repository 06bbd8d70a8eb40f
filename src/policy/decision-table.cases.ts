// All decision-table rows; each states principal, policies, request, expected decision and why.
import { COMBINE_CASES } from "./decision-cases-combine.js";
import { CONDITION_CASES } from "./decision-cases-conditions.js";
import { KMS_CASES } from "./decision-cases-kms.js";
import { SSM_CASES } from "./decision-cases-ssm.js";
import type { DecisionCase } from "./decision-cases-common.js";

export type { DecisionCase } from "./decision-cases-common.js";

export const DECISION_CASES: readonly DecisionCase[] = [...SSM_CASES, ...KMS_CASES, ...CONDITION_CASES, ...COMBINE_CASES];

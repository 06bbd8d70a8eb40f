// Stage 5's decision point. The IAM service supplies the policy-backed implementation;
// until one is registered only the account root is allowed (deny by default).
import type { AuthzOptions, Principal, RequestInfo } from "../server/context.js";

export interface AuthzRequest {
  readonly principal: Principal;
  readonly action: string;
  readonly resource: string;
  readonly options?: AuthzOptions;
  readonly accountId: string;
  readonly region: string;
  readonly request: RequestInfo;
  readonly now: Date;
  /** IAM's change counter as read when the caller's credential was looked up in this request, if it was. */
  readonly iamVersion?: number;
}

export type AuthzResult =
  | { readonly allowed: true; readonly statement?: string }
  | { readonly allowed: false; readonly message: string; readonly reason: string };

export interface Authorizer {
  check(req: AuthzRequest): Promise<AuthzResult>;
}

export const rootOnlyAuthorizer: Authorizer = {
  async check(req) {
    if (req.principal.type === "Root") return { allowed: true, statement: "root" };
    return {
      allowed: false,
      reason: "no statement allows",
      message: `User: ${req.principal.arn} is not authorized to perform: ${req.action} on resource: ${req.resource} because no identity-based policy allows the ${req.action} action`,
    };
  },
};

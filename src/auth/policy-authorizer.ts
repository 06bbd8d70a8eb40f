// The policy-backed Authorizer (iam.md §5, §7): root, IAM users (inline + attached + groups), role sessions
// (role policies ∩ session policies), KMS key policies, resource and trust policies. Compiled policy sets are
// cached per principal and keyed by IAM's change counter, so the hot path is one counter read and an evaluation.
import type { Logger } from "pino";
import { candidates } from "../policy/compile.js";
import { serviceOf } from "../policy/context.js";
import {
  accessDeniedMessage, compilePolicies, emptyPolicySet, evaluate, parsePolicyDocument,
  type CompiledPolicySet, type Decision, type NamedPolicy, type PolicyKind, type PolicySets, type PolicyType, type StatementRef,
} from "../policy/index.js";
import type { Principal, RequestInfo } from "../server/context.js";
import type { IamInternal, PolicyText } from "../services/iam/internal.js";
import type { StsInternal } from "../services/sts/internal.js";
import type { ReadTx, Storage } from "../storage/types.js";
import type { AuthzRequest, AuthzResult, Authorizer } from "./authorizer.js";
import { messageResource, requestContextKeys } from "./policy-context.js";

export interface PolicyAuthorizerDeps {
  readonly storage: Pick<Storage, "read">;
  readonly iam: Pick<IamInternal, "version" | "policiesOf" | "managedPolicy">;
  readonly sts: Pick<StsInternal, "extras">;
  readonly logger?: Pick<Logger, "warn">;
  readonly maxEntries?: number;
}

/** What one principal brings to every evaluation. */
interface PrincipalSets {
  readonly identity: CompiledPolicySet;
  readonly session?: CompiledPolicySet;
  readonly boundary?: CompiledPolicySet;
  readonly tags: Readonly<Record<string, string>>;
}

const ROOT_SETS: PrincipalSets = { identity: emptyPolicySet, tags: {} };
const ROOT_ALLOWED: AuthzResult = { allowed: true, statement: "the account root is not subject to identity-based policies" };
type ResourceKind = "kms-key" | "generic" | "role-trust";
const RESOURCE_DOC: Readonly<Record<ResourceKind, { kind: PolicyKind; type: PolicyType; name: string }>> = {
  "kms-key": { kind: "resource", type: "key", name: "key-policy" },
  generic: { kind: "resource", type: "resource", name: "resource-policy" },
  "role-trust": { kind: "trust", type: "resource", name: "trust-policy" },
};

const describe = (ref: StatementRef | undefined): string | undefined =>
  ref === undefined ? undefined : `${ref.policyType} policy ${ref.policyName} statement ${ref.sid ?? `#${ref.index}`}`;

export function createPolicyAuthorizer(deps: PolicyAuthorizerDeps): Authorizer {
  const principals = new Map<string, { version: number; sets: PrincipalSets }>();
  const resources: Record<ResourceKind, Map<string, CompiledPolicySet>> = { "kms-key": new Map(), generic: new Map(), "role-trust": new Map() };
  const max = deps.maxEntries ?? 10_000;

  const bounded = <V>(map: Map<string, V>, key: string, value: V): V => {
    if (map.size >= max) {
      const oldest = map.keys().next();
      if (!oldest.done) map.delete(oldest.value);
    }
    map.set(key, value);
    return value;
  };

  function compile(texts: readonly PolicyText[], type: PolicyType, kind: PolicyKind = "identity"): CompiledPolicySet {
    const named: NamedPolicy[] = [];
    for (const t of texts) {
      const r = parsePolicyDocument(t.document, kind);
      // Stored documents were validated on write; one the engine now refuses grants nothing.
      if ("error" in r) deps.logger?.warn({ policy: t.name, problem: r.error }, "stored policy no longer parses; ignored");
      else named.push({ name: t.name, type, document: r.document });
    }
    return compilePolicies(named);
  }

  async function loadSets(tx: ReadTx, p: Principal): Promise<PrincipalSets> {
    const ownerId = p.type === "AssumedRole" ? p.session?.roleId : p.principalId;
    if (ownerId === undefined) return { identity: emptyPolicySet, tags: {} };
    const own = await deps.iam.policiesOf(tx, ownerId);
    const base = {
      identity: compile(own.identity, "identity"),
      ...(own.boundary === undefined ? {} : { boundary: compile([own.boundary], "permissions-boundary") }),
    };
    if (p.type !== "AssumedRole") return { ...base, tags: own.tags };
    const extras = await deps.sts.extras(tx, p.accessKeyId);
    const tags = { ...own.tags, ...(extras?.tags ?? {}) };
    if (extras === undefined || (extras.policy === undefined && extras.policyArns.length === 0)) return { ...base, tags };
    const texts: PolicyText[] = extras.policy === undefined ? [] : [{ name: "session-policy", document: extras.policy }];
    for (const arn of extras.policyArns) {
      const managed = await deps.iam.managedPolicy(tx, arn);
      if (managed !== undefined) texts.push(managed);
    }
    return { ...base, session: compile(texts, "session"), tags };
  }

  /**
   * The sets already resolved for this request (SSM GetParameter WithDecryption checks ssm: and kms:
   * actions): one IAM counter read per request rather than per check. A request is judged against
   * one IAM state, as if it ran entirely before or after a concurrent policy change.
   */
  const perRequest = new WeakMap<RequestInfo, { principal: Principal; sets: Promise<PrincipalSets> }>();

  function setsForRequest(req: AuthzRequest): Promise<PrincipalSets> {
    if (req.principal.type === "Root") return Promise.resolve(ROOT_SETS);
    const hit = perRequest.get(req.request);
    if (hit !== undefined && hit.principal === req.principal) return hit.sets;
    const sets = setsFor(req.principal, req.iamVersion);
    perRequest.set(req.request, { principal: req.principal, sets });
    return sets;
  }

  /**
   * Users share one entry across their keys; each role session has its own (session policies differ).
   * `known`: the change counter this request's credential lookup read moments ago. Using it decides the
   * request as of that read; an entry loaded now under it holds data at least that new, and any later
   * change gives later requests another counter, so nothing stale outlives the change.
   */
  function setsFor(p: Principal, known?: number): Promise<PrincipalSets> {
    if (p.type === "Root") return Promise.resolve(ROOT_SETS);
    const key = p.type === "AssumedRole" ? `session:${p.accessKeyId}` : `user:${p.principalId}`;
    return deps.storage.read(async (tx) => {
      const version = known ?? (await deps.iam.version(tx));
      const hit = principals.get(key);
      if (hit !== undefined && hit.version === version) return hit.sets;
      return bounded(principals, key, { version, sets: await loadSets(tx, p) }).sets;
    });
  }

  function resourceSet(kind: ResourceKind, document: string): CompiledPolicySet | undefined {
    // Keyed by the document itself, one map per kind: a concatenated key would be a fresh ~1 KB string
    // to flatten and hash on every KMS call.
    const cache = resources[kind];
    const hit = cache.get(document);
    if (hit !== undefined) return hit;
    const spec = RESOURCE_DOC[kind];
    const r = parsePolicyDocument(document, spec.kind);
    if ("error" in r) {
      deps.logger?.warn({ kind, problem: r.error }, "resource policy does not parse; it grants nothing");
      return undefined;
    }
    return bounded(cache, document, compilePolicies([{ name: spec.name, type: spec.type, document: r.document }]));
  }

  function decide(req: AuthzRequest, sets: PrincipalSets): Decision {
    const rp = req.options?.resourcePolicy;
    const resource = rp === undefined ? undefined : resourceSet(rp.kind, rp.document);
    const p = req.principal;
    // Filled in place rather than with conditional spreads: this runs for every authorisation.
    const policySets: { -readonly [K in keyof PolicySets]: PolicySets[K] } = { identity: sets.identity, isRoot: p.type === "Root" };
    if (sets.session !== undefined) policySets.session = sets.session;
    if (sets.boundary !== undefined) policySets.permissionsBoundary = sets.boundary;
    if (resource !== undefined) policySets.resource = resource;
    if (rp !== undefined) policySets.resourceKind = rp.kind;
    return evaluate(
      { action: req.action, resource: req.resource, principalArn: p.arn, principalAccount: p.accountId, context: requestContextKeys(req, sets.tags) },
      policySets,
    );
  }

  /**
   * Results of checks that depend on nothing but the principal's policy sets, the action and the resource: no
   * options (no resource policy, no extra context) and no statement of the action's service using a condition or
   * a policy variable. Keyed by the sets object, which a change of IAM replaces (setsFor), so nothing outlives it.
   */
  const memo = new WeakMap<PrincipalSets, Map<string, AuthzResult>>();

  function result(req: AuthzRequest, sets: PrincipalSets): AuthzResult {
    const decision = decide(req, sets);
    if (decision.effect === "Allow") {
      const statement = describe(decision.statement) ?? decision.reason;
      return statement === undefined ? { allowed: true } : { allowed: true, statement };
    }
    const reason = [decision.reason, describe(decision.statement)].filter((x) => x !== undefined).join(": ");
    return { allowed: false, reason, message: accessDeniedMessage(req.principal.arn, req.action, messageResource(req), decision) };
  }

  return {
    async check(req: AuthzRequest): Promise<AuthzResult> {
      // The root is not subject to identity policies; only a resource or key policy can refuse it (iam.md §5).
      if (req.principal.type === "Root" && req.options?.resourcePolicy === undefined) return ROOT_ALLOWED;
      const sets = await setsForRequest(req);
      if (req.options !== undefined || !contextFree(sets, req.action)) return result(req, sets);
      let known = memo.get(sets);
      if (known === undefined) memo.set(sets, (known = new Map()));
      const key = `${req.action}\n${req.resource}`;
      let r = known.get(key);
      if (r === undefined) {
        if (known.size >= MEMO_PER_PRINCIPAL) known.clear();
        known.set(key, (r = result(req, sets)));
      }
      return r;
    },
  };
}

const MEMO_PER_PRINCIPAL = 4_096;

/** No statement that could apply to the action (its service's bucket in every set) reads the request context. */
function contextFree(sets: PrincipalSets, action: string): boolean {
  const service = serviceOf(action.toLowerCase());
  return [sets.identity, sets.session, sets.boundary].every((set) => set === undefined || candidates(set, service).contextFree);
}

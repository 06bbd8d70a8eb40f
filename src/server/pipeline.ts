// The ordered request stages of ARCHITECTURE.md §3, one small function each, and nothing else.
import { randomUUID, timingSafeEqual } from "node:crypto";
import type { Logger } from "pino";
import {
  checkScopeAndTime,
  expiredToken,
  parseAuth,
  unrecognizedClient,
  verifySignature,
  type AuthProtocol,
  type ParsedAuth,
} from "../auth/sigv4/index.js";
import type { Authorizer } from "../auth/authorizer.js";
import type { CredentialResolver } from "../auth/credentials.js";
import type { AuditSink, CallRecord } from "../audit/sink.js";
import { isServiceError, serviceError, ServiceError, unknownOperation } from "../protocol/errors.js";
import { decodeJsonBody, encodeJsonError, JSON_CONTENT_TYPE, parseTarget } from "../protocol/json11.js";
import { parseQueryInput, serializeQueryError, serializeQueryResponse } from "../protocol/query.js";
import { serializeJsonOutput, validateInput } from "../protocol/shapes.js";
import type { Input, Output, ServiceDefinition } from "../services/types.js";
import type { ReadTx, Storage } from "../storage/types.js";
import {
  newAuditNotes,
  type Authorize,
  type InternalServices,
  type OperationContext,
  type Principal,
  type RequestInfo,
} from "./context.js";

export interface RawRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly headers: Record<string, string[]>;
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly isTls: boolean;
  /** Over TLS: protocol version and cipher suite of the connection. */
  readonly tls?: { readonly version: string; readonly cipher: string };
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface PipelineDeps {
  readonly accountId: string;
  readonly services: readonly ServiceDefinition[];
  readonly storage: Storage;
  readonly credentials: CredentialResolver;
  readonly authorizer: Authorizer;
  readonly audit: AuditSink;
  readonly internal: InternalServices;
  readonly isSealed: () => boolean;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Called once per authenticated request (access-key last use); must stay in-memory and cheap. */
  readonly noteKeyUse: (principal: Principal, service: string, region: string, now: Date) => void;
}

interface Route {
  readonly protocol: AuthProtocol;
  readonly service: ServiceDefinition;
  readonly operation: string;
  /** Query protocol: the decoded form. */
  readonly form?: URLSearchParams;
}

const STS_ACTIONS = new Set(["AssumeRole", "GetCallerIdentity", "GetSessionToken", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "GetFederationToken", "GetAccessKeyInfo", "DecodeAuthorizationMessage"]);

const AWS_FAULT_NS = "http://webservices.amazon.com/AWSFault/2005-15-09";

const header = (raw: RawRequest, name: string): string | undefined => raw.headers[name]?.[0];

export function createPipeline(deps: PipelineDeps): (raw: RawRequest) => Promise<HttpResponse> {
  const byTarget = new Map<string, ServiceDefinition>();
  const byName = new Map<string, ServiceDefinition>();
  for (const s of deps.services) {
    byName.set(s.name, s);
    if (s.model.metadata.targetPrefix) byTarget.set(s.model.metadata.targetPrefix, s);
    for (const alias of s.targetAliases ?? []) byTarget.set(alias, s);
  }

  /** Stage 2: X-Amz-Target (JSON) or Action/Version + signing scope (Query). */
  function frame(raw: RawRequest): Route {
    const target = header(raw, "x-amz-target");
    if (target !== undefined) {
      const t = parseTarget(target);
      const service = t && byTarget.get(t.prefix);
      if (!t || !service || !(t.operation in service.readOperations || t.operation in service.writeOperations)) {
        throw unknownOperation();
      }
      return { protocol: "json", service, operation: t.operation };
    }
    // Query input is the form body plus the query string (presigned requests, GET or an empty POST).
    const form = new URLSearchParams(raw.method === "GET" ? "" : raw.body.toString("utf8"));
    for (const [k, v] of new URLSearchParams(raw.rawQuery)) if (!form.has(k)) form.set(k, v);
    const action = form.get("Action") ?? "";
    const scopeService = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(header(raw, "authorization") ?? form.get("X-Amz-Credential") ?? "")?.[1];
    const version = form.get("Version");
    const name = scopeService === "iam" || scopeService === "sts" ? scopeService
      : version === "2010-05-08" ? "iam" : version === "2011-06-15" ? "sts" : STS_ACTIONS.has(action) ? "sts" : "iam";
    const service = byName.get(name);
    if (!service || !(action in service.readOperations || action in service.writeOperations)) {
      // AWS's Query front end (recorded from STS): the operation and the requested API version.
      throw serviceError("InvalidAction", `Could not find operation ${action} for version ${version ?? "NO_VERSION_SPECIFIED"}`, { status: 400 });
    }
    return { protocol: "query", service, operation: action, form };
  }

  /** Stage 3: SigV4 + credential lookup + session token. */
  async function authenticate(raw: RawRequest, route: Route, now: Date, tx?: ReadTx): Promise<{ principal: Principal; auth: ParsedAuth; iamVersion?: number }> {
    const auth = parseAuth(raw, route.protocol);
    checkScopeAndTime(auth, route.service.name, now, route.protocol);
    const cred = await deps.credentials(auth.accessKeyId, tx);
    if (!cred) throw unrecognizedClient(route.protocol);
    if (cred.sessionToken !== undefined || auth.sessionToken !== undefined) {
      if (cred.sessionToken === undefined || auth.sessionToken === undefined || !sameToken(cred.sessionToken, auth.sessionToken)) {
        throw unrecognizedClient(route.protocol);
      }
    }
    verifySignature(raw, auth, cred.secretAccessKey, route.protocol);
    if (cred.expiresAt && cred.expiresAt.getTime() <= now.getTime()) throw expiredToken(route.protocol);
    deps.noteKeyUse(cred.principal, route.service.name, auth.region, now);
    return { principal: cred.principal, auth, iamVersion: cred.iamVersion };
  }

  /** Stage 4: body -> typed input checked against the model. */
  function decode(raw: RawRequest, route: Route): Input {
    const options = route.service.formatIssue ? { formatIssue: route.service.formatIssue } : undefined;
    if (route.protocol === "query" && route.form) return parseQueryInput(route.service.model, route.operation, route.form, options);
    return validateInput(route.service.model, route.operation, decodeJsonBody(raw.body), options);
  }

  function encodeOk(route: Route, output: Output, requestId: string): HttpResponse {
    if (route.protocol === "query") {
      return { status: 200, headers: { "content-type": "text/xml", "x-amzn-requestid": requestId }, body: serializeQueryResponse(route.service.model, route.operation, output, requestId) };
    }
    return { status: 200, headers: { "content-type": JSON_CONTENT_TYPE, "x-amzn-requestid": requestId }, body: serializeJsonOutput(route.service.model, route.operation, output) };
  }

  function encodeError(protocol: AuthProtocol, err: ServiceError, requestId: string, service?: ServiceDefinition): HttpResponse {
    if (protocol === "query") {
      // An unknown action is answered by the front end, in its own fault namespace (recorded from STS).
      const ns = err.code === "InvalidAction" ? AWS_FAULT_NS : service?.model.metadata.xmlNamespace ?? "https://iam.amazonaws.com/doc/2010-05-08/";
      return { status: err.status, headers: { "content-type": "text/xml", "x-amzn-requestid": requestId }, body: serializeQueryError(ns, err, requestId) };
    }
    return { status: err.status, headers: { "content-type": JSON_CONTENT_TYPE, "x-amzn-requestid": requestId, "x-amzn-errortype": err.code }, body: encodeJsonError(err) };
  }

  return async function handle(raw: RawRequest): Promise<HttpResponse> {
    const now = deps.clock();
    const request: RequestInfo = {
      requestId: randomUUID(),
      receivedAt: now,
      sourceIp: raw.sourceIp,
      userAgent: (header(raw, "user-agent") ?? "").slice(0, 1024),
      isTls: raw.isTls,
      ...(raw.tls ? { tls: { tlsVersion: raw.tls.version, cipherSuite: raw.tls.cipher, clientProvidedHostHeader: header(raw, "host") ?? "" } } : {}),
    };
    let route: Route | undefined;
    let principal: Principal | undefined;
    let input: Input | undefined;
    let region = "us-east-1";
    const notes = newAuditNotes();
    try {
      const r = (route = frame(raw));
      if (deps.isSealed()) throw sealedError();
      const serve = async (tx?: ReadTx): Promise<Output> => {
        const authn = await authenticate(raw, r, now, tx);
        principal = authn.principal;
        region = authn.auth.region;
        input = decode(raw, r);
        return invoke(r, principal, input, request, region, now, notes, authn.iamVersion, tx);
      };
      // A read operation runs in the read transaction its credential lookup used: one epoch read per call.
      const result = r.operation in r.service.readOperations ? await deps.storage.read(serve) : await serve();
      return encodeOk(r, result, request.requestId);
    } catch (e) {
      const err = toServiceError(e, route?.service, request.requestId, deps.logger);
      if (route) {
        await recordFailure(route, request, principal, input, err, region, notes);
      }
      logCall(deps.logger, request, route, principal, err);
      return encodeError(route?.protocol ?? (header(raw, "x-amz-target") ? "json" : "query"), err, request.requestId, route?.service);
    }
  };

  /** Stages 5–7: authorise, run in a transaction, audit. */
  async function invoke(route: Route, principal: Principal, input: Input, request: RequestInfo, region: string, now: Date, notes: ReturnType<typeof newAuditNotes>, iamVersion?: number, readTx?: ReadTx): Promise<Output> {
    const { service, operation } = route;
    const authorize: Authorize = async (action, resource, options) => {
      const r = await deps.authorizer.check({ principal, action, resource, options, accountId: deps.accountId, region, request, now, iamVersion });
      if (!r.allowed) {
        deps.logger.info({ requestId: request.requestId, principal: principal.arn, action, resource, reason: r.reason }, "access denied");
        const status = route.protocol === "query" ? 403 : 400;
        if (options?.errorCode) throw serviceError(options.errorCode, r.message, { status });
        throw serviceError(service.accessDeniedCode, r.message, { status, messageField: service.accessDeniedMessageField });
      }
    };
    for (const check of service.authorization(operation, input, { accountId: deps.accountId, region })) {
      await authorize(check.action, check.resource, check.options);
    }
    // Literal objects rather than spreads: this is the hot path and V8 builds these faster.
    const accountId = deps.accountId;
    const services = deps.internal;
    const context = <Tx extends ReadTx>(tx: Tx): OperationContext<Tx> =>
      ({ request, principal, accountId, region, now, authorize, audit: notes, services, tx });
    const record = (output: Output, readOnly: boolean): CallRecord =>
      ({ service, operation, request, accountId, region, principal, input, notes, output, readOnly });
    const readOp = service.readOperations[operation];
    if (readOp) {
      const output = readTx ? await readOp(context(readTx), input) : await deps.storage.read((tx) => readOp(context(tx), input));
      await deps.audit.record(record(output, true));
      logCall(deps.logger, request, route, principal);
      return output;
    }
    const writeOp = service.writeOperations[operation];
    if (!writeOp) throw unknownOperation();
    const output = await deps.storage.write(async (tx) => {
      const out = await writeOp(context(tx), input);
      await deps.audit.recordInTx(tx, record(out, false));
      return out;
    });
    logCall(deps.logger, request, route, principal);
    return output;
  }

  async function recordFailure(route: Route, request: RequestInfo, principal: Principal | undefined, input: Input | undefined, error: ServiceError, region: string, notes: ReturnType<typeof newAuditNotes>): Promise<void> {
    try {
      await deps.audit.record({ service: route.service, operation: route.operation, request, accountId: deps.accountId, region, principal, input, error, notes, readOnly: route.operation in route.service.readOperations });
    } catch (e) {
      deps.logger.error({ requestId: request.requestId, err: errText(e) }, "audit record of a failed call could not be written");
    }
  }
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function sealedError(): ServiceError {
  return serviceError("ServiceUnavailableException", "paramstore is sealed: unseal it with `paramstore operator unseal` before using the API.", { status: 503 });
}

function toServiceError(e: unknown, service: ServiceDefinition | undefined, requestId: string, logger: Logger): ServiceError {
  if (isServiceError(e)) return e;
  logger.error({ requestId, err: errText(e) }, "internal error");
  return service ? service.internalError(requestId) : serviceError("InternalFailure", "An internal error occurred.", { status: 500 });
}

function errText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ""}` : String(e);
}

function logCall(logger: Logger, request: RequestInfo, route: Route | undefined, principal: Principal | undefined, err?: ServiceError): void {
  if (!logger.isLevelEnabled("info")) return;
  logger.info({
    requestId: request.requestId,
    service: route?.service.name,
    operation: route?.operation,
    principal: principal?.arn,
    sourceIp: request.sourceIp,
    status: err ? err.status : 200,
    errorCode: err?.code,
    ms: Date.now() - request.receivedAt.getTime(),
  }, "request");
}

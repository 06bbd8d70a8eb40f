// Writes src/protocol/models/<service>.ts from botocore's service-2.json.gz: the operations we serve and every shape they reach.
// Usage: npm run gen-models  (or node dist/scripts/gen-models.js --out <dir>); botocore is found through python3.

import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { parseArgs } from "node:util";
import { javaPatternToRegExp } from "../src/protocol/java-regex.js";

interface ServiceSpec {
  readonly file: string;
  readonly exportName: string;
  readonly apiVersion: string;
  readonly operations: readonly string[];
}

const words = (s: string): string[] => s.trim().split(/\s+/);

export const SERVICES: Readonly<Record<string, ServiceSpec>> = {
  ssm: {
    file: "ssm", exportName: "ssmModel", apiVersion: "2014-11-06",
    operations: words(`PutParameter GetParameter GetParameters GetParametersByPath DescribeParameters
      GetParameterHistory DeleteParameter DeleteParameters LabelParameterVersion UnlabelParameterVersion
      AddTagsToResource RemoveTagsFromResource ListTagsForResource GetServiceSetting UpdateServiceSetting
      ResetServiceSetting`),
  },
  kms: {
    file: "kms", exportName: "kmsModel", apiVersion: "2014-11-01",
    operations: words(`CreateKey DescribeKey ListKeys UpdateKeyDescription CreateAlias UpdateAlias DeleteAlias
      ListAliases Encrypt Decrypt ReEncrypt GenerateDataKey GenerateDataKeyWithoutPlaintext GenerateRandom
      EnableKey DisableKey ScheduleKeyDeletion CancelKeyDeletion EnableKeyRotation DisableKeyRotation
      GetKeyRotationStatus RotateKeyOnDemand ListKeyRotations GetKeyPolicy PutKeyPolicy ListKeyPolicies
      TagResource UntagResource ListResourceTags`),
  },
  secretsmanager: {
    file: "secretsmanager", exportName: "secretsManagerModel", apiVersion: "2017-10-17",
    operations: words(`CreateSecret GetSecretValue BatchGetSecretValue PutSecretValue UpdateSecret DescribeSecret
      ListSecrets ListSecretVersionIds UpdateSecretVersionStage DeleteSecret RestoreSecret RotateSecret
      CancelRotateSecret GetRandomPassword TagResource UntagResource GetResourcePolicy PutResourcePolicy
      DeleteResourcePolicy ValidateResourcePolicy ReplicateSecretToRegions RemoveRegionsFromReplication
      StopReplicationToReplica`),
  },
  cloudtrail: {
    file: "cloudtrail", exportName: "cloudTrailModel", apiVersion: "2013-11-01",
    operations: ["LookupEvents"],
  },
  iam: {
    file: "iam", exportName: "iamModel", apiVersion: "2010-05-08",
    operations: words(`CreateUser GetUser ListUsers DeleteUser TagUser UntagUser ListUserTags CreateAccessKey
      ListAccessKeys UpdateAccessKey DeleteAccessKey GetAccessKeyLastUsed CreateGroup GetGroup ListGroups DeleteGroup AddUserToGroup
      RemoveUserFromGroup ListGroupsForUser PutUserPolicy GetUserPolicy ListUserPolicies DeleteUserPolicy
      PutGroupPolicy GetGroupPolicy ListGroupPolicies DeleteGroupPolicy PutRolePolicy GetRolePolicy
      ListRolePolicies DeleteRolePolicy CreatePolicy GetPolicy GetPolicyVersion CreatePolicyVersion
      ListPolicyVersions DeletePolicyVersion SetDefaultPolicyVersion ListPolicies DeletePolicy AttachUserPolicy
      DetachUserPolicy AttachGroupPolicy DetachGroupPolicy AttachRolePolicy DetachRolePolicy
      ListAttachedUserPolicies ListAttachedGroupPolicies ListAttachedRolePolicies CreateRole GetRole ListRoles
      DeleteRole UpdateRole UpdateAssumeRolePolicy TagRole UntagRole ListRoleTags PutUserPermissionsBoundary
      DeleteUserPermissionsBoundary PutRolePermissionsBoundary DeleteRolePermissionsBoundary UpdateUser UpdateGroup
      UpdateRoleDescription TagPolicy UntagPolicy ListPolicyTags ListEntitiesForPolicy SimulatePrincipalPolicy
      SimulateCustomPolicy GetContextKeysForPrincipalPolicy GetContextKeysForCustomPolicy GetAccountSummary
      GetAccountAuthorizationDetails`),
  },
  sts: {
    file: "sts", exportName: "stsModel", apiVersion: "2011-06-15",
    operations: ["GetCallerIdentity", "AssumeRole", "GetSessionToken"],
  },
};

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const obj = (v: unknown, what: string): Json => {
  if (!isObj(v)) throw new Error(`botocore model: ${what} is not an object`);
  return v;
};

// Keys we drop on purpose; any other unknown key fails generation so a botocore upgrade cannot silently lose a constraint.
const IGNORED = new Set(["documentation", "deprecated", "deprecatedMessage", "deprecatedSince", "document"]);
const SHAPE_KEYS = new Set([
  "type", "members", "required", "min", "max", "pattern", "enum", "member", "key", "value", "sensitive",
  "timestampFormat", "flattened", "error", "exception", "fault", "union", "box", "locationName",
]);
const MEMBER_KEYS = new Set(["shape", "locationName", "queryName", "idempotencyToken", "box"]);

function checkKeys(o: Json, allowed: Set<string>, where: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.has(k) && !IGNORED.has(k)) throw new Error(`botocore model: unsupported key '${k}' in ${where}`);
  }
}

function memberRef(raw: unknown, where: string): Json {
  const m = obj(raw, where);
  checkKeys(m, MEMBER_KEYS, where);
  const out: Json = { shape: m["shape"] };
  for (const k of ["locationName", "queryName", "idempotencyToken", "box"]) if (m[k] !== undefined) out[k] = m[k];
  return out;
}

function convertShape(name: string, raw: Json): Json {
  checkKeys(raw, SHAPE_KEYS, `shape ${name}`);
  const out: Json = { type: raw["type"] };
  if (isObj(raw["members"])) {
    const members: Json = {};
    for (const [m, ref] of Object.entries(raw["members"])) members[m] = memberRef(ref, `${name}.${m}`);
    out["members"] = members;
  } else if (raw["type"] === "structure") out["members"] = {};
  for (const k of ["required", "min", "max", "pattern", "enum"]) if (raw[k] !== undefined) out[k] = raw[k];
  for (const k of ["member", "key", "value"]) if (raw[k] !== undefined) out[k] = memberRef(raw[k], `${name}.${k}`);
  for (const k of ["sensitive", "flattened", "union", "exception", "fault", "box"]) if (raw[k] === true) out[k] = true;
  if (raw["timestampFormat"] !== undefined) out["timestampFormat"] = raw["timestampFormat"];
  if (isObj(raw["error"])) {
    const e = raw["error"];
    const err: Json = {};
    for (const k of ["code", "httpStatusCode", "senderFault"]) if (e[k] !== undefined) err[k] = e[k];
    out["error"] = err;
  }
  if (raw["exception"] === true && isObj(raw["members"])) {
    const mm = ["message", "Message"].find((k) => isObj(raw["members"]) && k in raw["members"]);
    if (mm !== undefined) out["messageMember"] = mm;
  }
  return out;
}

function referencedShapes(shape: Json): string[] {
  const refs: string[] = [];
  if (isObj(shape["members"])) for (const r of Object.values(shape["members"])) refs.push(String(obj(r, "member")["shape"]));
  for (const k of ["member", "key", "value"]) {
    const ref = shape[k];
    if (isObj(ref)) refs.push(String(ref["shape"]));
  }
  return refs;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function generateModule(botocoreVersion: string, spec: ServiceSpec, raw: Json): string {
  const meta = obj(raw["metadata"], "metadata");
  const ops = obj(raw["operations"], "operations");
  const shapes = obj(raw["shapes"], "shapes");
  if (meta["apiVersion"] !== spec.apiVersion) throw new Error(`${spec.file}: apiVersion ${String(meta["apiVersion"])}`);
  const wanted = new Set<string>();
  const visit = (n: string): void => {
    if (wanted.has(n)) return;
    const s = obj(shapes[n], `shape ${n}`);
    wanted.add(n);
    referencedShapes(s).forEach(visit);
  };
  const opLines: string[] = [];
  for (const name of [...spec.operations].sort(byCodeUnit)) {
    const op = obj(ops[name], `operation ${spec.file}.${name}`);
    const out: Json = { name };
    const input = isObj(op["input"]) ? String(op["input"]["shape"]) : undefined;
    if (input !== undefined) { out["input"] = input; visit(input); }
    if (isObj(op["output"])) {
      out["output"] = String(op["output"]["shape"]);
      visit(String(op["output"]["shape"]));
      if (op["output"]["resultWrapper"] !== undefined) out["resultWrapper"] = op["output"]["resultWrapper"];
    }
    const errors = Array.isArray(op["errors"]) ? op["errors"].map((e) => String(obj(e, "error")["shape"])) : [];
    errors.forEach(visit);
    out["errors"] = errors;
    if (input !== undefined) {
      const members = obj(obj(shapes[input], input)["members"] ?? {}, `${input}.members`);
      const tokens = Object.entries(members).filter(([, r]) => obj(r, "member")["idempotencyToken"] === true);
      if (tokens.length > 0) out["idempotencyTokenMembers"] = tokens.map(([m]) => m);
    }
    opLines.push(`    ${JSON.stringify(name)}: ${JSON.stringify(out)},`);
  }
  if (isObj(shapes["ValidationException"])) visit("ValidationException");
  const shapeLines: string[] = [];
  for (const n of [...wanted].sort(byCodeUnit)) {
    const s = convertShape(n, obj(shapes[n], n));
    if (typeof s["pattern"] === "string" && javaPatternToRegExp(s["pattern"]) === null) {
      process.stderr.write(`gen-models: ${spec.file}.${n}: pattern not convertible to a JS RegExp, it will not be enforced\n`);
    }
    shapeLines.push(`    ${JSON.stringify(n)}: ${JSON.stringify(s)},`);
  }
  const metadata: Json = { protocol: meta["protocol"], apiVersion: meta["apiVersion"] };
  if (meta["targetPrefix"] !== undefined) metadata["targetPrefix"] = meta["targetPrefix"];
  metadata["signingName"] = meta["signingName"] ?? meta["endpointPrefix"];
  if (meta["xmlNamespace"] !== undefined) metadata["xmlNamespace"] = meta["xmlNamespace"];
  return [
    `// GENERATED by scripts/gen-models.ts from botocore ${botocoreVersion} — do not edit.`,
    `import type { ServiceModel } from "../model-types.js";`,
    ``,
    `export const ${spec.exportName}: ServiceModel = {`,
    `  metadata: ${JSON.stringify(metadata)},`,
    `  operations: {`,
    ...opLines,
    `  },`,
    `  shapes: {`,
    ...shapeLines,
    `  },`,
    `};`,
    ``,
  ].join("\n");
}

export function locateBotocore(): { dir: string; version: string } {
  const out = execFileSync(
    "python3",
    ["-c", "import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)"],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  const [dir, version] = out.trim().split("\n");
  if (dir === undefined || version === undefined) throw new Error("cannot locate botocore");
  return { dir, version };
}

export function generateAll(outDir: string, botocore = locateBotocore()): string[] {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const [svc, spec] of Object.entries(SERVICES)) {
    const gz = readFileSync(join(botocore.dir, "data", svc, spec.apiVersion, "service-2.json.gz"));
    const raw = obj(JSON.parse(gunzipSync(gz).toString("utf8")), `${svc} model`);
    const file = join(outDir, `${spec.file}.ts`);
    writeFileSync(file, generateModule(botocore.version, spec, raw));
    written.push(file);
  }
  return written;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({ options: { out: { type: "string" } } });
  const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
  const outDir = values.out ?? join(repoRoot, "src", "protocol", "models");
  for (const f of generateAll(outDir)) process.stdout.write(`wrote ${f}\n`);
}

// The AWS API's answer while sealed, before the services exist (they are built at the first unseal):
// the pipeline's sealed error, encoded for the protocol the request speaks.
import { randomUUID } from "node:crypto";
import { encodeJsonError, JSON_CONTENT_TYPE } from "../protocol/json11.js";
import { iamModel } from "../protocol/models/iam.js";
import { stsModel } from "../protocol/models/sts.js";
import { serializeQueryError } from "../protocol/query.js";
import { sealedError, type HttpResponse, type RawRequest } from "./pipeline.js";

export function sealedApiResponse(raw: RawRequest, requestId: string = randomUUID()): HttpResponse {
  const err = sealedError();
  if (raw.headers["x-amz-target"] !== undefined) {
    return {
      status: err.status,
      headers: { "content-type": JSON_CONTENT_TYPE, "x-amzn-requestid": requestId, "x-amzn-errortype": err.code },
      body: encodeJsonError(err),
    };
  }
  const ns = (isSts(raw) ? stsModel : iamModel).metadata.xmlNamespace ?? "";
  return { status: err.status, headers: { "content-type": "text/xml", "x-amzn-requestid": requestId }, body: serializeQueryError(ns, err, requestId) };
}

/** Same rule as the pipeline's framing: the signing scope, else the API version. */
function isSts(raw: RawRequest): boolean {
  const auth = raw.headers["authorization"]?.[0] ?? "";
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(auth)?.[1];
  if (scope) return scope === "sts";
  const form = new URLSearchParams(raw.method === "GET" ? raw.rawQuery : raw.body.toString("utf8"));
  return form.get("Version") === stsModel.metadata.apiVersion;
}

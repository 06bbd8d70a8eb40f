// Pre-signs AWS JSON 1.1 requests with the official SigV4 signer, for replay by the load generator.
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";

export interface PreparedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface SignerCreds {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export async function signJson(
  port: number,
  service: string,
  target: string,
  payload: unknown,
  creds: SignerCreds,
  region = "us-east-1",
): Promise<PreparedRequest> {
  const body = JSON.stringify(payload);
  const host = `127.0.0.1:${port}`;
  const req = new HttpRequest({
    method: "POST",
    protocol: "http:",
    hostname: "127.0.0.1",
    port,
    path: "/",
    headers: { host, "content-type": "application/x-amz-json-1.1", "x-amz-target": target },
    body,
  });
  const signer = new SignatureV4({ service, region, credentials: creds, sha256: Sha256 });
  const signed = await signer.sign(req);
  return { method: "POST", path: "/", headers: signed.headers as Record<string, string>, body };
}

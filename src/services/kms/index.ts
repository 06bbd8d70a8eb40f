// KMS service definition (TrentService). Operations live in the files beside this one.
import type { Job } from "../../jobs/types.js";
import type { ServiceDeps } from "../deps.js";
import type { ServiceDefinition } from "../types.js";
import type { KmsInternal } from "./internal.js";

export interface KmsService {
  readonly definition: ServiceDefinition;
  readonly internal: KmsInternal;
  readonly jobs?: Job[];
}

export async function createKmsService(_deps: ServiceDeps): Promise<KmsService> {
  throw new Error("KMS service: under construction");
}

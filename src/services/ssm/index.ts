// SSM Parameter Store service definition (AmazonSSM). Operations live in the files beside this one.
import type { Job } from "../../jobs/types.js";
import type { ServiceDeps } from "../deps.js";
import type { ServiceDefinition } from "../types.js";

export interface SsmService {
  readonly definition: ServiceDefinition;
  readonly jobs?: Job[];
}

export async function createSsmService(_deps: ServiceDeps): Promise<SsmService> {
  throw new Error("SSM service: under construction");
}

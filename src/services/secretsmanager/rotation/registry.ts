// Rotation functions by RotationLambdaARN. paramstore has no Lambda: `arn:aws:lambda:<region>:<account>:function:<name>`
// names either a built-in rotator (paramstore-rotator-*) or a webhook the operator registered at startup.
import type { RotationApi } from "./service-api.js";

export type RotationStep = "createSecret" | "setSecret" | "testSecret" | "finishSecret";
export const STEPS: readonly RotationStep[] = ["createSecret", "setSecret", "testSecret", "finishSecret"];

/** Exactly the event AWS sends a rotation Lambda. */
export interface RotationEvent {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: RotationStep;
}

export interface Rotator {
  /** Function name (the last ARN segment). */
  readonly name: string;
  /** Reads the master secret named by the secret's `masterarn` (alternating-users rotators). */
  readonly usesMasterSecret?: boolean;
  /** Runs one step; throws to fail it. Built-ins use `api` as a Lambda would use the Secrets Manager API. */
  run(event: RotationEvent, api: RotationApi): Promise<void>;
}

export interface RotatorRegistry {
  /** The rotator an ARN names for this account, or undefined (RotateSecret answers ResourceNotFoundException). */
  resolve(lambdaArn: string, accountId: string): Rotator | undefined;
  names(): string[];
}

const LAMBDA_ARN = /^arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})$/;

export function parseLambdaArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const m = LAMBDA_ARN.exec(arn);
  return m ? { region: m[1] ?? "", accountId: m[2] ?? "", name: m[3] ?? "" } : undefined;
}

export const lambdaArn = (region: string, accountId: string, name: string): string => `arn:aws:lambda:${region}:${accountId}:function:${name}`;

export function createRegistry(rotators: readonly Rotator[]): RotatorRegistry {
  const byName = new Map(rotators.map((r) => [r.name, r]));
  return {
    resolve(arn, accountId) {
      const parsed = parseLambdaArn(arn);
      if (!parsed || parsed.accountId !== accountId) return undefined;
      return byName.get(parsed.name);
    },
    names: () => [...byName.keys()],
  };
}

// Steps 3-4 of SigV4 (protocol.md §6.5, §6.6): credential scope against the routed service, clock skew, presigned expiry.

import { formatAmzDate, parseAmzDate } from "./amz-date.js";
import { SCOPE_TERMINATOR } from "./canonical.js";
import { incompleteSignature, signatureMismatch, type AuthProtocol } from "./errors.js";
import type { ParsedAuth } from "./parse.js";

/** Allowed clock skew: 5 minutes for the JSON services (§6.6 table), 15 for IAM/STS as AWS STS does. */
export const skewWindowSeconds = (protocol: AuthProtocol): number => (protocol === "json" ? 300 : 900);

// A region any AWS partition could name: the `regionRegex` of every partition in botocore's
// data/partitions.json (aws, aws-cn, aws-us-gov, aws-iso*, aws-eusc). Any such region is served (protocol.md §1);
// anything else ("", "aws-global", "local") is refused as AWS refuses a region it does not serve.
const PARTITION_REGIONS = [
  /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
  /^cn-\w+-\d+$/,
  /^us-gov-\w+-\d+$/,
  /^us-iso[bf]?-\w+-\d+$/,
  /^eu-isoe-\w+-\d+$/,
  /^eusc-de-\w+-\d+$/,
];
const isServedRegion = (region: string): boolean => PARTITION_REGIONS.some((re) => re.test(region));

// AWS prints the window as "5 min."; a presigned lifetime that is not whole minutes is printed in seconds.
const span = (seconds: number): string => (seconds % 60 === 0 ? `${seconds / 60} min.` : `${seconds} sec.`);

/**
 * Throws InvalidSignatureException / SignatureDoesNotMatch when the scope date differs from the
 * request date, the terminator is not aws4_request, the region is not one AWS could serve, the scope
 * names another service, or the request date is outside [now - window, now + window]. A presigned
 * request lives X-Amz-Expires seconds but never longer than the window (AWS STS likewise caps
 * presigned GetCallerIdentity at 15 minutes).
 */
export function checkScopeAndTime(parsed: ParsedAuth, expectedService: string, now: Date, protocol: AuthProtocol): void {
  const requestDay = parsed.amzDate.slice(0, 8);
  if (parsed.scopeDate !== requestDay) {
    throw signatureMismatch(
      protocol,
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.scopeDate}' != '${requestDay}', from '${parsed.amzDate}'.`,
    );
  }
  // The trailing space after the period is in AWS's observed text ("... service: 'batch'. ").
  if (parsed.terminator !== SCOPE_TERMINATOR) {
    throw signatureMismatch(
      protocol,
      `Credential should be scoped with a valid terminator: '${SCOPE_TERMINATOR}', not '${parsed.terminator}'. `,
    );
  }
  // AWS's text, trailing space included: "Credential should be scoped to a valid region, not 'eu-west-1'. ".
  if (!isServedRegion(parsed.region)) {
    throw signatureMismatch(protocol, `Credential should be scoped to a valid region, not '${parsed.region}'. `);
  }
  if (parsed.service !== expectedService) {
    throw signatureMismatch(protocol, `Credential should be scoped to correct service: '${expectedService}'. `);
  }

  const requestMs = parseAmzDate(parsed.amzDate);
  // parseAuth only returns valid dates; this guards a hand-built ParsedAuth.
  if (requestMs === null) throw incompleteSignature(protocol, `Date must be in ISO-8601 'basic format'. Got '${parsed.amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  const nowMs = now.getTime();
  const window = skewWindowSeconds(protocol);
  if (requestMs - nowMs > window * 1000) {
    throw signatureMismatch(
      protocol,
      `Signature not yet current: ${parsed.amzDate} is still later than ${formatAmzDate(nowMs + window * 1000)} (${formatAmzDate(nowMs)} + ${span(window)})`,
    );
  }
  const lifetime = parsed.expiresSeconds === undefined ? window : Math.min(parsed.expiresSeconds, window);
  if (nowMs - requestMs > lifetime * 1000) {
    throw signatureMismatch(
      protocol,
      `Signature expired: ${parsed.amzDate} is now earlier than ${formatAmzDate(nowMs - lifetime * 1000)} (${formatAmzDate(nowMs)} - ${span(lifetime)})`,
    );
  }
}

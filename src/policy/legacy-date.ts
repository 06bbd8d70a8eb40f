// Which Date-condition values IAM's legacy parser takes. AWS answers the others with "The policy failed legacy
// parsing" (AWS-recorded documents: "234-13", "...+1", 10 fraction digits and 9223372036854775808 are refused;
// "01T", "...t2:00:00.593194+23" and "-292275054" are accepted — document-recorded.cases.ts).

const DIGITS = /^\d+$/;
const MAX_EPOCH = 9223372036854775807n; // a Java long
const MIN_YEAR = -292275054;
const MAX_YEAR = 292278993;

const inRange = (s: string | undefined, min: number, max: number): boolean =>
  s !== undefined && DIGITS.test(s) && Number(s) >= min && Number(s) <= max;

function dateOk(date: string): boolean {
  const negative = date.startsWith("-");
  const [year = "", month, day, ...extra] = (negative ? date.slice(1) : date).split("-");
  if (!DIGITS.test(year) || extra.length > 0) return false;
  const y = Number(year) * (negative ? -1 : 1);
  if (y < MIN_YEAR || y > MAX_YEAR) return false;
  return (month === undefined || inRange(month, 1, 12)) && (day === undefined || inRange(day, 1, 31));
}

/** `z`, `+hh` or `+hh:mm` (two-digit fields); a `-` offset is read the same way (not recorded either way). */
const ZONE = /(z|[+-](\d{2})(?::(\d{2}))?)$/;

function timeOk(time: string): boolean {
  if (time === "") return true;
  const zone = ZONE.exec(time);
  if (zone !== null && !(inRange(zone[2] ?? "0", 0, 23) && (zone[3] === undefined || inRange(zone[3], 0, 59)))) return false;
  const [hours = "", minutes, seconds, ...extra] = (zone === null ? time : time.slice(0, zone.index)).split(":");
  if (extra.length > 0 || (hours !== "" && !inRange(hours, 0, 23))) return false;
  if (minutes !== undefined && !inRange(minutes, 0, 59)) return false;
  if (seconds === undefined) return true;
  const [whole, fraction] = seconds.split(/\.(.*)/s);
  return inRange(whole, 0, 59) && (fraction === undefined || inRange(fraction, 0, 999_999_999));
}

/** ISO 8601 when the value has a `T` or `-`, else epoch seconds within a Java long. */
export function legacyDateOk(value: string): boolean {
  const v = value.toLowerCase();
  if (!v.includes("t") && !v.includes("-")) return DIGITS.test(v) && BigInt(v) <= MAX_EPOCH;
  const t = v.indexOf("t");
  return t < 0 ? dateOk(v) : dateOk(v.slice(0, t)) && timeOk(v.slice(t + 1));
}

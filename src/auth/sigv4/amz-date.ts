// SigV4 timestamps: ISO-8601 basic format (YYYYMMDDTHHMMSSZ) and the RFC 1123 Date-header fallback (§6.1).

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const utcMs = (y: number, mo: number, d: number, h: number, mi: number, s: number): number | null => {
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const t = new Date(ms);
  // Date.UTC rolls 20151131 over to Dec 1; a real calendar date must round-trip.
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  if (h > 23 || mi > 59 || s > 59) return null;
  return ms;
};

/** Milliseconds since the epoch for a `YYYYMMDDTHHMMSSZ` value, or null when it is not a valid one. */
export const parseAmzDate = (value: string): number | null => {
  const m = AMZ_DATE.exec(value);
  if (m === null) return null;
  return utcMs(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
};

/** `YYYYMMDDTHHMMSSZ` for an instant, truncated to whole seconds. */
export const formatAmzDate = (ms: number): string => {
  const iso = new Date(ms).toISOString(); // 2015-11-20T20:08:15.000Z
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 13) + iso.slice(14, 16) + iso.slice(17, 19) + "Z";
};

/** Converts an RFC 1123 `Date` header (`Fri, 20 Nov 2015 20:08:15 GMT`) to `YYYYMMDDTHHMMSSZ`, or null. */
export const httpDateToAmzDate = (value: string): string | null => {
  const m = HTTP_DATE.exec(value);
  if (m === null) return null;
  const ms = utcMs(Number(m[3]), MONTHS.indexOf(m[2] ?? "") + 1, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  return ms === null ? null : formatAmzDate(ms);
};

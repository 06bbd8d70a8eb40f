// IPv4/IPv6 addresses and CIDR blocks for IpAddress / NotIpAddress (iam.md §4).

export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}
export interface CidrBlock extends IpAddress {
  readonly prefix: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseV4(s: string): bigint | undefined {
  const m = IPV4.exec(s);
  if (m === null) return undefined;
  let value = 0n;
  for (const octet of m.slice(1)) {
    const n = Number(octet);
    if (n > 255 || (octet.length > 1 && octet.startsWith("0"))) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

/** Expands one side of a `::` into 16-bit groups; an IPv4 tail counts as two groups. */
function groups(side: string, allowV4Tail: boolean): bigint[] | undefined {
  if (side === "") return [];
  const out: bigint[] = [];
  const parts = side.split(":");
  for (const [i, p] of parts.entries()) {
    if (allowV4Tail && i === parts.length - 1 && p.includes(".")) {
      const v4 = parseV4(p);
      if (v4 === undefined) return undefined;
      out.push(v4 >> 16n, v4 & 0xffffn);
    } else if (HEX_GROUP.test(p)) out.push(BigInt(`0x${p}`));
    else return undefined;
  }
  return out;
}

function parseV6(s: string): bigint | undefined {
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const head = groups(halves[0] ?? "", halves.length === 1);
  const tail = halves.length === 2 ? groups(halves[1] ?? "", true) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<bigint>(halves.length === 2 ? missing : 0).fill(0n), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** Parses an address; IPv4-mapped IPv6 (`::ffff:10.0.0.1`, as Node reports IPv4 peers) becomes IPv4. */
export function parseIp(text: string): IpAddress | undefined {
  const s = text.trim().replace(/%.*$/, "");
  const v4 = parseV4(s);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = s.includes(":") ? parseV6(s) : undefined;
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { family: 4, value: v6 & 0xffffffffn };
  return { family: 6, value: v6 };
}

/** Parses `a.b.c.d/n`, `x::y/n` or a bare address (a /32 or /128 block). */
export function parseCidr(text: string): CidrBlock | undefined {
  const [addr = "", prefixText, extra] = text.trim().split("/");
  if (extra !== undefined) return undefined;
  const s = addr.replace(/%.*$/, "");
  const v4 = parseV4(s);
  const v6 = v4 === undefined && s.includes(":") ? parseV6(s) : undefined;
  const family: 4 | 6 | undefined = v4 !== undefined ? 4 : v6 !== undefined ? 6 : undefined;
  const value = v4 ?? v6;
  if (family === undefined || value === undefined) return undefined;
  const width = family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (prefix > width) return undefined;
  return { family, value, prefix };
}

export function cidrContains(block: CidrBlock, ip: IpAddress): boolean {
  if (block.family === 6 && ip.family === 4 && block.prefix >= 96 && block.value >> 32n === 0xffffn) {
    // A policy written as ::ffff:a.b.c.d/n covers the IPv4 address a.b.c.d.
    return cidrContains({ family: 4, value: block.value & 0xffffffffn, prefix: block.prefix - 96 }, ip);
  }
  if (block.family !== ip.family) return false;
  const shift = BigInt((block.family === 4 ? 32 : 128) - block.prefix);
  return block.value >> shift === ip.value >> shift;
}

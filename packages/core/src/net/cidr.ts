import ipaddr from 'ipaddr.js';

/** A parsed CIDR block: address family, first address and prefix length. */
export interface Cidr {
  readonly family: 4 | 6;
  /** First address of the block as an integer. */
  readonly start: bigint;
  /** Last address of the block as an integer. */
  readonly end: bigint;
  readonly prefix: number;
  /** Canonical text form, e.g. `10.69.0.0/16`. */
  readonly text: string;
  /** True when the text had bits set past the prefix (`10.69.0.1/16`). */
  readonly hostBitsSet: boolean;
}

function bits(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

function toBigInt(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  let n = 0n;
  const bytes = addr.toByteArray();
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function fromBigInt(n: bigint, family: 4 | 6): string {
  const len = family === 4 ? 4 : 16;
  const bytes: number[] = [];
  for (let i = len - 1; i >= 0; i--) bytes.push(Number((n >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

/** Four decimal parts without leading zeros: the form `ipaddr.IPv4.isValidFourPartDecimal` requires besides a valid address. */
const FOUR_PART_DECIMAL = /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){3}$/;

/** True for a plain IPv4 (four decimal octets) or IPv6 address. */
export function isIp(text: string): boolean {
  // ipaddr.IPv4.isValidFourPartDecimal with its cheap test first: most texts asked about are DNS names.
  if (FOUR_PART_DECIMAL.test(text)) return ipaddr.IPv4.isValid(text);
  return text.includes(':') && ipaddr.IPv6.isValid(text);
}

/** Parses `a.b.c.d/n` or an IPv6 CIDR; returns undefined when the text is not one. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addrText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(prefixText) || !isIp(addrText)) return undefined;
  const addr = ipaddr.parse(addrText);
  const family = addr.kind() === 'ipv4' ? 4 : 6;
  const prefix = Number(prefixText);
  const width = bits(family);
  if (prefix > width) return undefined;
  const value = toBigInt(addr);
  const hostMask = (1n << BigInt(width - prefix)) - 1n;
  const start = value & ~hostMask & ((1n << BigInt(width)) - 1n);
  const end = start | hostMask;
  return {
    family,
    start,
    end,
    prefix,
    text: `${fromBigInt(start, family)}/${prefix}`,
    hostBitsSet: start !== value,
  };
}

/** Parses an address as a one-address block (`/32` or `/128`). */
export function parseIp(text: string): Cidr | undefined {
  if (!isIp(text)) return undefined;
  const family = ipaddr.parse(text).kind() === 'ipv4' ? 4 : 6;
  return parseCidr(`${text}/${bits(family)}`);
}

/** True when two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.start <= b.end && b.start <= a.end;
}

/** True when `inner` lies entirely within `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.start <= inner.start && inner.end <= outer.end;
}

/** The n-th address of a block (0 = network address); throws past its end. */
export function nthAddress(block: Cidr, n: number): string {
  const value = block.start + BigInt(n);
  if (n < 0 || value > block.end) throw new RangeError(`${block.text} has no address number ${n}`);
  return fromBigInt(value, block.family);
}

/** Number of addresses in a block. */
export function size(block: Cidr): bigint {
  return block.end - block.start + 1n;
}

/** Whether one LoadBalancer pool block (a CIDR `a.b.c.d/n`, or an inclusive range `start-stop`) holds `ip`. */
export function poolBlockContains(block: string, ip: string): boolean {
  const addr = parseIp(ip);
  if (addr === undefined) return false;
  const dash = block.indexOf('-');
  if (dash > 0 && !block.includes('/')) {
    const start = parseIp(block.slice(0, dash));
    const stop = parseIp(block.slice(dash + 1));
    return start !== undefined && stop !== undefined && start.family === addr.family && start.start <= addr.start && addr.start <= stop.start;
  }
  const cidr = parseCidr(block);
  return cidr !== undefined && contains(cidr, addr);
}

/** Address width of a family: 32 for IPv4, 128 for IPv6. */
export function familyBits(family: 4 | 6): number {
  return bits(family);
}

/**
 * How many blocks of prefix length `maskSize` a block splits into
 * (2^(maskSize − prefix)); 0 when `maskSize` is shorter than the block's own
 * prefix (a block cannot hold a larger one) or longer than the family allows.
 * This is how many nodes a cluster-pool IPAM can hand a pod block to.
 */
export function subnetCount(block: Cidr, maskSize: number): bigint {
  if (!Number.isInteger(maskSize) || maskSize < block.prefix || maskSize > bits(block.family)) return 0n;
  return 1n << BigInt(maskSize - block.prefix);
}

/** The n-th block of prefix length `maskSize` inside `block` (0 = the first), as a parsed CIDR; throws past its end. */
export function nthSubnet(block: Cidr, maskSize: number, n: bigint): Cidr {
  const count = subnetCount(block, maskSize);
  if (n < 0n || n >= count) throw new RangeError(`${block.text} has no /${maskSize} block number ${n}`);
  const start = block.start + (n << BigInt(bits(block.family) - maskSize));
  return parseCidr(`${fromBigInt(start, block.family)}/${maskSize}`)!;
}

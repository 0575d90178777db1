import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cidr, contains, familyBits, nthSubnet, overlaps, parseCidr, size, subnetCount } from './cidr.ts';

/** An arbitrary IPv4 or IPv6 block, written as its network address. */
const block = fc
  .oneof(
    fc.tuple(fc.constant(4 as const), fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), fc.integer({ min: 0, max: 32 })),
    fc.tuple(fc.constant(6 as const), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 128 })),
  )
  .map(([family, value, prefix]) => {
    const width = BigInt(familyBits(family));
    const start = (value >> (width - BigInt(prefix))) << (width - BigInt(prefix));
    return toCidr(family, start, prefix);
  });

function toCidr(family: 4 | 6, start: bigint, prefix: number): Cidr {
  const text =
    family === 4
      ? [24n, 16n, 8n, 0n].map((s) => ((start >> s) & 0xffn).toString()).join('.')
      : Array.from({ length: 8 }, (_, i) => ((start >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');
  return parseCidr(`${text}/${prefix}`)!;
}

/** A block and a mask size from its prefix up to the family's width. */
const blockAndMask = block.chain((b) => fc.tuple(fc.constant(b), fc.integer({ min: b.prefix, max: familyBits(b.family) })));

describe('subnetCount', () => {
  it('is 2^(mask − prefix) for a mask at or past the prefix', () => {
    fc.assert(fc.property(blockAndMask, ([b, mask]) => subnetCount(b, mask) === 1n << BigInt(mask - b.prefix)));
  });

  it('is 0 for a mask shorter than the prefix or wider than the family', () => {
    fc.assert(
      fc.property(block, fc.integer({ min: -1, max: 200 }), (b, mask) => {
        fc.pre(mask < b.prefix || mask > familyBits(b.family));
        return subnetCount(b, mask) === 0n;
      }),
    );
  });

  it('times the block size equals the parent size (the blocks tile the pool)', () => {
    fc.assert(fc.property(blockAndMask, ([b, mask]) => subnetCount(b, mask) * size(nthSubnet(b, mask, 0n)) === size(b)));
  });

  it('counts the example of issue 16: a /24 pod CIDR holds one /24 node block', () => {
    expect(subnetCount(parseCidr('10.244.0.0/24')!, 24)).toBe(1n);
    expect(subnetCount(parseCidr('10.244.0.0/16')!, 24)).toBe(256n);
    expect(subnetCount(parseCidr('fd00:10::/104')!, 120)).toBe(65536n);
    expect(subnetCount(parseCidr('10.244.0.0/24')!, 16)).toBe(0n);
  });
});

describe('nthSubnet', () => {
  it('stays inside the pool, first and last block at its bounds', () => {
    fc.assert(
      fc.property(blockAndMask, ([b, mask]) => {
        const count = subnetCount(b, mask);
        const first = nthSubnet(b, mask, 0n);
        const last = nthSubnet(b, mask, count - 1n);
        return contains(b, first) && contains(b, last) && first.start === b.start && last.end === b.end && first.prefix === mask;
      }),
    );
  });

  it('gives disjoint, adjacent blocks for neighbouring indexes', () => {
    fc.assert(
      fc.property(blockAndMask, fc.bigInt({ min: 0n, max: 1n << 20n }), ([b, mask], k) => {
        const count = subnetCount(b, mask);
        fc.pre(count >= 2n);
        const i = k % (count - 1n);
        const x = nthSubnet(b, mask, i);
        const y = nthSubnet(b, mask, i + 1n);
        return !overlaps(x, y) && x.end + 1n === y.start;
      }),
    );
  });

  it('throws past the last block', () => {
    const pool = parseCidr('10.244.0.0/24')!;
    expect(() => nthSubnet(pool, 25, 2n)).toThrow('10.244.0.0/24 has no /25 block number 2');
  });
});

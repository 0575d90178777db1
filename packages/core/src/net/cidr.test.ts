import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { contains, isIp, nthAddress, overlaps, parseCidr, parseIp } from './cidr.ts';

describe('parseCidr', () => {
  it('canonicalises a block and flags host bits', () => {
    const c = parseCidr('10.69.3.1/16');
    expect(c?.text).toBe('10.69.0.0/16');
    expect(c?.hostBitsSet).toBe(true);
    expect(parseCidr('10.69.0.0/16')?.hostBitsSet).toBe(false);
  });
  it('rejects text that is not a CIDR', () => {
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0/8', 'a.b.c.d/8', '10.0.0.0/-1', '010.0.0.0/8x', '']) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });
  it('parses IPv6 blocks', () => {
    expect(parseCidr('fd00:10::1/64')?.text).toBe('fd00:10::/64');
  });
});

describe('overlaps and contains', () => {
  it('finds the pod CIDR inside a wider node subnet', () => {
    const a = parseCidr('10.0.0.0/8')!;
    const b = parseCidr('10.69.0.0/16')!;
    expect(overlaps(a, b)).toBe(true);
    expect(contains(a, b)).toBe(true);
    expect(contains(b, a)).toBe(false);
  });
  it('keeps adjacent blocks apart', () => {
    expect(overlaps(parseCidr('10.96.0.0/16')!, parseCidr('10.97.0.0/16')!)).toBe(false);
  });
  it('never mixes families', () => {
    expect(overlaps(parseCidr('0.0.0.0/0')!, parseCidr('::/0')!)).toBe(false);
  });
  it('places an address in its subnet', () => {
    expect(contains(parseCidr('192.168.1.0/24')!, parseIp('192.168.1.20')!)).toBe(true);
    expect(contains(parseCidr('192.168.1.0/24')!, parseIp('192.168.2.20')!)).toBe(false);
  });
});

describe('nthAddress', () => {
  it('gives the first service IP that in-cluster clients dial', () => {
    expect(nthAddress(parseCidr('10.96.0.0/16')!, 1)).toBe('10.96.0.1');
  });
  it('refuses addresses past the block', () => {
    expect(() => nthAddress(parseCidr('10.0.0.0/30')!, 4)).toThrow(RangeError);
  });
});

describe('isIp', () => {
  // The definition it stands for: ipaddr.js's four-part decimal IPv4 or a valid IPv6 address.
  const reference = (text: string): boolean => ipaddr.IPv4.isValidFourPartDecimal(text) || (text.includes(':') && ipaddr.IPv6.isValid(text));
  const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('00', '01', '007', '0x1f', '-1', ''));
  const texts = fc.oneof(
    fc.ipV4(),
    fc.ipV4Extended(),
    fc.ipV6(),
    fc.domain(),
    fc.tuple(octet, octet, octet, octet).map((parts) => parts.join('.')),
    fc.string({ unit: fc.constantFrom('0', '1', '9', '.', ':', 'a', 'f', ' ', '\n') }),
  );

  it('agrees with ipaddr.js on addresses, near-addresses and names', () => {
    fc.assert(fc.property(texts, (text) => isIp(text) === reference(text)), { numRuns: 5000 });
    for (const text of ['10.0.0.1', '255.255.255.255', '256.0.0.1', '010.0.0.1', '10.0.0', '10.0.0.1\n', '::1', 'fe80::1%eth0', 'lab.example']) {
      expect(isIp(text)).toBe(reference(text));
    }
  });
});

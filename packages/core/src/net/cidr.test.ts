import { describe, expect, it } from 'vitest';
import { contains, nthAddress, overlaps, parseCidr, parseIp } from './cidr.ts';

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

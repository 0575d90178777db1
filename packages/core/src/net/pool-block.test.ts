import { describe, expect, it } from 'vitest';
import { poolBlockContains as blockContains } from './cidr.ts';

describe('poolBlockContains', () => {
  it('finds an address in a CIDR block, and not past its end', () => {
    expect(blockContains('192.168.1.224/28', '192.168.1.226')).toBe(true);
    expect(blockContains('192.168.1.224/28', '192.168.1.240')).toBe(false);
  });

  it('finds an address in an inclusive range, both ends included', () => {
    expect(blockContains('192.168.1.240-192.168.1.250', '192.168.1.240')).toBe(true);
    expect(blockContains('192.168.1.240-192.168.1.250', '192.168.1.250')).toBe(true);
    expect(blockContains('192.168.1.240-192.168.1.250', '192.168.1.251')).toBe(false);
  });

  it('holds nothing that is not an address, nor an address of the other family', () => {
    expect(blockContains('192.168.1.224/28', 'dns')).toBe(false);
    expect(blockContains('fd00::/64', '192.168.1.226')).toBe(false);
  });
});

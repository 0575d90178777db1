import { describe, expect, it } from 'vitest';
import { type CheckContext, runChecks } from './checks.ts';

const ctx = (doc: unknown, failed: CheckContext['failed'] = () => false): CheckContext => ({ doc, failed, expectedName: 'lab' });

describe('SPEC_CHECKS', () => {
  it('finds nothing, and does not throw, in partial or mistyped data', () => {
    const docs: unknown[] = [
      null,
      42,
      [],
      {},
      { spec: null },
      { spec: { network: 'x' } },
      { metadata: { name: 7 }, spec: { network: { nodes: [null, 5, 'n', { roles: 'x', address: 3 }], nodeSubnet: 1, podCIDR: [] } } },
      { spec: { kubernetes: { apiServer: { host: {} } }, network: { podCIDR: '10.0.0.0/99' } } },
    ];
    for (const doc of docs) expect(runChecks(ctx(doc)), JSON.stringify(doc)).toEqual([]);
  });

  it('skips an input the schema rejected', () => {
    const doc = { spec: { network: { nodeSubnet: '10.0.0.0/24', podCIDR: '10.0.0.0/16', serviceCIDR: '10.96.0.0/16', nodes: [] } } };
    expect(runChecks(ctx(doc)).map((i) => i.message)).toEqual(['podCIDR 10.0.0.0/16 overlaps nodeSubnet 10.0.0.0/24']);
    const podFailed = (path: readonly (string | number)[]) => path.join('.') === 'spec.network.podCIDR';
    expect(runChecks(ctx(doc, podFailed))).toEqual([]);
  });
});

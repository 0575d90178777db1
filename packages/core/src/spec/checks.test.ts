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
      { spec: { backends: [null, 5, { ports: 'x' }, { ports: [null, 7] }] } },
    ];
    for (const doc of docs) expect(runChecks(ctx(doc)), JSON.stringify(doc)).toEqual([]);
  });

  it('skips an input the schema rejected', () => {
    const doc = { spec: { network: { nodeSubnet: '10.0.0.0/24', podCIDR: '10.0.0.0/16', serviceCIDR: '10.96.0.0/16', nodes: [] } } };
    expect(runChecks(ctx(doc)).map((i) => i.message)).toEqual(['podCIDR 10.0.0.0/16 overlaps nodeSubnet 10.0.0.0/24']);
    const podFailed = (path: readonly (string | number)[]) => path.join('.') === 'spec.network.podCIDR';
    expect(runChecks(ctx(doc, podFailed))).toEqual([]);
  });

  it('names a backend Service declared twice, and a port number or name listed twice, at the later one', () => {
    const doc = {
      spec: {
        backends: [
          { namespace: 'apps', name: 'web', ports: [{ port: 80, name: 'http' }, { port: 8080, name: 'http' }, { port: 80 }] },
          { namespace: 'apps', name: 'api', ports: [{ port: 80 }] },
          { namespace: 'apps', name: 'web', ports: [{ port: 80 }] },
        ],
      },
    };
    expect(runChecks(ctx(doc)).map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'spec.backends.0.ports.1.name: port name "http" is already used by ports[0]',
      'spec.backends.0.ports.2.port: port 80 is already listed as ports[0]',
      'spec.backends.2.name: Service apps/web is already declared by backends[0]',
    ]);
  });
});

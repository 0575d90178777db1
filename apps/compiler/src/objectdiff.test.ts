import { describe, expect, it } from 'vitest';
import type { K8sObject } from './files.ts';
import { diffObjects, formatChanges } from './objectdiff.ts';

const pool = (name: string, blocks: object[], extra: object = {}): K8sObject => ({
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumLoadBalancerIPPool',
  metadata: { name },
  spec: { blocks, ...extra },
});

describe('diffObjects', () => {
  it('names an added array item by its path', () => {
    const before = [pool('default', [{ cidr: '10.0.0.0/28' }])];
    const after = [pool('default', [{ cidr: '10.0.0.0/28' }, { cidr: '10.0.1.0/28' }])];
    expect(formatChanges(diffObjects(before, after))).toEqual(['~ CiliumLoadBalancerIPPool/default spec.blocks[1] added: {"cidr":"10.0.1.0/28"}']);
  });

  it('shows a changed value with its old and new value', () => {
    const hr = (mtu: number): K8sObject => ({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'cilium', namespace: 'flux-system' },
      spec: { values: { MTU: mtu } },
    });
    expect(formatChanges(diffObjects([hr(1500)], [hr(9000)]))).toEqual(['~ HelmRelease/flux-system/cilium spec.values.MTU: 1500 → 9000']);
  });

  it('says what changed in a SOPS-encrypted Secret without printing ciphertext', () => {
    const enc = (n: number) => `ENC[AES256_GCM,data:${'A'.repeat(n)},iv:x,tag:y,type:str]`;
    const secret = (stringData: Record<string, string>, recipient: string, mac: string): K8sObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'token', namespace: 'apps' },
      stringData,
      sops: { age: [{ recipient, enc: '…' }], lastmodified: mac, mac: enc(mac.length) },
    });
    const before = secret({ a: enc(4), b: enc(8) }, 'age1old', '2026-01-01');
    const after = secret({ a: enc(5), c: enc(8) }, 'age1new', '2026-02-01T00');
    expect(formatChanges(diffObjects([before], [after]))).toEqual([
      '~ Secret/apps/token stringData.a: encrypted value rewritten',
      '~ Secret/apps/token stringData.b removed',
      '~ Secret/apps/token stringData.c added (encrypted)',
      '~ Secret/apps/token sops.age recipients: age1old → age1new',
    ]);
    expect(formatChanges(diffObjects([before], [secret({ a: enc(4), b: enc(8) }, 'age1old', '2026-03-01')]))).toEqual(['~ Secret/apps/token re-encrypted (same keys and recipients)']);
  });

  it('lists added and removed objects, in apply order', () => {
    const ns: K8sObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dns' } };
    const changes = diffObjects([pool('old', [])], [pool('new', []), ns]);
    expect(formatChanges(changes)).toEqual(['+ Namespace/dns', '+ CiliumLoadBalancerIPPool/new', '- CiliumLoadBalancerIPPool/old']);
  });

  it('matches named array items by name, so an insertion is one change', () => {
    const svc = (ports: object[]): K8sObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'dns', namespace: 'dns' }, spec: { ports } });
    const before = svc([{ name: 'dns-udp', port: 53 }, { name: 'dns-tcp', port: 53 }]);
    const after = svc([{ name: 'metrics', port: 9153 }, { name: 'dns-udp', port: 53 }, { name: 'dns-tcp', port: 53 }]);
    expect(formatChanges(diffObjects([before], [after]))).toEqual(['~ Service/dns/dns spec.ports[0] added: {"name":"metrics","port":9153}']);
  });

  it('reports nothing for equal objects built in another key order', () => {
    const a = pool('p', [{ cidr: '10.0.0.0/28' }], { disabled: false });
    const b: K8sObject = { spec: { disabled: false, blocks: [{ cidr: '10.0.0.0/28' }] }, metadata: { name: 'p' }, kind: a.kind, apiVersion: a.apiVersion };
    expect(diffObjects([a], [b])).toEqual([]);
  });
});

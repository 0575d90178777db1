import { describe, expect, it } from 'vitest';
import { compareObjects, type K8sObject, objectFileName, objectPath } from './files.ts';

const obj = (kind: string, name: string, namespace?: string): K8sObject => ({
  apiVersion: 'v1',
  kind,
  metadata: namespace === undefined ? { name } : { name, namespace },
});

describe('objectFileName', () => {
  it('names cluster-scoped objects kind-name', () => {
    expect(objectFileName(obj('CiliumLoadBalancerIPPool', 'Default'))).toBe('ciliumloadbalancerippool-default.yaml');
  });
  it('puts the namespace into the name of namespaced objects', () => {
    expect(objectFileName(obj('HelmRelease', 'cilium', 'kube-system'))).toBe('helmrelease-kube-system-cilium.yaml');
  });
  it('places a file under its layer and component', () => {
    expect(objectPath('config', 'cilium-dataplane', obj('Namespace', 'edge'))).toBe('config/cilium-dataplane/namespace-edge.yaml');
    expect(objectPath('flux-system', undefined, obj('GitRepository', 'x', 'flux-system'))).toBe('flux-system/gitrepository-flux-system-x.yaml');
  });
});

describe('compareObjects', () => {
  it('orders namespaces and CRDs before workloads, known kinds before unknown ones', () => {
    const sorted = [obj('Widget', 'a'), obj('Deployment', 'a', 'x'), obj('CustomResourceDefinition', 'b'), obj('Namespace', 'x'), obj('Alpha', 'z')]
      .sort(compareObjects)
      .map((o) => o.kind);
    expect(sorted).toEqual(['Namespace', 'CustomResourceDefinition', 'Deployment', 'Alpha', 'Widget']);
  });
  it('orders by namespace, then name, within a kind', () => {
    const sorted = [obj('Service', 'b', 'n2'), obj('Service', 'b', 'n1'), obj('Service', 'a', 'n2')].sort(compareObjects);
    expect(sorted.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['n1/b', 'n2/a', 'n2/b']);
  });
});

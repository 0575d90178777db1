import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Cluster, createSpecLoader, formatPath, isEnabled, type RenderedObjectRef } from '@strata/core';
import { testValidators } from '@strata/core/testing';
import { objectId } from '@strata/validate';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { REPO } from './__fixtures__/cli.ts';
import { discoverComponents } from './components.ts';
import { readProfiles } from './profiles.ts';

/** Kinds a spec entry always produces, so every one of them must map back to the spec. */
const MUST_MAP = new Set(['Ingress', 'HTTPRoute', 'TLSRoute', 'Service', 'Gateway', 'CiliumLoadBalancerIPPool', 'ClusterIssuer', 'HelmRelease', 'Application', 'NetworkAttachmentDefinition']);

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined), root);
}

/** `Kind/ns/name → spec path` for every committed object of an example whose component names an origin. */
async function origins(name: string): Promise<{ mapped: Map<string, string>; unmapped: string[]; cluster: Cluster }> {
  const components = (await discoverComponents()).map((p) => p.component);
  const file = `clusters/${name}/cluster.yaml`;
  const loaded = createSpecLoader(components, { validators: testValidators }).load({ file, bytes: readFileSync(join(REPO, file)), expectedName: name, profiles: readProfiles(REPO) });
  const cluster = loaded.cluster;
  if (cluster === undefined) throw new Error(`${name} does not load`);
  const index = JSON.parse(readFileSync(join(REPO, 'rendered', name, 'index.json'), 'utf8')) as { files: { path: string }[] };
  const mapped = new Map<string, string>();
  const unmapped: string[] = [];
  for (const { path } of index.files) {
    const [layer, folder] = path.split('/');
    const component = components.find((c) => c.name === folder && isEnabled(c, cluster));
    if (component === undefined || !['crds', 'controllers', 'config'].includes(layer ?? '') || path.endsWith('kustomization.yaml')) continue;
    for (const doc of parseAllDocuments(readFileSync(join(REPO, 'rendered', name, path), 'utf8'))) {
      const obj = doc.toJS() as RenderedObjectRef;
      const block = (cluster.spec as Record<string, unknown>)[component.key];
      const origin = component.originOf?.({ cluster, block }, obj);
      if (origin === undefined) {
        if (MUST_MAP.has(obj.kind)) unmapped.push(objectId(obj));
        continue;
      }
      // An origin is a real place in the spec, inside the component's own block.
      expect(valueAt(cluster, origin), `${objectId(obj)} → ${formatPath(origin)}`).toBeDefined();
      expect(origin.slice(0, 2)).toEqual(['spec', component.key]);
      mapped.set(objectId(obj), formatPath(origin));
    }
  }
  return { mapped, unmapped, cluster };
}

describe('origins of rendered objects', () => {
  it('map every route, Service, Gateway, pool, issuer and install of the examples back to an entry of its own spec block', async () => {
    for (const name of ['chromebox-lab', 'edge-bgp', 'homelab']) {
      const { unmapped } = await origins(name);
      expect(unmapped, name).toEqual([]);
    }
  });

  it('name the entry a reviewer edits', async () => {
    const homelab = (await origins('homelab')).mapped;
    expect(homelab.get('Ingress/blog/blog')).toBe('spec.edge.routes[1]');
    expect(homelab.get('HelmRelease/flux-system/ingress-external')).toBe('spec.edge.classes[1]');
    expect(homelab.get('Deployment/ingress-nginx/cloudflared-external')).toBe('spec.edge.classes[1].tunnel');
    expect(homelab.get('HelmRelease/flux-system/k8s-gateway')).toBe('spec.internalDNS');
    expect(homelab.get('ClusterIssuer/internal-ca')).toBe('spec.certManager.issuers[1]');
    expect(homelab.get('HelmRelease/flux-system/external-dns-external')).toBe('spec.observability.externalDNS[1]');
    const edge = (await origins('edge-bgp')).mapped;
    expect(edge.get('Service/dns/powerdns')).toBe('spec.cilium.services[0]');
    expect(edge.get('CiliumBGPPeerConfig/bgp-peers')).toBe('spec.cilium.bgp');
    expect(edge.get('Application/argocd/ingress-edge')).toBe('spec.edge.classes[0]');
    const lab = (await origins('chromebox-lab')).mapped;
    expect(lab.get('TLSRoute/gateway/db')).toBe('spec.cilium.routes[1]');
    expect(lab.get('CiliumLoadBalancerIPPool/lab')).toBe('spec.cilium.loadBalancer.pools[0]');
    expect(lab.get('Ingress/kube-system/hubble-ui')).toBe('spec.observability.hubbleUI');
  });
});

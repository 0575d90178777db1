import { App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ComponentChart } from './chart.ts';
import { collectFacts, defineComponent } from './component.ts';
import { addressClashes, checkRequirements, compareToBound, describeCompatibility, kubernetesSupportRows, kubernetesUnchecked, mergeFacts } from './facts.ts';
import type { Cluster } from './schema/cluster.ts';

const schema = { type: 'object', additionalProperties: false, properties: { enabled: { type: 'boolean', default: false } } } as const;

function fake(name: string, key: string, facts: () => object) {
  return defineComponent<{ enabled: boolean }>({ name, key, description: name, schema, facts, render: () => undefined });
}

const cluster = { spec: { a: { enabled: true }, b: { enabled: true }, off: { enabled: false } } } as unknown as Cluster;

describe('facts', () => {
  it('merges the parts of enabled components in name order, de-duplicating and sorting namespaces', () => {
    const facts = collectFacts(
      [
        fake('zeta', 'b', () => ({ namespaces: ['web', 'apps'], versions: { 'cert-manager': '1.19.1' } })),
        fake('alpha', 'a', () => ({ namespaces: ['apps'], metrics: [{ name: 'm' }], versions: { cilium: '1.18.12' } })),
        fake('never', 'off', () => ({ namespaces: ['hidden'] })),
      ],
      cluster,
    );
    expect(facts.namespaces).toEqual(['apps', 'web']);
    expect(facts.metrics).toEqual([{ name: 'm' }]);
    expect(facts.versions).toEqual({ cilium: '1.18.12', 'cert-manager': '1.19.1' });
    expect(facts.tlsHosts).toEqual([]);
  });

  it('refuses two different versions of one product', () => {
    expect(() => mergeFacts([{ versions: { cilium: '1.18.0' } }, { versions: { cilium: '1.18.12' } }])).toThrow(
      'two components declare different versions of cilium: 1.18.0 and 1.18.12',
    );
  });

  it('leaves out a component whose facts throw when the caller handles the error, and propagates it otherwise', () => {
    const broken = fake('broken', 'a', () => {
      throw new Error('boom');
    });
    const fine = fake('fine', 'b', () => ({ namespaces: ['ok'] }));
    const seen: string[] = [];
    const facts = collectFacts([broken, fine], cluster, { onError: (c, e) => seen.push(`${c.name}: ${(e as Error).message}`) });
    expect(seen).toEqual(['broken: boom']);
    expect(facts.namespaces).toEqual(['ok']);
    expect(() => collectFacts([broken], cluster)).toThrow('boom');
  });
});

describe('ComponentChart.addFile', () => {
  const chart = () => new ComponentChart(new App({ outdir: 'cdk8s.out' }), 'pki');

  it('keeps files sorted by path with one trailing newline', () => {
    const c = chart();
    c.addFile('nixos/b.nix', '{ }');
    c.addFile('nixos/a.json', '{}\n');
    expect(c.files()).toEqual([
      { path: 'nixos/a.json', content: '{}\n' },
      { path: 'nixos/b.nix', content: '{ }\n' },
    ]);
  });

  it('refuses layer folders, escapes, top-level files and duplicates', () => {
    const c = chart();
    for (const bad of ['config/x.yaml', '../x', 'nixos/../x', 'x.nix', '/abs/x']) {
      expect(() => c.addFile(bad, '')).toThrow(`pki: file path "${bad}" must be relative, inside a folder of its own, and not in a layer folder`);
    }
    c.addFile('nixos/x', '');
    expect(() => c.addFile('nixos/x', '')).toThrow('pki: file nixos/x is added twice');
  });
});

describe('the compatibility table', () => {
  const facts = (requirements: object[], versions: Record<string, string>) =>
    ({ ...mergeFacts([]), requirements, versions }) as unknown as Parameters<typeof checkRequirements>[0];
  const nginx = { component: 'nginx-edge', product: 'kubernetes', min: '1.29', max: '1.33', reason: 'ingress-nginx 1.13 supports Kubernetes 1.29–1.33', path: ['spec', 'edge'] };

  it('compares on the precision of the bound, so max 1.33 admits every 1.33 patch', () => {
    expect(compareToBound('1.33.7', '1.33')).toBe(0);
    expect(compareToBound('v1.13.1', '1.13.2')).toBe(-1);
    expect(compareToBound('1.34', '1.33')).toBe(1);
    expect(compareToBound('latest', '1.33')).toBeUndefined();
  });

  it('reports a product outside the range with both versions and the reason', () => {
    expect(checkRequirements(facts([nginx], {}), '1.34').map((b) => b.message)).toEqual([
      'nginx-edge needs kubernetes 1.29–1.33, the cluster runs 1.34: ingress-nginx 1.13 supports Kubernetes 1.29–1.33',
    ]);
    expect(checkRequirements(facts([nginx], {}), '1.33')).toEqual([]);
  });

  it('ignores a product the cluster does not run, and checks one-sided ranges', () => {
    const cm = { component: 'nginx-edge', product: 'cert-manager', max: '1.17', reason: 'pathType Exact', path: ['spec', 'edge'] };
    expect(checkRequirements(facts([cm], {}), undefined)).toEqual([]);
    expect(checkRequirements(facts([cm], { 'cert-manager': '1.19.1' }), undefined).map((b) => b.message)).toEqual([
      'nginx-edge needs cert-manager <= 1.17, the cluster runs 1.19.1: pathType Exact',
    ]);
  });
  it('turns a vendor range into an error below it and a warning above it, and records an unknown range without failing', () => {
    const rows = kubernetesSupportRows('cilium-dataplane', 'Cilium 1.18.12', { min: '1.30', max: '1.33', source: 'docs' }, ['spec', 'cilium', 'version']);
    expect(checkRequirements(facts(rows, {}), '1.29').map((b) => [b.requirement.severity ?? 'error', b.message])).toEqual([
      ['error', 'cilium-dataplane needs kubernetes >= 1.30, the cluster runs 1.29: Cilium 1.18.12 supports Kubernetes 1.30–1.33 (docs)'],
    ]);
    expect(checkRequirements(facts(rows, {}), '1.34.2').map((b) => b.requirement.severity)).toEqual(['warning']);
    const unknown = kubernetesUnchecked('internal-dns', 'k8s-gateway chart 3.2.8', 'no matrix', ['spec', 'internalDNS', 'version']);
    expect(checkRequirements(facts([unknown], {}), '1.99')).toEqual([]);
  });

  it('describes the table for a reviewer: what runs, each row with its verdict, unknown ranges named, repeats once', () => {
    const rows = kubernetesSupportRows('cilium-dataplane', 'Cilium 1.18.12', { min: '1.30', max: '1.33', source: 'docs' }, ['spec']);
    const cm = { component: 'nginx-edge', product: 'cert-manager', max: '1.17', reason: 'pathType Exact', path: ['spec', 'edge'] };
    const unknown = kubernetesUnchecked('internal-dns', 'k8s-gateway chart 3.2.8', 'no matrix', ['spec']);
    expect(describeCompatibility(facts([...rows, cm, nginx, nginx, unknown], { cilium: '1.18.12', 'cert-manager': '1.19.1' }), '1.34')).toEqual([
      'runs: kubernetes 1.34, cert-manager 1.19.1, cilium 1.18.12',
      'cilium-dataplane: kubernetes >= 1.30 — ok (1.34); Cilium 1.18.12 supports Kubernetes 1.30–1.33 (docs)',
      "cilium-dataplane: kubernetes <= 1.33 — warning: runs 1.34; Cilium 1.18.12 is tested up to Kubernetes 1.33 (docs); newer releases are untested, check the vendor's matrix before upgrading",
      'nginx-edge: cert-manager <= 1.17 — error: runs 1.19.1; pathType Exact',
      'nginx-edge: kubernetes 1.29–1.33 — error: runs 1.34; ingress-nginx 1.13 supports Kubernetes 1.29–1.33',
      'internal-dns: kubernetes — no range checked; k8s-gateway chart 3.2.8: no matrix',
    ]);
  });
});

describe('LoadBalancer addresses', () => {
  const addr = (ip: string, owner: string, sharingKey?: string) => ({ ip, owner, component: 'c', path: ['spec', owner], ...(sharingKey === undefined ? {} : { sharingKey }) });

  it('reports the later of two owners of one address, naming the earlier', () => {
    const facts = mergeFacts([{ loadBalancerAddresses: [addr('10.0.0.1', 'Service a/dns'), addr('10.0.0.2', 'ingress class nginx'), addr('10.0.0.1', 'ingress class edge')] }]);
    expect(addressClashes(facts).map((c) => `${c.address.owner} ~ ${c.with.owner}`)).toEqual(['ingress class edge ~ Service a/dns']);
  });

  it('lets owners with one sharing key share', () => {
    const facts = mergeFacts([{ loadBalancerAddresses: [addr('10.0.0.1', 'Service a/dns-udp', 'dns'), addr('10.0.0.1', 'Service a/dns-tcp', 'dns')] }]);
    expect(addressClashes(facts)).toEqual([]);
  });
});

describe('the dataplane fact', () => {
  it('comes from one component: two CNIs declaring it is a bug', () => {
    const dp = (component: string) => ({ dataplane: { component } as unknown as NonNullable<ReturnType<typeof mergeFacts>['dataplane']> });
    expect(mergeFacts([dp('cilium-dataplane')]).dataplane?.component).toBe('cilium-dataplane');
    expect(() => mergeFacts([dp('cilium-dataplane'), dp('other-cni')])).toThrow('two components declare the dataplane: cilium-dataplane, other-cni');
  });
});

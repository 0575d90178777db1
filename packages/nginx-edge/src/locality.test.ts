import { renderComponent } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { EDGE_BGP } from './__fixtures__/examples.ts';
import { LAB_FACTS, LAB_NETWORK, load, loadValid, pool, type SpecOptions } from './__fixtures__/spec.ts';
import { component } from './index.ts';
import { ingressNginxValues, type IngressNginxValues, ngfValues, type NgfValues } from './values.ts';

/** A BGP pool, so the controllers run as Deployments; the lab network with `zones[i]` on node i (undefined = no zone). */
function zoned(zones: readonly (string | undefined)[], extra: Partial<SpecOptions> = {}): SpecOptions {
  return {
    facts: { ...LAB_FACTS, addressPools: [pool('vips', ['198.51.100.0/27'], 'bgp')] },
    ...extra,
    network: { ...LAB_NETWORK, nodes: LAB_NETWORK.nodes.map((n, i) => (zones[i] === undefined ? n : { ...n, zone: zones[i] })) },
  };
}

const ZONES = ['rack-a', 'rack-a', 'rack-b'];
const INTERNAL = { name: 'internal', default: true, retirementAccepted: 'moving to NGF in Q3' };
const EXTERNAL = { name: 'external', version: '4.15.1', retirementAccepted: 'moving to NGF in Q3' };
const PUBLIC = { name: 'public', flavor: 'nginx-gateway-fabric' };

/** The Service values of each class (ingress-nginx `controller.service`, NGF `nginx.service`). */
type ServiceValues = IngressNginxValues['controller']['service'] | NgfValues['nginx']['service'];

/** `trafficDistribution` of a Service's values, when the flavor has it. */
const td = (s: ServiceValues): string | undefined => ('trafficDistribution' in s ? s.trafficDistribution : undefined);

function services(edge: object, opts: SpecOptions): ServiceValues[] {
  const { cluster, block, facts } = loadValid(edge, opts);
  return block.classes.map((cls) =>
    cls.flavor === 'ingress-nginx' ? ingressNginxValues(cluster, block, cls, facts.addressPools).controller.service : ngfValues(cluster, block, cls, facts.addressPools).nginx.service,
  );
}

function errors(edge: object, opts: SpecOptions): string[] {
  return load(edge, opts)
    .findings.filter((f) => f.severity === 'error')
    .map((f) => `${f.path}: ${f.message}`);
}

function explainPaths(edge: object, opts: SpecOptions): readonly string[] {
  const loaded = loadValid(edge, opts);
  return component.explain?.(loaded).find((e) => e.topic === 'paths')?.lines ?? [];
}

describe('locality (spec.network.nodes[].zone)', () => {
  it('sets controller.service.trafficDistribution PreferClose on every ingress-nginx class when the nodes span two zones', () => {
    expect(services({ classes: [INTERNAL, EXTERNAL] }, zoned(ZONES)).map(td)).toEqual(['PreferClose', 'PreferClose']);
    // The rest of the Service values are untouched.
    expect(services({ classes: [INTERNAL] }, zoned(ZONES))[0]).toEqual({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      trafficDistribution: 'PreferClose',
      enableHttp: true,
      enableHttps: true,
      ports: { http: 80, https: 443 },
    });
  });

  it('leaves trafficDistribution out with one zone, with no zones, and on one node', () => {
    for (const opts of [zoned(['rack-a', 'rack-a', 'rack-a']), zoned(['rack-a']), zoned([]), zoned(['rack-a'], { network: { ...LAB_NETWORK, nodes: [{ ...LAB_NETWORK.nodes[0], zone: 'rack-a' }] } })]) {
      for (const svc of services({ classes: [INTERNAL, EXTERNAL] }, opts)) expect('trafficDistribution' in svc).toBe(false);
    }
  });

  it('sets nothing on the NGINX Gateway Fabric data-plane Service, which has no trafficDistribution setting', () => {
    expect(services({ classes: [INTERNAL, PUBLIC] }, zoned(ZONES))).toEqual([
      expect.objectContaining({ trafficDistribution: 'PreferClose' }),
      { type: 'LoadBalancer', externalTrafficPolicy: 'Local' },
    ]);
  });

  it('renders the value into the Helm release of each ingress-nginx class', () => {
    const chart = renderComponent(component, loadValid({ classes: [INTERNAL, PUBLIC] }, zoned(ZONES)));
    const values = chart.helmReleases('controllers').map((r) => [r.name, (r.values as { controller?: { service?: object } }).controller?.service]);
    expect(values.map(([name, svc]) => [name, svc === undefined ? undefined : (svc as { trafficDistribution?: string }).trafficDistribution])).toEqual([
      ['ingress-internal', 'PreferClose'],
      ['ngf-public', undefined],
    ]);
  });

  it('declares Kubernetes >= 1.31 for PreferClose, naming the classes and zones, and rejects 1.30 at spec.network.nodes', () => {
    const { cluster, block } = loadValid({ classes: [INTERNAL, EXTERNAL, PUBLIC] }, zoned(ZONES));
    const row = {
      component: 'nginx-edge',
      product: 'kubernetes',
      min: '1.31',
      reason: 'the controller Services of classes internal, external set spec.trafficDistribution: PreferClose because the nodes span zones rack-a, rack-b; the field is served from Kubernetes 1.31 (KEP-4444, GA in 1.33)',
      path: ['spec', 'network', 'nodes'],
    };
    expect(component.facts?.({ cluster, block }).requirements?.filter((r) => r.min === '1.31' && r.path[1] === 'network')).toEqual([row]);
    // Class external's chart 4.15.1 (controller 1.15) needs 1.31 too, from its own support row.
    expect(errors({ classes: [INTERNAL, EXTERNAL] }, zoned(ZONES, { kubernetesVersion: '1.30' }))).toEqual([
      `spec.network.nodes: nginx-edge needs kubernetes >= 1.31, the cluster runs 1.30: ${row.reason}`,
      'spec.edge.classes[1].version: nginx-edge needs kubernetes >= 1.31, the cluster runs 1.30: ingress-nginx 1.15.1 supports Kubernetes 1.31–1.35 (kubernetes/ingress-nginx README at controller-v1.15.1, Supported Versions table)',
    ]);
    expect(errors({ classes: [INTERNAL, EXTERNAL] }, zoned(ZONES, { kubernetesVersion: '1.31' }))).toEqual([]);
  });

  it('declares no PreferClose requirement with fewer than two zones, or with only NGF classes', () => {
    for (const [classes, zones] of [
      [[INTERNAL], ['rack-a', 'rack-a']],
      [[INTERNAL], []],
      [[PUBLIC], ZONES],
    ] as const) {
      const { cluster, block } = loadValid({ classes }, zoned(zones));
      expect(component.facts?.({ cluster, block }).requirements?.filter((r) => r.path[0] === 'spec' && r.path[1] === 'network')).toEqual([]);
    }
    expect(errors({ classes: [INTERNAL] }, zoned([], { kubernetesVersion: '1.30' }))).toEqual([]);
  });

  it('explains per class whether its Service prefers close endpoints, and why not', () => {
    const lines = (zones: readonly (string | undefined)[]) => explainPaths({ classes: [INTERNAL, PUBLIC] }, zoned(zones)).filter((l) => l.includes('locality'));
    expect(lines(ZONES)).toEqual([
      'class internal locality: Service ingress-nginx/ingress-internal-controller sets trafficDistribution PreferClose over zones rack-a, rack-b; external clients already stay on the node they reach (Local), so PreferClose steers in-cluster clients to a controller in their own zone, other zones only when it has none',
      "class public locality: no trafficDistribution on Service ingress-nginx/public-public although the nodes span zones rack-a, rack-b: NGINX Gateway Fabric's NginxProxy spec.kubernetes.service (chart value nginx.service) has no confirmed trafficDistribution setting, so in-cluster clients reach the NGINX pods of every zone",
    ]);
    expect(lines(['rack-a', 'rack-a'])).toEqual([
      'class internal locality: no trafficDistribution on Service ingress-nginx/ingress-internal-controller: the nodes are all in zone rack-a, so there is no closer endpoint to prefer',
      'class public locality: no trafficDistribution on Service ingress-nginx/public-public: the nodes are all in zone rack-a, so there is no closer endpoint to prefer',
    ]);
    expect(lines([])).toEqual([
      'class internal locality: no trafficDistribution on Service ingress-nginx/ingress-internal-controller: no node has a zone, so there is no closer endpoint to prefer',
      'class public locality: no trafficDistribution on Service ingress-nginx/public-public: no node has a zone, so there is no closer endpoint to prefer',
    ]);
    // The locality line follows the class' own line.
    const all = explainPaths({ classes: [INTERNAL] }, zoned(ZONES));
    expect(all[0]).toMatch(/^class internal \(ingress-nginx, 2 replicas\) listens on/);
    expect(all[1]).toMatch(/^class internal locality: /);
  });

  it('renders the edge-bgp example (zones rack-a, rack-b) with PreferClose on its controller Service', () => {
    const { cluster, block, facts } = loadValid(EDGE_BGP.edge, EDGE_BGP.opts);
    expect(block.classes.map((cls) => ingressNginxValues(cluster, block, cls, facts.addressPools).controller.service.trafficDistribution)).toEqual(['PreferClose']);
  });
});

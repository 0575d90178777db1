import { describe, expect, it } from 'vitest';
import { LAB_FACTS, loadValid, pool, problems, type SpecOptions } from './__fixtures__/spec.ts';
import { component } from './index.ts';
import { ingresses } from './ingress.ts';
import { ingressNginxValues } from './values.ts';

const BGP: SpecOptions = { facts: { ...LAB_FACTS, addressPools: [pool('vips', ['198.51.100.0/27'], 'bgp')] } };
const STABLE = { name: 'internal', default: true, retirementAccepted: 'moving to NGINX Gateway Fabric in 2027-Q1' };
const CANARY = { name: 'internal-canary', canaryOf: 'internal', version: '4.15.1', retirementAccepted: 'moving to NGINX Gateway Fabric in 2027-Q1' };
const route = (extra: object = {}) => ({ name: 'grafana', namespace: 'monitoring', class: 'internal-canary', host: 'grafana.lab.example.org', service: { name: 'grafana', port: 80 }, ...extra });
const OTHER = route({ name: 'wiki', namespace: 'wiki', class: undefined, host: 'wiki.lab.example.org' });

describe('canary classes', () => {
  it('accepts a canary on a newer chart with routes moved to it; the rest stay on the stable class', () => {
    expect(problems({ classes: [STABLE, CANARY], routes: [route(), OTHER] }, BGP, 'all')).toEqual([]);
    const { cluster, block } = loadValid({ classes: [STABLE, CANARY], routes: [route(), OTHER] }, BGP);
    expect(ingresses(cluster, block).map((i) => `${i.metadata?.namespace}/${i.metadata?.name} ${i.spec?.ingressClassName}`)).toEqual([
      'monitoring/grafana internal-canary',
      'wiki/wiki internal',
    ]);
  });

  it('renders the canary as its own release with its own class, controller value and election ID, and the canary-of pod label', () => {
    const { cluster, block, facts } = loadValid({ classes: [STABLE, CANARY], routes: [route()] }, BGP);
    const [stable, canary] = block.classes.map((c) => ingressNginxValues(cluster, block, c, facts.addressPools));
    expect([canary?.fullnameOverride, canary?.controller.electionID, canary?.controller.ingressClassResource, canary?.controller.podLabels]).toEqual([
      'ingress-internal-canary',
      'ingress-internal-canary-leader',
      { name: 'internal-canary', enabled: true, default: false, controllerValue: 'k8s.io/ingress-nginx-internal-canary' },
      { 'strata.dev/canary-of': 'internal' },
    ]);
    expect(stable?.controller.podLabels).toBeUndefined();
  });

  it('declares both classes as HTTP entry points and keeps the lowest controller version', () => {
    const { cluster, block } = loadValid({ classes: [STABLE, CANARY], routes: [route()] }, BGP);
    const f = component.facts?.({ cluster, block }) ?? {};
    expect(f.httpEntrypoints?.map((e) => (e.kind === 'ingress-class' ? `${e.ingressClass} ${e.controllerVersion}` : e.kind))).toEqual(['internal 1.13.9', 'internal-canary 1.15.1']);
    expect(f.versions).toEqual({ 'ingress-nginx': '1.13.9' });
  });

  it('explains which class the canary tests and on which version', () => {
    const loaded = loadValid({ classes: [STABLE, CANARY], routes: [route()] }, BGP);
    const paths = component.explain?.(loaded).find((e) => e.topic === 'paths')?.lines ?? [];
    expect(paths.filter((l) => l.includes('canary of'))).toEqual(['class internal-canary is a canary of internal on version 4.15.1 (controller 1.15.1)']);
  });

  it('rejects a canary that is not newer than its stable class, naming the newer charts', () => {
    const loaded = problems({ classes: [{ ...STABLE, version: '4.13.9' }, { ...CANARY, version: '4.13.9' }], routes: [route()] }, BGP);
    expect(loaded).toEqual([
      'spec.edge.classes[1].version: canary class internal-canary runs controller 1.13.9, which is not newer than controller 1.13.9 of its stable class internal',
    ]);
    const { findings } = loadValid({ classes: [STABLE, CANARY], routes: [route()] }, BGP);
    expect(findings).toEqual([]);
  });

  it('rejects a canary of an unknown class, of itself, and of another canary', () => {
    expect(problems({ classes: [STABLE, { ...CANARY, canaryOf: 'public' }], routes: [route()] }, BGP)).toEqual([
      'spec.edge.classes[1].canaryOf: class "public" is not in spec.edge.classes (internal, internal-canary)',
    ]);
    expect(problems({ classes: [STABLE, { ...CANARY, canaryOf: 'internal-canary' }], routes: [route()] }, BGP)).toEqual([
      'spec.edge.classes[1].canaryOf: class internal-canary cannot be a canary of itself',
    ]);
    const second = { ...CANARY, name: 'internal-canary-2', canaryOf: 'internal-canary' };
    expect(problems({ classes: [STABLE, CANARY, second], routes: [route(), route({ name: 'b', class: 'internal-canary-2', host: 'b.lab.example.org' })] }, BGP)).toEqual([
      'spec.edge.classes[2].canaryOf: class internal-canary is itself a canary (of internal); a canary names a stable class',
    ]);
  });

  it('rejects a canary with another exposure or flavor, and a default canary', () => {
    expect(problems({ classes: [STABLE, { ...CANARY, exposure: 'external', publicAddress: true }], routes: [route({ tls: {} })] }, BGP)).toEqual([
      'spec.edge.classes[1].exposure: canary class internal-canary has exposure external but its stable class internal has internal: the hosts moved to it would change audience',
    ]);
    expect(problems({ classes: [STABLE, { ...CANARY, flavor: 'nginx-gateway-fabric' }], routes: [route()] }, BGP)).toEqual([
      'spec.edge.classes[1].flavor: canary class internal-canary has flavor nginx-gateway-fabric but its stable class internal has ingress-nginx',
    ]);
    expect(problems({ classes: [{ ...STABLE, default: false }, { ...CANARY, default: true }], routes: [route()] }, BGP)).toEqual([
      'spec.edge.classes[1].default: canary class internal-canary cannot be the default class: every route and Ingress without a class would move to it',
    ]);
  });

  it('rejects canaries of NGINX Gateway Fabric classes: their version follows the Gateway API bundle', () => {
    const ngf = { name: 'public', default: true, flavor: 'nginx-gateway-fabric' };
    expect(problems({ classes: [ngf, { name: 'public-canary', canaryOf: 'public', flavor: 'nginx-gateway-fabric' }], routes: [route({ class: 'public-canary' })] }, BGP)).toEqual([
      'spec.edge.classes[1].flavor: canary classes need flavor ingress-nginx: an NGINX Gateway Fabric class runs the release matched to the installed Gateway API bundle, so it cannot be pinned newer than its stable class',
    ]);
  });

  it('warns when a canary serves no route', () => {
    expect(problems({ classes: [STABLE, CANARY], routes: [OTHER] }, BGP, 'all')).toEqual([
      'spec.edge.classes[1].canaryOf: warning: canary class internal-canary serves no route, so nothing tests the new controller',
    ]);
  });
});

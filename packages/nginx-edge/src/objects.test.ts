import { describe, expect, it } from 'vitest';
import { CHROMEBOX_LAB, EDGE_BGP, HOMELAB } from './__fixtures__/examples.ts';
import { loadValid } from './__fixtures__/spec.ts';
import { gatewayOf, httpRoutes } from './gateway.ts';
import { ingresses } from './ingress.ts';
import { tunnelObjects } from './tunnel-objects.ts';

describe('rendered objects', () => {
  it('pass the kubernetes-models validators (Ingress, Gateway, HTTPRoute, tunnel ConfigMap, Deployment, PodDisruptionBudget)', () => {
    let count = 0;
    for (const ex of [CHROMEBOX_LAB, HOMELAB, EDGE_BGP]) {
      const { cluster, block } = loadValid(ex.edge, ex.opts);
      for (const o of ingresses(cluster, block)) {
        o.validate();
        count++;
      }
    }
    const ngf = loadValid(
      {
        classes: [{ name: 'public', default: true, flavor: 'nginx-gateway-fabric', address: { pool: 'lab', ip: '10.20.0.241' } }],
        routes: [{ name: 'web', namespace: 'apps', host: 'www.lab.example.org', service: { name: 'web', port: 80 }, tls: {} }],
      },
      {},
    );
    const cls = ngf.block.classes[0];
    if (cls === undefined) throw new Error('no class');
    const objs = [gatewayOf(ngf.cluster, ngf.block, cls, ngf.facts.addressPools), ...httpRoutes(ngf.cluster, ngf.block)];
    for (const o of objs) o.validate();
    const homelab = loadValid(HOMELAB.edge, HOMELAB.opts);
    const tunnel = homelab.block.classes.flatMap((c) => tunnelObjects(homelab.cluster, homelab.block, c));
    for (const o of tunnel) o.validate();
    expect([count + objs.length, tunnel.map((o) => o.kind)]).toEqual([6, ['ConfigMap', 'Deployment', 'PodDisruptionBudget']]);
  });
});

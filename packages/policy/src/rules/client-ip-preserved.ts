import type { Rule, Violation } from '../types.ts';
import { apiGroup, at, helmValues, isRecord, path, type Segments, str } from '../objects.ts';

/** Ports whose servers decide by client address: DNS (recursion and zone-transfer ACLs) and Kafka (listener ACLs, quotas). */
const CLIENT_IP_PORTS: Readonly<Record<number, string>> = { 53: 'DNS', 9092: 'Kafka', 9093: 'Kafka' };

/**
 * Charts that put a LoadBalancer Service in front of a proxy or DNS server
 * whose access rules, logs and rate limits use the client address, with
 * where the Service's traffic policy sits in their values. The value must be
 * set: a chart default can change between releases, so unset counts as Cluster.
 */
const CHARTS: Readonly<Record<string, { readonly what: string; readonly at: Segments }>> = {
  'ingress-nginx': { what: 'the ingress-nginx controller Service', at: ['controller', 'service', 'externalTrafficPolicy'] },
  'nginx-gateway-fabric': { what: 'the NGINX Gateway Fabric data-plane Service', at: ['nginx', 'service', 'externalTrafficPolicy'] },
  'k8s-gateway': { what: 'the k8s-gateway DNS Service', at: ['service', 'externalTrafficPolicy'] },
};

export const clientIpPreserved: Rule = {
  id: 'client-ip-preserved',
  severity: 'error',
  title: 'Services whose servers act on the client address keep it (externalTrafficPolicy: Local)',
  rationale:
    'With externalTrafficPolicy Cluster a LoadBalancer Service SNATs traffic that arrives on a node without a backend, so DNS views and ACLs, Kafka listener ACLs and the edge\'s allow-lists, logs and rate limits see a node address instead of the client. The objects apply cleanly; the ACLs then silently match the wrong clients.',
  hint: 'set externalTrafficPolicy: Local (in the spec: the service, class or DNS block); if the server truly needs no client address, waive the rule for that object with the reason',
  check(ctx) {
    const out: Violation[] = [];
    for (const object of ctx.objects) {
      const { obj } = object;
      if (obj.kind === 'Service' && obj.apiVersion === 'v1' && at(obj, ['spec', 'type']) === 'LoadBalancer') {
        const ports = at(obj, ['spec', 'ports']);
        const served = new Set(
          (Array.isArray(ports) ? ports : []).flatMap((p) => (isRecord(p) && typeof p.port === 'number' && CLIENT_IP_PORTS[p.port] !== undefined ? [CLIENT_IP_PORTS[p.port]!] : [])),
        );
        if (served.size > 0 && at(obj, ['spec', 'externalTrafficPolicy']) !== 'Local') {
          const policy = str(at(obj, ['spec', 'externalTrafficPolicy'])) ?? 'Cluster (the default)';
          out.push({ object, path: path(['spec', 'externalTrafficPolicy']), message: `LoadBalancer Service serving ${[...served].sort().join(' and ')} has externalTrafficPolicy ${policy}, so its server sees node addresses instead of clients` });
        }
      }
      for (const install of helmValues(object)) {
        const chart = install.chart === undefined ? undefined : CHARTS[install.chart];
        if (chart === undefined) continue;
        const policy = at(install.values, chart.at);
        if (policy === 'Local') continue;
        out.push({
          object,
          path: path([...install.segments, ...chart.at]),
          message: `${chart.what} has externalTrafficPolicy ${str(policy) ?? 'unset (Cluster)'}, so the server sees node addresses instead of clients`,
        });
      }
    }
    return out;
  },
};

import { describe, expect, it } from 'vitest';
import { loadValid } from './__fixtures__/spec.ts';
import { certManagerFacts, component, schema } from './index.ts';

type Node = { type?: unknown; description?: unknown; properties?: Record<string, Node>; items?: Node };

/** Paths of schema properties without a description (the README's spec reference is generated from them). */
function undescribed(node: Node, path: string): string[] {
  const own = Object.entries(node.properties ?? {}).flatMap(([k, v]) => [
    ...(typeof v.description === 'string' && v.description.length > 0 ? [] : [`${path}.${k}`]),
    ...undescribed(v, `${path}.${k}`),
  ]);
  return node.items === undefined ? own : [...own, ...undescribed(node.items, `${path}[]`)];
}

describe('the cert-manager component', () => {
  it('is spec.certManager, off by default, and describes every property', () => {
    expect([component.name, component.key]).toEqual(['cert-manager', 'certManager']);
    expect(schema.properties.enabled).toMatchObject({ type: 'boolean', default: false });
    expect(undescribed(schema as Node, 'certManager')).toEqual([]);
  });

  it('fills in the defaults: supported version, cert-manager namespace, ECDSA P-256, 90 days renewed 30 days ahead, 14-day alert', () => {
    expect(loadValid({}).block).toEqual({
      enabled: true,
      version: 'v1.21.1',
      namespace: 'cert-manager',
      replicas: { controller: 1, webhook: 1, cainjector: 1 },
      issuers: [],
      certificates: { privateKey: { algorithm: 'ECDSA' }, duration: '2160h', renewBefore: '720h' },
      alerts: { enabled: true, expiringWithinDays: 14 },
    });
  });

  it("declares its version without the v and the controller's metrics Service as the chart names it", () => {
    const { cluster, block } = loadValid({ namespace: 'certs' });
    expect(certManagerFacts({ cluster, block })).toEqual({
      versions: { 'cert-manager': '1.21.1' },
      metrics: [
        {
          component: 'cert-manager',
          name: 'cert-manager',
          namespace: 'certs',
          kind: 'ServiceMonitor',
          selector: { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/instance': 'cert-manager', 'app.kubernetes.io/component': 'controller' },
          port: 'tcp-prometheus-servicemonitor',
          path: '/metrics',
        },
      ],
      // It alerts on expiring certificates itself, so observability does not page twice.
      ownAlerts: [{ component: 'cert-manager', topic: 'certificate-expiry' }],
    });
    const quiet = loadValid({ alerts: { enabled: false } });
    expect(certManagerFacts({ cluster: quiet.cluster, block: quiet.block }).ownAlerts).toEqual([]);
  });
});

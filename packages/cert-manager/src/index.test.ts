import { describe, expect, it } from 'vitest';
import { load, loadValid } from './__fixtures__/spec.ts';
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
      requirements: [
        expect.objectContaining({ product: 'kubernetes', min: '1.33', path: ['spec', 'certManager', 'version'] }),
        expect.objectContaining({ product: 'kubernetes', max: '1.36', severity: 'warning', path: ['spec', 'certManager', 'version'] }),
      ],
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
      // The issuers' Secrets: the fixture has one ACME issuer, whose account key cert-manager writes.
      secrets: block.issuers.map((i) => expect.objectContaining({ namespace: 'certs', reader: expect.objectContaining({ kind: 'ClusterIssuer', name: i.name }) })),
    });
    const quiet = loadValid({ alerts: { enabled: false } });
    expect(certManagerFacts({ cluster: quiet.cluster, block: quiet.block }).ownAlerts).toEqual([]);
  });

  it("rejects a Kubernetes older than the release line supports and warns past the newest it was tested on", () => {
    const lines = (version: string, kubernetesVersion: string): string[] =>
      load({ version }, { kubernetesVersion }).findings.map((f) => `${f.severity}: ${f.path}: ${f.message}`);
    expect(lines('v1.21.1', '1.32')).toEqual([
      'error: spec.certManager.version: cert-manager needs kubernetes >= 1.33, the cluster runs 1.32: cert-manager v1.21.1 supports Kubernetes 1.33–1.36 (cert-manager.io/docs/releases (cert-manager/website content/docs/releases/README.md))',
    ]);
    const newer = lines('v1.19.1', '1.36.2');
    expect(newer).toHaveLength(2);
    expect(newer).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^warning: spec\.certManager\.version: cert-manager needs kubernetes <= 1\.35, the cluster runs 1\.36\.2: cert-manager v1\.19\.1 is tested up to Kubernetes 1\.35/),
        // v1.19.1 is past its end of life as of the support review date as well.
        expect.stringMatching(/^warning: spec\.certManager\.version: .*end of life/),
      ]),
    );
    // Every patch of the newest supported minor is in range.
    expect(lines('v1.18.0', '1.33.9').filter((l) => l.includes('kubernetes'))).toEqual([]);
  });
});

import { NO_FACTS, SpecError } from '@strata/core';
import { ComponentChart, layerOf } from '@strata/core/chart';
import { chartYaml, renderComponent } from '@strata/core/testing';
import { ApiObject, App } from 'cdk8s';
import { Certificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
import { ClusterIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { describe, expect, it } from 'vitest';
import { CHROMEBOX_LAB, EDGE_BGP, type Example, HOMELAB } from './__fixtures__/examples.ts';
import { gateway, gatewayHost, ingressClass, ingressHost } from './__fixtures__/facts.ts';
import { loadValid, type SpecOptions } from './__fixtures__/spec.ts';
import { component } from './index.ts';

function chartFor(certManager: object, opts: SpecOptions = {}): ComponentChart {
  const loaded = loadValid(certManager, opts);
  expect(loaded.findings).toEqual([]);
  return renderComponent(component, loaded);
}

/** Renders a block the way the compiler does and serializes everything the chart recorded. */
function renderYaml(certManager: object, opts: SpecOptions = {}): string {
  return chartYaml(chartFor(certManager, opts));
}

const CHROMEBOX_LAB_STAGING = { name: 'letsencrypt-staging', acme: { letsEncrypt: 'staging', email: 'platform@example.org', ingressClass: 'nginx' } };

type Obj = { kind: string; metadata: { name: string; namespace?: string }; spec: Record<string, any> };
const objectsOf = (chart: ComponentChart) => chart.toJson() as Obj[];
const find = (chart: ComponentChart, kind: string, name: string) => objectsOf(chart).find((o) => o.kind === kind && o.metadata.name === name);

describe('cert-manager render', () => {
  const examples: [string, Example][] = [
    ['chromebox-lab', CHROMEBOX_LAB],
    ['homelab', HOMELAB],
    ['edge-bgp', EDGE_BGP],
  ];
  for (const [name, example] of examples) {
    it(`renders the ${name} example without findings`, async () => {
      await expect(renderYaml(example.certManager, example.opts)).toMatchFileSnapshot(`__snapshots__/${name}.yaml`);
    });
  }

  it('renders twice the same, issuers and certificates in config, the chart and its Deployments in controllers', () => {
    expect(renderYaml(HOMELAB.certManager, HOMELAB.opts)).toBe(renderYaml(HOMELAB.certManager, HOMELAB.opts));
    const chart = chartFor(HOMELAB.certManager, HOMELAB.opts);
    const placed = chart.node
      .findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject)
      .map((o) => `${layerOf(o)} ${o.kind} ${o.metadata.namespace === undefined ? '' : `${o.metadata.namespace}/`}${o.name}`);
    expect(placed).toEqual([
      'config ClusterIssuer letsencrypt-prod',
      'config ClusterIssuer internal-ca',
      'config Certificate apps/apps-wildcard-tls',
      'config Certificate monitoring/grafana-tls',
      'config Certificate photos/photos-tls',
      'config PrometheusRule cert-manager/cert-manager',
    ]);
    expect(chart.helmReleases('controllers').map((h) => [h.name, h.namespace, h.repository, h.chart, h.version, h.crds])).toEqual([
      ['cert-manager', 'cert-manager', 'oci://quay.io/jetstack/charts', 'cert-manager', 'v1.21.1', 'CreateReplace'],
    ]);
    expect(chart.healthChecks('controllers').map((c) => `${c.kind} ${c.namespace}/${c.name}`)).toEqual([
      'Deployment cert-manager/cert-manager',
      'Deployment cert-manager/cert-manager-webhook',
      'Deployment cert-manager/cert-manager-cainjector',
    ]);
  });

  it('groups hosts that share a Secret into one Certificate with sorted dnsNames, named after the Secret', () => {
    const cert = find(chartFor(HOMELAB.certManager, HOMELAB.opts), 'Certificate', 'photos-tls');
    expect(cert?.metadata.namespace).toBe('photos');
    expect(cert?.spec).toEqual({
      secretName: 'photos-tls',
      dnsNames: ['photos.example.org', 'www.photos.example.org'],
      duration: '2160h',
      renewBefore: '720h',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      issuerRef: { name: 'letsencrypt-prod', kind: 'ClusterIssuer', group: 'cert-manager.io' },
    });
  });

  it("takes the host's issuer, else the default issuer", () => {
    const chart = chartFor(HOMELAB.certManager, HOMELAB.opts);
    expect(find(chart, 'Certificate', 'photos-tls')?.spec.issuerRef.name).toBe('letsencrypt-prod');
    expect(find(chart, 'Certificate', 'grafana-tls')?.spec.issuerRef.name).toBe('internal-ca');
  });

  it('takes key algorithm and size, duration and renewBefore from the spec; RSA defaults to 2048', () => {
    const spec = { ...EDGE_BGP.certManager, certificates: { privateKey: { algorithm: 'RSA' }, duration: '1440h', renewBefore: '600h' } };
    expect(find(chartFor(spec, EDGE_BGP.opts), 'Certificate', 'status-tls')?.spec).toMatchObject({
      duration: '1440h',
      renewBefore: '600h',
      privateKey: { algorithm: 'RSA', size: 2048, rotationPolicy: 'Always' },
    });
    expect(find(chartFor(EDGE_BGP.certManager, EDGE_BGP.opts), 'Certificate', 'status-tls')?.spec.privateKey).toEqual({
      algorithm: 'ECDSA',
      size: 384,
      rotationPolicy: 'Always',
    });
  });

  it("solves HTTP-01 through each host's edge with a dnsNames selector, the catch-all class last", () => {
    const facts = {
      tlsHosts: [
        gatewayHost('app.lab.example.org', 'lab-gw', 'gateway', 'app-https', 'app-lab-tls', 0),
        ingressHost('wiki.lab.example.org', 'nginx', 'wiki-tls', 'wiki', 1),
        ingressHost('api.lab.example.org', 'nginx', 'api-tls', 'api', 2),
      ],
      httpEntrypoints: [gateway('lab-gw', 'gateway', 'http'), ingressClass('nginx')],
    };
    const prodWithout = { letsEncrypt: 'production', email: 'platform@example.org' };
    const spec = { ...CHROMEBOX_LAB.certManager, issuers: [CHROMEBOX_LAB_STAGING, { name: 'letsencrypt-prod', acme: { ...prodWithout, ingressClass: 'public' } }] };
    const chart = chartFor(spec, { ...CHROMEBOX_LAB.opts, facts: { ...facts, httpEntrypoints: [...facts.httpEntrypoints, ingressClass('public')] } });
    expect(find(chart, 'ClusterIssuer', 'letsencrypt-prod')?.spec).toEqual({
      acme: {
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        email: 'platform@example.org',
        privateKeySecretRef: { name: 'letsencrypt-prod-account-key' },
        solvers: [
          { http01: { ingress: { ingressClassName: 'nginx' } }, selector: { dnsNames: ['api.lab.example.org', 'wiki.lab.example.org'] } },
          {
            http01: { gatewayHTTPRoute: { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'lab-gw', namespace: 'gateway', sectionName: 'http' }] } },
            selector: { dnsNames: ['app.lab.example.org'] },
          },
          { http01: { ingress: { ingressClassName: 'public' } } },
        ],
      },
    });
    // The staging issuer serves no declared host: only the catch-all.
    expect(find(chart, 'ClusterIssuer', 'letsencrypt-staging')?.spec.acme.solvers).toEqual([{ http01: { ingress: { ingressClassName: 'nginx' } } }]);
    expect(find(chart, 'ClusterIssuer', 'letsencrypt-staging')?.spec.acme.server).toBe('https://acme-staging-v02.api.letsencrypt.org/directory');
  });

  it('leaves out a selector solver whose class the catch-all already uses', () => {
    const facts = {
      tlsHosts: [gatewayHost('app.lab.example.org', 'lab-gw', 'gateway', 'app-https', 'app-lab-tls', 0), ingressHost('wiki.lab.example.org', 'nginx', 'wiki-tls', 'wiki', 1)],
      httpEntrypoints: [gateway('lab-gw', 'gateway', 'http'), ingressClass('nginx')],
    };
    const chart = chartFor(CHROMEBOX_LAB.certManager, { ...CHROMEBOX_LAB.opts, facts });
    expect(find(chart, 'ClusterIssuer', 'letsencrypt-prod')?.spec.acme.solvers).toEqual([
      expect.objectContaining({ selector: { dnsNames: ['app.lab.example.org'] } }),
      { http01: { ingress: { ingressClassName: 'nginx' } } },
    ]);
  });

  it('turns on the Gateway API solver in the chart only when a solver uses a Gateway', () => {
    const values = (certManager: object, opts: SpecOptions) => chartFor(certManager, opts).helmReleases('controllers')[0]?.values;
    expect(values(CHROMEBOX_LAB.certManager, CHROMEBOX_LAB.opts)).toMatchObject({
      config: { apiVersion: 'controller.config.cert-manager.io/v1alpha1', kind: 'ControllerConfiguration', enableGatewayAPI: true },
    });
    expect(values(HOMELAB.certManager, HOMELAB.opts)).toEqual({
      crds: { enabled: true, keep: true },
      replicaCount: 1,
      webhook: { replicaCount: 1 },
      cainjector: { replicaCount: 1 },
      prometheus: { enabled: true, servicemonitor: { enabled: false } },
    });
  });

  it('renders the CA issuer by Secret name only, and a self-signed bootstrap chain when asked', () => {
    const spec = { ...HOMELAB.certManager, issuers: [{ name: 'internal-ca', ca: { secretName: 'homelab-root-ca', selfSignedBootstrap: true } }] };
    const opts = { ...HOMELAB.opts, facts: { tlsHosts: [ingressHost('grafana.homelab.home.arpa', 'internal', 'grafana-tls', 'monitoring', 0)] } };
    const chart = chartFor(spec, opts);
    expect(find(chart, 'ClusterIssuer', 'internal-ca')?.spec).toEqual({ ca: { secretName: 'homelab-root-ca' } });
    expect(find(chart, 'ClusterIssuer', 'internal-ca-selfsigned')?.spec).toEqual({ selfSigned: {} });
    const ca = find(chart, 'Certificate', 'homelab-root-ca');
    expect(ca?.metadata.namespace).toBe('cert-manager');
    expect(ca?.spec).toEqual({
      isCA: true,
      commonName: 'homelab internal-ca',
      secretName: 'homelab-root-ca',
      duration: '87600h',
      privateKey: { algorithm: 'ECDSA', size: 384 },
      issuerRef: { name: 'internal-ca-selfsigned', kind: 'ClusterIssuer', group: 'cert-manager.io' },
    });
    expect(objectsOf(chart).filter((o) => o.kind === 'Secret' || o.kind === 'Namespace')).toEqual([]);
  });

  it('leaves out the PrometheusRule when alerts are off, or when nothing installs the Prometheus operator CRDs', () => {
    const chart = chartFor({ ...EDGE_BGP.certManager, alerts: { enabled: false } }, EDGE_BGP.opts);
    expect(objectsOf(chart).map((o) => o.kind)).toEqual(['ClusterIssuer', 'Certificate']);
    const noOperator = chartFor(EDGE_BGP.certManager, { ...EDGE_BGP.opts, facts: { ...EDGE_BGP.opts.facts, versions: {} } });
    expect(objectsOf(noOperator).map((o) => o.kind)).toEqual(['ClusterIssuer', 'Certificate']);
  });
});

describe('rendered objects', () => {
  it('pass the kubernetes-models validators of their kinds', () => {
    const models: Record<string, (o: object) => { validate(): void }> = {
      ClusterIssuer: (o) => new ClusterIssuer(o as never),
      Certificate: (o) => new Certificate(o as never),
      PrometheusRule: (o) => new PrometheusRule(o as never),
    };
    const bootstrap = { ...HOMELAB.certManager, issuers: [{ name: 'internal-ca', ca: { secretName: 'homelab-root-ca', selfSignedBootstrap: true } }] };
    const kinds = new Set<string>();
    for (const [spec, opts] of [
      [CHROMEBOX_LAB.certManager, CHROMEBOX_LAB.opts],
      [HOMELAB.certManager, HOMELAB.opts],
      [EDGE_BGP.certManager, EDGE_BGP.opts],
      [bootstrap, { ...HOMELAB.opts, facts: { ...HOMELAB.opts.facts, tlsHosts: [] } }],
    ] as const) {
      for (const o of objectsOf(chartFor(spec, opts))) {
        kinds.add(o.kind);
        expect(() => models[o.kind]!(o).validate()).not.toThrow();
      }
    }
    expect([...kinds].sort()).toEqual(['Certificate', 'ClusterIssuer', 'PrometheusRule']);
  });
});

describe('cert-manager render without checks', () => {
  it('refuses to render a host no issuer can serve, naming the host field', () => {
    const { cluster, block } = loadValid(EDGE_BGP.certManager, EDGE_BGP.opts);
    const chart = new ComponentChart(new App({ outdir: 'cdk8s.out', recordConstructMetadata: false }), 'cert-manager');
    const facts = { ...NO_FACTS, tlsHosts: [ingressHost('*.edge.example.net', 'nginx', 'wild-tls', 'status', 0)], httpEntrypoints: [ingressClass('nginx')] };
    let thrown: unknown;
    try {
      component.render(chart, { cluster, block, facts });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SpecError);
    expect([(thrown as SpecError).path, (thrown as SpecError).message]).toEqual([
      ['spec', 'edgeStub', 'hosts', 0],
      "no issuer can serve the wildcard *.edge.example.net: issuer letsencrypt-prod solves ACME HTTP-01, and HTTP-01 cannot prove control of a wildcard (Let's Encrypt needs DNS-01 for that)",
    ]);
  });
});

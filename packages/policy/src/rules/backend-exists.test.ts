import type { ProvidedService } from '@strata/core';
import { formatFinding } from '@strata/core';
import { describe, expect, it, vi } from 'vitest';
import { runPolicies } from '../run.ts';
import { backendExists, namedBackends } from './backend-exists.ts';
import { loadFixture, runFixture } from './__fixtures__/load.ts';

const GRAFANA: ProvidedService = {
  namespace: 'monitoring',
  name: 'kube-prometheus-stack-grafana',
  ports: [{ port: 80, name: 'http-web' }],
  component: 'observability',
  source: 'chart kube-prometheus-stack (observability)',
};

function ingressTo(name: string, port: number): ReturnType<typeof loadFixture>[number] {
  return {
    file: 'rendered/lab/config/edge/ingress-monitoring-grafana.yaml',
    obj: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'grafana', namespace: 'monitoring' },
      spec: { rules: [{ host: 'grafana.example.org', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: port } } } }] } }] },
    },
  };
}

const run = (objects: ReturnType<typeof loadFixture>, services: readonly ProvidedService[] = []): string[] =>
  runPolicies({ cluster: undefined, objects, services }, [], [backendExists]).findings.map(formatFinding);

describe('backend-exists', () => {
  it('reports a missing Service (with look-alikes), a port it lacks by number or name, a Service backend with no port, and tunnel targets alike', () => {
    expect(runFixture('backend-exists', 'fail')).toEqual([
      'rendered/lab/config/edge/configmap-apps-cloudflared.yaml ConfigMap/apps/cloudflared data["config.yaml"].ingress[0].service: [backend-exists] backend Service apps/wbe does not exist: strata renders no such Service, no component\'s chart creates it, and spec.backends does not declare it (in apps: web)',
      'rendered/lab/config/edge/configmap-apps-cloudflared.yaml ConfigMap/apps/cloudflared data["config.yaml"].ingress[1].service: [backend-exists] backend Service apps/web has no port 443: it has 80 "http" (rendered/lab/config/edge/service-apps-web.yaml)',
      'rendered/lab/config/edge/ingress-apps-www.yaml Ingress/apps/www spec.rules[0].http.paths[0].backend.service: [backend-exists] backend Service apps/wbe does not exist: strata renders no such Service, no component\'s chart creates it, and spec.backends does not declare it (in apps: web)',
      'rendered/lab/config/edge/ingress-apps-www.yaml Ingress/apps/www spec.rules[0].http.paths[1].backend.service: [backend-exists] backend Service apps/web has no port 8080: it has 80 "http" (rendered/lab/config/edge/service-apps-web.yaml)',
      'rendered/lab/config/edge/ingress-apps-www.yaml Ingress/apps/www spec.rules[0].http.paths[2].backend.service: [backend-exists] backend Service apps/web has no port named "metrics": it has 80 "http" (rendered/lab/config/edge/service-apps-web.yaml)',
      'rendered/lab/config/gateway/httproute-gateway-app.yaml HTTPRoute/gateway/app spec.rules[0].backendRefs[1]: [backend-exists] backend Service apps/web-canary does not exist: strata renders no such Service, no component\'s chart creates it, and spec.backends does not declare it (in apps: web)',
      'rendered/lab/config/gateway/tlsroute-gateway-db.yaml TLSRoute/gateway/db spec.rules[0].backendRefs[0]: [backend-exists] backend Service apps/web names no port (it has 80 "http")',
    ]);
  });

  it('accepts rendered Services by number and port name, across namespaces, in mirrors and tunnels, and ignores non-Service backends', () => {
    expect(runFixture('backend-exists', 'pass')).toEqual([]);
  });

  it('counts the Services components and spec.backends provide, and names the chart Service a short name missed', () => {
    expect(run([ingressTo('kube-prometheus-stack-grafana', 80)], [GRAFANA])).toEqual([]);
    expect(run([ingressTo('grafana', 80)], [GRAFANA])).toEqual([
      "rendered/lab/config/edge/ingress-monitoring-grafana.yaml Ingress/monitoring/grafana spec.rules[0].http.paths[0].backend.service: [backend-exists] backend Service monitoring/grafana does not exist: strata renders no such Service, no component's chart creates it, and spec.backends does not declare it (in monitoring: kube-prometheus-stack-grafana)",
    ]);
    expect(run([ingressTo('kube-prometheus-stack-grafana', 3000)], [GRAFANA])).toEqual([
      'rendered/lab/config/edge/ingress-monitoring-grafana.yaml Ingress/monitoring/grafana spec.rules[0].http.paths[0].backend.service: [backend-exists] backend Service monitoring/kube-prometheus-stack-grafana has no port 3000: it has 80 "http-web" (chart kube-prometheus-stack (observability))',
    ]);
  });

  it('can be waived for one object, with the reason shown', () => {
    const result = runPolicies({ cluster: undefined, objects: [ingressTo('grafana', 80)], services: [] }, [{ rule: 'backend-exists', object: 'Ingress/monitoring/grafana', reason: 'the Service is created by hand during the migration' }], [backendExists]);
    expect(result.findings).toEqual([]);
    expect(result.waived).toEqual([{ rule: 'backend-exists', object: 'Ingress/monitoring/grafana', reason: 'the Service is created by hand during the migration' }]);
  });

  it('reads each tunnel config as a fresh parse does, for every object that carries it', async () => {
    const config = (service: string) => `tunnel: t\ningress:\n  - hostname: a.example.org\n    service: ${service}\n  - service: http_status:404\n`;
    const texts = [
      config('http://web.apps.svc:8080'),
      config('http://web.apps.svc'),
      config('https://web.apps.svc'),
      config('http://web2.apps.svc:8080'),
      config('http://web.apps2.svc:8080'),
      config('http://web.apps.svc.cluster.local:8080'),
      config('http://example.org:8080'),
      'ingress: [unclosed',
    ];
    const tunnel = (text: string, namespace: string): ReturnType<typeof loadFixture>[number] => ({
      file: `rendered/lab/config/edge/configmap-${namespace}-cloudflared.yaml`,
      obj: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cloudflared', namespace, labels: { 'app.kubernetes.io/name': 'cloudflared' } }, data: { 'config.yaml': text } },
    });
    const objects = texts.flatMap((text) => [tunnel(text, 'edge'), tunnel(text, 'edge-2')]);
    const plain = (b: ReturnType<typeof namedBackends>[number]) => ({ file: b.object.file, segments: b.segments, namespace: b.namespace, name: b.name, port: b.port });
    // Twice through one module: the second round answers from the memo, each object with its own backends.
    namedBackends(objects);
    const shared = namedBackends(objects).map(plain);
    const fresh = [];
    for (const o of objects) {
      vi.resetModules();
      fresh.push(...(await import('./backend-exists.ts')).namedBackends([o]).map(plain));
    }
    expect(shared).toEqual(fresh);
    expect(shared.filter((b) => b.file.includes('edge-2')).map((b) => [b.namespace, b.name, b.port])).toEqual([
      ['apps', 'web', 8080],
      ['apps', 'web', 80],
      ['apps', 'web', 443],
      ['apps', 'web2', 8080],
      ['apps2', 'web', 8080],
      ['apps', 'web', 8080],
    ]);
  });
});


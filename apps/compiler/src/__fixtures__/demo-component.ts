import { type BlockOf, defineComponent, SpecError } from '@strata/core';
import { addObject } from '@strata/core/chart';
import type { JSONSchema } from 'json-schema-to-ts';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';

/** A small component for pipeline tests: one object per layer, plus switches that break the contract on purpose. */
const schema = {
    type: 'object',
    additionalProperties: false,
    properties: {
      enabled: { type: 'boolean', default: false },
      namespace: { type: 'string', default: 'demo' },
      replicas: { type: 'integer', default: 1 },
      breakSchema: { type: 'boolean', default: false },
      outsideLayer: { type: 'boolean', default: false },
      secretData: { type: 'boolean', default: false },
      crash: { type: 'boolean', default: false },
      clash: { type: 'boolean', default: false },
      gatewayCrds: { type: 'boolean', default: false },
      image: { type: 'string' },
      note: { type: 'string' },
    },
} as const satisfies JSONSchema;

export const demo = defineComponent<BlockOf<typeof schema>>({
  name: 'demo',
  key: 'demo',
  description: 'Test component.',
  schema,
  render(chart, { cluster, block }) {
    if (block.crash) throw new TypeError('boom');
    if (block.replicas > 5) throw new SpecError(['spec', 'demo', 'replicas'], `must be <= 5 (got ${block.replicas})`);
    const ns = block.namespace;
    addObject(chart.layer('controllers'), new Namespace({ metadata: { name: ns } }));
    chart.addHelmRelease({
      name: 'demo',
      namespace: ns,
      chart: 'demo',
      version: '1.0.0',
      repository: 'https://charts.example.org/demo',
      values: { replicas: block.replicas, clusterDomain: cluster.spec.network.clusterDomain, ...(block.note === undefined ? {} : { note: { text: block.note } }) },
    });
    chart.addHealthCheck('controllers', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'demo', namespace: ns });
    const data: Record<string, string> = { cluster: cluster.metadata.name, mtu: String(cluster.spec.network.mtu), ...(block.note === undefined ? {} : { note: block.note }) };
    addObject(chart.layer('config'), new ConfigMap({ metadata: { name: 'demo-settings', namespace: ns }, data }));
    if (block.clash) addObject(chart.layer('config'), new ConfigMap({ metadata: { name: 'demo-settings', namespace: ns } }), 'again');
    if (block.gatewayCrds) {
      chart.addGitManifests({
        name: 'gateway-api-crds',
        url: 'https://github.com/kubernetes-sigs/gateway-api',
        tag: 'v1.3.0',
        commit: '0123456789abcdef0123456789abcdef01234567',
        path: 'config/crd/standard',
      });
    }
    if (block.image !== undefined) {
      addObject(
        chart.layer('controllers'),
        new Deployment({
          metadata: { name: 'demo-app', namespace: ns },
          spec: {
            selector: { matchLabels: { app: 'demo' } },
            template: {
              metadata: { labels: { app: 'demo' } },
              spec: { containers: [{ name: 'app', image: block.image, resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
            },
          },
        }),
      );
    }
    if (block.breakSchema) {
      addObject(chart.layer('config'), { toJSON: () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bad', namespace: ns }, data: { n: 5 } }) });
    }
    if (block.outsideLayer) addObject(chart, new Namespace({ metadata: { name: 'stray' } }));
    if (block.secretData) addObject(chart.layer('config'), new Secret({ metadata: { name: 'creds', namespace: ns }, stringData: { password: 'hunter2' } }));
  },
});

import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { crdCatalog, strictSchemaOf, strictSchemas, validateObject } from './index.ts';
import { standalone } from './strict.ts';

const labels = { 'app.kubernetes.io/name': 'web' };

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'apps', labels, annotations: { 'example.org/any-key': 'any value' } },
  spec: {
    selector: { matchLabels: labels },
    template: {
      metadata: { labels: { ...labels, 'free-form/label': 'yes' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.29', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 8080 }] }] },
    },
  },
};

const pool = {
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumLoadBalancerIPPool',
  metadata: { name: 'lab' },
  spec: { blocks: [{ cidr: '10.0.10.0/24' }], serviceSelector: { matchLabels: { 'strata.dev/pool': 'lab' } } },
};

const helmRelease = {
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name: 'cilium', namespace: 'flux-system' },
  spec: {
    interval: '10m',
    chart: { spec: { chart: 'cilium', version: '1.18.4', sourceRef: { kind: 'HelmRepository', name: 'cilium' } } },
    // Helm values are whatever the chart reads: never checked field by field.
    values: { kubeProxyReplacement: true, anyChartKey: { nested: [{ deeper: 1 }] } },
  },
};

const unknown = (object: string, path: string, message = 'unknown field') => ({ key: 'OBJECT_INVALID', object, path, message });

describe('strict mode', () => {
  it('passes known fields, free-form labels and annotations, and Helm values', async () => {
    expect(await validateObject(deployment)).toEqual([]);
    expect(await validateObject(pool)).toEqual([]);
    expect(await validateObject(helmRelease)).toEqual([]);
  });

  it('rejects an unknown field at the top level', async () => {
    expect(await validateObject({ ...deployment, specs: {} })).toEqual([unknown('Deployment/apps/web', 'specs', 'unknown field (did you mean spec?)')]);
  });

  it('rejects an unknown field deep inside a Pod template', async () => {
    const container = { ...deployment.spec.template.spec.containers[0]!, imagePullPolicyy: 'Always' };
    const template = { ...deployment.spec.template, spec: { containers: [container] } };
    expect(await validateObject({ ...deployment, spec: { ...deployment.spec, template } })).toEqual([
      unknown('Deployment/apps/web', 'spec.template.spec.containers[0].imagePullPolicyy', 'unknown field (did you mean imagePullPolicy?)'),
    ]);
  });

  it('rejects the Service typo of issue 8', async () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kafka', namespace: 'kafka' },
      spec: { type: 'LoadBalancer', externalTraficPolicy: 'Local', ports: [{ port: 9093, targetPort: 'kafka' }] },
    };
    expect(await validateObject(service)).toEqual([
      unknown('Service/kafka/kafka', 'spec.externalTraficPolicy', 'unknown field (did you mean externalTrafficPolicy?)'),
    ]);
  });

  it('rejects unknown fields in CRD kinds, each as its own issue', async () => {
    expect(await validateObject({ ...pool, spec: { ...pool.spec, blocks: [{ cidr: '10.0.10.0/24', size: 8 }], allowFirstLastIPs: 'No' } })).toEqual([
      unknown('CiliumLoadBalancerIPPool/lab', 'spec.blocks[0].size'),
    ]);
    expect(await validateObject({ ...pool, spec: { ...pool.spec, disabled: false, serviceSelectors: {} } })).toEqual([
      unknown('CiliumLoadBalancerIPPool/lab', 'spec.serviceSelectors', 'unknown field (did you mean serviceSelector?)'),
    ]);
    const chart = { spec: { ...helmRelease.spec.chart.spec, sourceRef: { ...helmRelease.spec.chart.spec.sourceRef, namspace: 'flux-system' } } };
    expect(await validateObject({ ...helmRelease, spec: { ...helmRelease.spec, chart, valuesFile: 'values.yaml' } })).toEqual([
      unknown('HelmRelease/flux-system/cilium', 'spec.chart.spec.sourceRef.namspace', 'unknown field (did you mean namespace?)'),
      unknown('HelmRelease/flux-system/cilium', 'spec.valuesFile'),
    ]);
  });

  it('reports an unknown field beside a type error, and each once', async () => {
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', labels: { a: 1 }, lables: {} } };
    expect(await validateObject(obj)).toEqual([
      { key: 'OBJECT_INVALID', object: 'ConfigMap/web', path: 'metadata.labels.a', message: 'must be string' },
      unknown('ConfigMap/web', 'metadata.lables', 'unknown field (did you mean labels?)'),
    ]);
  });

  it('checks each alternative of a union type (Cilium policy rules)', async () => {
    const policy = {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumClusterwideNetworkPolicy',
      metadata: { name: 'default-deny' },
      spec: { endpointSelector: {}, ingress: [{ fromEndpoints: [{}], toPort: [] }] },
    };
    expect(await validateObject(policy)).toEqual([unknown('CiliumClusterwideNetworkPolicy/default-deny', 'spec.ingress[0].toPort', 'unknown field (did you mean toPorts?)')]);
  });
});

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(path);
    // kustomization.yaml files are kustomize's, checked by the compiler, not objects; so are the
    // SOPS-encrypted Secrets directly under secrets/ (the cluster gets them decrypted, without `sops`).
    const sops = basename(dir) === 'secrets';
    return e.name.endsWith('.yaml') && e.name !== 'kustomization.yaml' && !sops ? [path] : [];
  });
}

describe('rendered/', () => {
  const objects = yamlFiles(join(ROOT, 'rendered')).flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8')).map((doc, i) => [`${relative(ROOT, file)}#${i}`, doc.toJS() as unknown] as const),
  );

  it('has objects to check', () => {
    expect(objects.length).toBeGreaterThan(10);
  });

  // Kinds only a CRD rendered beside them describes (Multus' NetworkAttachmentDefinition) validate against that CRD.
  const crds = crdCatalog(objects.map(([, obj]) => obj));

  it.each(objects)('%s passes strict mode', async (_, obj) => {
    expect(await validateObject(obj, { crds })).toEqual([]);
  });
});

describe('strictSchemas', () => {
  it('has a closed schema for every kind it exports, core and CRD alike', async () => {
    const all = await strictSchemas();
    const keys = all.map((s) => `${s.apiVersion} ${s.kind}`);
    expect(keys).toEqual(expect.arrayContaining(['v1 Pod', 'apps/v1 Deployment', 'cilium.io/v2 CiliumLoadBalancerIPPool', 'monitoring.coreos.com/v1 ServiceMonitor']));
    expect(new Set(keys).size).toBe(keys.length);
    for (const { schema } of all) {
      expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
      expect(schema.additionalProperties).toBe(false);
    }
  });

  it('carries only the definitions a kind reaches', async () => {
    const ns = await strictSchemaOf('v1', 'Namespace');
    const schema = standalone(ns!.root, ns!.definitions);
    expect(Object.keys(schema)).toEqual(['$schema', 'additionalProperties', 'definitions', 'properties', 'required', 'type']);
    expect(Object.keys(schema.definitions as object)).toEqual(
      expect.arrayContaining(['apimachinery.apis.meta.v1.ObjectMeta', 'kubernetes-models.v1.NamespaceSpec', 'kubernetes-models.v1.NamespaceStatus']),
    );
    expect(Object.keys(schema.definitions as object)).not.toContain('kubernetes-models.v1.PodSpec');
  });
});

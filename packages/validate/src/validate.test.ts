import { describe, expect, it } from 'vitest';
import { findDuplicates, hasValidator, objectId, validateObject } from './index.ts';
import { modelFor } from './registry.ts';

const labels = { 'app.kubernetes.io/name': 'web' };

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'apps', labels },
  spec: {
    replicas: 2,
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: { containers: [{ name: 'web', image: 'nginx:1.29', ports: [{ containerPort: 8080 }] }] },
    },
  },
};

const gitRepository = {
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'GitRepository',
  metadata: { name: 'homelab', namespace: 'flux-system' },
  spec: { interval: '1m', url: 'https://git.example.org/platform/fleet.git', ref: { branch: 'main' } },
};

const valid = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', namespace: 'apps', labels }, data: { 'nginx.conf': 'worker_processes 1;' } },
  deployment,
  gitRepository,
  {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'homelab-crds', namespace: 'flux-system' },
    spec: { interval: '10m', path: './rendered/homelab/crds', prune: true, sourceRef: { kind: 'GitRepository', name: 'homelab' }, wait: true },
  },
  {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'homelab-crds', namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': '0' } },
    spec: {
      project: 'default',
      source: { repoURL: 'https://git.example.org/platform/fleet.git', targetRevision: 'main', path: 'rendered/homelab/crds' },
      destination: { server: 'https://kubernetes.default.svc' },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['ServerSideApply=true'] },
    },
  },
];

describe('validateObject', () => {
  it.each(valid.map((o) => [objectId(o), o]))('passes a valid %s', async (_, obj) => {
    expect(await validateObject(obj)).toEqual([]);
  });

  it('reports a missing required field at its parent', async () => {
    const { url: _url, ...spec } = gitRepository.spec;
    expect(await validateObject({ ...gitRepository, spec })).toEqual([
      { key: 'OBJECT_INVALID', object: 'GitRepository/flux-system/homelab', path: 'spec', message: 'must have required property url' },
    ]);
  });

  it('reports a wrong type with a dotted path and array index', async () => {
    const template = { ...deployment.spec.template, spec: { containers: [{ name: 'web', image: 'nginx:1.29', ports: [{ containerPort: '8080' }] }] } };
    expect(await validateObject({ ...deployment, spec: { ...deployment.spec, template } })).toEqual([
      {
        key: 'OBJECT_INVALID',
        object: 'Deployment/apps/web',
        path: 'spec.template.spec.containers[0].ports[0].containerPort',
        message: 'must be integer',
      },
    ]);
  });

  it('quotes map keys that are not identifiers', async () => {
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 3 } } };
    expect(await validateObject(obj)).toEqual([
      { key: 'OBJECT_INVALID', object: 'ConfigMap/web', path: 'metadata.labels["app.kubernetes.io/name"]', message: 'must be string' },
    ]);
  });

  it('has no validator for an unknown apiVersion', async () => {
    expect(await validateObject({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      { key: 'OBJECT_NO_VALIDATOR', object: 'Widget/w', message: 'no validator for example.com/v1 Widget' },
    ]);
  });

  it('has no validator for a version a known group does not have', async () => {
    expect(await validateObject({ ...gitRepository, apiVersion: 'source.toolkit.fluxcd.io/v9' })).toEqual([
      { key: 'OBJECT_NO_VALIDATOR', object: 'GitRepository/flux-system/homelab', message: 'no validator for source.toolkit.fluxcd.io/v9 GitRepository' },
    ]);
  });

  it('has no validator for an unknown kind in a known group', async () => {
    expect(await validateObject({ apiVersion: 'apps/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'apps' } })).toEqual([
      { key: 'OBJECT_NO_VALIDATOR', object: 'Widget/apps/w', message: 'no validator for apps/v1 Widget' },
    ]);
    // A type that exists in the package but is not a kind.
    expect(await validateObject({ apiVersion: 'apps/v1', kind: 'DeploymentSpec', metadata: { name: 'w' } })).toEqual([
      { key: 'OBJECT_NO_VALIDATOR', object: 'DeploymentSpec/w', message: 'no validator for apps/v1 DeploymentSpec' },
    ]);
  });

  it('refuses a kind that would reach outside the version folder', async () => {
    expect(await validateObject({ apiVersion: 'v1', kind: '../apps/v1/Deployment', metadata: { name: 'w' } })).toEqual([
      { key: 'OBJECT_NO_VALIDATOR', object: '../apps/v1/Deployment/w', message: 'no validator for v1 ../apps/v1/Deployment' },
    ]);
  });

  it('has no validator for an object without apiVersion and kind', async () => {
    expect(await validateObject({ metadata: { name: 'w' } })).toEqual([
      { key: 'OBJECT_NO_VALIDATOR', object: '?/w', message: 'no validator for an object without apiVersion and kind' },
    ]);
    expect(await validateObject('kind: ConfigMap')).toEqual([
      { key: 'OBJECT_NO_VALIDATOR', object: '?', message: 'no validator for a string: expected a Kubernetes object' },
    ]);
  });

  it('rejects a name that is not a DNS subdomain', async () => {
    expect(await validateObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Web_Config', namespace: 'apps' } })).toEqual([
      {
        key: 'OBJECT_NAME',
        object: 'ConfigMap/apps/Web_Config',
        path: 'metadata.name',
        message: `"Web_Config" is not a DNS subdomain: at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`,
      },
    ]);
  });

  it('requires a name', async () => {
    expect(await validateObject({ apiVersion: 'v1', kind: 'Namespace', metadata: {} })).toEqual([
      { key: 'OBJECT_NAME', object: 'Namespace/?', path: 'metadata.name', message: 'is required (strata renders explicit names)' },
    ]);
  });
});

describe('hasValidator', () => {
  it('knows core, Flux, Argo CD, Cilium, Gateway API and Prometheus operator kinds and nothing else', async () => {
    const answers = await Promise.all(
      [
        ['v1', 'Service'],
        ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
        ['helm.toolkit.fluxcd.io/v2', 'HelmRelease'],
        ['source.toolkit.fluxcd.io/v1', 'OCIRepository'],
        ['argoproj.io/v1alpha1', 'ApplicationSet'],
        ['cilium.io/v2', 'CiliumNetworkPolicy'],
        ['gateway.networking.k8s.io/v1', 'HTTPRoute'],
        ['monitoring.coreos.com/v1', 'ServiceMonitor'],
        ['v1', 'Widget'],
        ['apps', 'Deployment'],
      ].map(async ([apiVersion, kind]) => `${apiVersion} ${kind}: ${await hasValidator(apiVersion!, kind!)}`),
    );
    expect(answers).toEqual([
      'v1 Service: true',
      'rbac.authorization.k8s.io/v1 ClusterRole: true',
      'helm.toolkit.fluxcd.io/v2 HelmRelease: true',
      'source.toolkit.fluxcd.io/v1 OCIRepository: true',
      'argoproj.io/v1alpha1 ApplicationSet: true',
      'cilium.io/v2 CiliumNetworkPolicy: true',
      'gateway.networking.k8s.io/v1 HTTPRoute: true',
      'monitoring.coreos.com/v1 ServiceMonitor: true',
      'v1 Widget: false',
      'apps Deployment: false',
    ]);
  });
});

describe('objectId', () => {
  it('names namespaced and cluster-scoped objects', () => {
    expect(objectId({ kind: 'Deployment', metadata: { name: 'web', namespace: 'apps' } })).toBe('Deployment/apps/web');
    expect(objectId({ kind: 'Namespace', metadata: { name: 'apps' } })).toBe('Namespace/apps');
    expect(objectId({})).toBe('?/?');
  });
});

describe('findDuplicates', () => {
  const release = (apiVersion: string, namespace: string) => ({
    apiVersion,
    kind: 'HelmRelease',
    metadata: { name: 'cilium', namespace },
  });

  it('finds one object rendered under two versions of its group', () => {
    const objects = [
      release('helm.toolkit.fluxcd.io/v2', 'kube-system'),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } },
      release('helm.toolkit.fluxcd.io/v2beta2', 'kube-system'),
      release('helm.toolkit.fluxcd.io/v2', 'kube-system'),
    ];
    expect(findDuplicates(objects)).toEqual([{ object: 'HelmRelease/kube-system/cilium', indexes: [0, 2, 3] }]);
  });

  it('keeps apart objects that differ in group, kind or namespace', () => {
    const objects = [
      release('helm.toolkit.fluxcd.io/v2', 'kube-system'),
      release('helm.toolkit.fluxcd.io/v2', 'cilium'),
      release('example.com/v1', 'kube-system'),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cilium', namespace: 'kube-system' } },
    ];
    expect(findDuplicates(objects)).toEqual([]);
  });
});

describe('the model validator on the object itself', () => {
  /** What a model instance's validate() says of `obj`: the reference the plain-object call must agree with. */
  async function viaInstance(obj: Record<string, unknown>): Promise<string> {
    const Model = await modelFor(String(obj.apiVersion), String(obj.kind));
    try {
      new Model!(obj).validate();
      return 'valid';
    } catch (err) {
      return (err as Error).message;
    }
  }

  it('agrees with a model instance on valid and broken objects, and leaves a frozen object as it was', async () => {
    const broken = [
      deployment,
      gitRepository,
      { ...deployment, spec: { ...deployment.spec, replicas: 'two' } },
      { ...deployment, spec: { ...deployment.spec, selector: undefined, template: { metadata: { labels } } } },
      { ...gitRepository, spec: { ...gitRepository.spec, interval: 5, url: undefined } },
    ];
    for (const obj of broken) {
      const frozen = deepFreeze(structuredClone(obj));
      const issues = await validateObject(frozen);
      const reference = await viaInstance(obj);
      expect(issues.some((i) => i.key === 'OBJECT_INVALID')).toBe(reference !== 'valid');
      expect(frozen).toEqual(structuredClone(obj));
    }
  });
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

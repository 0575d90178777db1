import { describe, expect, it } from 'vitest';
import { build, sampleCluster, sampleLayers, toGoldenYaml, validateModel } from './__fixtures__/cluster.ts';
import { engineAdapter, engineSecrets } from './index.ts';

const cluster = sampleCluster('flux');
const byName = (objects: ReturnType<typeof build>, name: string) => {
  const found = objects.find((o) => o.metadata.name === name);
  if (found === undefined) throw new Error(`no object ${name}`);
  return found;
};

describe('flux adapter', () => {
  it('renders the golden homelab objects, each valid against its model', async () => {
    const objects = build({ cluster });
    for (const o of objects) validateModel(o);
    await expect(toGoldenYaml(objects)).toMatchFileSnapshot('./__snapshots__/flux-homelab.yaml');
  });

  it('puts its objects under flux-system', () => {
    const adapter = engineAdapter('flux');
    expect([adapter.engine, adapter.folder]).toEqual(['flux', 'flux-system']);
    expect(build({ cluster }).map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'GitRepository/flux-system/homelab',
      'Kustomization/flux-system/homelab-crds',
      'Kustomization/flux-system/homelab-controllers',
      'Kustomization/flux-system/homelab-config',
      'Kustomization/flux-system/homelab-gitops',
    ]);
  });

  it('decrypts SOPS Secrets in a layer of their own, after the CRDs and before the controllers', () => {
    const objects = build({ cluster, secrets: { path: 'rendered/homelab/secrets', objects: [{ apiVersion: 'v1', kind: 'Secret', name: 'token', namespace: 'apps' }] } });
    for (const o of objects) validateModel(o);
    const secrets = byName(objects, 'homelab-secrets').spec;
    expect(secrets).toMatchObject({ path: './rendered/homelab/secrets', dependsOn: [{ name: 'homelab-crds' }], prune: true, wait: true });
    // kustomize-controller's decryption: SOPS with the age key(s) in the Secret's `*.agekey` keys.
    expect(secrets.decryption).toEqual({ provider: 'sops', secretRef: { name: 'sops-age' } });
    expect(byName(objects, 'homelab-controllers').spec.dependsOn).toEqual([{ name: 'homelab-secrets' }]);
    // The age key is the one Secret made by hand at bootstrap; Git credentials appear when the repository needs them.
    expect(engineSecrets(cluster, { sops: true }).map((s) => `${s.namespace}/${s.name} [${s.keys.join(',')}] ${s.reader.kind}/${s.reader.name} ${s.bootstrap === true ? 'bootstrap' : ''}`)).toEqual([
      'flux-system/fleet-git [password,username] GitRepository/homelab bootstrap',
      'flux-system/sops-age [age.agekey] Kustomization/homelab-secrets bootstrap',
    ]);
  });

  it('chains each layer on the previous one with dependsOn', () => {
    const objects = build({ cluster });
    expect(byName(objects, 'homelab-crds').spec.dependsOn).toBeUndefined();
    expect(byName(objects, 'homelab-controllers').spec.dependsOn).toEqual([{ name: 'homelab-crds' }]);
    expect(byName(objects, 'homelab-config').spec.dependsOn).toEqual([{ name: 'homelab-controllers' }]);
    expect(byName(objects, 'homelab-gitops').spec.dependsOn).toBeUndefined();
  });

  it('waits on a layer without extra health checks and lists checks on one with them', () => {
    const objects = build({ cluster });
    const crds = byName(objects, 'homelab-crds').spec;
    expect([crds.wait, crds.healthChecks, crds.timeout]).toEqual([true, undefined, '5m']);
    const controllers = byName(objects, 'homelab-controllers').spec;
    expect(controllers.wait).toBe(false);
    expect(controllers.timeout).toBe('10m');
    // The extra DaemonSet plus the layer's own HelmReleases and Deployment, sorted by kind, namespace, name.
    expect(controllers.healthChecks).toEqual([
      { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'cilium', namespace: 'kube-system' },
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'external-dns', namespace: 'external-dns' },
      { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'ingress-nginx', namespace: 'ingress-nginx' },
      { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'cilium', namespace: 'kube-system' },
    ]);
  });

  it('lists an extra health check once when the layer applies the same object', () => {
    const layers = sampleLayers.map((l) =>
      l.layer === 'controllers'
        ? { ...l, healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'external-dns', namespace: 'external-dns' }] }
        : l,
    );
    const checks = byName(build({ cluster, layers }), 'homelab-controllers').spec.healthChecks as { kind: string; name: string }[];
    expect(checks.map((c) => `${c.kind}/${c.name}`)).toEqual(['Deployment/external-dns', 'HelmRelease/ingress-nginx', 'HelmRelease/cilium']);
  });

  it('omits secretRef when the spec names no Git credentials', () => {
    const objects = build({ cluster: sampleCluster('flux', { secretRef: undefined }) });
    const repo = byName(objects, 'homelab').spec;
    expect('secretRef' in repo).toBe(false);
    validateModel(byName(objects, 'homelab'));
    expect(byName(build({ cluster }), 'homelab').spec.secretRef).toEqual({ name: 'fleet-git' });
  });

  it('fetches only the rendered folder and syncs each layer from it', () => {
    const objects = build({ cluster, renderedPath: 'deploy/homelab' });
    expect(byName(objects, 'homelab').spec.ignore).toBe('/*\n!/deploy/homelab/\n');
    expect(byName(objects, 'homelab-gitops').spec.path).toBe('./deploy/homelab/flux-system');
    expect(byName(objects, 'homelab-config').spec.path).toBe('./rendered/homelab/config');
  });

  it('labels every object with the cluster', () => {
    for (const o of build({ cluster })) {
      expect(o.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'strata', 'strata.dev/cluster': 'homelab' });
    }
  });
});

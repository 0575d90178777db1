import { App, Chart } from 'cdk8s';
import type { HelmInstall } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { type BuiltObject, sampleCluster } from './__fixtures__/cluster.ts';
import { syncWaves } from './helm.ts';
import { engineAdapter } from './index.ts';

const chart = (name: string, dependsOn?: string[]): HelmInstall => ({
  name,
  namespace: name,
  chart: name,
  version: '1.0.0',
  repository: 'https://charts.example.org',
  values: {},
  ...(dependsOn === undefined ? {} : { dependsOn }),
});

const releases = [chart('db'), chart('app', ['db', 'cert-manager']), chart('worker', ['app'])];

function build(engine: 'flux' | 'argocd'): BuiltObject[] {
  const app = new App({ outdir: 'cdk8s.out', recordConstructMetadata: false });
  const c = new Chart(app, 'c', { disableResourceNameHashes: true });
  engineAdapter(engine).renderHelm(c, releases, sampleCluster(engine));
  return c.toJson() as BuiltObject[];
}

describe('Helm installs that wait for others', () => {
  it('gives a Flux HelmRelease spec.dependsOn with the names it waits for, sorted', () => {
    const byName = new Map(build('flux').filter((o) => o.kind === 'HelmRelease').map((o) => [o.metadata.name, o.spec as { dependsOn?: unknown }]));
    expect(byName.get('db')?.dependsOn).toBeUndefined();
    expect(byName.get('app')?.dependsOn).toEqual([{ name: 'cert-manager' }, { name: 'db' }]);
    expect(byName.get('worker')?.dependsOn).toEqual([{ name: 'app' }]);
  });

  it('puts an Argo CD Application one sync wave after the latest one it waits for', () => {
    const waves = new Map(build('argocd').map((o) => [o.metadata.name, (o.metadata as { annotations?: Record<string, string> }).annotations?.['argocd.argoproj.io/sync-wave']]));
    expect(waves).toEqual(new Map([['db', undefined], ['app', '1'], ['worker', '2']]));
  });

  it('counts a release outside the list (a component\'s) as wave 0, and refuses a cycle', () => {
    expect(syncWaves([chart('a', ['cilium'])])).toEqual(new Map([['a', 1]]));
    expect(() => syncWaves([chart('a', ['b']), chart('b', ['a'])])).toThrow('dependsOn cycle through a → b → a');
  });
});

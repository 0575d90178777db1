import { describe, expect, it } from 'vitest';
import { validateObject } from './index.ts';
import { importedModules } from './registry.ts';
import { loadedPackages } from './strict.ts';

// Its own file: vitest gives each test file fresh module state, so the import
// cache starts empty here.
describe('validator loading', () => {
  it('imports only the model of the kind it validates, and the strict schemas of its package', async () => {
    expect(await validateObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } })).toEqual([]);
    expect(importedModules()).toEqual(['kubernetes-models/v1/Namespace']);
    expect(loadedPackages()).toEqual(['kubernetes-models']);
    await validateObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: {}, template: {} } });
    expect(importedModules()).toEqual(['kubernetes-models/v1/Namespace', 'kubernetes-models/apps/v1/Deployment']);
    expect(loadedPackages()).toEqual(['kubernetes-models']);
  });
});

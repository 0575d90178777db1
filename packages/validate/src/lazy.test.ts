import { describe, expect, it, vi } from 'vitest';

// Test files share module state (vitest runs without isolation): reset the module registry
// and import the validator afresh, so its import cache starts empty here.
describe('validator loading', () => {
  it('imports only the model of the kind it validates, and the strict schemas of its package', async () => {
    vi.resetModules();
    const { validateObject } = await import('./index.ts');
    const { importedModules } = await import('./registry.ts');
    const { loadedPackages } = await import('./strict.ts');
    expect(await validateObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } })).toEqual([]);
    expect(importedModules()).toEqual(['kubernetes-models/v1/Namespace']);
    expect(loadedPackages()).toEqual(['kubernetes-models']);
    await validateObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: {}, template: {} } });
    expect(importedModules()).toEqual(['kubernetes-models/v1/Namespace', 'kubernetes-models/apps/v1/Deployment']);
    expect(loadedPackages()).toEqual(['kubernetes-models']);
  });
});

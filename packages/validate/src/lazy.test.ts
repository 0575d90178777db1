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

describe('a model source', () => {
  it('answers before any import; what it lacks is imported and reported as missed', async () => {
    vi.resetModules();
    const registry = await import('./registry.ts');
    const { validateObject } = await import('./index.ts');
    const real = (await import('kubernetes-models/v1/Namespace')) as Record<string, unknown>;
    const asked: string[] = [];
    const missed: string[] = [];
    registry.useModelSource({
      module(specifier) {
        asked.push(specifier);
        return specifier === 'kubernetes-models/v1/Namespace' ? Promise.resolve(real) : undefined;
      },
      missed: (specifier) => missed.push(specifier),
    });
    try {
      expect(await validateObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } })).toEqual([]);
      expect(await validateObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } })).toEqual([]);
      expect(asked).toEqual(['kubernetes-models/v1/Namespace', 'kubernetes-models/v1/ConfigMap']);
      expect(missed).toEqual(['kubernetes-models/v1/ConfigMap']);
      // A source that fails is as one that lacks the module.
      registry.useModelSource({ module: () => Promise.reject(new Error('gone')), missed: (s) => missed.push(s) });
      expect(await validateObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } })).toEqual([]);
      expect(missed).toEqual(['kubernetes-models/v1/ConfigMap', 'kubernetes-models/v1/Service']);
    } finally {
      registry.useModelSource(undefined);
    }
  });
});

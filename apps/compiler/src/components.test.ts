import { describe, expect, it } from 'vitest';
import { discoverComponents } from './components.ts';

describe('discoverComponents', () => {
  it('finds every component package, whole or as its light spec entry, and both are one definition', async () => {
    const full = await discoverComponents();
    const specs = await discoverComponents({ parts: 'spec' });
    expect(full.map((p) => p.packageName)).toEqual([
      '@strata/cert-manager',
      '@strata/cilium-dataplane',
      '@strata/internal-dns',
      '@strata/nginx-edge',
      '@strata/observability',
      '@strata/pki-bootstrap',
    ]);
    expect(specs.map((p) => [p.packageName, p.key])).toEqual(full.map((p) => [p.packageName, p.key]));
    for (const [i, { component }] of full.entries()) {
      const spec = specs[i]!.component;
      // The spec part is what the whole component is built from: the same values and functions, and nothing of render.
      const { render, explain: _explain, finalize: _finalize, ...specPart } = component;
      expect(render).toBeTypeOf('function');
      expect(Object.keys(spec).sort()).toEqual(Object.keys(specPart).sort());
      for (const key of Object.keys(specPart) as (keyof typeof specPart)[]) expect(spec[key], `${spec.name}.${key}`).toBe(specPart[key]);
      expect(spec.version).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});

import { createSpecLoader, formatFinding } from '@strata/core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { demo } from './__fixtures__/demo-component.ts';
import { specYaml } from './__fixtures__/specs.ts';

// The writer as it was before it quoted for YAML 1.1: the gate must stop what it wrote.
// Test files share module state (vitest runs without isolation), so the mock is registered
// here and render.ts imported afresh after it, not hoisted over a module already loaded.
async function renderWithLooseWriter(): Promise<typeof import('./render.ts')['renderCluster']> {
  vi.resetModules();
  vi.doMock('./serialize.ts', async (original) => {
    const actual = await original<typeof import('./serialize.ts')>();
    return { ...actual, canonicalYaml: (canonical: unknown) => stringify(canonical, { lineWidth: 0, version: '1.2' }) };
  });
  const { renderCluster } = await import('./render.ts');
  return renderCluster;
}
afterAll(() => {
  vi.doUnmock('./serialize.ts');
  vi.resetModules();
});

describe('renderCluster with a writer that leaves YAML 1.1 booleans bare', () => {
  it('stops before writing anything, naming each file and field and what each reader reads there', async () => {
    const renderCluster = await renderWithLooseWriter();
    const spec = specYaml('lab', '  demo:\n    enabled: true\n    note: "on"\n');
    const { rendered, findings } = await renderCluster({ name: 'lab', specFile: 'clusters/lab/cluster.yaml' }, new TextEncoder().encode(spec), createSpecLoader([demo]), [demo]);
    expect(rendered).toBeUndefined();
    expect(findings.map(formatFinding)).toEqual([
      'rendered/lab/controllers/demo/helmrelease-flux-system-demo.yaml spec.values.note.text: YAML 1.1 reads true (boolean), YAML 1.2 reads "on" (string); strata validated "on" (string)',
      'rendered/lab/config/demo/configmap-demo-demo-settings.yaml data.note: YAML 1.1 reads true (boolean), YAML 1.2 reads "on" (string); strata validated "on" (string)',
    ]);
    expect(new Set(findings.map((f) => f.code))).toEqual(new Set(['STRATA2009']));
  });
});

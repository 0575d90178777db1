import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputsOf } from './cache.ts';
import { fsReader, specInputPaths } from './sources.ts';

const SPEC = 'spec:\n  manifests:\n    - {path: apps/blog/}\n  releases:\n    - {name: a, crdSchemas: crds/a.yaml}\n';

describe('workspace sources of a spec', () => {
  it('names the manifest folders and CRD schema files a spec reads, and none for a spec that does not parse', () => {
    expect(specInputPaths(SPEC)).toEqual(['apps/blog', 'crds/a.yaml']);
    expect(specInputPaths('spec: [\n')).toEqual([]);
  });

  it('finds a key spelled with an escape too, though it skips the parse for a spec that names neither key', () => {
    expect(specInputPaths('spec:\n  network: {mtu: 1500}\n')).toEqual([]);
    expect(specInputPaths('spec:\n  "manif\\u0065sts":\n    - {path: apps/blog}\n')).toEqual(['apps/blog']);
  });

  it('reads a file, or every YAML file below a folder in path order, and nothing for a missing path', () => {
    const root = mkdtempSync(join(tmpdir(), 'strata-sources-'));
    mkdirSync(join(root, 'apps/blog/sub'), { recursive: true });
    writeFileSync(join(root, 'apps/blog/b.yaml'), 'b');
    writeFileSync(join(root, 'apps/blog/sub/a.yml'), 'a');
    writeFileSync(join(root, 'apps/blog/README.md'), 'no');
    const reader = fsReader(root);
    expect(reader.yamlFiles('apps/blog/')?.map((f) => f.path)).toEqual(['apps/blog/b.yaml', 'apps/blog/sub/a.yml']);
    expect(reader.yamlFiles('apps/blog/b.yaml')?.map((f) => f.path)).toEqual(['apps/blog/b.yaml']);
    expect(reader.yamlFiles('apps/none')).toBeUndefined();
  });

  it('changes the render cache key when a manifest the spec reads changes', () => {
    const root = mkdtempSync(join(tmpdir(), 'strata-sources-'));
    mkdirSync(join(root, 'apps/blog'), { recursive: true });
    writeFileSync(join(root, 'apps/blog/b.yaml'), 'one');
    const spec = new TextEncoder().encode(SPEC);
    const first = inputsOf(root, spec);
    expect(inputsOf(root, spec)).toBe(first);
    writeFileSync(join(root, 'apps/blog/b.yaml'), 'two');
    const second = inputsOf(root, spec);
    expect(second).not.toBe(first);
    // A new file in the folder counts too.
    writeFileSync(join(root, 'apps/blog/c.yaml'), 'new');
    expect(inputsOf(root, spec)).not.toBe(second);
  });
});

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CacheEntry, inputsOf, specReads } from './cache.ts';
import { sha256 } from './layout.ts';

const SPEC = new TextEncoder().encode('spec:\n  manifests:\n    - path: workloads/blog/\n');

function entry(spec: Uint8Array, inputPaths: string[]): CacheEntry {
  return { inputs: '', renderedPath: 'rendered/lab', index: '', objects: 0, files: 0, findings: [], waived: [], specSha256: sha256(spec), inputPaths };
}

describe('specReads', () => {
  it('takes the paths a spec reads from the cache entry of the same spec bytes, and parses any other spec', () => {
    expect(specReads(undefined, SPEC).paths).toEqual(['workloads/blog']);
    // The entry's paths are used as they are: proof that the spec was not parsed again.
    expect(specReads(entry(SPEC, ['recorded']), SPEC).paths).toEqual(['recorded']);
    const edited = new TextEncoder().encode('spec:\n  manifests:\n    - path: workloads/shop/\n');
    expect(specReads(entry(SPEC, ['recorded']), edited).paths).toEqual(['workloads/shop']);
  });

  it('gives the cache key of a parsed spec from the recorded paths, so a manifest edit still changes it', () => {
    const root = mkdtempSync(join(tmpdir(), 'strata-cache-'));
    mkdirSync(join(root, 'workloads/blog'), { recursive: true });
    writeFileSync(join(root, 'workloads/blog/app.yaml'), 'kind: ConfigMap\n');
    const parsed = inputsOf(root, SPEC, 'x');
    expect(inputsOf(root, SPEC, 'x', specReads(undefined, SPEC).paths)).toBe(parsed);
    writeFileSync(join(root, 'workloads/blog/app.yaml'), 'kind: Secret\n');
    expect(inputsOf(root, SPEC, 'x', ['workloads/blog'])).not.toBe(parsed);
  });
});

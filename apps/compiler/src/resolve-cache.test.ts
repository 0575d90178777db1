import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { E2E_TIMEOUT, ensureCodeBundle, strata as run, tempWorkspace } from './__fixtures__/cli.ts';
import { cachingResolve, resolutionKey, saveResolutions } from './resolve-cache.ts';

vi.setConfig({ testTimeout: E2E_TIMEOUT });

const HERE = import.meta.url;
const context = { parentURL: 'file:///app/main.ts', conditions: ['node', 'import'] };

describe('cachingResolve', () => {
  it('answers from the cache without asking Node, and asks and remembers what it does not know', () => {
    const entries = new Map([[resolutionKey('yaml', context), { url: HERE, format: 'module' }]]);
    let added = 0;
    const hook = cachingResolve(entries, () => added++);
    const next = vi.fn(() => ({ url: 'node:fs', format: 'builtin' }));
    expect(hook('yaml', context, next)).toEqual({ url: HERE, format: 'module', shortCircuit: true });
    expect(next).not.toHaveBeenCalled();
    expect(hook('fs', context, next)).toEqual({ url: 'node:fs', format: 'builtin' });
    expect(next).toHaveBeenCalledTimes(1);
    expect(entries.get(resolutionKey('fs', context))).toEqual({ url: 'node:fs', format: 'builtin' });
    expect(added).toBe(1);
  });

  it('resolves again a cached file that is gone, and keeps apart who asks, the conditions and the attributes', () => {
    const gone = 'file:///nowhere/strata/moved.ts';
    const entries = new Map([[resolutionKey('./moved.ts', context), { url: gone }]]);
    const hook = cachingResolve(entries, () => undefined);
    expect(hook('./moved.ts', context, () => ({ url: HERE })).url).toBe(HERE);
    const keys = [
      resolutionKey('x', context),
      resolutionKey('x', { ...context, parentURL: 'file:///app/other.ts' }),
      resolutionKey('x', { ...context, conditions: ['node', 'require'] }),
      resolutionKey('x', { ...context, importAttributes: { type: 'json' } }),
    ];
    expect(new Set(keys).size).toBe(4);
  });
});

describe('saveResolutions', () => {
  it('writes the whole file, and a new one removes the files of other installs and code bundles unused for a day', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-resolve-'));
    const now = Date.now();
    const old = join(dir, 'strata-resolve-0a.json');
    const oldBundle = join(dir, 'strata-resolve-0a-code-1f.json');
    const recent = join(dir, 'strata-resolve-0b.json');
    const foreign = join(dir, 'something-else.json');
    for (const f of [old, oldBundle, recent, foreign]) writeFileSync(f, '{}');
    const dayAgo = (now - 25 * 3600 * 1000) / 1000;
    utimesSync(old, dayAgo, dayAgo);
    utimesSync(oldBundle, dayAgo, dayAgo);
    utimesSync(foreign, dayAgo, dayAgo);
    const entries = new Map([['k', { url: 'node:fs' }]]);
    saveResolutions(join(dir, 'strata-resolve-0c.json'), entries, now);
    expect(readdirSync(dir).sort()).toEqual(['something-else.json', 'strata-resolve-0b.json', 'strata-resolve-0c.json']);
    expect(JSON.parse(readFileSync(join(dir, 'strata-resolve-0c.json'), 'utf8'))).toEqual({ k: { url: 'node:fs' } });
    // Writing it again prunes nothing (only a new install's first write does).
    writeFileSync(old, '{}');
    utimesSync(old, dayAgo, dayAgo);
    saveResolutions(join(dir, 'strata-resolve-0c.json'), entries, now);
    expect(readdirSync(dir)).toContain('strata-resolve-0a.json');
  });
});

describe('the resolve cache of the bin', () => {
  /** The resolve cache files under a compile-cache folder. */
  const cacheFiles = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /strata-resolve-[0-9a-f]+\.json$/.test(f)).map((f) => join(dir, f));

  it('is written beside the compile cache, read by the next run, and a stale entry costs only its resolution', () => {
    const root = tempWorkspace();
    const cache = mkdtempSync(join(tmpdir(), 'strata-compile-cache-'));
    // The sources, each module resolved on its own (a code bundle has few resolutions: the next test).
    const strata = (args: readonly string[], cwd: string, env: Record<string, string>) => run(args, cwd, { ...env, STRATA_NO_CODE_BUNDLE: '1' });
    expect(strata(['render'], root, { NODE_COMPILE_CACHE: cache }).code).toBe(0);
    const [file] = cacheFiles(cache);
    expect(file).toBeDefined();
    const saved = JSON.parse(readFileSync(file!, 'utf8')) as Record<string, { url: string }>;
    expect(Object.keys(saved).length).toBeGreaterThan(100);
    // Every compiler source file "moved": the next run resolves them again, answers the same, and saves the fresh answers.
    const moved = (url: string): boolean => url.includes('/apps/compiler/gone/');
    const stale = Object.fromEntries(Object.entries(saved).map(([k, v]) => [k, v.url.includes('/apps/compiler/src/') ? { url: v.url.replace('/src/', '/gone/') } : v]));
    writeFileSync(file!, JSON.stringify(stale));
    const check = strata(['render', '--check'], root, { NODE_COMPILE_CACHE: cache });
    expect(check.code).toBe(0);
    // What the check loaded was resolved again and saved (what it did not load stays as it was).
    const movedCount = (entries: Record<string, { url: string }>): number => Object.values(entries).filter((v) => moved(v.url)).length;
    const fresh = JSON.parse(readFileSync(file!, 'utf8')) as Record<string, { url: string }>;
    expect(movedCount(fresh)).toBeLessThan(movedCount(stale) / 2);
    // The same answers as a run without the cache.
    expect(check).toEqual(strata(['render', '--check'], root, { STRATA_NO_RESOLVE_CACHE: '1' }));
  });

  it("keeps a code bundle's resolutions in a file of its own", async () => {
    await ensureCodeBundle();
    const root = tempWorkspace();
    const cache = mkdtempSync(join(tmpdir(), 'strata-compile-cache-'));
    expect(run(['render'], root, { NODE_COMPILE_CACHE: cache }).code).toBe(0);
    const files = readdirSync(cache, { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('strata-resolve-'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/strata-resolve-[0-9a-f]+-code-[0-9a-f]{24}\.json$/);
  }, 2 * E2E_TIMEOUT);

  it('is not written with STRATA_NO_RESOLVE_CACHE=1', () => {
    const root = tempWorkspace();
    const cache = mkdtempSync(join(tmpdir(), 'strata-compile-cache-'));
    expect(run(['render'], root, { NODE_COMPILE_CACHE: cache, STRATA_NO_RESOLVE_CACHE: '1' }).code).toBe(0);
    expect(cacheFiles(cache)).toEqual([]);
  });
});

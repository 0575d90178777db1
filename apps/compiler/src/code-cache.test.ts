import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeCacheFile, requireWithCodeCache, saveCodeCaches } from './code-cache.ts';

/** A content-addressed-looking module that requires a neighbour, as a generated validator requires ajv's runtime. */
function modules(): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-code-cache-'));
  writeFileSync(join(dir, 'helper.cjs'), 'module.exports = (n) => n * 2;\n');
  writeFileSync(
    join(dir, 'main.cjs'),
    [
      '"use strict";',
      'const double = require("./helper.cjs");',
      'function lazy(n) { let s = 0; for (let i = 0; i < n; i++) s += double(i); return s; }',
      'module.exports = { lazy, file: __filename, dir: __dirname, self: this === module.exports };',
      '',
    ].join('\n'),
  );
  return dir;
}

/**
 * Loads `file` in a new Node process that runs `lazy`, and reports whether it wrote the code cache
 * (none, or V8 turned it down); with `bounded`, after it set the heap growing factor as the bin does.
 */
function inChild(file: string, opts: { bounded?: boolean } = {}): { result: number; pendingAfter: boolean; cacheFile: string } {
  const bound = opts.bounded === true ? `(await import(${JSON.stringify(pathToFileURL(join(import.meta.dirname, 'heap-budget.ts')).href)})).boundHeapGrowth();` : '';
  const script = `
    ${bound}
    const { codeCacheFile, requireWithCodeCache, saveCodeCaches } = await import(${JSON.stringify(pathToFileURL(join(import.meta.dirname, 'code-cache.ts')).href)});
    const { statSync, existsSync } = await import('node:fs');
    const cacheFile = codeCacheFile(${JSON.stringify(file)});
    const before = existsSync(cacheFile) ? statSync(cacheFile).mtimeMs : undefined;
    const m = requireWithCodeCache(${JSON.stringify(file)});
    const result = m.lazy(10);
    saveCodeCaches();
    const after = existsSync(cacheFile) ? statSync(cacheFile).mtimeMs : undefined;
    console.log(JSON.stringify({ result, pendingAfter: before !== after, cacheFile }));
  `;
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(res.stderr).toBe('');
  return JSON.parse(res.stdout) as { result: number; pendingAfter: boolean; cacheFile: string };
}

describe('requireWithCodeCache', () => {
  it('runs a CommonJS module as require does: exports, this, __filename, __dirname and a require of its own folder', () => {
    const dir = modules();
    const m = requireWithCodeCache(join(dir, 'main.cjs')) as { lazy(n: number): number; file: string; dir: string; self: boolean };
    expect(m.lazy(4)).toBe(12);
    expect(m).toMatchObject({ file: join(dir, 'main.cjs'), dir, self: true });
  });

  it('writes a code cache once the module was used, which the next process takes; one V8 turns down is written again', () => {
    const dir = modules();
    const file = join(dir, 'main.cjs');
    // First process: no cache, so one is written as it ends, named after its Node and flags.
    const first = inChild(file);
    expect(first).toMatchObject({ result: 90, pendingAfter: true });
    expect(first.cacheFile).toMatch(/main\.cjs\.[0-9a-f]{12}\.v8$/);
    const written = readFileSync(first.cacheFile);
    expect(written.length).toBeGreaterThan(100);
    // Second: V8 takes it, nothing is written.
    expect(inChild(file)).toEqual({ ...first, pendingAfter: false });
    expect(readFileSync(first.cacheFile)).toEqual(written);
    // A cache that is not V8's (or another Node's) is turned down: the module still runs, and the cache is replaced.
    writeFileSync(first.cacheFile, 'not a code cache');
    expect(inChild(file)).toEqual(first);
    expect(readFileSync(first.cacheFile).length).toBeGreaterThan(100);
    // This process runs with other flags (the test runner's): it has a cache file of its own.
    expect(codeCacheFile(file)).not.toBe(first.cacheFile);
  });

  it('keeps the cache of a process that set the heap growing factor apart (V8 stamps caches with its flags), and later such processes take it', () => {
    const file = join(modules(), 'main.cjs');
    const bounded = inChild(file, { bounded: true });
    expect(bounded).toMatchObject({ result: 90, pendingAfter: true });
    // Without the factor: V8 would turn that cache down, so the process has a file of its own, and writes it.
    const plain = inChild(file);
    expect(plain).toMatchObject({ result: 90, pendingAfter: true });
    expect(plain.cacheFile).not.toBe(bounded.cacheFile);
    // Each takes its own from then on.
    expect(inChild(file)).toEqual({ ...plain, pendingAfter: false });
    expect(inChild(file, { bounded: true })).toEqual({ ...bounded, pendingAfter: false });
  });

  it('throws what the module throws, and leaves no cache of a module that failed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-code-cache-'));
    writeFileSync(join(dir, 'bad.cjs'), 'throw new Error("broken module");\n');
    expect(() => requireWithCodeCache(join(dir, 'bad.cjs'))).toThrow('broken module');
    expect(() => requireWithCodeCache(join(dir, 'missing.cjs'))).toThrow(/ENOENT/);
    saveCodeCaches();
    expect(() => statSync(codeCacheFile(join(dir, 'bad.cjs')))).toThrow(/ENOENT/);
  });
});

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT } from './heap-budget.ts';

/**
 * The flag hash V8 stamps on a code cache (bytes 12–15 of its header) in a new
 * Node process started with `flags`, after `boundHeapGrowth()` when `bound`.
 * Two processes with the same stamp run under the same V8 flags.
 */
function stamp(flags: readonly string[], bound: boolean): string {
  const module = pathToFileURL(join(import.meta.dirname, 'heap-budget.ts')).href;
  const script = `
    ${bound ? `(await import(${JSON.stringify(module)})).boundHeapGrowth();` : ''}
    const { Script } = await import('node:vm');
    console.log(new Script('0').createCachedData().subarray(12, 16).toString('hex'));
  `;
  const res = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(res.stderr).toBe('');
  return res.stdout.trim();
}

describe('boundHeapGrowth', () => {
  it('runs the process under V8’s heap growing factor of 1.5, as the command-line flag would, and leaves a factor given there as it is', () => {
    const plain = stamp([], false);
    const bounded = stamp([], true);
    expect(bounded).toMatch(/^[0-9a-f]{8}$/);
    expect(bounded).not.toBe(plain);
    expect(bounded).toBe(stamp([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`], false));
    expect(stamp(['--heap-growing-percent=30'], true)).toBe(stamp(['--heap-growing-percent=30'], false));
  });
});

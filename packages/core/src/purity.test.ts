import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Packages under packages/ are pure functions of the spec (DESIGN.md): all I/O
 * lives in apps/compiler. This holds the line the way an ESLint
 * no-restricted-imports rule would, without the dependency.
 */
const FORBIDDEN: readonly [RegExp, string][] = [
  [/from ['"](node:)?(fs|fs\/promises|child_process|net|http|https|dgram|worker_threads)['"]/, 'file system, process or network access'],
  [/\bprocess\.(env|cwd|argv|exit)\b/, 'process state'],
  [/\bDate\.now\(|new Date\(\s*\)|\bperformance\.now\(/, 'the clock'],
  [/\bMath\.random\(|\brandomUUID\(|\brandomBytes\(|\bgetRandomValues\(/, 'randomness'],
];

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === '__fixtures__' || e.name === '__snapshots__' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('workspace packages', () => {
  const files = readdirSync(join(ROOT, 'packages')).flatMap((pkg) => {
    try {
      return sources(join(ROOT, 'packages', pkg, 'src'));
    } catch {
      return [];
    }
  });

  it('are found', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('do no I/O and read no clock, randomness or environment', () => {
    const violations = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return FORBIDDEN.filter(([re]) => re.test(text)).map(([, what]) => `${relative(ROOT, file)}: ${what}`);
    });
    expect(violations).toEqual([]);
  });

  it('never import another package by its src/ path', () => {
    const violations = files.filter((file) => /from ['"](\.\.\/)+(packages|apps)\/|from ['"]@strata\/[a-z-]+\/src/.test(readFileSync(file, 'utf8')));
    expect(violations.map((f) => relative(ROOT, f))).toEqual([]);
  });
});

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStale, STALE_MS, writeWhole } from './cache-files.ts';

describe('writeWhole', () => {
  it('replaces a file whole, with the mode asked for whatever the umask, and leaves no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-whole-'));
    const file = join(dir, 'key.pem');
    writeFileSync(file, 'old');
    writeWhole(file, 'new', 0o600);
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeWhole(file, Buffer.from('bytes'));
    expect(readFileSync(file, 'utf8')).toBe('bytes');
    expect(readdirSync(dir)).toEqual(['key.pem']);
  });

  it('throws when the file cannot be put in place, and removes its temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-whole-'));
    // A folder where the file should go: the rename fails.
    mkdirSync(join(dir, 'taken'));
    writeFileSync(join(dir, 'taken', 'inside'), 'x');
    expect(() => writeWhole(join(dir, 'taken'), 'data')).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(() => writeWhole(join(dir, 'missing', 'file'), 'data')).toThrow(/ENOENT/);
  });
});

describe('removeStale', () => {
  it('removes the picked files untouched for a day, and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-stale-'));
    const now = Date.now();
    for (const name of ['models-a.cjs', 'models-b.cjs', 'other.json']) writeFileSync(join(dir, name), 'x');
    const old = (now - STALE_MS - 60_000) / 1000;
    utimesSync(join(dir, 'models-a.cjs'), old, old);
    utimesSync(join(dir, 'other.json'), old, old);
    removeStale(dir, (n) => n.startsWith('models-'), now);
    expect(readdirSync(dir).sort()).toEqual(['models-b.cjs', 'other.json']);
    // A folder that is not there is nothing to do.
    expect(() => removeStale(join(dir, 'nope'), () => true, now)).not.toThrow();
  });
});

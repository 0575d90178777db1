import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSpecLoader } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { REPO } from '../__fixtures__/cli.ts';
import { digestMemoFile, hashInstalledCode, rememberedDigest } from '../code-digest.ts';
import { discoverComponents } from '../components.ts';
import { readProfiles } from '../profiles.ts';
import { fsReader } from '../sources.ts';
import { codeDigest, digestOf, folderDigest, identitiesDigest, profilesMatch, RecordingProfiles, RecordingReader, readsMatch } from './inputs.ts';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'strata-vinputs-'));
}

function write(root: string, path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

describe('folderDigest', () => {
  it('changes with a file’s bytes, its name, and a file added; an absent folder is an empty one', () => {
    const dir = tempDir();
    const empty = folderDigest(join(dir, 'nothing-here'));
    expect(folderDigest(dir)).toBe(empty);
    write(dir, 'a/x.yaml', 'a: 1\n');
    const one = folderDigest(dir);
    expect(one).not.toBe(empty);
    write(dir, 'a/x.yaml', 'a: 2\n');
    expect(folderDigest(dir)).not.toBe(one);
    write(dir, 'a/x.yaml', 'a: 1\n');
    expect(folderDigest(dir)).toBe(one);
    write(dir, 'a/y.yaml', '');
    expect(folderDigest(dir)).not.toBe(one);
    rmSync(join(dir, 'a/y.yaml'));
    rmSync(join(dir, 'a/x.yaml'));
    write(dir, 'b/x.yaml', 'a: 1\n');
    expect(folderDigest(dir)).not.toBe(one);
    expect(digestOf([['b', '2'], ['a', '1']])).toBe(digestOf([['a', '1'], ['b', '2']]));
  });
});

describe('RecordingReader', () => {
  it('records each path read with what was there, and notices a changed, added or removed file', () => {
    const root = tempDir();
    write(root, 'workloads/blog/a.yaml', 'kind: A\n');
    const reader = new RecordingReader(fsReader(root));
    expect(reader.yamlFiles('workloads/blog')?.map((f) => f.path)).toEqual(['workloads/blog/a.yaml']);
    expect(reader.yamlFiles('workloads/none')).toBeUndefined();
    const reads = reader.reads;
    expect(Object.keys(reads)).toEqual(['workloads/blog', 'workloads/none']);
    expect(readsMatch(root, reads)).toBe(true);
    write(root, 'workloads/blog/notes.txt', 'not YAML: not read\n');
    expect(readsMatch(root, reads)).toBe(true);
    write(root, 'workloads/blog/b.yml', 'kind: B\n');
    expect(readsMatch(root, reads)).toBe(false);
    rmSync(join(root, 'workloads/blog/b.yml'));
    expect(readsMatch(root, reads)).toBe(true);
    write(root, 'workloads/none', 'kind: C\n');
    expect(readsMatch(root, reads)).toBe(false);
  });
});

describe('RecordingProfiles', () => {
  it('records the profiles the spec loader looks up, transitively, and nothing else', async () => {
    const loader = createSpecLoader((await discoverComponents()).map((p) => p.component));
    const profiles = new RecordingProfiles(readProfiles(REPO));
    const load = (specFile: string, bytes: Uint8Array = readFileSync(join(REPO, specFile))) => {
      profiles.take();
      const result = loader.load({ file: specFile, bytes, profiles });
      return { result, record: profiles.take() };
    };
    // homelab lists flux, which builds on base.
    const homelab = load('clusters/homelab/cluster.yaml');
    expect(homelab.result.cluster).toBeDefined();
    expect(Object.keys(homelab.record)).toEqual(['base', 'flux']);
    expect(profilesMatch(profiles, homelab.record)).toBe(true);
    // A profile nobody uses may change; one that is used may not.
    const edited = new Map(profiles);
    edited.set('lab-only', { file: 'clusters/_profiles/lab-only.yaml', bytes: new TextEncoder().encode('kind: Profile\n') });
    expect(profilesMatch(edited, homelab.record)).toBe(true);
    edited.set('base', { file: 'clusters/_profiles/base.yaml', bytes: new TextEncoder().encode('# changed\n') });
    expect(profilesMatch(edited, homelab.record)).toBe(false);
    // A missing profile is recorded as absent, with the whole listing (its hint names every profile).
    const text = readFileSync(join(REPO, 'clusters/homelab/cluster.yaml'), 'utf8').replace(/^profiles: \[flux\]$/m, 'profiles: [fluxx]');
    const missing = load('clusters/homelab/cluster.yaml', new TextEncoder().encode(text));
    expect(missing.result.findings.map((f) => f.message)).toContain('no profile "fluxx": clusters/_profiles/fluxx.yaml does not exist');
    expect(missing.record).toMatchObject({ fluxx: 'absent' });
    expect(Object.keys(missing.record)).toContain('*');
    const created = new Map(profiles);
    created.set('fluxx', { file: 'clusters/_profiles/fluxx.yaml', bytes: new TextEncoder().encode('kind: Profile\n') });
    expect(profilesMatch(created, missing.record)).toBe(false);
  });
});

describe('codeDigest', () => {
  /** A packages folder (node_modules/@strata) holding one package, with a lockfile beside node_modules. */
  function scope(version: string, source = 'export const x = 1;\n'): { root: string; scope: string } {
    const root = tempDir();
    const pkg = join(root, 'node_modules/@strata/demo');
    write(pkg, 'package.json', JSON.stringify({ name: '@strata/demo', version }));
    write(pkg, 'src/index.ts', source);
    write(pkg, 'src/index.test.ts', `// ${Math.random()}\n`);
    write(root, 'node_modules/.package-lock.json', '{"lockfileVersion":3}\n');
    return { root, scope: join(root, 'node_modules/@strata') };
  }

  it('changes with a package’s version, source or lockfile, not with its tests', () => {
    const digest = (s: { root: string; scope: string }) => codeDigest('/nonexistent-workspace', s.scope).slice(0, 12);
    const a = scope('1.0.0');
    const base = digest(a);
    // The same content elsewhere (tests differ): the same digest.
    expect(digest(scope('1.0.0'))).toBe(base);
    expect(digest(scope('1.0.1'))).not.toBe(base);
    expect(digest(scope('1.0.0', 'export const x = 2;\n'))).not.toBe(base);
    const locked = scope('1.0.0');
    write(locked.root, 'node_modules/.package-lock.json', '{"lockfileVersion":3,"packages":{"node_modules/yaml":{"version":"2.9.2"}}}\n');
    expect(digest(locked)).not.toBe(base);
  });

  /** Waits 50 ms: a change made after it gets later times than any made before, whatever the clock's tick. */
  const later = (): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);

  it('is remembered under the state of the files it was taken from, and worked out again when one changes', () => {
    const s = scope('1.0.0');
    const memo = digestMemoFile(s.scope);
    // Files changed a moment ago are not trusted to show a later change in their times: nothing remembered.
    expect(rememberedDigest(s.scope)).toBe(hashInstalledCode(s.scope));
    expect(existsSync(memo)).toBe(false);
    // Settled by 0 ms: the files' change times (ns) must be at or before the clock's ms, so the test lets a tick pass.
    later();
    const first = rememberedDigest(s.scope, 0);
    expect(existsSync(memo)).toBe(true);
    expect(first).toBe(hashInstalledCode(s.scope));
    // What is remembered is used as it is: a planted digest comes back while nothing changed.
    const planted = 'f'.repeat(64);
    writeFileSync(memo, JSON.stringify({ ...JSON.parse(readFileSync(memo, 'utf8')), digest: planted }));
    expect(rememberedDigest(s.scope, 0)).toBe(planted);
    // The same size and modification time, other bytes: the change time tells. The kernel keeps times on a coarse
    // clock (a tick of a few ms), so the edit is made well after the files were: as the memo only trusts settled files.
    const source = join(s.scope, 'demo/src/index.ts');
    const { mtime } = statSync(source);
    later();
    writeFileSync(source, 'export const x = 2;\n');
    utimesSync(source, mtime, mtime);
    const edited = rememberedDigest(s.scope, 0);
    expect(edited).not.toBe(planted);
    expect(edited).toBe(hashInstalledCode(s.scope));
    expect(edited).not.toBe(first);
    // A file added to a folder: the folder's times tell.
    writeFileSync(memo, JSON.stringify({ ...JSON.parse(readFileSync(memo, 'utf8')), digest: planted }));
    later();
    write(join(s.scope, 'demo'), 'src/more.ts', 'export const y = 1;\n');
    expect(rememberedDigest(s.scope, 0)).toBe(hashInstalledCode(s.scope));
    // A memo that is not one is worked out again.
    writeFileSync(memo, '{"key":1}');
    expect(rememberedDigest(s.scope, 0)).toBe(hashInstalledCode(s.scope));
  });

  it('is the digest of the installed strata for the workspace (this repository’s)', () => {
    expect(codeDigest(REPO)).toMatch(/^[0-9a-f]{64}$/);
    expect(codeDigest(REPO)).toBe(codeDigest(REPO));
  });
});

describe('identitiesDigest', () => {
  it('changes with SOPS_AGE_KEY and with the contents of SOPS_AGE_KEY_FILE', () => {
    const dir = tempDir();
    const file = join(dir, 'keys.txt');
    writeFileSync(file, 'AGE-SECRET-KEY-1AAAA\n');
    chmodSync(file, 0o600);
    const none = identitiesDigest({});
    expect(identitiesDigest({ SOPS_AGE_KEY: 'AGE-SECRET-KEY-1AAAA' })).not.toBe(none);
    const withFile = identitiesDigest({ SOPS_AGE_KEY_FILE: file });
    expect(withFile).not.toBe(none);
    writeFileSync(file, 'AGE-SECRET-KEY-1BBBB\n');
    expect(identitiesDigest({ SOPS_AGE_KEY_FILE: file })).not.toBe(withFile);
  });
});

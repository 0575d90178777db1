import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheDir, resolveKubeconform } from './index.ts';

const BIN = fileURLToPath(new URL('../bin/kubeconform.js', import.meta.url));

/** A loopback port nothing listens on (bound, then released), so connecting is refused at once. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

function temp(): string {
  return mkdtempSync(join(tmpdir(), 'strata-kc-'));
}

/** An executable that stands in for kubeconform: prints its arguments, exits with $FAKE_EXIT. */
function fakeBinary(dir: string, label: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'kubeconform');
  writeFileSync(path, `#!/bin/sh\necho "${label} $*"\nexit \${FAKE_EXIT:-0}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A release archive holding a fake binary, as the real asset holds the real one. */
function archive(): { bytes: Buffer; sha256: string } {
  const dir = temp();
  fakeBinary(dir, 'downloaded');
  const out = join(dir, 'kc.tar.gz');
  const tar = spawnSync('tar', ['-czf', out, '-C', dir, 'kubeconform']);
  if (tar.status !== 0) throw new Error('tar is needed to build the test archive');
  const bytes = readFileSync(out);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

describe('resolveKubeconform', () => {
  const release = archive();
  let server: Server;
  let mirror = '';
  let requests = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests++;
      if (req.url === '/kc.tar.gz') res.end(release.bytes);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('prefers KUBECONFORM_BIN, then PATH, skipping the wrapper itself', async () => {
    const env = fakeBinary(join(temp(), 'env'), 'env');
    const pathDir = join(temp(), 'path');
    const onPath = fakeBinary(pathDir, 'path');
    const shimDir = join(temp(), 'shim');
    mkdirSync(shimDir);
    symlinkSync(BIN, join(shimDir, 'kubeconform'));
    const PATH = `${shimDir}:${pathDir}`;
    expect(await resolveKubeconform({ env: { KUBECONFORM_BIN: env, PATH } })).toEqual({ path: env, source: 'env' });
    expect(await resolveKubeconform({ env: { PATH, XDG_CACHE_HOME: temp() } })).toEqual({ path: onPath, source: 'path' });
  });

  it('rejects a KUBECONFORM_BIN that is not executable', async () => {
    await expect(resolveKubeconform({ env: { KUBECONFORM_BIN: '/nonexistent/kubeconform' } })).rejects.toThrow(
      'KUBECONFORM_BIN=/nonexistent/kubeconform is not an executable file',
    );
  });

  it('downloads the pinned archive, verifies it, caches it, and uses the cache next time', async () => {
    const env = { PATH: '', XDG_CACHE_HOME: temp(), KUBECONFORM_MIRROR: mirror };
    const assets = { 'test-os': { file: 'kc.tar.gz', sha256: release.sha256 } };
    const first = await resolveKubeconform({ env, platform: 'test-os', assets });
    expect(first).toEqual({ path: join(cacheDir(env), 'kubeconform'), source: 'download' });
    expect(spawnSync(first.path, ['-v'], { encoding: 'utf8' }).stdout).toBe('downloaded -v\n');
    const before = requests;
    expect((await resolveKubeconform({ env, platform: 'test-os', assets })).source).toBe('cache');
    expect(requests).toBe(before);
  });

  it('refuses an archive whose sha256 differs from the pin and caches nothing', async () => {
    const env = { PATH: '', XDG_CACHE_HOME: temp(), KUBECONFORM_MIRROR: mirror };
    const assets = { 'test-os': { file: 'kc.tar.gz', sha256: '0'.repeat(64) } };
    await expect(resolveKubeconform({ env, platform: 'test-os', assets })).rejects.toThrow(
      `refusing ${mirror}/kc.tar.gz: sha256 ${release.sha256} does not match the pinned ${'0'.repeat(64)}`,
    );
    expect(existsSync(cacheDir(env))).toBe(false);
  });

  it('says so when the download is unreachable', async () => {
    const unreachable = await closedPort();
    const env = { PATH: '', XDG_CACHE_HOME: temp(), KUBECONFORM_MIRROR: unreachable };
    await expect(resolveKubeconform({ env, platform: 'linux-x64' })).rejects.toThrow(
      `could not download ${unreachable}/kubeconform-linux-amd64.tar.gz: ECONNREFUSED`,
    );
  });
});

describe('kubeconform bin', () => {
  const run = (env: Record<string, string>, args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { HOME: temp(), PATH: '', ...env } });

  it('runs the real binary with the same arguments and exit code', () => {
    const bin = fakeBinary(join(temp(), 'x'), 'real');
    const ok = run({ KUBECONFORM_BIN: bin }, ['-strict', '-summary', 'a.yaml']);
    expect([ok.status, ok.stdout]).toEqual([0, 'real -strict -summary a.yaml\n']);
    const failing = run({ KUBECONFORM_BIN: bin, FAKE_EXIT: '1' }, ['b.yaml']);
    expect(failing.status).toBe(1);
  });

  it('exits 3 with NOT RUN and what it tried when there is no binary and no network', async () => {
    const cache = temp();
    const unreachable = await closedPort();
    const res = run({ XDG_CACHE_HOME: cache, KUBECONFORM_MIRROR: unreachable }, ['-summary']);
    expect(res.status).toBe(3);
    expect(res.stdout).toBe('');
    const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as 'x64' | 'arm64'];
    expect(res.stderr).toBe(
      [
        `kubeconform NOT RUN: could not download ${unreachable}/kubeconform-${process.platform}-${arch}.tar.gz: ECONNREFUSED`,
        `  tried: $KUBECONFORM_BIN, kubeconform on PATH, ${cache}/strata/kubeconform/v0.8.0, then the pinned v0.8.0 download`,
        '  fix: install kubeconform, set KUBECONFORM_BIN, or set KUBECONFORM_MIRROR to a reachable copy of the release assets',
        '',
      ].join('\n'),
    );
  });

  it('passes with KUBECONFORM_OPTIONAL=1, saying in capitals that nothing was checked', async () => {
    const unreachable = await closedPort();
    const res = run({ XDG_CACHE_HOME: temp(), KUBECONFORM_MIRROR: unreachable, KUBECONFORM_OPTIONAL: '1' }, ['-summary']);
    expect(res.status).toBe(0);
    expect(res.stderr.split('\n').at(0)).toMatch(/^kubeconform NOT RUN: could not download /);
    expect(res.stderr.split('\n').at(-2)).toBe('  KUBECONFORM_OPTIONAL=1: exiting 0 although NOTHING WAS CHECKED');
  });
});

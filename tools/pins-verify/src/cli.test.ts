import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Io, main } from './cli.ts';
import { replayRunner } from './runner.ts';
import { needShared, sharedResource } from '@strata/core/shared';

const FIXTURES = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/strata-pins-verify.js', import.meta.url));
const charts = sharedResource('reference/charts');

function captureIo(cwd: string, stdin = ''): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    env: { NO_COLOR: '1' },
    cwd,
    readStdin: () => stdin,
    out: () => out,
    err: () => err,
  };
}

const KPS = 'rendered/lab/controllers/observability/helmrelease-flux-system-kube-prometheus-stack.yaml';

describe('strata-pins-verify', () => {
  it('prints a line per check and a count, and exits 1 when a pin fails', async (ctx) => {
    const reference = needShared(ctx, charts);
    const io = captureIo(FIXTURES);
    const code = await main(['pins/reference.json', '--root', 'lab', '--charts', reference, '--check', 'charts'], io, { runner: replayRunner([]) });
    expect(code).toBe(1);
    // The reason quotes SOURCE.json's note after its first sentence.
    expect(io.out().split('\n').map((l) => l.replace(/(81\.4\.5 was never released):.*/, '$1…'))).toEqual([
      'ok   chart kube-prometheus-stack 81.4.3 from https://prometheus-community.github.io/helm-charts: exists',
      'FAIL chart kube-prometheus-stack 81.4.5 from https://prometheus-community.github.io/helm-charts: not released (nearest release: 81.4.3): 81.4.5 was never released…',
      `       used in ${KPS}`,
      'ok   chart cert-manager v1.21.1 from oci://quay.io/jetstack/charts: exists',
      '',
    ]);
    expect(io.err()).toBe('pins: 2 ok, 1 failed, 0 warnings, 0 skipped\n');
  });

  it('reads the pins from stdin with -, and prints one JSON document with --json', async (ctx) => {
    const reference = needShared(ctx, charts);
    const pins = JSON.stringify({
      charts: [
        {
          repository: 'oci://quay.io/jetstack/charts',
          chart: 'cert-manager',
          version: 'v1.21.1',
          clusters: ['lab'],
          files: [],
          uses: [
            {
              cluster: 'lab',
              file: 'rendered/lab/controllers/cert-manager/helmrelease-flux-system-cert-manager-broken.yaml',
              object: 'HelmRelease/flux-system/cert-manager-broken',
              release: 'cert-manager-broken',
              namespace: 'cert-manager',
              values: 'spec.values',
              kubernetesVersion: '1.33',
            },
          ],
        },
      ],
      images: [],
      git: [],
    });
    const io = captureIo(join(FIXTURES, 'lab'), pins);
    expect(await main(['-', '--json', '--charts', reference, '--check', 'values'], io, { runner: replayRunner([]) })).toBe(1);
    expect(JSON.parse(io.out())).toEqual({
      ok: false,
      results: [
        {
          check: 'values',
          status: 'failed',
          subject: 'release cert-manager-broken (lab) of cert-manager v1.21.1',
          message: 'must be number',
          file: 'rendered/lab/controllers/cert-manager/helmrelease-flux-system-cert-manager-broken.yaml',
          line: 21,
          column: 5,
          path: 'spec.values.replicaCount',
        },
      ],
    });
  });

  it('names the file and field of input that is not strata pins output (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-pins-verify-input-'));
    writeFileSync(join(dir, 'pins.json'), JSON.stringify({ charts: [{ repository: 'ftp://x', chart: 'a', clusters: [], files: [], uses: [{}] }], images: [{ repository: 'r', digest: 'sha1:00', clusters: [], files: [] }] }));
    writeFileSync(join(dir, 'text.json'), 'helm: yes\n');
    const io = captureIo(dir);
    expect(await main(['pins.json'], io)).toBe(1);
    expect(await main(['text.json'], io)).toBe(1);
    expect(io.out().split('\n')).toEqual([
      'pins.json git: is required',
      'pins.json charts[0].repository: must match pattern "^(https?|oci)://"',
      'pins.json charts[0].uses[0].cluster: is required',
      'pins.json charts[0].uses[0].file: is required',
      'pins.json charts[0].uses[0].object: is required',
      'pins.json charts[0].uses[0].release: is required',
      'pins.json charts[0].uses[0].namespace: is required',
      'pins.json charts[0].uses[0].values: is required',
      'pins.json charts[0].uses[0].kubernetesVersion: is required',
      'pins.json images[0].digest: must match pattern "^sha256:[0-9a-f]{64}$"',
      'text.json: not JSON (Unexpected token \'h\', "helm: yes " is not valid JSON); pass the output of `strata pins --json`',
      '',
    ]);
  });

  it('is a usage error without a pins file or with an unknown check (exit 2)', async () => {
    const io = captureIo(FIXTURES);
    expect(await main([], io)).toBe(2);
    expect(await main(['pins/ok.json', '--check', 'licences'], io)).toBe(2);
    expect(io.err().split('\n')).toEqual([
      'strata-pins-verify: name the pins file (strata pins --json > pins.json), or - for stdin',
      'run `strata-pins-verify --help` for usage',
      'strata-pins-verify: unknown check "licences"; known: charts, images, git, values, template',
      'run `strata-pins-verify --help` for usage',
      '',
    ]);
  });

  it('says NOT RUN and exits 3 when a client is missing, never passing what it could not check', () => {
    // PATH holds node alone: no helm.
    const res = spawnSync(process.execPath, [BIN, 'pins/ok.json', '--check', 'charts'], {
      cwd: FIXTURES,
      encoding: 'utf8',
      env: { PATH: dirname(process.execPath), NO_COLOR: '1', HOME: tmpdir() },
    });
    expect({ code: res.status, stdout: res.stdout, stderr: res.stderr }).toEqual({
      code: 3,
      stdout: '',
      stderr: 'strata-pins-verify NOT RUN: helm is not on PATH\n  install helm, crane and git (see tools/pins-verify/README.md); nothing was proven\n',
    });
  });
});

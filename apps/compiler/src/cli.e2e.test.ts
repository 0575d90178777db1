// The CLI as a user runs it: the bin in a new process, with exit codes and stdout/stderr as a
// shell sees them, and process-wide settings (time zone, locale). What a command does with its
// arguments is tested in-process (strataIn, the same `main`), by topic: cli-render, cli-validate,
// cli-diff, cli-profiles and committed-tree.e2e.test.ts.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BIN, E2E_TIMEOUT, ensureCodeBundle, loadedSources, REPO, strata, strataIn, tempWorkspace, treeHash } from './__fixtures__/cli.ts';
import { CB, EB, HL, HOMELAB_WAIVED, HOMELAB_WAIVED_LINES, VALIDATE_ALL_CHECKED, WAIVED } from './__fixtures__/examples.ts';

vi.setConfig({ testTimeout: E2E_TIMEOUT });

const MODULE_LOG = fileURLToPath(new URL('./__fixtures__/module-log.mjs', import.meta.url));
/** The bin runs the sources with this; without it, the code bundle that {@link ensureCodeBundle} made sure of. */
const SOURCES = { STRATA_NO_CODE_BUNDLE: '1' };

beforeAll(async () => {
  await ensureCodeBundle();
}, 2 * E2E_TIMEOUT);

describe('strata render', () => {
  // One test, as each process render of the examples costs 2-3 s of CPU: the bin's render of a
  // fresh tree under one time zone and locale is compared, byte for byte, with another's. Two
  // process renders, and the first in-process run of this worker: twice the e2e budget.
  it('renders every example cluster from a fresh tree, byte-identical whatever the time zone and locale, then finds nothing to do', { timeout: 2 * E2E_TIMEOUT }, async () => {
    const root = tempWorkspace();
    const other = tempWorkspace();
    // The bin, in its own process (its code bundle); the later runs find what it left on disk.
    const first = strata(['render'], root, { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr.split('\n')).toEqual([
      `chromebox-lab: ${CB.o} objects in ${CB.f} files, ${CB.f} written (<t> ms)`,
      `edge-bgp: ${EB.o} objects in ${EB.f} files, ${EB.f} written (<t> ms)`,
      `homelab: ${HL.o} objects in ${HL.f} files, ${HL.f} written (<t> ms)`,
      ...WAIVED,
      ...HOMELAB_WAIVED_LINES,
      'schema/cluster.schema.json: updated',
      'schema/profile.schema.json: updated',
      '',
    ]);
    // The sources, unbundled, write the same bytes.
    expect(strata(['render'], other, { TZ: 'America/St_Johns', LANG: 'C', LC_ALL: 'C', ...SOURCES }).code).toBe(0);
    expect(treeHash(join(other, 'rendered'))).toEqual(treeHash(join(root, 'rendered')));

    // A render where nothing changed, as a process that logs every module it loads: it reads the
    // workspace, the cache and file times, and loads no component, model package, cdk8s or ajv.
    const before = treeHash(root);
    const log = join(mkdtempSync(join(tmpdir(), 'strata-modules-')), 'modules.txt');
    // Its code bundle's chunks stand for the sources they hold.
    const again = strata(['render'], root, { NODE_OPTIONS: `--import ${pathToFileURL(MODULE_LOG).href}`, STRATA_MODULE_LOG: log });
    const chunks = readFileSync(log, 'utf8').trim().split('\n');
    expect(chunks.some((url) => /\/\.cache\/strata\/code-[0-9a-f]+\/main\.mjs$/.test(url))).toBe(true);
    const loaded = loadedSources(chunks);
    expect(loaded.some((url) => url.endsWith('/apps/compiler/src/commands/render.ts'))).toBe(true);
    // The validators' registry (a lookup table that imports nothing) is where the bin puts the model bundle (model-bundle.ts).
    const heavy = loaded.filter(
      (url) =>
        /\/packages\/(cilium-dataplane|nginx-edge|cert-manager|observability|pki-bootstrap|internal-dns|gitops\/src\/index|validate|policy)\/|\/node_modules\/(cdk8s|constructs|kubernetes-models|@kubernetes-models|ajv|@grafana)\//.test(url) &&
        !url.endsWith('/packages/validate/src/registry.ts'),
    );
    expect(heavy).toEqual([]);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe(
      [
        `chromebox-lab: ${CB.o} objects in ${CB.f} files, unchanged (skipped: same inputs as its last render)`,
        `edge-bgp: ${EB.o} objects in ${EB.f} files, unchanged (skipped: same inputs as its last render)`,
        `homelab: ${HL.o} objects in ${HL.f} files, unchanged (skipped: same inputs as its last render)`,
        ...WAIVED,
        ...HOMELAB_WAIVED_LINES,
        '',
      ].join('\n'),
    );
    expect(treeHash(root)).toEqual(before);
    const forced = await strataIn(['render', '--force', '--cluster', 'homelab'], root);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toBe(`homelab: ${HL.o} objects in ${HL.f} files, unchanged (<t> ms)\n${HOMELAB_WAIVED}\n`);
    const check = await strataIn(['render', '--check'], root);
    expect(check.code).toBe(0);
    expect(check.stdout).toBe('');
  });
});

describe('strata validate', () => {
  // Processes that log every module they load: validate checks rendered/ against the specs with
  // each component's light spec entry (schema, facts, checks, origins), never its render code,
  // whether it runs the sources or the code bundle (whose chunks stand for the sources they hold).
  it.each([
    ['the sources', SOURCES],
    ['the code bundle', {}],
  ])('checks the committed examples loading only the components\' spec entries: no render code, Grafana SDK or cdk8s (%s)', (_, mode) => {
    const root = tempWorkspace();
    cpSync(join(REPO, 'rendered'), join(root, 'rendered'), { recursive: true });
    const log = join(mkdtempSync(join(tmpdir(), 'strata-modules-')), 'modules.txt');
    const run = strata(['validate', '--no-cache'], root, { NODE_OPTIONS: `--import ${pathToFileURL(MODULE_LOG).href}`, STRATA_MODULE_LOG: log, ...mode });
    const chunks = readFileSync(log, 'utf8').trim().split('\n');
    expect(chunks.some((url) => /\/\.cache\/strata\/code-[0-9a-f]+\/main\.mjs$/.test(url))).toBe(mode !== SOURCES);
    const loaded = loadedSources(chunks);
    const specs = loaded.flatMap((url) => /\/packages\/([^/]+)\/src\/spec\.ts$/.exec(url)?.[1] ?? []);
    expect(specs.sort()).toEqual(['cert-manager', 'cilium-dataplane', 'internal-dns', 'nginx-edge', 'observability', 'pki-bootstrap']);
    const render = loaded.filter((url) =>
      /\/packages\/(cert-manager|cilium-dataplane|internal-dns|nginx-edge|observability|pki-bootstrap)\/src\/(index|render)\.ts$|\/packages\/gitops\/src\/index\.ts$|\/apps\/compiler\/src\/render\.ts$|\/packages\/core\/src\/chart\.ts$|\/node_modules\/(@grafana|cdk8s|constructs)\//.test(url),
    );
    expect(render).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(VALIDATE_ALL_CHECKED);
    // Once every validator is in the cache (this run stored what it compiled), ajv's compiler is not loaded at all.
    const again = strata(['validate', '--no-cache'], root, { NODE_OPTIONS: `--import ${pathToFileURL(MODULE_LOG).href}`, STRATA_MODULE_LOG: `${log}.again`, ...mode });
    expect(again).toEqual(run);
    const compiler = loadedSources(readFileSync(`${log}.again`, 'utf8').trim().split('\n')).filter((url) => /\/node_modules\/ajv\/dist\/(ajv|core|compile\/index)\.js$/.test(url));
    expect(compiler).toEqual([]);
  });
});

describe('strata usage', () => {
  const root = tempWorkspace();
  it.each([
    [['frobnicate'], 'strata: unknown command "frobnicate"'],
    [['render', '--bogus'], 'strata: unknown option --bogus'],
    [['render', '--cluster'], 'strata: --cluster needs a value'],
    [['render', '--cluster', 'nope'], 'strata: unknown cluster "nope"; known: chromebox-lab, edge-bgp, homelab'],
    [['validate', '--check'], 'strata: validate does not take --check'],
    [['render', 'extra'], 'strata: unexpected argument "extra"'],
  ])('exits 2 for %j', async (args, message) => {
    const run = await strataIn(args, root);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${message}\nrun \`strata --help\` for usage\n`);
  });

  it('explains where it looked when there is no workspace', () => {
    const run = strata(['render'], '/');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('no clusters/ folder in / or above\n  hint: run strata inside a workspace, or pass --root DIR\n');
  });

  it('prints help on --help and the version on --version', () => {
    expect(strata(['--help'], root).stdout).toMatch(/^strata — render cluster specs/);
    expect(strata(['--version'], root).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('turns an internal failure into one sentence, and shows the stack only with --debug', async () => {
    const ws = tempWorkspace();
    mkdirSync(join(ws, 'rendered'), { recursive: true });
    writeFileSync(join(ws, 'rendered/homelab'), 'not a folder');
    // A process: no stack trace reaches the shell, and the exit code is 3.
    const run = strata(['render', '--cluster', 'homelab'], ws);
    expect(run.code).toBe(3);
    expect(run.stderr.split('\n')[0]).toMatch(/^strata: internal error: ENOTDIR: not a directory/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const debug = await strataIn(['render', '--cluster', 'homelab', '--debug'], ws);
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  // `strata spec --json` prints ~130 KB, more than a pipe holds: its writes meet the closed pipe.
  it('ends quietly with its own exit code when the reader of its output stops early, and in one sentence when the output cannot be written', () => {
    const root = tempWorkspace();
    const shell = (line: string) =>
      spawnSync('bash', ['-c', `set -o pipefail; "$0" "$1" spec --json ${line}; echo "exit \${PIPESTATUS[0]}" >&2`, process.execPath, BIN], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } });
    const early = shell('| head -c 10 >/dev/null');
    expect(early.stderr).toBe('exit 0\n');
    const full = shell('>/dev/full');
    expect(full.stderr).toBe('strata: cannot write its output: ENOSPC: no space left on device, write\nexit 3\n');
  });
});

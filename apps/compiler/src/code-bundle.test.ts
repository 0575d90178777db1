import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { E2E_TIMEOUT, ensureCodeBundle, tempInstallCache } from './__fixtures__/cli.ts';
import { askOrBuild, bundledWorker, CODE_FORMAT, CODE_MANIFEST, codeBundleFiles, installCodeBundle, readCodeManifest } from './code-bundle.ts';
import { codeBundleState } from './code-bundle-state.ts';
import { builtinsByCall, componentSpecifiers, entrySource, pinImportMeta } from './code-bundle-build.ts';
import { depShimSource, depsEntry, depsFile, INLINED } from './code-bundle-deps.ts';
import { packageName as dependencyName } from './model-bundle.ts';
import { installedCodeDigest } from './code-digest.ts';
import { strataScopeDir } from './components.ts';
import { currentInstall } from './resolve-cache.ts';

vi.setConfig({ testTimeout: E2E_TIMEOUT });

const DIGEST = 'ab'.repeat(32);

/** A cache folder inside this install, as the bin's is: the bundle's dependencies resolve from there. */
const installCache = (): string => tempInstallCache('strata-test-');

function fakeBundle(cache: string, manifest: object, files: readonly string[] = ['main.mjs']): ReturnType<typeof codeBundleFiles> {
  const at = codeBundleFiles(cache, DIGEST);
  mkdirSync(at.folder, { recursive: true });
  for (const f of files) writeFileSync(join(at.folder, f), 'export const main = () => 0;\n');
  writeFileSync(join(at.folder, CODE_MANIFEST), JSON.stringify(manifest));
  return at;
}

describe('the code bundle manifest', () => {
  const good = { format: CODE_FORMAT, digest: DIGEST, main: 'main.mjs', workers: { 'file:///x/render-worker.ts': 'render-worker.mjs' }, inputs: {} };

  it('is read when complete and of this code', () => {
    const at = fakeBundle(mkdtempSync(join(tmpdir(), 'strata-code-')), good, ['main.mjs', 'render-worker.mjs']);
    expect(readCodeManifest(at)).toEqual(good);
    const withDeps = { ...good, inputs: { 'chunk-A.mjs': ['file:///x/a.ts'], 'deps-yaml.cjs': ['file:///x/yaml.js'] } };
    expect(readCodeManifest(fakeBundle(mkdtempSync(join(tmpdir(), 'strata-code-')), withDeps, ['main.mjs', 'render-worker.mjs', 'chunk-A.mjs', 'deps-yaml.cjs']))).toEqual(withDeps);
  });

  it.each([
    ['of other code', { ...good, digest: 'cd'.repeat(32) }, ['main.mjs', 'render-worker.mjs']],
    ['of another format', { ...good, format: 0 }, ['main.mjs', 'render-worker.mjs']],
    ['naming a file that is not there', good, ['main.mjs']],
    ['naming a path outside its folder', { ...good, main: '../main.mjs' }, ['main.mjs', 'render-worker.mjs']],
    ['a chunk or deps file of it is not there', { ...good, inputs: { 'chunk-A.mjs': [], 'deps-yaml.cjs': [] } }, ['main.mjs', 'render-worker.mjs', 'chunk-A.mjs']],
    ['it names an output outside its folder', { ...good, inputs: { '../deps-yaml.cjs': [] } }, ['main.mjs', 'render-worker.mjs']],
  ])('is not read when %s: the sources run', (_, manifest, files) => {
    expect(readCodeManifest(fakeBundle(mkdtempSync(join(tmpdir(), 'strata-code-')), manifest, files))).toBeUndefined();
  });

  it('is not read when it is not JSON, or not there', () => {
    const cache = mkdtempSync(join(tmpdir(), 'strata-code-'));
    expect(readCodeManifest(codeBundleFiles(cache, DIGEST))).toBeUndefined();
    const at = fakeBundle(cache, good);
    writeFileSync(join(at.folder, CODE_MANIFEST), '{"format": 1, ');
    expect(readCodeManifest(at)).toBeUndefined();
  });
});

describe('building the code bundle', () => {
  it('answers import.meta as the source file would, and refuses any other use of it', () => {
    const file = '/w/apps/compiler/src/render-pool.ts';
    expect(pinImportMeta("new URL('./render-worker.ts', import.meta.url); import.meta.dirname; if (import.meta.main) run();", file)).toBe(
      `new URL('./render-worker.ts', "file:///w/apps/compiler/src/render-pool.ts"); "/w/apps/compiler/src"; if (false) run();`,
    );
    expect(() => pinImportMeta("import.meta.resolve('x')", file)).toThrow(/render-pool\.ts: a use of import\.meta the code bundle cannot keep/);
  });

  it('gives the entries a table of every component module components.ts imports', () => {
    const specifiers = componentSpecifiers(strataScopeDir()!);
    expect(specifiers).toContain('@strata/cilium-dataplane');
    expect(specifiers).toContain('@strata/cilium-dataplane/spec');
    // Every component package, and each one's light spec entry.
    expect(specifiers.filter((s) => s.endsWith('/spec')).length).toBe(specifiers.length / 2);
    expect(entrySource('0a1b', ['@strata/a'], 'export { main } from "/m.ts";')).toBe(
      `const state = (globalThis[Symbol.for('strata.code-bundle')] ??= {});\nstate.name = "0a1b";\nstate.components = {\n  "@strata/a": () => import("@strata/a"),\n};\nexport { main } from "/m.ts";\n`,
    );
  });

  it('is asked for by the first run without one, built by the next, and replaces bundles of other code built over a day ago', async () => {
    const cache = installCache();
    const files = codeBundleFiles(cache, installedCodeDigest());
    const old = join(cache, 'code-0123456789abcdef01234567');
    const recent = join(cache, 'code-fedcba9876543210fedcba98');
    mkdirSync(old);
    mkdirSync(recent);
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    expect(await askOrBuild(files)).toBe('asked');
    expect(readCodeManifest(files)).toBeUndefined();
    expect(await askOrBuild(files)).toBe('built');
    const manifest = readCodeManifest(files)!;
    expect(manifest.main).toBe('main.mjs');
    expect(Object.keys(manifest.workers).map((w) => w.replace(/^.*\/src\//, '')).sort()).toEqual(['render-worker.ts', 'validate/worker.ts']);
    // Each output names its sources: the main chunk holds the compiler's entry point.
    expect(Object.values(manifest.inputs).flat()).toContain(new URL('./main.ts', import.meta.url).href);
    // The start-up modules stay out: the bin loaded them before the bundle.
    expect(Object.values(manifest.inputs).flat().filter((u) => /\/(start-caches|code-bundle|model-bundle|resolve-cache|code-cache)\.ts$/.test(u))).toEqual([]);
    expect(readdirSync(cache).sort()).toEqual([files.folder.slice(cache.length + 1), recent.slice(cache.length + 1)].sort());
  });

  it('is kept only if the code did not change while it was built, and not tried again once a build failed', async () => {
    const cache = installCache();
    // A digest this code does not have: as if a source was edited during the build.
    const files = codeBundleFiles(cache, DIGEST);
    writeFileSync(files.wanted, '1\n');
    expect(await askOrBuild(files)).toBe('changed');
    expect(existsSync(files.folder)).toBe(false);
    expect(readdirSync(cache)).toEqual([]);
    writeFileSync(files.failed, 'esbuild: …\n');
    writeFileSync(files.wanted, '1\n');
    expect(await askOrBuild(files)).toBe('none');
    expect(existsSync(files.wanted)).toBe(true);
  });

  it('fails, and says why, where a dependency would not resolve as it does from the sources: outside the install', async () => {
    const files = codeBundleFiles(mkdtempSync(join(tmpdir(), 'strata-code-')), installedCodeDigest());
    writeFileSync(files.wanted, '1\n');
    expect(await askOrBuild(files)).toBe('failed');
    expect(readFileSync(files.failed, 'utf8')).toMatch(/@kubernetes-models\/\S+ resolves to \/.*\/node_modules\/@kubernetes-models\/.* from \/.*\/packages\/[a-z-]+\/src but to nothing from the bundle/);
    expect(existsSync(files.folder)).toBe(false);
  });
});

describe('dependencies built into the code bundle', () => {
  it('serves the inlined packages (yaml, cdk8s, the Grafana SDK…) from deps files of its own and imports every other one by name', async () => {
    const manifest = await ensureCodeBundle();
    const folder = codeBundleFiles(currentInstall()!.cache, installedCodeDigest()).folder;
    expect(manifest.inputs[depsFile('yaml')]).toEqual([expect.stringMatching(/\/node_modules\/yaml\/dist\/index\.js$/)]);
    expect(manifest.inputs[depsFile('cdk8s')]).toEqual([expect.stringMatching(/\/node_modules\/cdk8s\//), expect.stringMatching(/\/node_modules\/constructs\//)]);
    expect(manifest.inputs[depsFile('grafana')]?.every((u) => u.includes('/node_modules/@grafana/grafana-foundation-sdk/'))).toBe(true);
    for (const group of ['yaml', 'cdk8s', 'grafana']) expect(existsSync(join(folder, depsFile(group)))).toBe(true);
    const text = readdirSync(folder)
      .filter((f) => f.endsWith('.mjs'))
      .map((f) => readFileSync(join(folder, f), 'utf8'))
      .join('\n');
    const imported = new Set([...text.matchAll(/(?:from|import)\s*\(?\s*"([^".][^"]*)"/g)].map((m) => dependencyName(m[1]!)));
    for (const name of INLINED) expect(imported.has(name)).toBe(false);
    expect(imported.has('@kubernetes-models/cilium')).toBe(true);
  });

  it('runs a package of a deps file on its first use only, and gives an import what Node gives one of a CommonJS module', () => {
    const required: string[] = [];
    const exports: { modules?: Record<string, unknown> } = {};
    new Function('exports', 'require', depsEntry(['yaml', 'cdk8s']))(exports, (s: string) => (required.push(s), { parse: s, 'not a name': 1 }));
    expect(required).toEqual([]);
    expect(exports.modules?.yaml).toEqual({ parse: 'yaml', 'not a name': 1 });
    expect(required).toEqual(['yaml']);
    const shim = depShimSource('yaml', ['parse', 'not a name']);
    expect(shim).toContain(`new URL("./${depsFile('yaml')}", import.meta.url)`);
    expect(shim).toContain('export const { parse } = ns;');
    expect(shim).toContain('export default ns;');
  });

  it('takes Node builtins by call in the bundle and in the start-up modules, so that no ES facade of them is built', () => {
    expect(builtinsByCall("import { readFileSync as read, type Stats, existsSync } from 'node:fs';\nimport module from 'node:module';\nimport type { Hash } from 'node:crypto';\nimport { type A } from 'node:fs';\nimport { x } from 'yaml';\n")).toBe(
      "const { readFileSync: read, existsSync } = globalThis.process.getBuiltinModule(\"node:fs\");\nconst module = globalThis.process.getBuiltinModule(\"node:module\");\nimport type { Hash } from 'node:crypto';\n\nimport { x } from 'yaml';\n",
    );
    // The start-up modules, start-caches.ts's relative imports followed: none imports a builtin.
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      expect(text.match(/^import (?!type )[^;]*from 'node:[^']+';$/gm) ?? [], file).toEqual([]);
      for (const m of text.matchAll(/^import (?!type )[^;]*from '(\.[^']+)';$/gm)) visit(join(dirname(file), m[1]!));
    };
    visit(join(import.meta.dirname, 'start-caches.ts'));
    expect(seen.size).toBeGreaterThan(8);
  });

  it('names the package of a bare specifier', () => {
    expect(dependencyName('yaml')).toBe('yaml');
    expect(dependencyName('yaml/util')).toBe('yaml');
    expect(dependencyName('@grafana/grafana-foundation-sdk/dashboard')).toBe('@grafana/grafana-foundation-sdk');
  });
});

describe('running the code bundle', () => {
  afterEach(() => {
    delete codeBundleState().workers;
    delete codeBundleState().name;
  });

  it("gives the bin this install's main entry and worker-pool.ts its worker entries, unless it is off", async () => {
    const manifest = await ensureCodeBundle();
    const main = installCodeBundle({ argv: ['validate'] }, {});
    expect(main?.href).toMatch(new RegExp(`/\\.cache/strata/code-[0-9a-f]{24}/${manifest.main}$`));
    // Named for the resolve cache, which keeps the bundle's resolutions apart.
    expect(`code-${codeBundleState().name}`).toBe(/\/(code-[0-9a-f]{24})\//.exec(main!.href)?.[1]);
    expect(bundledWorker(new URL('./render-worker.ts', import.meta.url)).href).toBe(new URL('render-worker.mjs', main).href);
    expect(bundledWorker(new URL('./other.ts', import.meta.url)).href).toBe(new URL('./other.ts', import.meta.url).href);
    delete codeBundleState().workers;
    // --debug: stack traces name the sources.
    expect(installCodeBundle({ argv: ['validate', '--debug'] }, {})).toBeUndefined();
    expect(installCodeBundle({ argv: ['validate'] }, { STRATA_NO_CODE_BUNDLE: '1' })).toBeUndefined();
    expect(bundledWorker(new URL('./render-worker.ts', import.meta.url)).href).toBe(new URL('./render-worker.ts', import.meta.url).href);
  });
});

import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MODEL_PACKAGES } from '@strata/validate/registry';
import { E2E_TIMEOUT, tempInstallCache } from './__fixtures__/cli.ts';
import { refreshBundle } from './model-bundle-build.ts';
import { bundleFiles, isModelSpecifier, MODEL_SCHEME, ModelBundle, modelHooks, readManifest, reexportSource, registryFolder } from './model-bundle.ts';

/** A folder where the bundle lives in use. */
const cacheFolder = (): string => tempInstallCache('strata-test-models-');

type Module = Readonly<Record<string, unknown>>;
interface Model {
  readonly apiVersion: string;
  readonly kind: string;
  readonly prototype: { validate(this: object): void };
}

/** Objects a bundle must judge as the packages do: valid ones, and each kind of error the validators report. */
const CASES: readonly { readonly specifier: string; readonly obj: Record<string, unknown> }[] = [
  { specifier: 'kubernetes-models/v1/Namespace', obj: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } } },
  { specifier: 'kubernetes-models/v1/Namespace', obj: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 7 } } },
  {
    specifier: 'kubernetes-models/apps/v1/Deployment',
    obj: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 'two', selector: {}, template: {} } },
  },
  {
    specifier: '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate',
    obj: { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web' }, spec: { secretName: 'web-tls', issuerRef: { name: 'le' }, dnsNames: ['a.example'] } },
  },
  {
    specifier: '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate',
    obj: { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web' }, spec: { issuerRef: {} } },
  },
  // Cilium's log config is checked with an RE2 pattern (`^\PC*$`): a control character fails it, in the bundle's stand-in too.
  {
    specifier: '@kubernetes-models/cilium/cilium.io/v2/CiliumClusterwideNetworkPolicy',
    obj: { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'deny' }, spec: { endpointSelector: {}, ingress: [{}], log: { value: 'audit' } } },
  },
  {
    specifier: '@kubernetes-models/cilium/cilium.io/v2/CiliumClusterwideNetworkPolicy',
    obj: { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'deny' }, spec: { endpointSelector: {}, ingress: [{}], log: { value: 'bell\u0007' } } },
  },
  {
    specifier: '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease',
    obj: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'x' }, spec: { interval: 5, chart: { spec: { chart: 'c', sourceRef: { kind: 'HelmRepository', name: 'r' } } } } },
  },
];

const SPECIFIERS = [...new Set(CASES.map((c) => c.specifier))];

/** The model class of `obj` among a module's exports. */
function modelIn(mod: Module | undefined, obj: Record<string, unknown>): Model {
  const found = Object.values(mod ?? {}).find((v) => typeof v === 'function' && (v as unknown as Model).kind === obj.kind && (v as unknown as Model).apiVersion === obj.apiVersion);
  if (found === undefined) throw new Error(`no model of ${String(obj.kind)}`);
  return found as Model;
}

/** What a model says of `obj`: 'valid', or its error's name and message. */
function verdict(model: Model, obj: object): string {
  try {
    model.prototype.validate.call(obj);
    return 'valid';
  } catch (err) {
    return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
}

describe('isModelSpecifier', () => {
  it('takes the modules of the model packages, and nothing that could leave them', () => {
    expect(isModelSpecifier('kubernetes-models/v1/Namespace')).toBe(true);
    expect(isModelSpecifier('@kubernetes-models/cilium/cilium.io/v2/CiliumLoadBalancerIPPool')).toBe(true);
    for (const bad of ['kubernetes-models', 'yaml/dist/index.js', '@kubernetes-models/evil/x', 'kubernetes-models/../../etc/passwd', 'kubernetes-models/v1/Name space', '/abs/kubernetes-models/v1/Pod', 'kubernetes-models//v1', '@kubernetes-models/cilium/package.json']) {
      expect(isModelSpecifier(bad), bad).toBe(false);
    }
    for (const bad of ['./kubernetes-models/v1/Pod', '@kubernetes-models', '@kubernetes-models/cilium', '@kubernetes-models/cilium/', 'node:fs', '']) {
      expect(isModelSpecifier(bad), bad).toBe(false);
    }
  });

  it('answers as a test of each package name as a prefix would, on any specifier', () => {
    const byPrefix = (s: string): boolean => {
      const pkg = MODEL_PACKAGES.find((p) => s.startsWith(`${p.name}/`));
      return pkg !== undefined && /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(s.slice(pkg.name.length + 1)) && !s.includes('..') && !s.endsWith('.json');
    };
    const part = fc.oneof(fc.constantFrom('kubernetes-models', '@kubernetes-models', 'cilium', 'flux-cd', 'v1', 'Pod', '.', '..', '', '@', 'x.json', 'kubernetes-modelsx'), fc.string({ maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 5 }), (parts) => {
        const specifier = parts.join('/');
        expect(isModelSpecifier(specifier)).toBe(byPrefix(specifier));
      }),
      { seed: 20261203, numRuns: 3000 },
    );
  });
});

describe('the model bundle', () => {
  it(
    'holds the models a run wanted, and its validators give the verdicts and messages of the packages themselves',
    async () => {
      const folder = cacheFolder();
      const files = bundleFiles(folder, 'test');
      // No bundle yet: every model is left to its own import, and each one is noted as wanted.
      const before = new ModelBundle(files);
      for (const specifier of SPECIFIERS) {
        expect(before.module(specifier)).toBeUndefined();
        before.missed(specifier);
      }
      before.missed('yaml'); // not a model: never bundled
      expect(readFileSync(files.wanted, 'utf8').trim().split('\n')).toEqual(SPECIFIERS);

      expect(await refreshBundle(files, registryFolder())).toBe('built');
      expect(existsSync(files.wanted)).toBe(false);
      const manifest = readManifest(files.manifest);
      expect(manifest.specifiers).toEqual([...SPECIFIERS].sort());
      expect(manifest.bundle).toMatch(/^models-test-[0-9a-f]{16}\.cjs$/);
      // re2-wasm stays outside, by absolute path, behind the stand-in that compiles patterns on first use.
      const text = readFileSync(join(folder, manifest.bundle), 'utf8');
      expect(text).toMatch(/var REAL = "\/[^"]*\/re2-wasm\/[^"]*"/);

      const source = new ModelBundle(files);
      const seen: string[] = [];
      for (const { specifier, obj } of CASES) {
        const bundled = source.module(specifier);
        expect(bundled, specifier).toBeDefined();
        const direct = (await import(specifier)) as Module;
        const expected = verdict(modelIn(direct, obj), obj);
        expect(verdict(modelIn(bundled, obj), obj), `${specifier} ${JSON.stringify(obj)}`).toBe(expected);
        seen.push(expected === 'valid' ? 'valid' : 'invalid');
      }
      // The cases cover both verdicts, the RE2 pattern's failure included.
      expect(seen).toEqual(['valid', 'invalid', 'invalid', 'valid', 'invalid', 'valid', 'invalid', 'invalid']);
      expect(source.module('kubernetes-models/v1/Pod')).toBeUndefined();

      // The module hook: a specifier Node resolves to the file the bundle was built from becomes a module
      // re-exporting the bundle's class; resolved elsewhere (another copy of the package), it is left alone.
      const hooks = modelHooks(new ModelBundle(files));
      const certificate = '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
      const asked: string[] = [];
      const answer = (url: string) => (specifier: string) => (asked.push(specifier), { url, format: 'module' });
      expect(hooks.resolve(certificate, {}, answer(manifest.urls[certificate]!))).toEqual({ url: `${MODEL_SCHEME}${certificate}`, format: 'module', shortCircuit: true });
      expect(hooks.resolve(certificate, {}, answer('file:///elsewhere/Certificate.js'))).toEqual({ url: 'file:///elsewhere/Certificate.js', format: 'module' });
      expect(hooks.resolve('yaml', {}, answer('file:///y.js'))).toEqual({ url: 'file:///y.js', format: 'module' });
      // An import with attributes is not a model module's, whatever its specifier.
      expect(hooks.resolve(certificate, { importAttributes: { type: 'json' } }, answer(manifest.urls[certificate]!))).toEqual({ url: manifest.urls[certificate], format: 'module' });
      expect(asked).toEqual([certificate, certificate, 'yaml', certificate]);
      const loaded = hooks.load(`${MODEL_SCHEME}${certificate}`, {}, () => ({}));
      expect(loaded).toEqual({ format: 'module', source: reexportSource(certificate, ['Certificate']), shortCircuit: true });
      expect(reexportSource(certificate, ['Certificate', 'default', 'not-a-name'])).toBe(
        `const ns = globalThis[Symbol.for('strata.model-bundle')](${JSON.stringify(certificate)});\nexport const { Certificate } = ns;\nexport default ns.default;\n`,
      );
      expect(() => hooks.load(`${MODEL_SCHEME}kubernetes-models/v1/Pod`, {}, () => ({}))).toThrow(/no longer holds kubernetes-models\/v1\/Pod/);

      // Nothing wanted since: nothing built. Something new: a new bundle with the old models too, and the old one gone.
      expect(await refreshBundle(files, registryFolder())).toBe('unchanged');
      source.missed('kubernetes-models/v1/Pod');
      expect(await refreshBundle(files, registryFolder())).toBe('built');
      const next = readManifest(files.manifest);
      expect(next.specifiers).toEqual([...SPECIFIERS, 'kubernetes-models/v1/Pod'].sort());
      expect(existsSync(join(folder, manifest.bundle))).toBe(false);
      expect(new ModelBundle(files).module('kubernetes-models/v1/Pod')).toBeDefined();

      // Served to a thread's imports, the bundle answers the validator registry's import and a component's
      // own: one class, the bundle's, and no model file of the packages loaded.
      const script = `
        const { ModelBundle, bundleFiles, serveBundle } = await import(${JSON.stringify(pathToFileURL(join(import.meta.dirname, 'model-bundle.ts')).href)});
        const bundle = new ModelBundle(bundleFiles(${JSON.stringify(folder)}, 'test'));
        serveBundle(bundle);
        const { modelFor } = await import('@strata/validate/registry');
        const viaRegistry = await modelFor('cert-manager.io/v1', 'Certificate');
        const { Certificate } = await import('${certificate}');
        const fromBundle = bundle.module('${certificate}').Certificate;
        console.log(JSON.stringify({ registry: viaRegistry === fromBundle, component: Certificate === fromBundle }));
      `;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: registryFolder(), encoding: 'utf8' });
      expect(child.stderr).toBe('');
      expect(JSON.parse(child.stdout)).toEqual({ registry: true, component: true });
      // What the child wanted: nothing (it imported the registry's package.json files as JSON, which are not
      // model modules). A model import the bundle lacks is left to Node, and wanted for the next build.
      const secret = 'kubernetes-models/v1/Secret';
      expect(modelHooks(new ModelBundle(files)).resolve(secret, {}, () => ({ url: 'file:///x/Secret.js', format: 'module' }))).toEqual({ url: 'file:///x/Secret.js', format: 'module' });
      expect(readFileSync(files.wanted, 'utf8')).toBe(`${secret}\n`);
    },
    4 * E2E_TIMEOUT,
  );

  it('records a build that fails and does not try again; a bundle that is gone leaves the models to their imports', async () => {
    const folder = cacheFolder();
    const files = bundleFiles(folder, 'test');
    new ModelBundle(files).missed('kubernetes-models/v1/NoSuchKind');
    expect(await refreshBundle(files, registryFolder())).toBe('failed');
    expect(readFileSync(files.failed, 'utf8')).toMatch(/NoSuchKind/);
    new ModelBundle(files).missed('kubernetes-models/v1/Namespace');
    expect(await refreshBundle(files, registryFolder())).toBe('unchanged');

    // A manifest whose bundle was removed (a build racing this run): the model is not held after all.
    rmSync(files.failed);
    writeFileSync(files.manifest, JSON.stringify({ bundle: 'models-test-0000000000000000.cjs', specifiers: ['kubernetes-models/v1/Namespace'], urls: { 'kubernetes-models/v1/Namespace': 'file:///x/Namespace.js' } }));
    expect(new ModelBundle(files).module('kubernetes-models/v1/Namespace')).toBeUndefined();
    // A manifest of the earlier shape (no URLs) holds nothing: its models are wanted again, and the next bundle has them.
    writeFileSync(files.manifest, JSON.stringify({ bundle: 'models-test-0000000000000000.cjs', specifiers: ['kubernetes-models/v1/Namespace'] }));
    expect(readManifest(files.manifest)).toEqual({ bundle: 'models-test-0000000000000000.cjs', specifiers: [], urls: {} });
    // A manifest that is not one holds nothing.
    writeFileSync(files.manifest, '{"bundle": "../../etc/x.cjs", "specifiers": ["kubernetes-models/v1/Namespace"]}');
    expect(readManifest(files.manifest)).toEqual({ bundle: '', specifiers: [], urls: {} });
  });
});

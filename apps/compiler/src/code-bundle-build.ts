// Building the code bundle (code-bundle.ts): loaded only by the main thread of
// a command that ran the sources for want of one, after its output is written.
import { randomBytes } from 'node:crypto';
import { createRequire, isBuiltin } from 'node:module';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ImportKind, PluginBuild } from 'esbuild';
import { recordFailure, removeStale } from './cache-files.ts';
import { CODE_FORMAT, CODE_MANIFEST, CODE_PREFIX, type CodeBundleFiles, type CodeManifest, codeBundleName } from './code-bundle.ts';
import { CODE_BUNDLE_KEY } from './code-bundle-state.ts';
import { hashInstalledCode } from './code-digest.ts';
import { componentPackages, strataScopeDir } from './components.ts';
import { DEP_NS, depShimSource, INLINED, writeDeps } from './code-bundle-deps.ts';
import { type Esbuild, loadEsbuild, NODE_BUILD } from './esbuild-node.ts';
import { packageName } from './model-bundle.ts';

const SRC = dirname(fileURLToPath(import.meta.url));
/** The modules every thread loads before the bundle: kept out of it, so each exists once in a thread. */
const START = join(SRC, 'start-caches.ts');
/** The entries: the bin's main, and the worker scripts (by the file worker-pool.ts is given). */
const MAIN = join(SRC, 'main.ts');
const WORKERS: Readonly<Record<string, string>> = { 'render-worker': join(SRC, 'render-worker.ts'), 'validate-worker': join(SRC, 'validate', 'worker.ts') };

const ENTRY_NS = 'strata-entry';
const INNER = Symbol('code-bundle: inner resolve');

/** The component modules components.ts imports (each package, and its light spec entry), from the packages' package.json. */
export function componentSpecifiers(scope: string): string[] {
  return componentPackages(scope).flatMap((p) => (p.specEntry === undefined ? [p.name] : [p.name, p.specEntry]));
}

/** The source of an entry: the component table for components.ts and the bundle's name (code-bundle.ts: CodeBundleState), then `body`. */
export function entrySource(name: string, components: readonly string[], body: string): string {
  const table = components.map((s) => `  ${JSON.stringify(s)}: () => import(${JSON.stringify(s)}),`);
  return `const state = (globalThis[Symbol.for('${CODE_BUNDLE_KEY}')] ??= {});\nstate.name = ${JSON.stringify(name)};\nstate.components = {\n${table.join('\n')}\n};\n${body}\n`;
}

/**
 * A workspace module's source as the bundle runs it: `import.meta` answers
 * what it answers for the source file (its URL, folder, and that it is not
 * the program's main module). Throws on any other use of `import.meta`.
 */
export function pinImportMeta(source: string, file: string): string {
  const out = source
    .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(file).href))
    .replaceAll('import.meta.dirname', JSON.stringify(dirname(file)))
    .replaceAll('import.meta.filename', JSON.stringify(file))
    .replaceAll('import.meta.main', 'false');
  if (out.includes('import.meta')) throw new Error(`${file}: a use of import.meta the code bundle cannot keep`);
  return out;
}

/** A whole-line import of a Node builtin: its clause, and the builtin. */
const BUILTIN_IMPORT = /^import (?!type )(\{[^}]*\}|\* as [A-Za-z_$][\w$]*|[A-Za-z_$][\w$]*) from '(node:[a-z_/]+)';$/gm;

/**
 * A module's source with its imports of Node builtins as `getBuiltinModule`
 * calls: `import { readFileSync as read, type Stats } from 'node:fs'` becomes
 * `const { readFileSync: read } = globalThis.process.getBuiltinModule('node:fs')`.
 * An ES module import of a builtin makes Node build the module's ES facade,
 * which reads every export, lazy ones too: `node:fs` loads `fs/promises`,
 * readline and its streams, `node:util` its diff and argument parser (5 ms each
 * at a start); the call reads only what is named. Any other form of import
 * is left as it is.
 */
export function builtinsByCall(source: string): string {
  return source.replace(BUILTIN_IMPORT, (line, clause: string, id: string) => {
    if (!isBuiltin(id)) return line;
    const call = `globalThis.process.getBuiltinModule(${JSON.stringify(id)})`;
    if (!clause.startsWith('{')) return `const ${clause.replace(/^\* as /, '')} = ${call};`;
    const names = clause
      .slice(1, -1)
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '' && !n.startsWith('type '))
      .map((n) => n.replace(/^([\w$]+) as ([\w$]+)$/, '$1: $2'));
    return names.length === 0 ? '' : `const { ${names.join(', ')} } = ${call};`;
  });
}

function isBare(specifier: string): boolean {
  return !specifier.startsWith('.') && !isAbsolute(specifier) && !specifier.startsWith('file:');
}

/** Every workspace file the start-up modules import, start-caches.ts's tree (absolute paths); fails if they import an {@link INLINED} package. */
async function startSet(esbuild: Esbuild): Promise<Set<string>> {
  const result = await esbuild.build({
    entryPoints: [START],
    absWorkingDir: SRC,
    ...NODE_BUILD,
    format: 'esm',
    plugins: [
      {
        name: 'dependencies-outside',
        setup(build: PluginBuild): void {
          build.onResolve({ filter: /^[^./]/ }, (args) => {
            if (args.path.startsWith('@strata/')) return undefined;
            if (INLINED.has(packageName(args.path))) throw new Error(`${args.importer} imports ${args.path}, which the code bundle holds: the thread would load it twice`);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return new Set(Object.keys(result.metafile?.inputs ?? {}).map((p) => resolve(SRC, p)));
}

/**
 * The bundle of this install's code into `outdir`: its manifest. The start-up
 * modules are imported by their file URL and dependencies by their bare
 * specifier, which must find the same package from the bundle's folder as from
 * the source that imports it.
 */
export async function buildCodeBundleInto(outdir: string, digest: string, scope: string): Promise<CodeManifest> {
  const esbuild = loadEsbuild();
  const start = await startSet(esbuild);
  const components = componentSpecifiers(scope);
  const sources: Record<string, string> = {
    main: entrySource(codeBundleName(digest), components, `export { main } from ${JSON.stringify(MAIN)};`),
    ...Object.fromEntries(Object.entries(WORKERS).map(([name, file]) => [name, entrySource(codeBundleName(digest), components, `await import(${JSON.stringify(file)});`)])),
  };
  const sameFrom = new Map<string, Promise<void>>();
  /** The {@link INLINED} specifiers the code imports, with the file each resolves to. */
  const deps = new Map<string, string>();
  /** Fails the build when `specifier`, imported from `resolveDir`, would find another file from the bundle's folder. */
  const checkSame = (build: PluginBuild, specifier: string, resolveDir: string, kind: ImportKind, found: string): Promise<void> => {
    const key = `${resolveDir}\0${specifier}\0${kind}`;
    let check = sameFrom.get(key);
    if (check === undefined) {
      check = build.resolve(specifier, { resolveDir: outdir, kind, pluginData: INNER }).then((there) => {
        if (there.errors.length > 0 || there.path !== found) throw new Error(`${specifier} resolves to ${found} from ${resolveDir} but to ${there.path || 'nothing'} from the bundle`);
      });
      sameFrom.set(key, check);
    }
    return check;
  };
  const plugin = {
    name: 'strata-code',
    setup(build: PluginBuild): void {
      build.onResolve({ filter: /^strata-entry:/ }, (args) => ({ path: args.path.slice(ENTRY_NS.length + 1), namespace: ENTRY_NS }));
      build.onLoad({ filter: /.*/, namespace: ENTRY_NS }, (args) => ({ contents: sources[args.path]!, loader: 'js', resolveDir: SRC }));
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === INNER) return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const found = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: INNER });
        if (found.errors.length > 0) return { errors: found.errors };
        const real = found.path;
        if (start.has(real)) return { path: pathToFileURL(real).href, external: true };
        // A workspace package: in the bundle.
        if (!real.split('/').includes('node_modules') || !isBare(args.path)) return { path: real };
        // A dependency served from a deps file, through a stand-in.
        if (INLINED.has(packageName(args.path))) {
          const known = deps.get(args.path);
          if (known !== undefined && known !== real) throw new Error(`${args.path} resolves to ${real} from ${args.resolveDir} but to ${known} elsewhere: a deps file holds one`);
          deps.set(args.path, real);
          return { path: args.path, namespace: DEP_NS };
        }
        // Any other dependency: loaded from node_modules, by its specifier.
        await checkSame(build, args.path, args.resolveDir, args.kind, real);
        return { path: args.path, external: true };
      });
      build.onLoad({ filter: /.*/, namespace: DEP_NS }, (args) => {
        // Its names as Node gives them to an import of a CommonJS module: the properties of module.exports.
        const names = Object.keys(createRequire(import.meta.url)(deps.get(args.path)!) as object);
        return { contents: depShimSource(args.path, names), loader: 'js', resolveDir: SRC };
      });
      build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
        if (args.path.split('/').includes('node_modules')) throw new Error(`${args.path}: a dependency's file in the code bundle`);
        return { contents: builtinsByCall(pinImportMeta(readFileSync(args.path, 'utf8'), args.path)), loader: args.path.endsWith('ts') ? 'ts' : 'js' };
      });
    },
  };
  // Made first: the bare specifiers are resolved from it too.
  mkdirSync(outdir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: Object.keys(sources).map((name) => ({ in: `${ENTRY_NS}:${name}`, out: name })),
    absWorkingDir: SRC,
    outdir,
    ...NODE_BUILD,
    splitting: true,
    format: 'esm',
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    // Node runs the sources with their types stripped and nothing else: class fields as defined, imports as written.
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, verbatimModuleSyntax: true } },
    plugins: [plugin],
  });
  const inputs: Record<string, string[]> = {};
  const workers: Record<string, string> = {};
  for (const [out, meta] of Object.entries(result.metafile?.outputs ?? {})) {
    const name = basename(out);
    inputs[name] = Object.keys(meta.inputs)
      .filter((p) => !p.startsWith(`${ENTRY_NS}:`))
      .map((p) => pathToFileURL(resolve(SRC, p)).href);
    const entry = meta.entryPoint?.startsWith(`${ENTRY_NS}:`) === true ? meta.entryPoint.slice(ENTRY_NS.length + 1) : undefined;
    if (entry !== undefined && entry in WORKERS) workers[pathToFileURL(WORKERS[entry]!).href] = name;
  }
  for (const file of result.outputFiles ?? []) writeFileSync(file.path, file.contents);
  Object.assign(inputs, await writeDeps(esbuild, deps, outdir));
  const manifest: CodeManifest = { format: CODE_FORMAT, digest, main: 'main.mjs', workers, inputs };
  if (!existsSync(join(outdir, manifest.main)) || Object.keys(workers).length !== Object.keys(WORKERS).length) throw new Error('esbuild wrote no main or worker entry');
  writeFileSync(join(outdir, CODE_MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

/**
 * Builds the bundle of `files.digest` into a temp folder and renames it into
 * place; kept only if the code did not change while it was built. Then the
 * bundles of other code built over a day ago go. Never throws: a failure is
 * recorded in `files.failed`.
 */
export async function buildCodeBundle(files: CodeBundleFiles, now = Date.now()): Promise<'built' | 'changed' | 'failed'> {
  const tmp = `${files.folder}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const scope = strataScopeDir();
    if (scope === undefined) throw new Error('no @strata packages folder');
    await buildCodeBundleInto(tmp, files.digest, scope);
    // An edit while it was built: the bundle may hold code of neither digest.
    if (hashInstalledCode(scope) !== files.digest) return 'changed';
    try {
      renameSync(tmp, files.folder);
    } catch {
      // Another run put the same bundle in place first.
    }
    const own = basename(files.folder);
    removeStale(dirname(files.folder), (n) => n.startsWith(CODE_PREFIX) && !n.startsWith(own), now);
    return 'built';
  } catch (err) {
    recordFailure(files.failed, err);
    return 'failed';
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

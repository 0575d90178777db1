// The start-up caches, installed by every strata thread before anything else
// loads (the bin, the render and validate workers, the bench's harness):
// node: builtins and the cache modules only. Those modules take the builtins by
// `process.getBuiltinModule`, not by `import`: an ES import of a builtin makes
// Node build its ES facade, which reads every export, lazy ones too (`node:fs`
// then loads fs/promises, readline and its streams; `node:crypto` webcrypto),
// 10 ms of every command's start. The code bundle does the same for its own
// code (code-bundle-build.ts: builtinsByCall).
import { finishCodeBundle, installCodeBundle } from './code-bundle.ts';
import { codeBundleState } from './code-bundle-state.ts';
import { boundHeapGrowth } from './heap-budget.ts';
import { finishModelBundle, installModelBundle } from './model-bundle.ts';
import { installResolveCache } from './resolve-cache.ts';

/**
 * The modules' resolutions (resolve-cache.ts) and the model bundle
 * (model-bundle.ts) for this thread. The main thread is the `owner`: it sets
 * the process's heap growing factor (heap-budget.ts), is
 * given the code bundle's main entry for its `argv` when there is one
 * (code-bundle.ts; import `main` from it, else from main.ts), and builds new
 * bundles when the command is done ({@link finishStartCaches}). Call after
 * `module.enableCompileCache()`.
 */
export function installStartCaches(opts: { readonly owner: true; readonly argv: readonly string[] }): URL | undefined;
export function installStartCaches(opts: { readonly owner: false }): undefined;
export function installStartCaches(opts: { readonly owner: boolean; readonly argv?: readonly string[] }): URL | undefined {
  // Before any code is read from a cache: the factor is a V8 flag, and V8 stamps caches with its flags.
  if (opts.owner) boundHeapGrowth();
  const entry = opts.owner && opts.argv !== undefined ? installCodeBundle({ argv: opts.argv }) : undefined;
  // A worker learns it runs the bundle from the bundle's own entry, which names it.
  const bundle = codeBundleState().name;
  installResolveCache(process.env, bundle === undefined ? undefined : `code-${bundle}`);
  installModelBundle(opts);
  return entry;
}

/** For the owner once its command's output is written: a new model bundle when this run wanted models the last one lacked, and the code bundle when it had none. */
export async function finishStartCaches(): Promise<void> {
  await finishModelBundle();
  await finishCodeBundle();
}

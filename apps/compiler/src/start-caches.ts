// The start-up caches, installed by every strata thread before anything else
// loads (the bin, the render and validate workers, the bench's harness):
// node: builtins and the cache modules only.
import { installModelBundle } from './model-bundle.ts';
import { installResolveCache } from './resolve-cache.ts';

/**
 * The modules' resolutions (resolve-cache.ts) and the model bundle
 * (model-bundle.ts) for this thread; the main thread is the `owner`, which
 * builds a new bundle when the command is done ({@link finishStartCaches}).
 * Call after `module.enableCompileCache()`.
 */
export function installStartCaches(opts: { readonly owner: boolean }): void {
  installResolveCache();
  installModelBundle(opts);
}

/** For the owner once its command's output is written: a new model bundle, when this run wanted models the last one lacked. */
export { finishModelBundle as finishStartCaches } from './model-bundle.ts';

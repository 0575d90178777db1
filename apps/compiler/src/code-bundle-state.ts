// What the code bundle's entries, the bin and the compiler share in a thread (code-bundle.ts). No imports:
// components.ts reads it without importing code-bundle.ts, which imports components.ts.

/** What the bundle's modules and the compiler share in a thread; empty when it runs the sources. */
export interface CodeBundleState {
  /** The components, by the specifier components.ts would import: set by the bundle's entries. */
  components?: Readonly<Record<string, () => Promise<unknown>>>;
  /** The bundle's worker entries, by the URL of the worker script they stand for. */
  workers?: Readonly<Record<string, string>>;
  /** The bundle this thread runs (its folder's name without the prefix): set by the bin's installCodeBundle, and by a worker entry. */
  name?: string;
}

/** The `Symbol.for` key of the state on `globalThis`: the bundle's generated entries set it by this key. */
export const CODE_BUNDLE_KEY = 'strata.code-bundle';

/** This thread's code bundle state. */
export function codeBundleState(): CodeBundleState {
  const g = globalThis as Record<symbol, CodeBundleState | undefined>;
  return (g[Symbol.for(CODE_BUNDLE_KEY)] ??= {});
}

// esbuild as strata's bundle builders use it (code-bundle-build.ts, code-bundle-deps.ts,
// model-bundle-build.ts): loaded only by a build, never at a command's start.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Plugin } from 'esbuild';

export type Esbuild = typeof import('esbuild');

/** esbuild, by its CommonJS entry. */
export function loadEsbuild(): Esbuild {
  return createRequire(import.meta.url)('esbuild') as Esbuild;
}

/** What every build is: one Node program, in memory, with esbuild's record of it. */
export const NODE_BUILD = { bundle: true, platform: 'node', target: 'node22', write: false, metafile: true, logLevel: 'silent', legalComments: 'none' } as const;

/** A CommonJS bundle built from a generated entry. */
export interface CommonJsBundle {
  readonly text: string;
  /** Each specifier the entry imports or requires, with the file (absolute path) it resolved to. */
  readonly resolved: ReadonlyMap<string, string>;
  /** Every file the bundle holds besides the entry (absolute paths). */
  readonly holds: readonly string[];
}

/**
 * The CommonJS bundle of the generated module `contents` (named `sourcefile`,
 * resolving from `resolveDir`): CommonJS, so that code-cache.ts can run it with
 * a V8 code cache (vm.Script), where an ES module could not be.
 */
export async function buildCommonJs(
  esbuild: Esbuild,
  entry: { readonly contents: string; readonly sourcefile: string; readonly resolveDir: string },
  plugins: Plugin[] = [],
): Promise<CommonJsBundle> {
  const { contents, sourcefile, resolveDir } = entry;
  const result = await esbuild.build({ stdin: { contents, resolveDir, loader: 'js', sourcefile }, absWorkingDir: resolveDir, ...NODE_BUILD, format: 'cjs', plugins });
  const text = result.outputFiles?.[0]?.text;
  if (text === undefined) throw new Error(`esbuild wrote no bundle for ${sourcefile}`);
  const inputs = result.metafile?.inputs ?? {};
  // Where each specifier of the entry resolved, from esbuild's record of its imports.
  const resolved = new Map((inputs[sourcefile]?.imports ?? []).flatMap((i) => (i.original === undefined ? [] : [[i.original, resolve(resolveDir, i.path)] as const])));
  return { text, resolved, holds: Object.keys(inputs).filter((p) => p !== sourcefile).map((p) => resolve(resolveDir, p)) };
}

// kubeconform beside `strata validate`: where the binary is, how it is run on
// the committed files, and how the two are compared. Pure, apart from looking
// at files to find the binary.
import { basename, delimiter, join, resolve } from 'node:path';
import { isExecutable, kubeconformOnPath } from '@strata/kubeconform';

/** A kubeconform to run, and where it was found. */
export interface Found {
  readonly found: true;
  readonly path: string;
  readonly via: 'KUBECONFORM_BIN' | 'PATH' | 'shared';
}

/** No kubeconform: every place looked at, with why each did not do. */
export interface NotFound {
  readonly found: false;
  readonly looked: readonly string[];
}

/** The offline kc-strict wrapper that strata's own checks run, relative to the repository (beside the clone). */
export function sharedKcStrict(repo: string): string {
  return resolve(repo, '../shared/tools/kubeconform/kc-strict');
}

/**
 * Finds kubeconform the way the bench runs it: `$KUBECONFORM_BIN` (which must
 * then be executable), else `kubeconform` on PATH — not the workspace's own
 * `npx kubeconform` wrapper, which would download a release — else the
 * offline `kc-strict` of `../shared/tools/kubeconform/` beside the repository.
 */
export function locateKubeconform(env: Readonly<Record<string, string | undefined>>, repo: string): Found | NotFound {
  const explicit = env.KUBECONFORM_BIN;
  if (explicit !== undefined && explicit !== '') {
    return isExecutable(explicit) ? { found: true, path: explicit, via: 'KUBECONFORM_BIN' } : { found: false, looked: [`KUBECONFORM_BIN=${explicit} (not an executable file)`] };
  }
  const looked = ['KUBECONFORM_BIN (unset)'];
  const onPath = kubeconformOnPath(env, join(repo, 'tools/kubeconform/bin/kubeconform.js'));
  if (onPath.path !== undefined) return { found: true, path: onPath.path, via: 'PATH' };
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  looked.push(`kubeconform on PATH (${dirs.length} folders${onPath.skippedWrapper ? '; only the workspace wrapper, which downloads' : ''})`);
  const shared = sharedKcStrict(repo);
  if (isExecutable(shared)) return { found: true, path: shared, via: 'shared' };
  looked.push(`${shared} (absent)`);
  return { found: false, looked };
}

/** Files kubeconform is not given, as strata's own check runs it: NixOS modules, kustomizations, indexes. */
export const IGNORED = ['/nixos/', 'kustomization\\.yaml$', 'index\\.json$'] as const;

/**
 * The arguments for checking `targets` (files or folders) strictly. `kc-strict`
 * brings `-strict -summary` and its offline schemas; a plain kubeconform gets
 * `-strict -summary` and its default schema locations.
 */
export function kubeconformArgs(binary: string, targets: readonly string[]): string[] {
  const ignores = IGNORED.flatMap((p) => ['-ignore-filename-pattern', p]);
  return [...(basename(binary) === 'kc-strict' ? [] : ['-strict', '-summary']), ...ignores, ...targets];
}

/** kubeconform's `-summary` line. */
export interface Summary {
  readonly resources: number;
  readonly files: number;
  readonly valid: number;
  readonly invalid: number;
  readonly errors: number;
  readonly skipped: number;
}

/** Reads `Summary: 152 resources found in 152 files - Valid: 152, Invalid: 0, Errors: 0, Skipped: 0`; undefined when absent. */
export function parseSummary(output: string): Summary | undefined {
  const m = /Summary: (\d+) resources? found in (\d+) files? - Valid: (\d+), Invalid: (\d+), Errors: (\d+),? Skipped: (\d+)/.exec(output);
  if (m === null) return undefined;
  const [resources, files, valid, invalid, errors, skipped] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return { resources, files, valid, invalid, errors, skipped };
}

/** Objects per second, rounded; `—` when there is no time to divide by. */
export function rate(objects: number, ms: number): string {
  return ms > 0 ? `${Math.round((objects / ms) * 1000)} obj/s` : '—';
}

/**
 * strata's speed relative to kubeconform's on the same files: kubeconform's
 * wall time over strata's (above 1: strata is faster), with which one is
 * faster by how much.
 */
export function ratioText(strataMs: number, kubeconformMs: number): string {
  if (!(strataMs > 0) || !(kubeconformMs > 0)) return 'n/a';
  return ratioWords(kubeconformMs / strataMs);
}

/** A ratio of kubeconform's wall time over strata's, in words. */
export function ratioWords(ratio: number): string {
  if (!(ratio > 0) || !Number.isFinite(ratio)) return 'n/a';
  const faster = ratio >= 1 ? `strata ${ratio.toFixed(1)}x faster` : `kubeconform ${(1 / ratio).toFixed(1)}x faster`;
  return `${ratio.toFixed(2)}x (${faster})`;
}

/**
 * The median, over runs of strata and kubeconform taken in turn, of
 * kubeconform's wall time over strata's in each pair: a machine whose speed
 * drifts moves both runs of a pair alike, so the ratio holds where the
 * medians of each alone would not. NaN without a pair.
 */
export function medianRatio(pairs: readonly (readonly [strataMs: number, kubeconformMs: number])[]): number {
  const ratios = pairs.filter(([s, k]) => s > 0 && k > 0).map(([s, k]) => k / s).sort((a, b) => a - b);
  if (ratios.length === 0) return Number.NaN;
  const mid = Math.floor(ratios.length / 2);
  return ratios.length % 2 === 1 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
}

/** Runs of strata and kubeconform in turn for a fleet of `clusters` (the examples: 3), when each run takes well under a second or two. */
export function pairsFor(clusters: number, runs: number): number {
  return Math.max(runs, clusters <= 10 ? 7 : clusters <= 100 ? 3 : 1);
}

/** The fleet sizes compared: 1, 10, 100 and the whole fleet, each at most `count`, once each. */
export function fleetSizes(count: number): number[] {
  return [...new Set([1, 10, 100, count].filter((n) => n >= 1 && n <= count))].sort((a, b) => a - b);
}

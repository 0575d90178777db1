import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Runner } from './runner.ts';

/** The chart a pin names: where to get it. */
export interface ChartRef {
  readonly repository: string;
  readonly chart: string;
  readonly version?: string;
}

/**
 * `found`: the version exists and `dir` holds it unpacked. `missing`: it does
 * not exist (never released, a typo): a failure. `unavailable`: this resolver
 * cannot tell (no reference copy): skipped, never passed.
 */
export type Resolution =
  | { readonly status: 'found'; readonly dir: string }
  | { readonly status: 'missing'; readonly message: string }
  | { readonly status: 'unavailable'; readonly message: string };

/** Where chart folders come from: `helm pull` online, or a folder of reference copies. */
export interface ChartResolver {
  resolve(ref: ChartRef): Promise<Resolution>;
}

function isOci(ref: ChartRef): boolean {
  return ref.repository.startsWith('oci://');
}

/** How helm names the chart: `oci://…/<chart>`, or `<chart> --repo <url>` (no `helm repo add` state). */
export function helmChartArgs(ref: ChartRef): string[] {
  return isOci(ref) ? [`${ref.repository.replace(/\/+$/, '')}/${ref.chart}`] : [ref.chart, '--repo', ref.repository];
}

/** The first line of a client's error output, without helm's `Error: ` prefix. */
export function firstLine(text: string): string {
  return (text.trim().split('\n')[0] ?? '').trim().replace(/^Error: /, '');
}

/**
 * Online: `helm show chart` proves the version exists (and that helm resolved
 * exactly it), then `helm pull --untar` unpacks it under `workDir`.
 */
export function helmResolver(runner: Runner, workDir: string): ChartResolver {
  return {
    async resolve(ref) {
      if (ref.version === undefined) return { status: 'unavailable', message: 'the tree pins this chart by digest alone, so there is no version to pull' };
      const version = ['--version', ref.version];
      const show = await runner.run({ command: 'helm', args: ['show', 'chart', ...helmChartArgs(ref), ...version] });
      if (show.code !== 0) return { status: 'missing', message: firstLine(show.stderr) || `helm show chart exited ${show.code}` };
      const shown = String((parse(show.stdout) as { version?: unknown } | null)?.version ?? '');
      if (shown !== ref.version) return { status: 'missing', message: `helm resolved version ${ref.version} to ${shown || 'nothing'}` };
      const into = join(workDir, 'charts', `${ref.chart}-${ref.version}`);
      mkdirSync(into, { recursive: true });
      const pull = await runner.run({ command: 'helm', args: ['pull', ...helmChartArgs(ref), ...version, '--untar', '--untardir', into] });
      if (pull.code !== 0) return { status: 'missing', message: firstLine(pull.stderr) || `helm pull exited ${pull.code}` };
      const dir = join(into, ref.chart);
      if (!existsSync(join(dir, 'Chart.yaml'))) return { status: 'unavailable', message: `helm pull left no ${ref.chart}/Chart.yaml in ${into}` };
      return { status: 'found', dir };
    },
  };
}

/** SOURCE.json beside a reference copy: where it was read and whether that version was ever released. */
interface Source {
  released?: boolean;
  nearest?: string;
  note?: string;
}

/**
 * Offline: `<root>/<chart>/<version>/` as read from upstream (the layout of
 * `shared/reference/charts`). A SOURCE.json with `released: false` makes the
 * version missing; no folder makes it unavailable.
 */
export function referenceResolver(root: string): ChartResolver {
  return {
    async resolve(ref) {
      if (ref.version === undefined) return { status: 'unavailable', message: 'the tree pins this chart by digest alone, so there is no version to look up' };
      const dir = join(root, ref.chart, ref.version);
      if (!existsSync(join(dir, 'Chart.yaml'))) return { status: 'unavailable', message: `no reference copy at ${dir}` };
      const sourceFile = join(dir, 'SOURCE.json');
      const source = existsSync(sourceFile) ? (JSON.parse(readFileSync(sourceFile, 'utf8')) as Source) : {};
      if (source.released === false) {
        const nearest = source.nearest === undefined ? '' : ` (nearest release: ${source.nearest})`;
        return { status: 'missing', message: `not released${nearest}${source.note === undefined ? '' : `: ${source.note}`}` };
      }
      return { status: 'found', dir };
    },
  };
}

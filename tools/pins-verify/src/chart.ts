import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Runner } from './runner.ts';

/** An unpacked chart as Helm reads it: metadata, defaults, schema, subcharts and templates. */
export interface LoadedChart {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
  /** values.yaml. */
  readonly defaults: Record<string, unknown>;
  /** values.schema.json, when the chart has one. */
  readonly schema?: Record<string, unknown>;
  /**
   * Dependencies by the key their values live under (alias, else name), with
   * the `condition` that enables them. `chart` is undefined when Chart.yaml
   * declares the dependency but its files are not in `charts/`.
   */
  readonly subcharts: ReadonlyMap<string, { readonly chart?: LoadedChart; readonly condition?: string }>;
  /** The text of every file under templates/, to tell which keys the templates read. */
  readonly templates: string;
}

interface ChartYaml {
  name?: string;
  version?: string;
  dependencies?: { name?: string; alias?: string; condition?: string }[];
}

function readYaml(file: string): unknown {
  return existsSync(file) ? parse(readFileSync(file, 'utf8'), { maxAliasCount: -1 }) : undefined;
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function allText(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

/** The folder of a dependency inside `charts/`: unpacked, or a `.tgz` that `tar` unpacks into a temp folder. */
async function dependencyDir(dir: string, name: string, runner: Runner | undefined): Promise<string | undefined> {
  const charts = join(dir, 'charts');
  if (!existsSync(charts)) return undefined;
  const entries = readdirSync(charts).sort();
  for (const e of entries) {
    const p = join(charts, e);
    if (statSync(p).isDirectory() && record(readYaml(join(p, 'Chart.yaml'))).name === name) return p;
  }
  const tgz = entries.find((e) => e.startsWith(`${name}-`) && e.endsWith('.tgz'));
  if (tgz === undefined || runner === undefined) return undefined;
  const out = mkdtempSync(join(tmpdir(), 'strata-subchart-'));
  const res = await runner.run({ command: 'tar', args: ['-xzf', join(charts, tgz), '-C', out] });
  return res.code === 0 && existsSync(join(out, name)) ? join(out, name) : undefined;
}

/**
 * Reads an unpacked chart folder (what `helm pull --untar` leaves, or a
 * reference copy). Packaged subcharts (`charts/*.tgz`) are unpacked with
 * `tar` through the runner.
 */
export async function loadChart(dir: string, runner?: Runner): Promise<LoadedChart> {
  const meta = record(readYaml(join(dir, 'Chart.yaml'))) as ChartYaml;
  // apiVersion v1 charts list dependencies in requirements.yaml.
  const deps = meta.dependencies ?? (record(readYaml(join(dir, 'requirements.yaml'))) as ChartYaml).dependencies ?? [];
  const subcharts = new Map<string, { chart?: LoadedChart; condition?: string }>();
  for (const dep of deps) {
    if (dep.name === undefined) continue;
    const sub = await dependencyDir(dir, dep.name, runner);
    subcharts.set(dep.alias ?? dep.name, {
      ...(sub === undefined ? {} : { chart: await loadChart(sub, runner) }),
      ...(dep.condition === undefined ? {} : { condition: dep.condition }),
    });
  }
  const schemaFile = join(dir, 'values.schema.json');
  return {
    name: meta.name ?? '',
    version: String(meta.version ?? ''),
    dir,
    defaults: record(readYaml(join(dir, 'values.yaml'))),
    ...(existsSync(schemaFile) ? { schema: JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown> } : {}),
    subcharts,
    templates: allText(join(dir, 'templates')),
  };
}

import { formatPath, type Located, type LoadResult } from '@strata/core';
import { errorCount, type Io, plural, printFindings } from '../report.ts';
import { loadEntry, openSession, type SessionOptions } from '../session.ts';

export interface SpecOptions extends SessionOptions {
  readonly json: boolean;
}

/** One value of a resolved spec and the place that set it (absent: a default). */
export interface SpecValue {
  readonly path: string;
  readonly value: unknown;
  readonly from?: Located;
}

/**
 * The leaves of a loaded spec in document order, each with the file, line
 * and column that set it. A list of scalars is one value (lists replace as a
 * whole unless their entries are named), a list of mappings is walked entry by entry.
 */
export function specValues(loaded: LoadResult): SpecValue[] {
  const out: SpecValue[] = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    const isMap = value !== null && typeof value === 'object' && !Array.isArray(value);
    const isListOfMaps = Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object');
    if (isMap && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
      return;
    }
    if (isListOfMaps) {
      value.forEach((v, i) => walk(v, [...path, i]));
      return;
    }
    const from = loaded.sourceOf?.(path);
    out.push({ path: formatPath(path), value, ...(from === undefined ? {} : { from }) });
  };
  // The header first, as a cluster file is written; the merge puts profile keys (spec) ahead of it.
  const top = (loaded.cluster ?? {}) as Record<string, unknown>;
  const order = ['apiVersion', 'kind', 'profiles', 'metadata'];
  for (const k of [...order.filter((k) => k in top), ...Object.keys(top).filter((k) => !order.includes(k))]) walk(top[k], [k]);
  return out;
}

/**
 * `strata spec [--cluster NAME]…`: the resolved spec of each cluster (its
 * profiles merged, defaults applied), one value per line with the file and
 * line that set it, or `default` when no file did.
 */
export async function specCommand(opts: SpecOptions, io: Io): Promise<number> {
  const session = await openSession(opts, { parts: 'spec' });
  const text: string[] = [];
  const json: object[] = [];
  for (const entry of session.selected) {
    const loaded = loadEntry(session, entry);
    if (loaded.cluster === undefined) {
      printFindings(io, loaded.findings);
      io.stderr.write(`${entry.name}: the spec has ${plural(errorCount(loaded.findings), 'error')}; nothing to show\n`);
      return 1;
    }
    const values = specValues(loaded);
    const profiles = loaded.profiles ?? [];
    json.push({ cluster: entry.name, file: entry.specFile, profiles, values });
    text.push(`${entry.name} (${entry.specFile}${profiles.length === 0 ? '' : `; profiles: ${profiles.map((p) => p.name).join(', ')}`})`);
    for (const v of values) {
      const where = v.from === undefined ? 'default' : `${v.from.file}:${v.from.line}:${v.from.column}`;
      text.push(`  ${v.path}: ${JSON.stringify(v.value)}  # ${where}`);
    }
    text.push('');
  }
  io.stdout.write(opts.json ? `${JSON.stringify(json, null, 2)}\n` : text.join('\n'));
  return 0;
}

import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { type KindSchema, strictSchemas } from '@strata/validate';
import type { Io } from '../report.ts';
import { UsageError } from '../workspace.ts';

/** What to pass kubeconform as `-schema-location` for a folder written by {@link schemasExportCommand}. */
export function schemaLocation(dir: string): string {
  return `${dir}/{{ .ResourceKind }}{{ .KindSuffix }}.json`;
}

/**
 * kubeconform's file name for a kind (its `{{ .ResourceKind }}{{ .KindSuffix }}.json`,
 * the naming of yannh/kubernetes-json-schema): kind lowercased, then the
 * first DNS label of the group (none for the core group), then the version:
 * `pod-v1.json`, `deployment-apps-v1.json`, `ciliumloadbalancerippool-cilium-v2.json`.
 */
export function schemaFileName(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const label = group === '' ? '' : `-${group.split('.')[0]!.toLowerCase()}`;
  return `${kind.toLowerCase()}${label}-${version.toLowerCase()}.json`;
}

/** File name → text, for every kind; throws if two kinds would share a file. */
export function schemaFiles(schemas: readonly KindSchema[]): Map<string, string> {
  const files = new Map<string, string>();
  const owner = new Map<string, string>();
  for (const { apiVersion, kind, schema } of schemas) {
    const name = schemaFileName(apiVersion, kind);
    const previous = owner.get(name);
    if (previous !== undefined) throw new Error(`${apiVersion} ${kind} and ${previous} would both be written to ${name}`);
    owner.set(name, `${apiVersion} ${kind}`);
    files.set(name, `${JSON.stringify(schema)}\n`);
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * `strata schemas export --out DIR`: writes the strict JSON Schema of every
 * kind strata validates (unknown fields are errors, as in `strata validate`)
 * into DIR in kubeconform's layout, so kubeconform runs offline with
 * `-schema-location 'DIR/{{ .ResourceKind }}{{ .KindSuffix }}.json'`, which it
 * prints on stdout. DIR is written beside and swapped in whole; a DIR that
 * holds anything but `.json` files is refused rather than replaced.
 */
export async function schemasExportCommand(opts: { out?: string }, io: Io): Promise<number> {
  if (opts.out === undefined) throw new UsageError('schemas export needs --out DIR');
  const dir = resolve(io.cwd, opts.out);
  if (existsSync(dir)) {
    const foreign = readdirSync(dir, { withFileTypes: true }).find((e) => !e.isFile() || !e.name.endsWith('.json'));
    if (foreign !== undefined) throw new UsageError(`--out ${opts.out} holds ${foreign.name}, which is not a schema; choose a new or empty folder`);
  }
  const files = schemaFiles(await strictSchemas());
  const tmp = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}`);
  const old = join(dirname(dir), `.${basename(dir)}.old-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    for (const [name, text] of files) writeFileSync(join(tmp, name), text);
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(tmp, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
  io.stderr.write(`wrote ${files.size} schemas to ${opts.out}\n`);
  io.stdout.write(`${schemaLocation(opts.out)}\n`);
  return 0;
}

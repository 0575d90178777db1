import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLUSTER_SCHEMA_PATH, type Finding, finding } from '@strata/core';
import { errorCount, type Io, painter, plural, printFindings } from '../report.ts';
import { INDEX_FILE, type RenderedCluster } from '../render.ts';
import { schemaText } from './schema.ts';
import { openSession, renderSelected, type SessionOptions } from '../session.ts';
import { diffTree, isClean, removeTree, type TreeDiff, writeTree } from '../tree.ts';

/** Prints the findings of a failed render (nothing is written); true when there were errors. */
export function reportRenderErrors(io: Io, findings: readonly Finding[], json: boolean): boolean {
  const errors = errorCount(findings);
  if (errors === 0) return false;
  if (json) io.stdout.write(`${JSON.stringify({ ok: false, findings }, null, 2)}\n`);
  else {
    printFindings(io, findings);
    io.stderr.write(painter(io.stderr, io.env)('red', `${plural(errors, 'error')}; nothing was written\n`));
  }
  return true;
}

export interface RenderOptions extends SessionOptions {
  readonly check: boolean;
  readonly json: boolean;
}

interface ClusterReport {
  readonly name: string;
  readonly path: string;
  readonly objects: number;
  readonly files: number;
  readonly diff: TreeDiff;
  readonly ms: number;
}

/** Folders under rendered/ that strata wrote (they have an index) for clusters that no longer exist. */
function orphans(root: string, live: readonly RenderedCluster[], allPaths: readonly string[]): string[] {
  const dir = join(root, 'rendered');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => `rendered/${e.name}`)
    .filter((p) => existsSync(join(root, p, INDEX_FILE)) && !allPaths.includes(p) && !live.some((r) => r.renderedPath === p))
    .sort();
}

/**
 * `strata render [--cluster NAME]… [--check]`: renders in memory, refuses to
 * write anything if any cluster has an error, then swaps each changed cluster
 * folder atomically. With --check nothing is written and drift is exit 1.
 */
export async function renderCommand(opts: RenderOptions, io: Io): Promise<number> {
  const session = await openSession(opts);
  const err = painter(io.stderr, io.env);
  const { rendered, findings } = await renderSelected(session);
  if (reportRenderErrors(io, findings, opts.json)) return 1;

  const root = session.ws.root;
  const schema = schemaText(session.components);
  const schemaFile = join(root, CLUSTER_SCHEMA_PATH);
  const schemaStale = session.wholeWorkspace && (!existsSync(schemaFile) || readFileSync(schemaFile, 'utf8') !== schema);
  const allPaths = session.all.map((c) => `rendered/${c.name}`);
  const gone = session.wholeWorkspace ? orphans(root, rendered.map((r) => r.cluster), allPaths) : [];
  const reports: ClusterReport[] = rendered.map(({ cluster, ms }) => ({
    name: cluster.name,
    path: cluster.renderedPath,
    objects: cluster.objectCount,
    files: cluster.files.length,
    diff: diffTree(root, cluster),
    ms,
  }));

  if (opts.check) {
    const drift: Finding[] = [...findings];
    for (const r of reports) {
      for (const f of r.diff.stale) drift.push(finding('RENDER_STALE', 'differs from what the spec renders', { file: `${r.path}/${f}` }));
      for (const f of r.diff.missing) drift.push(finding('RENDER_MISSING', 'missing; the spec renders it', { file: `${r.path}/${f}` }));
      for (const f of r.diff.extra) drift.push(finding('RENDER_EXTRA', 'not produced by the spec', { file: `${r.path}/${f}` }));
    }
    if (schemaStale) drift.push(finding('RENDER_STALE', 'out of date with the installed components', { file: CLUSTER_SCHEMA_PATH }));
    for (const p of gone) drift.push(finding('RENDER_ORPHAN', 'no cluster spec renders this folder', { file: p }));
    const problems = errorCount(drift);
    if (opts.json) {
      io.stdout.write(`${JSON.stringify({ ok: problems === 0, clusters: reports.map(reportJson), findings: drift }, null, 2)}\n`);
    } else {
      printFindings(io, drift);
      for (const r of reports) {
        const clean = isClean(r.diff);
        io.stderr.write(`${err(clean ? 'green' : 'red', r.name)}: ${clean ? 'up to date' : 'out of date'} (${plural(r.objects, 'object')}, ${plural(r.files, 'file')})\n`);
      }
      if (problems > 0) io.stderr.write(err('red', `rendered/ is out of date: ${plural(problems, 'problem')}; run \`npm run render\` and commit\n`));
    }
    return problems > 0 ? 1 : 0;
  }

  const waived: ClusterWaiver[] = rendered.flatMap(({ cluster }) => cluster.waived.map((w) => ({ cluster: cluster.name, ...w })));
  for (const { cluster } of rendered) {
    const report = reports.find((r) => r.name === cluster.name);
    if (report !== undefined && !isClean(report.diff)) writeTree(root, cluster);
  }
  if (schemaStale) {
    mkdirSync(dirname(schemaFile), { recursive: true });
    writeFileSync(schemaFile, schema);
  }
  for (const p of gone) removeTree(root, p);

  if (opts.json) {
    io.stdout.write(`${JSON.stringify({ ok: true, clusters: reports.map(reportJson), removed: gone, waived, findings }, null, 2)}\n`);
  } else {
    printFindings(io, findings);
    for (const r of reports) {
      const changed = r.diff.stale.length + r.diff.missing.length;
      const what = isClean(r.diff)
        ? 'unchanged'
        : `${changed} written${r.diff.extra.length > 0 ? `, ${r.diff.extra.length} removed` : ''}`;
      io.stderr.write(`${err('green', r.name)}: ${plural(r.objects, 'object')} in ${plural(r.files, 'file')}, ${what} (${r.ms} ms)\n`);
    }
    printWaived(io, waived);
    if (schemaStale) io.stderr.write(`${CLUSTER_SCHEMA_PATH}: updated\n`);
    for (const p of gone) io.stderr.write(`${p}: removed (its cluster spec is gone)\n`);
  }
  return 0;
}

/** A waived violation with the cluster it belongs to. */
export interface ClusterWaiver {
  readonly cluster: string;
  readonly rule: string;
  readonly object: string;
  readonly reason: string;
}

/** Accepted policy violations are shown on every render and validate, with their reasons. */
export function printWaived(io: Io, waived: readonly ClusterWaiver[]): void {
  const paint = painter(io.stderr, io.env);
  for (const w of waived) io.stderr.write(paint('dim', `${w.cluster}: waived [${w.rule}] ${w.object}: ${w.reason}\n`));
}

function reportJson(r: ClusterReport): Record<string, unknown> {
  return {
    name: r.name,
    path: r.path,
    objects: r.objects,
    files: r.files,
    written: [...r.diff.missing, ...r.diff.stale].sort(),
    removed: r.diff.extra,
    durationMs: r.ms,
  };
}

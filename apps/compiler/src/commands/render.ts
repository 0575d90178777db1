import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compareStrings, type Finding, finding } from '@strata/core';
import { type CacheEntry, inputsOf, readCache, statPrint, treeMatches, writeCache } from '../cache.ts';
import { errorCount, type Io, painter, plural, printFindings } from '../report.ts';
import { profileReads, profileShas } from '../profiles.ts';
import { INDEX_FILE, sha256 } from '../render.ts';
import { publishedSchemas } from './schema.ts';
import { openSession, readSecrets, readSpec, renderSelected, type SessionOptions, type SessionRender } from '../session.ts';
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
  /** Render every selected cluster even when the incremental cache says it is up to date. */
  readonly force?: boolean;
}

interface ClusterReport {
  readonly name: string;
  readonly path: string;
  readonly objects: number;
  readonly files: number;
  readonly diff: TreeDiff;
  readonly ms: number;
  /** Skipped: inputs and rendered/ are those of the last render (see cache.ts). */
  readonly cached: boolean;
}

/** Folders under rendered/ that strata wrote (they have an index) for clusters that no longer exist. */
function orphans(root: string, live: readonly string[], allPaths: readonly string[]): string[] {
  const dir = join(root, 'rendered');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => `rendered/${e.name}`)
    .filter((p) => existsSync(join(root, p, INDEX_FILE)) && !allPaths.includes(p) && !live.includes(p))
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
  const root = session.ws.root;

  // Incremental: a cluster whose inputs and folder are those of its last render is not rendered again.
  // --check always renders (it is the gate); --force renders everything.
  const cache = readCache(root);
  // The secrets/ files are inputs too (names and bytes), and whether a key was at hand to verify their MACs.
  const inputs = new Map(
    session.selected.map((e) => {
      const secrets = readSecrets(session, e);
      const extra = secrets.files.map((f) => `\0${f.name}\0${sha256(f.bytes)}`).join('') + (secrets.files.length > 0 && secrets.identities.length > 0 ? '\0verified' : '');
      return [e.name, inputsOf(root, readSpec(session, e), extra)];
    }),
  );
  // Profiles are inputs through the index each render wrote (their sha256), checked in treeMatches.
  const profileSha = profileShas(session.profiles);
  const readsOf = profileReads(root, session.profiles);
  const skipped = opts.check || opts.force === true
    ? []
    : session.selected.flatMap((e) => {
        const hit = cache.get(e.name);
        return hit !== undefined && hit.inputs === inputs.get(e.name) && treeMatches(root, hit, profileSha, readsOf)
          ? [{ name: e.name, entry: hit }]
          : [];
      });
  const skippedNames = new Set(skipped.map((s) => s.name));
  const toRender = session.selected.filter((e) => !skippedNames.has(e.name));
  const { rendered, findings } = await renderSelected(session, toRender);
  if (reportRenderErrors(io, findings, opts.json)) return 1;
  findings.push(...skipped.flatMap((s) => s.entry.findings));

  // The published schemas (cluster and profile) follow the installed components.
  const staleSchemas = session.wholeWorkspace
    ? publishedSchemas(session.components).filter((s) => !existsSync(join(root, s.path)) || readFileSync(join(root, s.path), 'utf8') !== s.text)
    : [];
  const allPaths = session.all.map((c) => `rendered/${c.name}`);
  const live = [...rendered.map((r) => r.cluster.renderedPath), ...skipped.map((s) => s.entry.renderedPath)];
  const gone = session.wholeWorkspace ? orphans(root, live, allPaths) : [];
  const reports: ClusterReport[] = [
    ...rendered.map(({ cluster, ms }) => ({
      name: cluster.name,
      path: cluster.renderedPath,
      objects: cluster.objectCount,
      files: cluster.files.length,
      diff: diffTree(root, cluster),
      ms,
      cached: false,
    })),
    ...skipped.map(({ name, entry }) => ({
      name,
      path: entry.renderedPath,
      objects: entry.objects,
      files: entry.files,
      diff: { missing: [], stale: [], extra: [], unchanged: entry.files },
      ms: 0,
      cached: true,
    })),
  ].sort((a, b) => compareStrings(a.name, b.name));
  // What the cache remembers of a render that now matches the disk (after writing, or clean under --check).
  const remember = (r: SessionRender): void => {
    const index = r.cluster.files.find((f) => f.path === INDEX_FILE);
    if (index === undefined) return;
    const usedProfiles = ((JSON.parse(index.content) as { profiles?: { file: string; sha256: string }[] }).profiles ?? []).map((p) => ({ file: p.file, sha256: p.sha256 }));
    cache.set(r.cluster.name, {
      inputs: inputs.get(r.cluster.name) ?? '',
      renderedPath: r.cluster.renderedPath,
      index: index.sha256,
      objects: r.cluster.objectCount,
      files: r.cluster.files.length,
      findings: r.findings,
      waived: r.cluster.waived,
      stat: statPrint(root, r.cluster.renderedPath, r.cluster.files.map((f) => f.path)),
      statFiles: r.cluster.files.map((f) => f.path),
      profiles: usedProfiles,
      profileReads: readsOf(usedProfiles.map((p) => p.file)),
    });
  };

  if (opts.check) {
    const drift: Finding[] = [...findings];
    for (const r of reports) {
      for (const f of r.diff.stale) drift.push(finding('RENDER_STALE', 'differs from what the spec renders', { file: `${r.path}/${f}` }));
      for (const f of r.diff.missing) drift.push(finding('RENDER_MISSING', 'missing; the spec renders it', { file: `${r.path}/${f}` }));
      for (const f of r.diff.extra) drift.push(finding('RENDER_EXTRA', 'not produced by the spec', { file: `${r.path}/${f}` }));
    }
    for (const s of staleSchemas) drift.push(finding('RENDER_STALE', 'out of date with the installed components', { file: s.path }));
    for (const p of gone) drift.push(finding('RENDER_ORPHAN', 'no cluster spec renders this folder', { file: p }));
    for (const r of rendered) if (isClean(reports.find((x) => x.name === r.cluster.name)!.diff)) remember(r);
    saveCache(root, cache);
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

  const waived: ClusterWaiver[] = [
    ...rendered.flatMap(({ cluster }) => cluster.waived.map((w) => ({ cluster: cluster.name, ...w }))),
    ...skipped.flatMap(({ name, entry }) => entry.waived.map((w) => ({ cluster: name, ...w }))),
  ];
  for (const r of rendered) {
    const report = reports.find((x) => x.name === r.cluster.name);
    if (report !== undefined && !isClean(report.diff)) writeTree(root, r.cluster);
    remember(r);
  }
  saveCache(root, cache);
  for (const s of staleSchemas) {
    mkdirSync(dirname(join(root, s.path)), { recursive: true });
    writeFileSync(join(root, s.path), s.text);
  }
  for (const p of gone) removeTree(root, p);

  if (opts.json) {
    io.stdout.write(`${JSON.stringify({ ok: true, clusters: reports.map(reportJson), removed: gone, waived, findings }, null, 2)}\n`);
  } else {
    printFindings(io, findings);
    for (const r of reports) {
      const changed = r.diff.stale.length + r.diff.missing.length;
      const what = r.cached
        ? 'unchanged (skipped: same inputs as its last render)'
        : isClean(r.diff)
          ? `unchanged (${r.ms} ms)`
          : `${changed} written${r.diff.extra.length > 0 ? `, ${r.diff.extra.length} removed` : ''} (${r.ms} ms)`;
      io.stderr.write(`${err('green', r.name)}: ${plural(r.objects, 'object')} in ${plural(r.files, 'file')}, ${what}\n`);
    }
    printWaived(io, waived);
    for (const s of staleSchemas) io.stderr.write(`${s.path}: updated\n`);
    for (const p of gone) io.stderr.write(`${p}: removed (its cluster spec is gone)\n`);
  }
  return 0;
}

/** Writes the cache; a read-only or odd node_modules only costs the next run its skip. */
function saveCache(root: string, cache: ReadonlyMap<string, CacheEntry>): void {
  try {
    writeCache(root, cache);
  } catch {
    // The cache is an optimisation; rendered/ is already correct.
  }
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
  const sorted = [...waived].sort((a, b) => compareStrings(a.cluster, b.cluster) || compareStrings(a.rule, b.rule) || compareStrings(a.object, b.object));
  for (const w of sorted) io.stderr.write(paint('dim', `${w.cluster}: waived [${w.rule}] ${w.object}: ${w.reason}\n`));
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
    cached: r.cached,
  };
}

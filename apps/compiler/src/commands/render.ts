import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compareStrings, type Finding, finding } from '@strata/core/errors';
import { type CacheEntry, inputsOf, publishedHolds, type PublishedRecord, type RenderCache, readCache, specReads, treeMatches, writeCache } from '../cache.ts';
import { codeDigest } from '../code-digest.ts';
import { INDEX_FILE, sha256 } from '../layout.ts';
import { type ClusterWaiver, errorCount, type Io, painter, plural, printFindings, printWaived } from '../report.ts';
import { profileReads, profileShas } from '../profiles.ts';
import type { RenderJob, RenderSummary } from '../render-step.ts';
import type { Session } from '../session.ts';
import { commitStaged, discardStaging, newStagingTag, sweepStaging } from '../staging.ts';
import { isClean, removeTree, statPrint, type TreeDiff } from '../tree.ts';
import type { ClusterEntry } from '../workspace.ts';
import { openWorkspace, readSecrets, readSpec, type SessionOptions, type WorkspaceSession } from '../workspace-session.ts';

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
 * `strata render [--cluster NAME]… [--check]`: renders each cluster (in worker
 * threads too on a large fleet, see render-pool.ts), compares it with disk at
 * once and stages a changed one beside its folder, keeping only a summary; so
 * memory does not grow with the fleet. Nothing under rendered/ changes unless
 * every cluster passed; then each changed cluster folder is swapped atomically
 * (staging.ts). With --check nothing is written and drift is exit 1.
 *
 * Components, cdk8s and the validators are loaded only when a cluster is
 * rendered or the published schemas must be composed again: a render where
 * nothing changed reads the workspace, the cache and file times, nothing more.
 */
export async function renderCommand(opts: RenderOptions, io: Io): Promise<number> {
  const base = openWorkspace(opts);
  const err = painter(io.stderr, io.env);
  const root = base.ws.root;

  // Incremental: a cluster whose inputs and folder are those of its last render is not rendered again.
  // --check always renders (it is the gate); --force renders everything.
  const renderCache = readCache(root);
  const cache = renderCache.clusters;
  // The secrets/ files are inputs too (names and bytes), and whether a key was at hand to verify their MACs.
  const reads = new Map<string, { specSha256: string; paths: string[] }>();
  const inputs = new Map(
    base.selected.map((e) => {
      const secrets = readSecrets(base, e);
      const extra = secrets.files.map((f) => `\0${f.name}\0${sha256(f.bytes)}`).join('') + (secrets.files.length > 0 && secrets.identities.length > 0 ? '\0verified' : '');
      const spec = readSpec(base, e);
      const read = specReads(cache.get(e.name), spec);
      reads.set(e.name, read);
      return [e.name, inputsOf(root, spec, extra, read.paths)];
    }),
  );
  // Profiles are inputs through the index each render wrote (their sha256), checked in treeMatches.
  const profileSha = profileShas(base.profiles);
  const readsOf = profileReads(root, base.profiles);
  const skipped = opts.check || opts.force === true
    ? []
    : base.selected.flatMap((e) => {
        const hit = cache.get(e.name);
        return hit !== undefined && hit.inputs === inputs.get(e.name) && treeMatches(root, hit, profileSha, readsOf)
          ? [{ name: e.name, entry: hit }]
          : [];
      });
  // An entry of an older cache learns which paths its spec reads, so the next run does not parse it.
  let learnt = false;
  for (const s of skipped) {
    const read = reads.get(s.name);
    if (s.entry.specSha256 === undefined && read !== undefined) {
      cache.set(s.name, { ...s.entry, specSha256: read.specSha256, inputPaths: read.paths });
      learnt = true;
    }
  }
  const skippedNames = new Set(skipped.map((s) => s.name));
  const toRender = base.selected.filter((e) => !skippedNames.has(e.name));
  // The published schemas follow the installed components; when this code wrote them and they are untouched, no component is loaded.
  const schemasHold = !base.wholeWorkspace || (opts.components === undefined && publishedHolds(root, renderCache.published));
  // Opened once, when first needed: by the render (after its workers started) or for the schemas.
  let opened: Promise<Session> | undefined;
  const session = (): Promise<Session> => (opened ??= import('../session.ts').then((m) => m.openSession(opts, { base })));
  const pool = toRender.length > 0 ? await import('../render-pool.ts') : undefined;
  // Injected components (tests) live in this thread only: they cannot cross to a worker.
  const workers = opts.components === undefined && pool !== undefined ? pool.renderWorkers(io.env, toRender.length) : 0;
  const stage = opts.check ? undefined : newStagingTag();
  // Staging folders of renders that crashed or were killed (each parent a cluster of this run may write into).
  if (stage !== undefined) sweepStaging(root, ['rendered', ...[...cache.values()].map((e) => dirname(e.renderedPath))], stage);
  const { outcomes } =
    pool === undefined
      ? { outcomes: [] }
      : await pool.renderAll({ base, open: session }, toRender.map((e) => withDiskHint(e, cache.get(e.name))), { workers, ...(stage === undefined ? {} : { stage }) });
  const rendered = outcomes.flatMap((o) => (o.summary === undefined ? [] : [{ summary: o.summary, findings: o.findings, ms: o.ms }]));
  try {
    const findings = outcomes.flatMap((o) => o.findings);
    if (reportRenderErrors(io, findings, opts.json)) return 1;
    const schemas = schemasHold ? undefined : await composeSchemas(root, await session(), opts.components === undefined);
    return finish({ opts, io, base, cache: renderCache, learnt, schemas, inputs, reads, readsOf, skipped, rendered, findings, err });
  } finally {
    // Whatever was not moved into place (all of it after an error), and the old folders swapped out.
    discardStaging(rendered.map((r) => r.summary));
  }
}

interface Rendered {
  readonly summary: RenderSummary;
  readonly findings: readonly Finding[];
  readonly ms: number;
}

/** After every cluster passed: reports, and unless --check, the swap of each changed folder, the schemas and orphans. */
function finish(ctx: {
  opts: RenderOptions;
  io: Io;
  base: WorkspaceSession;
  cache: RenderCache;
  /** Whether skipped entries learnt something (see specReads), so the cache must be written even if nothing rendered. */
  learnt: boolean;
  /** The published schemas as composed now; undefined when they are known to be up to date. */
  schemas: ComposedSchemas | undefined;
  inputs: ReadonlyMap<string, string>;
  reads: ReadonlyMap<string, { specSha256: string; paths: string[] }>;
  readsOf: ReturnType<typeof profileReads>;
  skipped: readonly { name: string; entry: CacheEntry }[];
  rendered: readonly Rendered[];
  findings: Finding[];
  err: ReturnType<typeof painter>;
}): number {
  const { opts, io, base, schemas, inputs, reads, readsOf, skipped, rendered, findings, err } = ctx;
  const cache = ctx.cache.clusters;
  const staleSchemas = schemas?.stale ?? [];
  // A render where nothing changed leaves the cache as it was: nothing to write.
  const cacheChanged = rendered.length > 0 || ctx.learnt || schemas !== undefined;
  const root = base.ws.root;
  findings.push(...skipped.flatMap((s) => s.entry.findings));

  const allPaths = base.all.map((c) => `rendered/${c.name}`);
  const live = [...rendered.map((r) => r.summary.renderedPath), ...skipped.map((s) => s.entry.renderedPath)];
  const gone = base.wholeWorkspace ? orphans(root, live, allPaths) : [];
  const reports: ClusterReport[] = [
    ...rendered.map(({ summary, ms }) => ({
      name: summary.name,
      path: summary.renderedPath,
      objects: summary.objects,
      files: summary.files.length,
      diff: summary.diff,
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
  const remember = ({ summary: s, findings: f }: Rendered): void => {
    if (s.index === '') return;
    cache.set(s.name, {
      inputs: inputs.get(s.name) ?? '',
      renderedPath: s.renderedPath,
      index: s.index,
      objects: s.objects,
      files: s.files.length,
      findings: f,
      waived: s.waived,
      stat: statPrint(root, s.renderedPath, s.files, s.print),
      statFiles: s.files,
      profiles: s.profiles,
      profileReads: readsOf(s.profiles.map((p) => p.file)),
      ...(reads.get(s.name) === undefined ? {} : { specSha256: reads.get(s.name)!.specSha256, inputPaths: reads.get(s.name)!.paths }),
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
    for (const r of rendered) if (isClean(r.summary.diff)) remember(r);
    if (schemas !== undefined && staleSchemas.length === 0) ctx.cache.published = schemas.record;
    if (cacheChanged) saveCache(root, ctx.cache);
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
    ...rendered.flatMap(({ summary }) => summary.waived.map((w) => ({ cluster: summary.name, ...w }))),
    ...skipped.flatMap(({ name, entry }) => entry.waived.map((w) => ({ cluster: name, ...w }))),
  ];
  commitStaged(root, rendered.flatMap(({ summary: s }) => (s.staged === undefined ? [] : [{ renderedPath: s.renderedPath, staged: s.staged }])));
  for (const r of rendered) remember(r);
  for (const s of staleSchemas) {
    mkdirSync(dirname(join(root, s.path)), { recursive: true });
    writeFileSync(join(root, s.path), s.text);
  }
  if (schemas !== undefined) ctx.cache.published = schemas.record;
  if (cacheChanged) saveCache(root, ctx.cache);
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

/** The cluster with what its last render left on disk, when the cache remembers it (see {@link DiskHint}). */
function withDiskHint(entry: ClusterEntry, cached: CacheEntry | undefined): RenderJob {
  if (cached?.stat === undefined || cached.statFiles === undefined) return entry;
  return { ...entry, disk: { renderedPath: cached.renderedPath, stat: cached.stat, files: cached.statFiles, index: cached.index } };
}

/** The published schemas as the session's components compose them, which of them disk lacks, and the record of them for the cache. */
interface ComposedSchemas {
  /** Missing on disk or different from what the components compose. */
  readonly stale: readonly { path: string; text: string }[];
  /** What the cache remembers once disk holds them; undefined for injected components (tests), which the code digest does not cover. */
  readonly record: PublishedRecord | undefined;
}

/** The published schemas (cluster and profile, under schema/) of the session's components, compared with disk. */
async function composeSchemas(root: string, session: Session, installed: boolean): Promise<ComposedSchemas> {
  const { publishedSchemas } = await import('./schema.ts');
  const published = publishedSchemas(session.components);
  const stale = published.filter((s) => !existsSync(join(root, s.path)) || readFileSync(join(root, s.path), 'utf8') !== s.text);
  const record = installed ? { code: codeDigest(root), files: published.map((s) => ({ path: s.path, sha256: sha256(s.text) })) } : undefined;
  return { stale, record };
}

/** Writes the cache; a read-only or odd node_modules only costs the next run its skip. */
function saveCache(root: string, cache: RenderCache): void {
  try {
    writeCache(root, cache);
  } catch {
    // The cache is an optimisation; rendered/ is already correct.
  }
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

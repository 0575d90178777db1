import type { Finding } from '@strata/core';
import { readProfiles } from '../profiles.ts';
import { type ClusterWaiver, errorCount, type Io, painter, plural, printFindings, printWaived } from '../report.ts';
import type { SessionOptions } from '../session.ts';
import { type CachedVerdict, clusterKey, entryHolds, type LookupContext, readValidateCache, type ValidateEntry, writeValidateCache } from '../validate/cache.ts';
import { RecordingProfiles } from '../validate/inputs.ts';
import { type ClusterEntry, findWorkspace, listClusters, selectClusters } from '../workspace.ts';

export interface ValidateOptions extends SessionOptions {
  readonly json: boolean;
  /** False with `--no-cache`: check every cluster, and neither read nor write the validate cache. */
  readonly cache: boolean;
}

/** One cluster's verdict in this run, and whether it came from the cache. */
interface ClusterResult extends CachedVerdict {
  readonly name: string;
  readonly cached: boolean;
}

/**
 * `strata validate [--cluster NAME]… [--no-cache]`: checks rendered/ as
 * committed (see validate/cluster.ts for what is checked). A cluster whose
 * code, spec, profiles, read files, age keys and rendered files are all as they
 * were at its last validate is reported from the validate cache
 * (validate/cache.ts), warnings and waivers included; when every selected
 * cluster is, no validator, component or rendered object is loaded at all.
 */
export async function validateCommand(opts: ValidateOptions, io: Io): Promise<number> {
  const ws = findWorkspace(opts.cwd, opts.root);
  const all = listClusters(ws);
  const selected = selectClusters(all, opts.clusters);
  const profiles = new RecordingProfiles(readProfiles(ws.root));
  const ctx: LookupContext = { root: ws.root, profiles, env: opts.env ?? process.env, profileMemo: new Map(), readMemo: new Map() };
  const cache = opts.cache ? readValidateCache(ws.root) : new Map<string, ValidateEntry>();
  const results = new Map<string, ClusterResult>();
  const misses: { entry: ClusterEntry; key: string | undefined }[] = [];
  for (const entry of selected) {
    const key = opts.cache ? keyOf(ctx, entry) : undefined;
    const cached = cache.get(entry.name);
    if (key !== undefined && cached !== undefined && holds(ctx, key, cached)) results.set(entry.name, { name: entry.name, cached: true, ...cached.verdict });
    else misses.push({ entry, key });
  }

  // What this run learnt, merged into the cache file as it is when written: runs in parallel
  // (nx starts one per cluster) keep each other's entries.
  const learnt = new Map<string, ValidateEntry>();
  if (misses.length > 0) {
    // Loaded only when a cluster needs checking: the components' spec parts (no render code), validators and the YAML of rendered/.
    const { checkAll, checkWorkers } = await import('../validate/pool.ts');
    // Injected components (tests) live in this thread only: they cannot cross to a worker.
    const workers = opts.components === undefined ? checkWorkers(io.env, misses.length) : 0;
    const { outcomes } = await checkAll(opts, ws.root, misses.map((m) => m.entry), { workers });
    for (const [i, { key }] of misses.entries()) {
      const { verdict, profiles: looked, reads } = outcomes[i]!;
      const { tree, name, ...rest } = verdict;
      results.set(name, { name, cached: false, ...rest });
      if (key !== undefined) learnt.set(name, { key, profiles: looked, reads, tree, verdict: rest });
    }
  }
  // Clusters that are gone leave the cache with their spec.
  const names = new Set(all.map((c) => c.name));
  if (opts.cache && (learnt.size > 0 || [...cache.keys()].some((n) => !names.has(n)))) {
    const latest = readValidateCache(ws.root);
    for (const [name, entry] of learnt) latest.set(name, entry);
    for (const name of latest.keys()) if (!names.has(name)) latest.delete(name);
    writeValidateCache(ws.root, latest);
  }

  const ordered = selected.map((e) => results.get(e.name)!);
  const findings: Finding[] = ordered.flatMap((r) => r.findings);
  const waived: ClusterWaiver[] = ordered.flatMap((r) => r.waived.map((w) => ({ cluster: r.name, ...w })));
  const errors = errorCount(findings);
  if (opts.json) {
    const clusters = ordered.map((r) => ({ name: r.name, files: r.files, objects: r.objects, cached: r.cached }));
    io.stdout.write(`${JSON.stringify({ ok: errors === 0, clusters, waived, findings }, null, 2)}\n`);
  } else {
    printFindings(io, findings);
    const paint = painter(io.stderr, io.env);
    for (const r of ordered) {
      const what = r.cached ? 'skipped (same inputs and files as its last validate)' : 'checked';
      io.stderr.write(`${paint('green', r.name)}: ${plural(r.objects, 'object')} in ${plural(r.files, 'file')} ${what}\n`);
    }
    printWaived(io, waived);
    if (errors > 0) io.stderr.write(paint('red', `${plural(errors, 'error')} in rendered/\n`));
  }
  return errors > 0 ? 1 : 0;
}

/** The cluster's key, or undefined when one of its files cannot be read (then it is checked, and the check says why). */
function keyOf(ctx: LookupContext, entry: ClusterEntry): string | undefined {
  try {
    return clusterKey(ctx, entry);
  } catch {
    return undefined;
  }
}

/** Whether a cached verdict still holds; anything unreadable (a folder now a file, a file without permission) means no. */
function holds(ctx: LookupContext, key: string, cached: ValidateEntry): boolean {
  try {
    return entryHolds(ctx, key, cached);
  } catch {
    return false;
  }
}

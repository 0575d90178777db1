import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '@strata/core';
import { parse } from 'yaml';
import type { K8sObject } from '../files.ts';
import { parseObjects } from '../objects.ts';
import { diffObjects, formatChanges, type ObjectChange } from '../objectdiff.ts';
import { filesAtRef } from '../git.ts';
import { INDEX_FILE, KUSTOMIZATION_FILE } from '../layout.ts';
import { type Io, painter, printFindings } from '../report.ts';
import { openSession, renderEach, type SessionOptions } from '../session.ts';
import { profileChanges } from '../profiles.ts';
import { listFiles } from '../tree.ts';
import { diffSecrets, secretsOfIndex } from '../secrets/diff.ts';

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
import { reportRenderErrors } from './render.ts';

export interface DiffOptions extends SessionOptions {
  readonly json: boolean;
  /** Compare rendered/ at this git ref with the working tree instead of rendering. */
  readonly base?: string;
  readonly markdown: boolean;
}

interface ClusterDiff {
  readonly name: string;
  readonly changes: readonly ObjectChange[];
  /** Changes to the Secrets the cluster needs (from its index), as `+`/`-`/`~` lines. */
  readonly secrets: readonly string[];
  /** Profiles of the cluster that were added, removed or changed (see profileChanges). */
  readonly profiles?: readonly string[];
}

/** GitHub caps a PR comment at 65,536 characters; keep room for a footer. */
const MARKDOWN_LIMIT = 60_000;

function isObjectFile(path: string): boolean {
  // The SOPS copies in secrets/ (*.sops) are Secret manifests too, encrypted.
  return /\.(ya?ml|sops)$/.test(path) && !path.endsWith(KUSTOMIZATION_FILE) && path !== INDEX_FILE;
}

/** Objects of a set of files (path → YAML text); kustomization.yaml and the index are skipped. */
function objectsOf(files: Iterable<[string, string]>, findings: Finding[]): K8sObject[] {
  return [...files].filter(([path]) => isObjectFile(path)).flatMap(([path, text]) => parseObjects(path, text, findings).map((l) => l.obj));
}

/** Files of a rendered folder on disk, keyed by workspace-relative path. */
function filesOnDisk(root: string, renderedPath: string): Map<string, string> {
  const dir = join(root, renderedPath);
  return new Map(listFiles(dir).map((p) => [`${renderedPath}/${p}`, readFileSync(join(dir, p), 'utf8')]));
}

/** rendered/ at `base` against rendered/ in the working tree, per cluster folder. */
function diffAgainstBase(root: string, base: string, only: readonly string[], findings: Finding[]): ClusterDiff[] {
  const before = filesAtRef(root, base, 'rendered');
  const clusterOf = (path: string): string => path.split('/')[1] ?? '';
  const names = new Set([...before.keys()].map(clusterOf));
  for (const p of listFiles(join(root, 'rendered'))) names.add(p.split('/')[0] ?? '');
  return [...names]
    .filter((n) => n !== '' && !n.startsWith('.') && (only.length === 0 || only.includes(n)))
    .sort()
    .map((name) => {
      const after = filesOnDisk(root, `rendered/${name}`);
      const index = `rendered/${name}/${INDEX_FILE}`;
      return {
        name,
        changes: diffObjects(objectsOf([...before].filter(([p]) => clusterOf(p) === name), findings), objectsOf(after, findings)),
        secrets: diffSecrets(secretsOfIndex(before.get(index)), secretsOfIndex(readIfExists(join(root, 'rendered', name, INDEX_FILE)))),
        profiles: profileChanges(before.get(index), after.get(index)),
      };
    });
}

/** A review summary for a pull-request comment, capped below GitHub's limit. */
export function toMarkdown(result: readonly ClusterDiff[]): string {
  const changed = result.filter((r) => r.changes.length > 0 || r.secrets.length > 0 || (r.profiles?.length ?? 0) > 0);
  if (changed.length === 0) return '### strata diff\n\nNo object changes.\n';
  const lines = ['### strata diff', ''];
  for (const { name, changes, secrets, profiles } of changed) {
    const count = (op: string) => changes.filter((c) => c.op === op).length;
    lines.push(`**${name}**: ${count('+')} added, ${count('-')} removed, ${count('~')} changed`, '');
    for (const p of profiles ?? []) lines.push(`- ${p}`);
    for (const line of [...formatChanges(changes), ...secrets]) lines.push(`- \`${line.slice(0, 2)}${line.slice(2).replaceAll('`', "'")}\``);
    lines.push('');
  }
  let text = `${lines.join('\n')}\n`;
  if (text.length > MARKDOWN_LIMIT) {
    text = `${text.slice(0, text.lastIndexOf('\n', MARKDOWN_LIMIT))}\n\n_Summary truncated; the full diff is in the CI artifact._\n`;
  }
  return text;
}

/**
 * `strata diff [--cluster NAME]… [--base REF] [--markdown]`: object by object,
 * `+` added, `-` removed, `~` changed with each path. Without --base: what
 * `strata render` would change in rendered/. With --base: how rendered/ in the
 * working tree differs from rendered/ at REF (the review summary of a PR).
 * Writes nothing; exit 0 whether or not there are changes (render --check is the gate).
 */
export async function diffCommand(opts: DiffOptions, io: Io): Promise<number> {
  const session = await openSession(opts);
  const problems: Finding[] = [];
  let result: ClusterDiff[];
  if (opts.base !== undefined) {
    result = diffAgainstBase(session.ws.root, opts.base, opts.clusters, problems);
  } else {
    // Cluster by cluster: only the object changes of each are kept, not its render (a fleet's renders do not fit in memory).
    const onDiskProblems: Finding[] = [];
    result = [];
    const findings = await renderEach(session, session.selected, ({ cluster }) => {
      const onDisk = filesOnDisk(session.ws.root, cluster.renderedPath);
      const index = cluster.files.find((f) => f.path === INDEX_FILE)?.content;
      result.push({
        name: cluster.name,
        changes: diffObjects(objectsOf(onDisk, onDiskProblems), cluster.files.filter((f) => f.objects > 0).map((f) => parse(f.content) as K8sObject)),
        secrets: diffSecrets(secretsOfIndex(readIfExists(join(session.ws.root, cluster.renderedPath, INDEX_FILE))), secretsOfIndex(index)),
        profiles: profileChanges(onDisk.get(`${cluster.renderedPath}/${INDEX_FILE}`), index),
      });
    });
    if (reportRenderErrors(io, findings, opts.json)) return 1;
    problems.push(...findings, ...onDiskProblems);
  }
  if (opts.json) {
    io.stdout.write(`${JSON.stringify({ ok: true, clusters: result, findings: problems }, null, 2)}\n`);
    return 0;
  }
  if (opts.markdown) {
    io.stdout.write(toMarkdown(result));
    return 0;
  }
  printFindings(io, problems);
  const paint = painter(io.stdout, io.env);
  const colour = { '+': 'green', '-': 'red', '~': 'yellow' } as const;
  for (const { name, changes, secrets, profiles } of result) {
    if (changes.length === 0 && secrets.length === 0 && (profiles?.length ?? 0) === 0) continue;
    const lines = [...(profiles ?? []).map((p) => `  ${p}`), ...[...formatChanges(changes), ...secrets].map((l) => `  ${paint(colour[l[0] as '+' | '-' | '~'], l)}`)];
    io.stdout.write(`${name}:\n${lines.join('\n')}\n`);
  }
  const total = result.reduce((n, r) => n + r.changes.length, 0);
  const secretChanges = result.reduce((n, r) => n + r.secrets.length, 0);
  const tail = opts.base === undefined ? '; run `npm run render` to write them' : ` since ${opts.base}`;
  const secretsTail = secretChanges === 0 ? '' : `; ${secretChanges} Secret requirement change${secretChanges === 1 ? '' : 's'}`;
  io.stderr.write(total === 0 && secretChanges === 0 ? 'no changes\n' : `${total} object${total === 1 ? '' : 's'} ${opts.base === undefined ? 'would change' : 'changed'}${secretsTail}${tail}\n`);
  return 0;
}

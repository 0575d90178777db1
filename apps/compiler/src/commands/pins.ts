import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Finding, finding, LAYERS, StrataError } from '@strata/core';
import { ARGOCD_FOLDER, FLUX_FOLDER } from '@strata/gitops/layout';
import { type Located, parseObjects } from '../objects.ts';
import { type Io, painter, plural } from '../report.ts';
import { KUSTOMIZATION_FILE, renderedPathOf } from '../layout.ts';
import { loadEntry, openSession, type SessionOptions } from '../session.ts';
import { listFiles } from '../tree.ts';
import { type ClusterObjects, collectPins, type PinsReport } from '../upstreams.ts';

export interface PinsOptions extends SessionOptions {
  readonly json: boolean;
}

/** Folders that hold the objects the cluster applies: the layers and either engine's folder (not nixos/). */
const OBJECT_FOLDERS: ReadonlySet<string> = new Set([...LAYERS, FLUX_FOLDER, ARGOCD_FOLDER]);

/**
 * `strata pins [--cluster NAME]… [--json]`: every upstream reference the
 * committed rendered tree makes — Helm charts, container images, Git sources —
 * each once, with the clusters and files that use it. It reads rendered/ as
 * committed (no render), so it lists what the clusters will pull; the
 * `strata-pins-verify` tool proves the list online.
 */
export async function pinsCommand(opts: PinsOptions, io: Io): Promise<number> {
  const session = await openSession(opts, { parts: 'spec' });
  const findings: Finding[] = [];
  const clusters: ClusterObjects[] = [];
  for (const entry of session.selected) {
    const loaded = loadEntry(session, entry);
    if (loaded.cluster === undefined) {
      // The sync repository and the Kubernetes version come from the spec.
      findings.push(...loaded.findings);
      continue;
    }
    const base = renderedPathOf(loaded.cluster);
    const dir = join(session.ws.root, base);
    const files = listFiles(dir).filter((p) => /\.ya?ml$/.test(p) && !p.endsWith(KUSTOMIZATION_FILE) && OBJECT_FOLDERS.has(p.split('/')[0] ?? ''));
    if (files.length === 0) {
      findings.push(finding('RENDER_MISSING', 'nothing rendered for this cluster', { file: `${base}/` }));
      continue;
    }
    const objects: Located[] = [];
    for (const path of files) objects.push(...parseObjects(`${base}/${path}`, readFileSync(join(dir, path), 'utf8'), findings));
    clusters.push({
      cluster: entry.name,
      objects,
      syncUrl: loaded.cluster.spec.gitops.repository.url,
      kubernetesVersion: loaded.cluster.spec.kubernetes.version,
    });
  }
  const { report, findings: unreadable } = collectPins(clusters);
  findings.push(...unreadable);
  if (findings.some((f) => f.severity === 'error')) throw new StrataError(findings);

  if (opts.json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout.write(formatPins(report));
    const paint = painter(io.stderr, io.env);
    io.stderr.write(
      `${paint('green', session.selected.map((e) => e.name).join(', '))}: ${plural(report.charts.length, 'chart')}, ${plural(report.images.length, 'image')}, ${plural(report.git.length, 'Git source')}\n`,
    );
  }
  return 0;
}

/** Columns padded to the widest cell; the last column is not padded. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}

/** The human report: one table per kind, sorted as the JSON is. */
export function formatPins(report: PinsReport): string {
  const none = '-';
  const sections: string[] = [];
  const section = (title: string, head: readonly string[], rows: readonly (readonly string[])[]): void => {
    sections.push([`${title} (${rows.length})`, ...(rows.length === 0 ? ['  none'] : table([head, ...rows]).map((l) => `  ${l}`))].join('\n'));
  };
  section(
    'Helm charts',
    ['REPOSITORY', 'CHART', 'VERSION', 'DIGEST', 'RELEASES', 'CLUSTERS'],
    report.charts.map((c) => [c.repository, c.chart, c.version ?? none, c.digest ?? none, String(c.uses.length), c.clusters.join(',')]),
  );
  section(
    'Container images',
    ['REPOSITORY', 'TAG', 'DIGEST', 'CLUSTERS'],
    report.images.map((i) => [i.repository, i.tag ?? none, i.digest ?? none, i.clusters.join(',')]),
  );
  section(
    'Git sources',
    ['URL', 'ROLE', 'REF', 'COMMIT', 'PATHS', 'CLUSTERS'],
    report.git.map((g) => [
      g.url,
      g.role,
      g.tag !== undefined ? `tag ${g.tag}` : g.branch !== undefined ? `branch ${g.branch}` : none,
      g.commit ?? none,
      g.role === 'sync' ? plural(g.paths.length, 'path') : g.paths.join(',') || none,
      g.clusters.join(','),
    ]),
  );
  return `${sections.join('\n\n')}\n`;
}

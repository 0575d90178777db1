import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '@strata/core';
import { parse } from 'yaml';
import type { K8sObject } from '../files.ts';
import { parseObjects } from '../objects.ts';
import { diffObjects, formatChanges } from '../objectdiff.ts';
import { INDEX_FILE, KUSTOMIZATION_FILE, type RenderedCluster } from '../render.ts';
import { type Io, painter, printFindings } from '../report.ts';
import { openSession, renderSelected, type SessionOptions } from '../session.ts';
import { listFiles } from '../tree.ts';
import { reportRenderErrors } from './render.ts';

export interface DiffOptions extends SessionOptions {
  readonly json: boolean;
}

function isObjectFile(path: string): boolean {
  return /\.ya?ml$/.test(path) && !path.endsWith(KUSTOMIZATION_FILE) && path !== INDEX_FILE;
}

/** The objects of a cluster folder as it is on disk. */
function onDisk(root: string, cluster: RenderedCluster, findings: Finding[]): K8sObject[] {
  const dir = join(root, cluster.renderedPath);
  return listFiles(dir)
    .filter(isObjectFile)
    .flatMap((path) => parseObjects(`${cluster.renderedPath}/${path}`, readFileSync(join(dir, path), 'utf8'), findings).map((l) => l.obj));
}

/**
 * `strata diff [--cluster NAME]…`: what `strata render` would change, object by
 * object: `+` added, `-` removed, `~` changed with each path that changed.
 * Writes nothing; exit 0 whether or not there are changes (render --check is the gate).
 */
export async function diffCommand(opts: DiffOptions, io: Io): Promise<number> {
  const session = await openSession(opts);
  const { rendered, findings } = await renderSelected(session);
  if (reportRenderErrors(io, findings, opts.json)) return 1;
  const readProblems: Finding[] = [];
  const result = rendered.map(({ cluster }) => {
    const next = cluster.files.filter((f) => f.objects > 0).map((f) => parse(f.content) as K8sObject);
    return { name: cluster.name, changes: diffObjects(onDisk(session.ws.root, cluster, readProblems), next) };
  });
  if (opts.json) {
    io.stdout.write(`${JSON.stringify({ ok: true, clusters: result, findings: [...findings, ...readProblems] }, null, 2)}\n`);
    return 0;
  }
  printFindings(io, [...findings, ...readProblems]);
  const paint = painter(io.stdout, io.env);
  const colour = { '+': 'green', '-': 'red', '~': 'yellow' } as const;
  for (const { name, changes } of result) {
    if (changes.length === 0) continue;
    const lines = formatChanges(changes).map((l) => `  ${paint(colour[l[0] as '+' | '-' | '~'], l)}`);
    io.stdout.write(`${name}:\n${lines.join('\n')}\n`);
  }
  const total = result.reduce((n, r) => n + r.changes.length, 0);
  io.stderr.write(total === 0 ? 'no changes\n' : `${total} object${total === 1 ? '' : 's'} would change; run \`npm run render\` to write them\n`);
  return 0;
}

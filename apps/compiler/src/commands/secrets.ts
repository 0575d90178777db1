import { collectFacts, compareStrings, enabledComponents, type Finding, readerId } from '@strata/core';
import { checkSecretFiles } from '../secrets/gate.ts';
import { clusterInventory, type InventoryEntry, inventoryFindings } from '../secrets/inventory.ts';
import { errorCount, type Io, painter, plural, printFindings } from '../report.ts';
import { loadEntry, openSession, readSecrets, type SessionOptions } from '../session.ts';

export interface SecretsOptions extends SessionOptions {
  readonly json: boolean;
}

/** How each state reads in the listing. */
const STATE_TEXT: Record<InventoryEntry['state'], string> = {
  encrypted: 'provided encrypted',
  generated: 'generated in the cluster',
  bootstrap: 'made by hand at bootstrap',
  external: 'made outside strata',
  missing: 'MISSING: make it outside strata',
  unread: 'provided encrypted, read by nothing rendered',
};

/** The lines of one inventory entry in the text listing. */
export function describeEntry(e: InventoryEntry): string[] {
  const lines = [`${e.namespace}/${e.name}  [${STATE_TEXT[e.state]}]`];
  lines.push(`  keys: ${e.keys.length === 0 ? '(none)' : e.keys.join(', ')}${e.type === undefined ? '' : ` (type ${e.type})`}`);
  for (const r of e.readers) lines.push(`  read by: ${readerId(r)} ${r.field}${r.via === undefined ? '' : ` (via ${r.via})`}`);
  lines.push(`  holds: ${e.purpose}`);
  if (e.state === 'encrypted' || e.state === 'unread') lines.push(`  file: ${e.file ?? ''}`);
  else if (e.state === 'generated') lines.push(`  made by: ${e.generatedBy ?? ''}`);
  else lines.push(`  make it: ${e.create}${e.by === undefined ? '' : `  (by: ${e.by})`}`);
  return lines;
}

/**
 * `strata secrets [--cluster NAME]… [--json]`: every Secret each cluster's
 * rendered objects read (namespace, name, keys, readers, what goes in it) with
 * where it comes from: provided SOPS-encrypted in clusters/<name>/secrets/,
 * generated in the cluster, or made outside strata with the kubectl line
 * printed. Bad secrets/ files are errors (exit 1); a missing Secret is a warning.
 */
export async function secretsCommand(opts: SecretsOptions, io: Io): Promise<number> {
  const session = await openSession(opts, { parts: 'spec' });
  const findings: Finding[] = [];
  const out: { cluster: string; engine: string; secrets: InventoryEntry[] }[] = [];
  for (const entry of session.selected) {
    const loaded = loadEntry(session, entry);
    findings.push(...loaded.findings);
    if (loaded.cluster === undefined) continue;
    const cluster = loaded.cluster;
    const input = readSecrets(session, entry);
    const gate = await checkSecretFiles(input.files, { identities: input.identities });
    findings.push(...gate.findings);
    const facts = collectFacts(enabledComponents(session.components, cluster), cluster);
    const inventory = clusterInventory(cluster, facts, gate.provided);
    findings.push(...inventoryFindings(cluster, entry.specFile, inventory, gate.provided, loaded.locate));
    out.push({ cluster: entry.name, engine: cluster.spec.gitops.engine, secrets: inventory });
  }
  const errors = errorCount(findings);
  if (opts.json) {
    const rows = out.map((c) => ({ ...c, secrets: c.secrets.map(({ path: _path, components: _c, ...rest }) => ({ ...rest, readers: rest.readers.map((r) => ({ ...r, id: readerId(r) })) })) }));
    io.stdout.write(`${JSON.stringify({ ok: errors === 0, clusters: rows, findings }, null, 2)}\n`);
    return errors > 0 ? 1 : 0;
  }
  const text: string[] = [];
  for (const c of out) {
    const count = (s: InventoryEntry['state']) => c.secrets.filter((e) => e.state === s).length;
    text.push(
      `${c.cluster} (${c.engine}): ${plural(c.secrets.length, 'Secret')}: ${count('encrypted')} encrypted in the repo, ${count('generated')} generated, ${count('external') + count('bootstrap')} made outside strata, ${count('missing')} missing`,
    );
    for (const e of [...c.secrets].sort((a, b) => compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name))) text.push(...describeEntry(e).map((l) => `  ${l}`));
    if (c.engine === 'argocd') text.push('  (Argo CD cannot decrypt SOPS files: every Secret not generated in the cluster is made outside strata)');
    text.push('');
  }
  io.stdout.write(text.join('\n'));
  printFindings(io, findings);
  if (errors > 0) io.stderr.write(painter(io.stderr, io.env)('red', `${plural(errors, 'error')}\n`));
  return errors > 0 ? 1 : 0;
}

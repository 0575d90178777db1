import { collectFacts, type Component, readerId, describeCompatibility, enabledComponents, EXPLAIN_TOPICS, type ExplainTopic, type Explanation, releaseRequirements } from '@strata/core';
import { errorCount, type Io, plural, printFindings } from '../report.ts';
import { loadEntry, openSession, readSecrets, type SessionOptions } from '../session.ts';
import { checkSecretFiles, type ProvidedSecret } from '../secrets/gate.ts';
import { clusterInventory, type InventoryEntry } from '../secrets/inventory.ts';

/** One line per Secret: what it holds, who reads it, and where it comes from. */
function explainSecrets(cluster: Parameters<typeof collectFacts>[1], inventory: readonly InventoryEntry[]): string[] {
  if (inventory.length === 0) return ['no rendered object reads a Secret'];
  const lines = inventory.map((e) => {
    const readers = [...new Set(e.readers.map(readerId))].join(', ');
    const from =
      e.state === 'encrypted'
        ? `SOPS-encrypted in ${e.file ?? ''}, decrypted by Flux`
        : e.state === 'generated'
          ? `written by ${e.generatedBy ?? ''}`
          : e.state === 'bootstrap'
            ? 'made by hand once, at bootstrap (README)'
            : e.state === 'external'
              ? `made outside strata${e.by === undefined ? '' : ` (${e.by})`}`
              : e.state === 'unread'
                ? `SOPS-encrypted in ${e.file ?? ''}; no rendered object reads it`
                : `missing: make it with \`${e.create}\``;
    return `${e.namespace}/${e.name} (${e.keys.join(', ')}): ${e.purpose}; read by ${readers === '' ? 'nothing rendered' : readers}; ${from}`;
  });
  if (cluster.spec.gitops.engine === 'argocd') lines.push('Argo CD has no SOPS decryption: every Secret that is not generated in the cluster is made outside strata');
  return lines;
}

export interface ExplainOptions extends SessionOptions {
  readonly json: boolean;
}

/** Headings of the topics, in print order. */
const HEADINGS: Record<ExplainTopic, string> = {
  encryption: 'What is encrypted in transit',
  paths: 'Which path traffic takes',
  tls: 'Where TLS terminates',
  certificates: 'Which certificates serve a host, and when they renew',
  secrets: 'Which Secrets the cluster needs, and where each comes from',
  compatibility: 'Which versions run, and what each needs of the others and of Kubernetes',
};

/** The explanations of every enabled component of one loaded cluster, grouped by topic. */
export function explainCluster(
  components: readonly Component[],
  cluster: Parameters<typeof collectFacts>[1],
  provided: readonly ProvidedSecret[] = [],
): Map<ExplainTopic, { component: string; lines: readonly string[] }[]> {
  const enabled = enabledComponents(components, cluster);
  const facts = collectFacts(enabled, cluster);
  const byTopic = new Map<ExplainTopic, { component: string; lines: readonly string[] }[]>(EXPLAIN_TOPICS.map((t) => [t, []]));
  for (const component of enabled) {
    const block = (cluster.spec as Record<string, unknown>)[component.key];
    const parts: readonly Explanation[] = component.explain?.({ cluster, block, facts }) ?? [];
    for (const part of parts) if (part.lines.length > 0) byTopic.get(part.topic)?.push({ component: component.name, lines: part.lines });
  }
  // The Secret inventory spans components and the engine: the compiler reads it off the merged facts and secrets/.
  byTopic.get('secrets')?.push({ component: 'strata', lines: explainSecrets(cluster, clusterInventory(cluster, facts, provided)) });
  // The compatibility table spans components: the compiler reads it off the merged facts.
  // spec.releases add their own rows (their `kubernetes` ranges).
  const rows = { ...facts, requirements: [...facts.requirements, ...releaseRequirements(cluster)] };
  byTopic.get('compatibility')?.push({ component: 'strata', lines: describeCompatibility(rows, cluster.spec.kubernetes.version) });
  return byTopic;
}

/**
 * `strata explain [--cluster NAME]…`: answers, from the spec alone, the
 * questions a reviewer asks of a cluster: what WireGuard encrypts, which path
 * each service takes (L4 fast path, Gateway or L7 edge), where TLS ends, which
 * certificate serves a host and when it renews, which versions run and what
 * each needs. Each component explains its own concern; a topic nobody
 * covers says so.
 */
export async function explainCommand(opts: ExplainOptions, io: Io): Promise<number> {
  const session = await openSession(opts);
  const out: { cluster: string; topics: Record<string, { component: string; lines: readonly string[] }[]> }[] = [];
  const text: string[] = [];
  for (const entry of session.selected) {
    const loaded = loadEntry(session, entry);
    if (loaded.cluster === undefined) {
      printFindings(io, loaded.findings);
      io.stderr.write(`${entry.name}: the spec has ${plural(errorCount(loaded.findings), 'error')}; nothing to explain\n`);
      return 1;
    }
    const gate = await checkSecretFiles(readSecrets(session, entry).files, { identities: [] });
    const topics = explainCluster(session.components, loaded.cluster, gate.provided);
    out.push({ cluster: entry.name, topics: Object.fromEntries(topics) });
    text.push(`${entry.name} (${entry.specFile})`);
    for (const [topic, parts] of topics) {
      text.push('', `  ${HEADINGS[topic]}`);
      if (parts.length === 0) text.push('    nothing in this spec covers it');
      for (const part of parts) for (const line of part.lines) text.push(`    ${line}`);
    }
    text.push('');
  }
  io.stdout.write(opts.json ? `${JSON.stringify(out, null, 2)}\n` : `${text.join('\n')}`);
  return 0;
}

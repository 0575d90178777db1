import { resolve } from 'node:path';
import { collectFacts, type Component, finding, type Finding, StrataError } from '@strata/core';
import { formatHours, HOUR_MS, iso, type PkiBlock, type PkiPlan, planPki, simulate, slotName } from '@strata/pki-bootstrap';
import { type IssueAction, issuePki } from '../pki/issue.ts';
import { unsafeKeyDir } from '../pki/store.ts';
import { verifyDir } from '../pki/verify.ts';
import { type Io, painter, plural, printFindings } from '../report.ts';
import { loadEntry, openSession } from '../session.ts';
import { UsageError } from '../workspace.ts';

/** The `strata pki` subcommands and the options each takes (besides --root, --debug, --help). */
export const PKI_ACCEPTS: Readonly<Record<string, readonly string[]>> = {
  plan: ['cluster', 'from', 'days', 'json'],
  issue: ['cluster', 'out', 'only', 'renew', 'now'],
  verify: ['dir', 'now', 'json'],
};

/** Help lines for main.ts' HELP text. */
export { PKI_HELP } from './pki-help.ts';

/** Options of the pki commands, as main.ts parses them. */
export interface PkiOptions {
  readonly cwd: string;
  readonly root?: string;
  readonly clusters: readonly string[];
  readonly out?: string;
  readonly dir?: string;
  readonly from?: string;
  readonly days?: string;
  readonly now?: string;
  readonly only: readonly string[];
  readonly renew: boolean;
  readonly json: boolean;
  /** Override discovery (tests). */
  readonly components?: readonly Component[];
}

const DAY_MS = 24 * HOUR_MS;

/** `2026-01-01` or a full ISO 8601 instant → epoch ms; a usage error otherwise. */
export function parseInstant(text: string, flag: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new UsageError(`--${flag} needs a date like 2026-01-01 or 2026-01-01T12:00:00Z, got "${text}"`);
  return ms;
}

function given(opts: PkiOptions): string[] {
  const out: string[] = [];
  if (opts.clusters.length > 0) out.push('cluster');
  for (const k of ['out', 'dir', 'from', 'days', 'now'] as const) if (opts[k] !== undefined) out.push(k);
  if (opts.only.length > 0) out.push('only');
  if (opts.renew) out.push('renew');
  if (opts.json) out.push('json');
  return out;
}

/** `strata pki <plan|issue|verify>`: dispatches after checking the subcommand's options. */
export async function pkiCommand(args: readonly string[], opts: PkiOptions, io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined) throw new UsageError('pki needs a subcommand: plan, issue or verify');
  const accepts = PKI_ACCEPTS[sub];
  if (accepts === undefined) throw new UsageError(`unknown pki subcommand "${sub}"; use plan, issue or verify`);
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  for (const name of given(opts)) if (!accepts.includes(name)) throw new UsageError(`pki ${sub} does not take --${name}`);
  if (sub === 'plan') return pkiPlanCommand(opts, io);
  if (sub === 'issue') return pkiIssueCommand(opts, io);
  return pkiVerifyCommand(opts, io);
}

/** Loads the one cluster named by --cluster and plans its PKI. */
async function loadPlan(opts: PkiOptions): Promise<{ plan: PkiPlan; specFile: string; root: string }> {
  if (opts.clusters.length !== 1) throw new UsageError('pki needs exactly one --cluster NAME');
  const session = await openSession({ cwd: opts.cwd, clusters: opts.clusters, ...(opts.root === undefined ? {} : { root: opts.root }), ...(opts.components === undefined ? {} : { components: opts.components }) }, { parts: 'spec' });
  const entry = session.selected[0]!;
  if (!session.components.some((c) => c.key === 'pki')) {
    throw new StrataError([finding('WORKSPACE', '@strata/pki-bootstrap is not installed', { hint: 'npm install @strata/pki-bootstrap in the workspace' })]);
  }
  const loaded = loadEntry(session, entry);
  if (loaded.cluster === undefined) throw new StrataError(loaded.findings);
  const block = (loaded.cluster.spec as unknown as { pki?: PkiBlock }).pki;
  if (block?.enabled !== true) {
    throw new StrataError([
      finding('SPEC_COMPONENT', 'spec.pki is not enabled', { file: entry.specFile, hint: 'add `pki: {enabled: true}` under spec to plan the control-plane PKI' }),
    ]);
  }
  // The plan depends on the CNI (kube-proxy and flannel stay off when it replaces them): the same facts render uses.
  const facts = collectFacts(session.components, loaded.cluster);
  return { plan: planPki(loaded.cluster, block, facts.dataplane), specFile: entry.specFile, root: session.ws.root };
}

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s.padEnd(n);
}

/** `strata pki plan`: the certificates, then a simulated rotation; exit 1 on any problem. */
export async function pkiPlanCommand(opts: PkiOptions, io: Io): Promise<number> {
  const { plan, specFile } = await loadPlan(opts);
  const from = opts.from === undefined ? Date.now() : parseInstant(opts.from, 'from');
  const days = opts.days === undefined ? 365 : Number(opts.days);
  if (!Number.isInteger(days) || days < 0 || days > 36500) throw new UsageError(`--days needs a whole number of days (0–36500), got "${opts.days}"`);
  const sim = simulate(plan, from, days);
  if (opts.json) {
    io.stdout.write(`${JSON.stringify({ plan, simulation: sim }, null, 2)}\n`);
  } else {
    const lines = [
      `${plan.cluster}: ${plural(plan.certificates.length, 'certificate')} and ${plural(plan.keyPairs.length, 'key pair')} in ${plan.base}, ECDSA P-521, renewed at ${plan.renewAt.text} of their life, one ${formatHours(plan.jitterWindowHours)} window per node`,
      '',
      `${pad('CERTIFICATE', 34)}${pad('ISSUER', 16)}${pad('PROFILE', 14)}${pad('LIFE', 8)}${pad('SLOT', 16)}SUBJECT`,
      ...plan.certificates.map(
        (c) =>
          `${pad(c.name, 34)}${pad(c.issuer ?? '-', 16)}${pad(c.profile, 14)}${pad(formatHours(c.lifetimeHours), 8)}${pad(slotName(plan, c.slot), 16)}CN=${c.cn}${c.o.map((o) => `, O=${o}`).join('')}`,
      ),
      ...plan.keyPairs.map((k) => `${pad(k.name, 34)}${pad('-', 16)}${pad('key pair', 14)}${pad('-', 8)}${pad('-', 16)}${k.purpose}`),
      '',
      `schedule: ${days} days from ${iso(from)}, ${plural(sim.events.length, 'issuance')}`,
      ...sim.events.map((e) => `${iso(e.at)}  ${pad(e.kind, 7)}${pad(e.name, 34)}${pad(slotName(plan, e.slot), 16)}until ${iso(e.validity.notAfter)}`),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  if (sim.problems.length === 0) return 0;
  printFindings(io, sim.problems.map((p) => finding('SPEC_COMPONENT', p.message, { file: specFile, path: 'spec.pki' })));
  return 1;
}

function actionLine(a: IssueAction): string {
  const until = a.validity === undefined ? '' : `until ${iso(a.validity.notAfter)}`;
  return `${pad(a.action, 9)}${pad(a.name, 34)}${pad(a.status, 9)}${until}${a.action === 'kept' ? `  (${a.reason})` : ''}`.trimEnd();
}

/** `strata pki issue`: keys and certificates into --out (never in git, never under rendered/). */
export async function pkiIssueCommand(opts: PkiOptions, io: Io): Promise<number> {
  if (opts.out === undefined) throw new UsageError('pki issue needs --out DIR (a folder outside the git work tree)');
  const { plan, root } = await loadPlan(opts);
  const dir = resolve(opts.cwd, opts.out);
  const unsafe = unsafeKeyDir(dir, root);
  if (unsafe !== undefined) {
    throw new StrataError([finding('WORKSPACE', `refusing to write private keys: ${unsafe}`, { hint: 'pass --out a folder outside any git work tree, e.g. ~/.local/share/strata/pki/<cluster>' })]);
  }
  const now = opts.now === undefined ? Date.now() : parseInstant(opts.now, 'now');
  const result = await issuePki(plan, dir, { now, only: opts.only, renew: opts.renew });
  io.stdout.write(`${result.actions.map(actionLine).join('\n')}\n`);
  const paint = painter(io.stderr, io.env);
  const changed = result.actions.filter((a) => a.action !== 'kept').length;
  const pending = result.actions.filter((a) => a.action === 'kept' && a.status !== 'ok').length;
  io.stderr.write(`${plural(changed, 'file set')} written to ${dir}${pending > 0 ? paint('yellow', `; ${pending} due, expired or changed: run again with --renew`) : ''}\n`);
  if (result.problems.length === 0) return 0;
  printFindings(io, result.problems.map((p): Finding => finding('SPEC_COMPONENT', p, { file: dir })));
  return 1;
}

/** `strata pki verify`: checks a key folder; exit 1 on any problem. */
export async function pkiVerifyCommand(opts: PkiOptions, io: Io): Promise<number> {
  if (opts.dir === undefined) throw new UsageError('pki verify needs --dir DIR');
  const dir = resolve(opts.cwd, opts.dir);
  const now = opts.now === undefined ? Date.now() : parseInstant(opts.now, 'now');
  const result = await verifyDir(dir, now);
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const lines = [`${pad('CERTIFICATE', 34)}${pad('DAYS LEFT', 11)}${pad('DUE', 5)}${pad('NOT AFTER', 26)}STATUS`];
    for (const c of result.certs) {
      lines.push(`${pad(c.name, 34)}${pad(String(c.daysLeft), 11)}${pad(c.due ? 'yes' : 'no', 5)}${pad(c.notAfter.replace('.000Z', 'Z'), 26)}${c.problems.length === 0 ? 'ok' : c.problems.join('; ')}`);
    }
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  const problems = [...result.certs.flatMap((c) => c.problems.map((p) => `${c.name}: ${p}`)), ...result.problems];
  const due = result.certs.filter((c) => c.due && c.problems.length === 0).length;
  io.stderr.write(`${plural(result.certs.length, 'certificate')} checked in ${dir}: ${plural(problems.length, 'problem')}, ${due} due for renewal\n`);
  if (problems.length === 0) return 0;
  printFindings(io, problems.map((p) => finding('SPEC_COMPONENT', p, { file: dir })));
  return 1;
}

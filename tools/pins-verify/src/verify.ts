import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CRD_CATALOG } from '@strata/nx-strata';
import { isMap, isScalar, isSeq, LineCounter, type Node, parse, parseDocument } from 'yaml';
import { loadChart } from './chart.ts';
import { type ChartPinInput, type ChartUseInput, type GitPinInput, type ImagePinInput, InputError, type PinsInput } from './input.ts';
import { type ChartResolver, firstLine, type Resolution } from './resolve.ts';
import type { Runner } from './runner.ts';
import { checkValues } from './values.ts';

/** The checks, each of which can be turned on alone. */
export const CHECKS = ['charts', 'images', 'git', 'values', 'template'] as const;
export type CheckKind = (typeof CHECKS)[number];

/** One outcome. `failed` fails the run; `warning` and `skipped` are printed and do not. */
export interface Result {
  readonly check: CheckKind;
  readonly status: 'ok' | 'failed' | 'warning' | 'skipped';
  /** The pin or release checked: `chart cilium 1.18.12 from https://helm.cilium.io/`. */
  readonly subject: string;
  readonly message: string;
  /** The one place in the tree to fix, when there is one (values: the key). */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly path?: string;
  /** The rendered files that use the pin. */
  readonly files?: readonly string[];
}

export interface VerifyOptions {
  /** Runs every external command (helm, crane, git, tar, kubeconform). */
  readonly runner: Runner;
  /** Gives each chart version its unpacked folder, or says why there is none. */
  readonly resolver: ChartResolver;
  /** Workspace root: `uses[].file` is relative to it. */
  readonly root: string;
  /** A writable temp folder (values files for helm template). */
  readonly workDir: string;
  /** Default: all. */
  readonly checks?: ReadonlySet<CheckKind>;
  /** kubeconform command and leading arguments; default `npx kubeconform` (tools/kubeconform). */
  readonly kubeconform?: readonly string[];
  /** Called with each result as it is known (progress). */
  readonly onResult?: (r: Result) => void;
}

/** `1.33` → `1.33.0`; `v1.33.4` → `1.33.4`. */
export function fullVersion(v: string): string {
  const bare = v.replace(/^v/, '');
  return bare.split('.').length === 2 ? `${bare}.0` : bare;
}

/** Dotted path with indexes (`spec.sources[0].helm.valuesObject`) → segments. */
function segments(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] === undefined ? (m[1] ?? '') : Number(m[2])));
}

function dotted(path: readonly (string | number)[]): string {
  return path.reduce<string>((out, s) => (typeof s === 'number' ? `${out}[${s}]` : /^[\w$-]+$/.test(s) ? (out === '' ? s : `${out}.${s}`) : `${out}[${JSON.stringify(s)}]`), '');
}

/** A release's values read from its rendered file, and a way to find the line of any key under them. */
export interface UseValues {
  readonly values: Record<string, unknown>;
  locate(path: readonly (string | number)[]): { line: number; column: number };
}

/** Reads a release's values where pins.json points (`use.file`, `use.values`), with the line of every key. */
export function readReleaseValues(root: string, use: ChartUseInput): UseValues {
  let text: string;
  try {
    text = readFileSync(join(root, use.file), 'utf8');
  } catch (err) {
    throw new InputError([`${use.file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); run from the workspace root or pass --root`]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const pos = (node: { range?: [number, number, number] | null } | null | undefined, fallback: { line: number; column: number }) => {
    if (node?.range == null) return fallback;
    const p = lineCounter.linePos(node.range[0]);
    return { line: p.line, column: p.col };
  };
  // Walks down from `start`, remembering the last key found: the line to point at.
  const walk = (start: unknown, path: readonly (string | number)[], from: { line: number; column: number }) => {
    let node = start;
    let at = from;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (pair === undefined) break;
        at = pos(pair.key as Node, at);
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
        at = pos(node as Node, at);
      } else break;
    }
    return { node, at };
  };
  const base = walk(doc.contents, segments(use.values), { line: 1, column: 1 });
  if (base.node === undefined || base.node === null) throw new InputError([`${use.file} ${use.values}: not in the file; pins.json and rendered/ differ (run \`strata pins --json\` again)`]);
  // Argo CD's `helm.values` is a YAML string; its keys are located at the string.
  if (isScalar(base.node) && typeof base.node.value === 'string') {
    const values = parse(base.node.value) as unknown;
    return { values: typeof values === 'object' && values !== null ? (values as Record<string, unknown>) : {}, locate: () => base.at };
  }
  const values = doc.getIn(segments(use.values)) as unknown;
  const json = (values as { toJSON?: () => unknown } | undefined)?.toJSON?.() ?? values;
  return { values: (json ?? {}) as Record<string, unknown>, locate: (path) => walk(base.node, path, base.at).at };
}

function chartSubject(pin: ChartPinInput): string {
  return `chart ${pin.chart} ${pin.version ?? pin.digest ?? '(no version)'} from ${pin.repository}`;
}

async function verifyChart(pin: ChartPinInput, opts: VerifyOptions, on: Set<CheckKind>, emit: (r: Result) => void, n: { values: number }): Promise<void> {
  const subject = chartSubject(pin);
  const files = pin.files;
  if (pin.version === undefined && pin.digest === undefined) {
    emit({ check: 'charts', status: 'failed', subject, message: 'not pinned: no version and no digest', files });
    return;
  }
  let resolution: Resolution | undefined;
  if (on.has('charts') || on.has('values') || on.has('template')) resolution = await opts.resolver.resolve(pin);
  if (on.has('charts') && resolution !== undefined) {
    if (resolution.status === 'found') emit({ check: 'charts', status: 'ok', subject, message: 'exists' });
    else emit({ check: 'charts', status: resolution.status === 'missing' ? 'failed' : 'skipped', subject, message: resolution.message, files });
    if (pin.digest !== undefined) {
      if (!pin.repository.startsWith('oci://')) {
        emit({ check: 'charts', status: 'skipped', subject, message: 'a digest on an https Helm repository has no registry to compare with' });
      } else {
        const artifact = `${pin.repository.replace(/^oci:\/\//, '').replace(/\/+$/, '')}/${pin.chart}`;
        const ref = pin.version === undefined ? `${artifact}@${pin.digest}` : `${artifact}:${pin.version.replaceAll('+', '_')}`;
        const res = await opts.runner.run({ command: 'crane', args: ['digest', ref] });
        const upstream = res.stdout.trim();
        if (res.code !== 0) emit({ check: 'charts', status: 'failed', subject, message: `crane digest ${ref}: ${firstLine(res.stderr)}`, files });
        else if (upstream !== pin.digest) emit({ check: 'charts', status: 'failed', subject, message: `digest differs: ${ref} is ${upstream} upstream, the tree pins ${pin.digest}`, files });
        else emit({ check: 'charts', status: 'ok', subject, message: `digest ${pin.digest} matches` });
      }
    }
  }
  if (!on.has('values') && !on.has('template')) return;
  if (resolution?.status !== 'found') {
    if (!on.has('charts') || resolution?.status === 'unavailable') {
      emit({ check: on.has('values') ? 'values' : 'template', status: 'skipped', subject, message: `values not checked: ${resolution?.message ?? 'no chart'}` });
    }
    return;
  }
  const loaded = await loadChart(resolution.dir, opts.runner);
  // The pin names the release; a source tree's Chart.yaml may carry a placeholder (cert-manager: v0.0.0).
  const chart = { ...loaded, version: pin.version ?? loaded.version };
  for (const use of pin.uses) {
    const release = `release ${use.release} (${use.cluster}) of ${pin.chart} ${pin.version ?? ''}`.trimEnd();
    const read = readReleaseValues(opts.root, use);
    if (on.has('values')) {
      const issues = checkValues(chart, read.values);
      const located = issues.map((issue) => ({ issue, ...read.locate(issue.path) })).sort((a, b) => a.line - b.line || a.column - b.column);
      for (const { issue, line, column } of located) {
        emit({
          check: 'values',
          status: issue.severity === 'error' ? 'failed' : 'warning',
          subject: release,
          message: issue.message,
          file: use.file,
          line,
          column,
          path: dotted([...segments(use.values), ...issue.path]),
        });
      }
      if (!issues.some((i) => i.severity === 'error')) {
        const against = chart.schema === undefined ? 'values.yaml (the chart has no values.schema.json)' : 'values.schema.json and values.yaml';
        emit({ check: 'values', status: 'ok', subject: release, message: `values match ${against}` });
      }
    }
    if (on.has('template')) await template(chart.dir, use, read.values, release, opts, emit, ++n.values);
  }
}

async function template(
  dir: string,
  use: ChartUseInput,
  values: Record<string, unknown>,
  subject: string,
  opts: VerifyOptions,
  emit: (r: Result) => void,
  n: number,
): Promise<void> {
  const valuesDir = join(opts.workDir, 'values');
  mkdirSync(valuesDir, { recursive: true });
  const valuesFile = join(valuesDir, `${n}.yaml`);
  // JSON is YAML: helm reads it as it is.
  writeFileSync(valuesFile, `${JSON.stringify(values, null, 2)}\n`);
  const kube = fullVersion(use.kubernetesVersion);
  const helm = await opts.runner.run({
    command: 'helm',
    args: ['template', use.release, dir, '--namespace', use.namespace, '--kube-version', kube, '--include-crds', '--values', valuesFile],
  });
  const where = { file: use.file, path: use.values };
  if (helm.code !== 0) {
    emit({ check: 'template', status: 'failed', subject, message: `helm template: ${helm.stderr.trim().replace(/^Error: /, '') || `exit ${helm.code}`}`, ...where });
    return;
  }
  const [command = 'npx', ...lead] = opts.kubeconform ?? ['npx', 'kubeconform'];
  const kc = await opts.runner.run({
    command,
    args: [...lead, '-strict', '-summary', '-kubernetes-version', kube, '-schema-location', 'default', '-schema-location', CRD_CATALOG, '-'],
    input: helm.stdout,
  });
  const lines = kc.stdout.trim().split('\n').filter((l) => l !== '');
  const summary = lines.find((l) => l.startsWith('Summary:')) ?? '';
  if (kc.code !== 0) {
    const problems = lines.filter((l) => !l.startsWith('Summary:'));
    const message = [...problems, ...(kc.stderr.trim() === '' ? [] : [kc.stderr.trim()]), summary].filter((l) => l !== '').join('\n');
    emit({ check: 'template', status: 'failed', subject, message: `kubeconform: ${message || `exit ${kc.code}`}`, ...where });
  } else {
    emit({ check: 'template', status: 'ok', subject, message: `helm template renders objects kubeconform accepts (${summary.replace(/^Summary: /, '')})` });
  }
}

async function verifyImage(pin: ImagePinInput, opts: VerifyOptions, emit: (r: Result) => void): Promise<void> {
  const subject = `image ${pin.repository}${pin.tag === undefined ? '' : `:${pin.tag}`}${pin.digest === undefined ? '' : `@${pin.digest}`}`;
  if (pin.tag === undefined && pin.digest === undefined) {
    emit({ check: 'images', status: 'failed', subject, message: 'not pinned: no tag and no digest', files: pin.files });
    return;
  }
  const ref = pin.tag === undefined ? `${pin.repository}@${pin.digest}` : `${pin.repository}:${pin.tag}`;
  const res = await opts.runner.run({ command: 'crane', args: ['digest', ref] });
  const upstream = res.stdout.trim();
  if (res.code !== 0) emit({ check: 'images', status: 'failed', subject, message: `crane digest ${ref}: ${firstLine(res.stderr)}`, files: pin.files });
  else if (pin.digest !== undefined && upstream !== pin.digest) {
    emit({ check: 'images', status: 'failed', subject, message: `digest differs: ${ref} is ${upstream} upstream, the tree pins ${pin.digest}`, files: pin.files });
  } else if (pin.digest === undefined) emit({ check: 'images', status: 'ok', subject, message: `exists; its digest is ${upstream} (the tree pins the tag only)` });
  else emit({ check: 'images', status: 'ok', subject, message: 'exists; digest matches' });
}

async function verifyGit(pin: GitPinInput, opts: VerifyOptions, emit: (r: Result) => void): Promise<void> {
  const subject = `git ${pin.url}${pin.tag === undefined ? '' : ` tag ${pin.tag}`}${pin.commit === undefined ? '' : ` commit ${pin.commit}`}`;
  if (pin.tag === undefined) {
    const why = pin.commit !== undefined ? 'pinned by commit alone: git ls-remote lists refs, not commits' : `follows branch ${pin.branch ?? '(none)'}: not a release pin`;
    emit({ check: 'git', status: pin.commit !== undefined ? 'skipped' : 'failed', subject, message: why, files: pin.files });
    return;
  }
  const tag = `refs/tags/${pin.tag}`;
  const res = await opts.runner.run({ command: 'git', args: ['ls-remote', pin.url, tag, `${tag}^{}`] });
  if (res.code !== 0) {
    emit({ check: 'git', status: 'failed', subject, message: `git ls-remote: ${res.stderr.trim().split('\n').join(' ')}`, files: pin.files });
    return;
  }
  const refs = new Map(
    res.stdout
      .split('\n')
      .filter((l) => l.includes('\t'))
      .map((l) => [l.split('\t')[1] ?? '', l.split('\t')[0] ?? ''] as const),
  );
  // An annotated tag points at a tag object; `^{}` is the commit it tags.
  const commit = refs.get(`${tag}^{}`) ?? refs.get(tag);
  if (commit === undefined) emit({ check: 'git', status: 'failed', subject, message: `tag ${pin.tag} does not exist in ${pin.url}`, files: pin.files });
  else if (pin.commit !== undefined && commit !== pin.commit) {
    emit({ check: 'git', status: 'failed', subject, message: `commit differs: tag ${pin.tag} is ${commit} upstream, the tree pins ${pin.commit}`, files: pin.files });
  } else if (pin.commit === undefined) emit({ check: 'git', status: 'ok', subject, message: `tag exists at commit ${commit} (the tree pins the tag only: record the commit)` });
  else emit({ check: 'git', status: 'ok', subject, message: 'tag exists at the pinned commit' });
}

/**
 * Proves every pin of `strata pins --json` upstream: charts exist (and match
 * their digest), every release's values fit the chart (schema, known keys)
 * and render objects kubeconform accepts, images and Git tags exist at the
 * pinned digest and commit. The cluster's own repository (role `sync`) is
 * not a release and is left out. Results come in input order.
 */
export async function verifyPins(pins: PinsInput, opts: VerifyOptions): Promise<Result[]> {
  const on = new Set(opts.checks ?? CHECKS);
  const results: Result[] = [];
  const emit = (r: Result): void => {
    results.push(r);
    opts.onResult?.(r);
  };
  const n = { values: 0 };
  for (const pin of pins.charts) await verifyChart(pin, opts, on, emit, n);
  if (on.has('images')) for (const pin of pins.images) await verifyImage(pin, opts, emit);
  if (on.has('git')) for (const pin of pins.git) if (pin.role === 'upstream') await verifyGit(pin, opts, emit);
  return results;
}

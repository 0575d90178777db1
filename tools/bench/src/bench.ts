// npm run bench [-- --clusters N]: renders and validates a generated fleet and
// prints the figures beside the floor (parsing and writing the same YAML alone)
// and beside kubeconform on the same committed files.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { VALIDATE_CACHE_FILE } from '@strata/compiler';
import { RINGS, ringOf, writeFleet } from './fleet.ts';
import { type ValidateCounts, validateCounts } from './report.ts';
import { creationSpeed, type Settled, settle, settledText, sleepSync } from './settle.ts';
import { fleetSizes, type Found, kubeconformArgs, locateKubeconform, medianRatio, pairsFor, parseSummary, rate, ratioText, ratioWords, type Summary } from './versus.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const MEASURE = fileURLToPath(new URL('./measure.ts', import.meta.url));
const BIN = join(REPO, 'apps/compiler/bin/strata.js');
/** A render's system time over this share of its user time means the filesystem was slow (settled: 0.1–0.25). */
const SLOW_SYSTEM_SHARE = 0.4;

interface Sample {
  readonly ms: number;
  readonly peakMB: number;
  readonly strataMs: number;
  /** CPU of the step's process, all threads: user and system (file creation shows here). */
  readonly userMs: number;
  readonly sysMs: number;
  /** render-incremental: clusters rendered and skipped; validate: clusters checked and skipped, objects reported. */
  readonly rendered?: number;
  readonly checked?: number;
  readonly skipped?: number;
  readonly objects?: number;
}

/** Runs one step in a fresh process and reads its wall time and peak RSS. */
function measure(step: string, args: readonly string[]): Sample {
  const start = performance.now();
  // The V8 flag the strata bin's shebang runs with, so the figures are those of `npx strata`.
  const res = spawnSync(process.execPath, ['--max-semi-space-size=16', MEASURE, step, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - start;
  if (res.status !== 0) throw new Error(`${step} failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  const report = JSON.parse(res.stdout.trim().split('\n').pop() ?? '{}') as Omit<Sample, 'peakMB' | 'strataMs'> & { peakKB: number };
  const { peakKB, ms: strataMs, ...counts } = report;
  return { ...counts, ms, peakMB: peakKB / 1024, strataMs };
}

function median<T extends { ms: number }>(samples: T[], ...keys: (keyof T)[]): T {
  const pick = (k: keyof T): number => {
    const sorted = samples.map((s) => s[k] as number).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  // Counts are the same in every run; times (wall and CPU) and memory are the median of each.
  const timed = ['ms', 'userMs', 'sysMs', ...keys].filter((k) => k in samples[0]!);
  return { ...samples[0]!, ...Object.fromEntries(timed.map((k) => [k, pick(k as keyof T)])) };
}

const repeat = <T>(runs: number, f: () => T): T[] => Array.from({ length: runs }, f);

/** kubeconform on `targets` under `cwd`: wall time and its summary (its verdict is reported, never hidden). */
interface KcSample {
  readonly ms: number;
  readonly summary: Summary | undefined;
  readonly status: number | null;
  readonly error?: string;
}

function runKubeconform(kc: Found, cwd: string, targets: readonly string[]): KcSample {
  const start = performance.now();
  const res = spawnSync(kc.path, kubeconformArgs(kc.path, targets), { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - start;
  const output = `${res.stdout ?? ''}\n${res.stderr ?? ''}`;
  return { ms, summary: parseSummary(output), status: res.status, ...(res.error === undefined ? {} : { error: res.error.message }) };
}

/** One `strata validate` beside kubeconform: wall time and what its --json reported. */
interface Timed extends ValidateCounts {
  readonly ms: number;
}

/** Validate without its cache (cold), then with it (warm, nothing changed), then kubeconform, on the same clusters. */
interface Comparison {
  readonly label: string;
  readonly cold: Timed;
  readonly warm: Timed;
  readonly kc?: KcSample;
  /** kubeconform's wall time over strata's cold one: the median over {@link pairs} runs taken in turn. */
  readonly ratio?: number;
  readonly pairs?: number;
}

/**
 * `strata validate --json` as a user runs it beside kubeconform: the bin itself, with its
 * shebang's flag, timed from outside like kubeconform (measure.ts would add its own start-up).
 */
function runBin(at: string, args: readonly string[]): Timed {
  const start = performance.now();
  const res = spawnSync(process.execPath, ['--max-semi-space-size=16', BIN, 'validate', '--json', '--root', at, ...args], { cwd: at, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - start;
  if (res.status !== 0) throw new Error(`strata validate failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  return { ms, ...validateCounts(res.stdout) };
}

// 1,000 clusters by default (issue 17's fleet), once each: a full render of that many takes a minute on the 2-core machine.
const { values } = parseArgs({ options: { clusters: { type: 'string', default: '1000' }, runs: { type: 'string', default: '1' } } });
const count = Number(values.clusters);
const runs = Number(values.runs);
const kc = locateKubeconform(process.env, REPO);
const root = mkdtempSync(join(tmpdir(), 'strata-bench-'));

/** The bin, cold and warm, `runs` times each: medians. */
function binCold(at: string, args: readonly string[]): Timed {
  return median(repeat(runs, () => (rmSync(join(at, VALIDATE_CACHE_FILE), { force: true }), runBin(at, args))));
}

function binWarm(at: string, args: readonly string[]): Timed {
  return median(repeat(runs, () => runBin(at, args)));
}

/** Cold: the validate cache removed before each run (compiled spec validators and Node's compile cache stay warm). */
function validateCold(at: string, args: readonly string[]): Sample {
  return median(
    repeat(runs, () => (rmSync(join(at, VALIDATE_CACHE_FILE), { force: true }), measure('validate', [at, ...args]))),
    'peakMB',
    'strataMs',
  );
}

function validateWarm(at: string, args: readonly string[]): Sample {
  return median(
    repeat(runs, () => measure('validate', [at, ...args])),
    'peakMB',
    'strataMs',
  );
}

function kubeconformOn(at: string, targets: readonly string[]): KcSample | undefined {
  return kc.found ? median(repeat(runs, () => runKubeconform(kc, at, targets))) : undefined;
}

/**
 * strata cold and kubeconform on the same clusters, `pairs` times in turn (a short run on a
 * machine whose speed drifts: one sample each was 0.77x in one bench and 0.97x in the next),
 * then strata warm: medians, and the median of the pairs' ratios.
 */
function compare(label: string, at: string, args: readonly string[], targets: readonly string[], pairs: number): Comparison {
  if (!kc.found) return { label, cold: binCold(at, args), warm: binWarm(at, args) };
  const cold: Timed[] = [];
  const kcs: KcSample[] = [];
  for (let i = 0; i < pairs; i++) {
    rmSync(join(at, VALIDATE_CACHE_FILE), { force: true });
    cold.push(runBin(at, args));
    kcs.push(runKubeconform(kc, at, targets));
  }
  const ratio = medianRatio(cold.map((c, i) => [c.ms, kcs[i]!.ms] as const));
  return { label, cold: median(cold), warm: binWarm(at, args), kc: median(kcs), ratio, pairs };
}

try {
  const generated = writeFleet(join(REPO, 'clusters'), root, count);
  // Steps that write the fleet's files start once creating files is at its usual speed (see settle.ts).
  // Each run of a writing step is preceded by its own wait: a run removes the tree the one before wrote.
  const slowest: { render?: Settled; floor?: Settled } = {};
  const settled = (step: keyof typeof slowest): void => {
    const s = settle({ probe: () => creationSpeed(join(root, '.fs-probes')), sleep: sleepSync });
    if (slowest[step] === undefined || s.usPerFile > slowest[step].usPerFile) slowest[step] = s;
  };
  // As on a machine that ran strata before: the first run of this code asks for its code bundle, the second builds it.
  for (let i = 0; i < 2; i++) spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
  const render = median(
    repeat(runs, () => (rmSync(join(root, 'rendered'), { recursive: true, force: true }), settled('render'), measure('render', [root]))),
    'peakMB',
    'strataMs',
  );
  // Nothing changed since the last render: the incremental cache skips every cluster.
  const cached = median(repeat(runs, () => measure('render-cached', [root])), 'peakMB', 'strataMs');

  // The same committed files through kubeconform and through strata validate, at several fleet sizes.
  const comparisons: Comparison[] = [];
  // The repository's three examples as committed, in a copy (its caches are the bench's, not the clone's).
  const examples = join(root, '.examples');
  mkdirSync(examples);
  for (const dir of ['clusters', 'workloads', 'rendered']) cpSync(join(REPO, dir), join(examples, dir), { recursive: true });
  // As any earlier runs on a machine have: the first compiles the spec validators, the second leaves their
  // code caches (code-cache.ts). The fleet's validators were compiled by its render; its first validate leaves theirs.
  for (let i = 0; i < 2; i++) measure('validate', [examples]);
  measure('validate', [root, '--cluster', generated[0]!]);
  const exampleNames = readdirSync(join(examples, 'rendered')).sort();
  comparisons.push(compare(`examples (${exampleNames.length})`, examples, [], ['rendered'], pairsFor(exampleNames.length, runs)));
  for (const size of fleetSizes(count).filter((n) => n < count)) {
    const picked = generated.slice(0, size);
    const args = picked.flatMap((n) => ['--cluster', n]);
    comparisons.push(compare(`${size} cluster${size === 1 ? '' : 's'}`, root, args, picked.map((n) => `rendered/${n}`), pairsFor(size, runs)));
  }
  // The whole fleet last, so its cache holds every cluster for the edits below.
  const validate = validateCold(root, []);
  const validateAgain = validateWarm(root, []);
  comparisons.push({ label: `${count} cluster${count === 1 ? '' : 's'}`, cold: binCold(root, []), warm: binWarm(root, []), ...opt(kubeconformOn(root, ['rendered'])) });

  const floor = median(repeat(runs, () => (settled('floor'), measure('floor', [root]))), 'peakMB', 'strataMs');
  const index = (name: string) => JSON.parse(readFileSync(join(root, 'rendered', name, 'index.json'), 'utf8')) as { objects: number; files: { path: string }[] };
  let objects = 0;
  let files = 0;
  let bytes = 0;
  const names = readdirSync(join(root, 'rendered')).sort();
  for (const name of names) {
    const idx = index(name);
    objects += idx.objects;
    files += idx.files.length + 1;
    for (const f of idx.files) bytes += statSync(join(root, 'rendered', name, f.path)).size;
  }
  // One-cluster change: add a LoadBalancer pool block to one homelab and re-render only it.
  const one = names.find((n) => n.startsWith('homelab-')) ?? names[0]!;
  const specFile = join(root, 'clusters', one, 'cluster.yaml');
  const spec = readFileSync(specFile, 'utf8');
  const edited = spec.replace(/\n( +)- (\d+\.\d+\.\d+)\.224\/28\n/, (m, ind: string, net: string) => `${m}${ind}- ${net}.208/28\n`);
  if (edited === spec) throw new Error(`could not edit ${specFile}: the homelab example changed shape`);
  writeFileSync(specFile, edited);
  const incremental = median(repeat(runs, () => measure('render-one', [root, one])), 'peakMB', 'strataMs');
  // One-profile change: ring-0's reconcile interval moves; only the clusters on ring-0 render again.
  const ringFile = join(root, 'clusters/_profiles/ring-0.yaml');
  const usingRing = names.filter((_, i) => ringOf(i) === 'ring-0').length;
  measure('render-cached', [root]);
  writeFileSync(ringFile, readFileSync(ringFile, 'utf8').replace('interval: 10m', 'interval: 15m'));
  const profileChange = measure('render-incremental', [root]);
  // And validate after both edits: only the clusters whose spec, profile or files changed are checked again.
  const validateAfterEdit = measure('validate', [root]);

  const row = (label: string, s: Sample, withRate = true) =>
    `${label.padEnd(28)} ${s.ms.toFixed(0).padStart(7)} ms  (strata ${s.strataMs.toFixed(0).padStart(6)} ms)  ${withRate ? `${((objects / s.ms) * 1000).toFixed(0).padStart(7)} obj/s` : ' '.repeat(13)}  peak ${s.peakMB.toFixed(0).padStart(4)} MB  cpu ${(s.userMs / 1000).toFixed(1).padStart(5)} s user ${(s.sysMs / 1000).toFixed(1).padStart(4)} s sys`;
  const out = [
    `fleet: ${names.length} clusters, ${objects} objects, ${files} files, ${(bytes / 1024).toFixed(0)} KiB (median of ${runs} runs, node ${process.version})`,
    ...(['render', 'floor'] as const).map((step) => `before the ${step}: ${slowest[step] === undefined ? 'not probed' : settledText(slowest[step])}`),
    row('render (all clusters)', render),
    row('validate, cold (no cache)', validate),
    row('validate, warm (unchanged)', validateAgain),
    row('floor: parse + write YAML', floor),
    row(`render one changed cluster`, incremental, false),
    row(`render, nothing changed`, cached, false),
    row(`render after a profile edit`, profileChange, false),
    row(`validate after both edits`, validateAfterEdit, false),
    `render + validate vs floor: ${((render.ms + validate.ms) / floor.ms).toFixed(2)}x wall (target ≤ 3x)`,
    `render of ${names.length} clusters: ${(render.ms / 1000).toFixed(1)} s, peak ${render.peakMB.toFixed(0)} MB (targets for 1,000: < 10 s, < 400 MB)`,
    // Settled, a render's system time is a tenth to a quarter of its user time; far more is the kernel creating files slowly (settle.ts).
    ...(render.sysMs > SLOW_SYSTEM_SHARE * render.userMs
      ? [`  the render's system time (${(render.sysMs / 1000).toFixed(1)} s) is over ${SLOW_SYSTEM_SHARE * 100}% of its user time: the filesystem was still slow, and its wall time includes that`]
      : []),
    `nothing changed: ${(cached.ms / 1000).toFixed(2)} s (target < 1 s)`,
    `one-cluster change: ${incremental.strataMs.toFixed(0)} ms of strata's own time (target < 1000 ms)`,
    `profile edit (ring-0 of ${RINGS} rings, used by ${usingRing} clusters): ${profileChange.rendered ?? '?'} rendered, ${profileChange.skipped ?? '?'} skipped, ${(profileChange.ms / 1000).toFixed(1)} s`,
    `validate after the edits: ${validateAfterEdit.checked ?? '?'} checked, ${validateAfterEdit.skipped ?? '?'} from its cache, ${(validateAfterEdit.ms / 1000).toFixed(1)} s`,
    '',
    ...comparisonTable(comparisons),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  rmSync(root, { recursive: true, force: true });
}

function opt(k: KcSample | undefined): { kc?: KcSample } {
  return k === undefined ? {} : { kc: k };
}

/** strata validate (cold and warm) beside kubeconform, per fleet size; the ratio uses the cold figure. */
function comparisonTable(rows: readonly Comparison[]): string[] {
  const head = kc.found
    ? `validate vs kubeconform on the same committed files (kubeconform: ${kc.path}, via ${kc.via}; ratio = kubeconform wall / strata cold wall, the median of the pairs' ratios where runs were paired)`
    : `validate vs kubeconform: kubeconform NOT FOUND, no comparison (looked at: ${kc.looked.join('; ')})`;
  const cell = (ms: number, objects: number) => `${ms.toFixed(0).padStart(7)} ms ${rate(objects, ms).padStart(11)}`;
  const lines = [head, `${'fleet'.padEnd(16)} ${'objects'.padStart(7)}   ${'strata cold'.padEnd(22)}   ${'strata warm'.padEnd(22)}   ${'kubeconform'.padEnd(22)}   strata/kubeconform`];
  const notes: string[] = [];
  for (const r of rows) {
    const objects = r.cold.objects;
    const warm = `${cell(r.warm.ms, objects)}`;
    let versus = `${'—'.padStart(22)}   n/a`;
    if (r.kc !== undefined) {
      const s = r.kc.summary;
      const paired = r.ratio === undefined || r.pairs === undefined ? ratioText(r.cold.ms, r.kc.ms) : `${ratioWords(r.ratio)}, ${r.pairs} pairs`;
      versus = `${cell(r.kc.ms, s?.resources ?? 0)}   ${paired}`;
      if (s === undefined) notes.push(`${r.label}: kubeconform printed no summary (exit ${r.kc.status}${r.kc.error === undefined ? '' : `, ${r.kc.error}`}): its figure is not a check`);
      else if (s.invalid + s.errors > 0 || r.kc.status !== 0) notes.push(`${r.label}: kubeconform exit ${r.kc.status}: ${s.invalid} invalid, ${s.errors} errors, ${s.skipped} skipped of ${s.resources}`);
    }
    const skipped = r.warm.checked > 0 ? ` (warm checked ${r.warm.checked})` : '';
    lines.push(`${r.label.padEnd(16)} ${String(objects).padStart(7)}   ${cell(r.cold.ms, objects)}   ${warm}   ${versus}${skipped}`);
  }
  return [...lines, ...notes];
}

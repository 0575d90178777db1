// npm run bench [-- --clusters N]: renders and validates a generated fleet and
// prints the figures beside the floor (parsing and writing the same YAML alone).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RINGS, ringOf, writeFleet } from './fleet.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const MEASURE = fileURLToPath(new URL('./measure.ts', import.meta.url));

interface Sample {
  readonly ms: number;
  readonly peakMB: number;
  readonly strataMs: number;
  /** render-incremental: clusters rendered and skipped. */
  readonly rendered?: number;
  readonly skipped?: number;
}

/** Runs one step in a fresh process and reads its wall time and peak RSS. */
function measure(step: string, args: readonly string[]): Sample {
  const start = performance.now();
  // The V8 flag the strata bin's shebang runs with, so the figures are those of `npx strata`.
  const res = spawnSync(process.execPath, ['--max-semi-space-size=16', MEASURE, step, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - start;
  if (res.status !== 0) throw new Error(`${step} failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  const report = JSON.parse(res.stdout.trim().split('\n').pop() ?? '{}') as { peakKB: number; ms: number; rendered?: number; skipped?: number };
  return {
    ms,
    peakMB: report.peakKB / 1024,
    strataMs: report.ms,
    ...(report.rendered === undefined ? {} : { rendered: report.rendered, skipped: report.skipped ?? 0 }),
  };
}

function median(samples: Sample[]): Sample {
  const pick = (f: (s: Sample) => number): number => {
    const sorted = samples.map(f).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  return { ms: pick((s) => s.ms), peakMB: pick((s) => s.peakMB), strataMs: pick((s) => s.strataMs) };
}

// 1,000 clusters by default (issue 17's fleet), once each: a full render of that many takes a minute on the 2-core machine.
const { values } = parseArgs({ options: { clusters: { type: 'string', default: '1000' }, runs: { type: 'string', default: '1' } } });
const count = Number(values.clusters);
const runs = Number(values.runs);
const root = mkdtempSync(join(tmpdir(), 'strata-bench-'));
try {
  writeFleet(join(REPO, 'clusters'), root, count);
  const render = median(Array.from({ length: runs }, () => (rmSync(join(root, 'rendered'), { recursive: true, force: true }), measure('render', [root]))));
  // Nothing changed since the last render: the incremental cache skips every cluster.
  const cached = median(Array.from({ length: runs }, () => measure('render-cached', [root])));
  const validate = median(Array.from({ length: runs }, () => measure('validate', [root])));
  const floor = median(Array.from({ length: runs }, () => measure('floor', [root])));
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
  const incremental = median(Array.from({ length: runs }, () => measure('render-one', [root, one])));
  // One-profile change: ring-0's reconcile interval moves; only the clusters on ring-0 render again.
  const ringFile = join(root, 'clusters/_profiles/ring-0.yaml');
  const usingRing = names.filter((_, i) => ringOf(i) === 'ring-0').length;
  measure('render-cached', [root]);
  writeFileSync(ringFile, readFileSync(ringFile, 'utf8').replace('interval: 10m', 'interval: 15m'));
  const profileChange = measure('render-incremental', [root]);

  const row = (label: string, s: Sample, withRate = true) =>
    `${label.padEnd(28)} ${s.ms.toFixed(0).padStart(7)} ms  (strata ${s.strataMs.toFixed(0).padStart(6)} ms)  ${withRate ? `${((objects / s.ms) * 1000).toFixed(0).padStart(7)} obj/s` : ' '.repeat(13)}  peak ${s.peakMB.toFixed(0).padStart(4)} MB`;
  const out = [
    `fleet: ${names.length} clusters, ${objects} objects, ${files} files, ${(bytes / 1024).toFixed(0)} KiB (median of ${runs} runs, node ${process.version})`,
    row('render (all clusters)', render),
    row('validate (all clusters)', validate),
    row('floor: parse + write YAML', floor),
    row(`render one changed cluster`, incremental, false),
    row(`render, nothing changed`, cached, false),
    row(`render after a profile edit`, profileChange, false),
    `render + validate vs floor: ${((render.ms + validate.ms) / floor.ms).toFixed(2)}x wall (target ≤ 3x)`,
    `render of ${names.length} clusters: ${(render.ms / 1000).toFixed(1)} s, peak ${render.peakMB.toFixed(0)} MB (targets for 1,000: < 15 s, < 400 MB)`,
    `nothing changed: ${(cached.ms / 1000).toFixed(2)} s (target < 1 s)`,
    `one-cluster change: ${incremental.strataMs.toFixed(0)} ms of strata's own time (target < 1000 ms)`,
    `profile edit (ring-0 of ${RINGS} rings, used by ${usingRing} clusters): ${profileChange.rendered ?? '?'} rendered, ${profileChange.skipped ?? '?'} skipped, ${(profileChange.ms / 1000).toFixed(1)} s`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  rmSync(root, { recursive: true, force: true });
}

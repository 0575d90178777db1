// One benchmark step in its own process; prints {ms, peakKB} as its last line.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { dirname, join, relative } from 'node:path';
import { validateCounts } from './report.ts';

// render-one: ARGS is the cluster; validate: ARGS go to `strata validate` (--cluster NAME…).
const [step, root, ...extra] = process.argv.slice(2);
if (root === undefined) throw new Error('usage: measure.ts STEP ROOT [ARGS…]');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

// The CLI's output is kept and shown only if the step fails.
let log = '';
let stdout = '';
const keep = { write: (t: string) => ((log += t), true) };
const quiet = { stdout: { write: (t: string) => ((stdout += t), keep.write(t)) }, stderr: keep, env: {}, cwd: root };
const start = performance.now();
let code = 0;
if (step === 'floor') {
  // The floor: read, parse and write back every rendered YAML file, nothing else.
  const src = join(root, 'rendered');
  // A folder of its own per run: removing the last run's here would make the kernel slow to create these (see settle.ts).
  const out = join(root, `.floor-${process.pid}`);
  // Imported here: the other steps measure strata's start-up, not this harness's.
  const { parseAllDocuments, stringify } = await import('yaml');
  for (const file of walk(src).filter((f) => f.endsWith('.yaml'))) {
    const docs = parseAllDocuments(readFileSync(file, 'utf8'));
    const text = (Array.isArray(docs) ? docs : [docs]).map((d) => stringify(d.toJS(), { lineWidth: 0 })).join('---\n');
    const target = join(out, relative(src, file));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
} else {
  // As the strata bin does: Node's on-disk cache of compiled modules, warm after the first run, and the caches beside it.
  module.enableCompileCache?.();
  const caches = await import('@strata/compiler/start-caches');
  const args =
    step === 'render'
      ? ['render', '--force']
      : step === 'render-cached'
        ? ['render']
        : step === 'render-incremental'
          ? ['render', '--json']
          : step === 'validate'
            ? ['validate', '--json', ...extra]
            : ['render', '--force', '--cluster', extra[0] ?? ''];
  // The code bundle's main when there is one, as the bin runs it.
  const entry = caches.installStartCaches({ owner: true, argv: args });
  const { main } = (await import(entry?.href ?? '@strata/compiler')) as typeof import('@strata/compiler');
  code = await main([...args, '--root', root], quiet);
  // As the bin does, and inside the measured time: a new model bundle when this run wanted one.
  await caches.finishStartCaches();
}
const ms = performance.now() - start;
process.exitCode = code;
if (code !== 0) process.stderr.write(log);
// With --json, how many clusters were rendered and how many the incremental cache skipped.
let counts = {};
if (step === 'render-incremental' && code === 0) {
  const report = JSON.parse(stdout) as { clusters: { cached: boolean }[] };
  counts = { rendered: report.clusters.filter((c) => !c.cached).length, skipped: report.clusters.filter((c) => c.cached).length };
}
// validate: the objects it reports, and how many clusters it checked and took from its cache.
if (step === 'validate' && code === 0) counts = validateCounts(stdout);
// CPU of the whole process (every thread): user time is strata's, system time mostly the filesystem's.
const usage = process.resourceUsage();
process.stdout.write(`${JSON.stringify({ ms, peakKB: usage.maxRSS, userMs: usage.userCPUTime / 1000, sysMs: usage.systemCPUTime / 1000, ...counts })}\n`);

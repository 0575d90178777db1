import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The workspace root: a package's `test` script runs vitest from the package's folder (`--root ../..`). */
const ROOT = fileURLToPath(new URL('.', import.meta.url));

/** Every workspace package (packages/*, apps/*, tools/*) with its package.json name. */
function workspacePackages(): { root: string; name: string }[] {
  return ['packages', 'apps', 'tools'].flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .sort()
      .filter((entry) => existsSync(join(ROOT, dir, entry, 'package.json')))
      .map((entry) => ({ root: join(ROOT, dir, entry), name: (JSON.parse(readFileSync(join(ROOT, dir, entry, 'package.json'), 'utf8')) as { name: string }).name })),
  );
}

/**
 * The files that take longest (seconds alone on a quiet 2-core machine; most start real processes:
 * nx, vitest, tsc, the CLI's bin, kubectl, kubeconform), longest first.
 */
const SLOW_FILES = [
  'apps/compiler/src/cli.e2e.test.ts',
  'tools/nx-strata/src/generators/component/generator.test.ts',
  'packages/validate/src/generated.test.ts',
  'tools/nx-strata/src/affected.test.ts',
  'apps/compiler/src/consumers.e2e.test.ts',
  'apps/compiler/src/cli-render.e2e.test.ts',
  'packages/core/src/spec/load.fuzz.test.ts',
  'apps/compiler/src/cli-validate.e2e.test.ts',
  'apps/compiler/src/commands/pki.test.ts',
  'apps/compiler/src/docs.test.ts',
  'tools/bench/src/fleet.test.ts',
  'packages/core/src/spec/profiles.fuzz.test.ts',
  'packages/pki-bootstrap/src/schedule.test.ts',
  'apps/compiler/src/validator-cache.test.ts',
  'apps/compiler/src/committed-tree.e2e.test.ts',
  'tools/pins-verify/src/committed.test.ts',
];

/**
 * Longest first, so that no long file is left running alone at the end while the other core
 * idles. vitest orders by the durations of the last run when it has them all, and by file size
 * otherwise, as in a fresh clone (CI): there a short file that starts processes (generated.test.ts,
 * 18 lines, 8 s) would come last, so the files above go first.
 */
class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    if (sorted.every((spec) => this.ctx.cache.getTestSpecificationResult(spec) !== undefined)) return sorted;
    const rank = (spec: TestSpecification) => {
      const i = SLOW_FILES.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
      return i === -1 ? SLOW_FILES.length : i;
    };
    return sorted.map((spec, i) => ({ spec, i, rank: rank(spec) })).sort((a, b) => a.rank - b.rank || a.i - b.i).map(({ spec }) => spec);
  }
}

// `vitest run --project @strata/core` (each package's `test` script, so nx's per-package `test`
// targets) picks one package: then there is one vitest project per workspace package, named as its
// package.json. Any other run (`npm test`) is a single project over every package, because vitest
// never lets two projects share a worker: with a project per package, each package started its own
// workers and loaded cdk8s, kubernetes-models and the ajv schemas again (about 30 s of CPU of
// `npm test`), and the files ran package by package instead of longest first.
const byPackage = process.argv.some((arg) => arg === '--project' || arg.startsWith('--project='));

export default defineConfig({
  test: {
    ...(byPackage
      ? { projects: workspacePackages().map(({ root, name }) => ({ extends: true, test: { name, root } })) }
      : { include: ['{packages,apps,tools}/*/**/*.test.ts'] }),
    // Test files of a worker share loaded modules (cdk8s, kubernetes-models, the ajv schemas are
    // loaded once per worker, not once per file): npm test takes about half the CPU. A test that
    // needs fresh module state resets it itself (vi.resetModules, then a dynamic import).
    isolate: false,
    // One worker per core. vitest's default leaves a core to its main process, which is idle once
    // the files are transformed: on the 2-core CI machine that was a single worker, every file in
    // series and the other core idle.
    maxWorkers: availableParallelism(),
    // vitest's 5 s default is for a test alone on an idle core. Two workers on two cores, with the
    // processes some tests start beside them, make a CPU-bound test up to twice as slow (the
    // property run of pki-bootstrap's schedule.test.ts: 2.4 s alone, over 5 s in a full run on a
    // busy machine). A hung test still fails, 10 s later.
    testTimeout: 15_000,
    sequence: { sequencer: SlowFirst },
    // One temp folder per run, removed at the end (see vitest.global-setup.ts).
    globalSetup: [join(ROOT, 'vitest.global-setup.ts')],
    // CI=true makes a missing golden fail instead of being written.
    update: false,
  },
});

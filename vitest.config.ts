import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/** Every workspace package (packages/*, apps/*, tools/*) with its package.json name. */
function workspacePackages(): { root: string; name: string }[] {
  return ['packages', 'apps', 'tools'].flatMap((dir) =>
    readdirSync(dir)
      .sort()
      .filter((entry) => existsSync(join(dir, entry, 'package.json')))
      .map((entry) => ({ root: join(dir, entry), name: (JSON.parse(readFileSync(join(dir, entry, 'package.json'), 'utf8')) as { name: string }).name })),
  );
}

// One vitest project per workspace package, named as its package.json (`--project @strata/core`);
// each extends the settings below.
export default defineConfig({
  test: {
    projects: workspacePackages().map(({ root, name }) => ({ extends: true, test: { name, root } })),
    // Test files of a worker share loaded modules (cdk8s, kubernetes-models, the ajv schemas are
    // loaded once per worker, not once per file): npm test takes about half the CPU. A test that
    // needs fresh module state resets it itself (vi.resetModules, then a dynamic import).
    isolate: false,
    // CI=true makes a missing golden fail instead of being written.
    update: false,
  },
});

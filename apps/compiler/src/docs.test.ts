import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { E2E_TIMEOUT, REPO, treeHash } from './__fixtures__/cli.ts';
import { discoverComponents } from './components.ts';
import { SPEC_DOC, specDocument, updateReadme } from './docs.ts';

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

describe('README', () => {
  it('has an up-to-date CLI reference, and docs/spec.md the spec reference (run `npm run docs` when this fails)', async () => {
    expect(updateReadme(readme)).toBe(readme);
    const components = (await discoverComponents()).map((p) => p.component);
    const doc = readFileSync(join(REPO, SPEC_DOC), 'utf8');
    expect(specDocument(components)).toBe(doc);
    expect(doc).toContain('| `spec.cilium.ipam.maskSize` |');
    expect(readme).toContain('](docs/spec.md)');
  });

  it('stays what a newcomer reads: under 40 KB, the generated spec reference kept out of it', () => {
    expect(Buffer.byteLength(readme)).toBeLessThan(40_000);
    expect(readme).not.toContain('| Field | Type | Default | Description |');
  });

  it('gives exactly the two set-up commands and the test command', () => {
    const blocks = [...readme.matchAll(/^```sh\n([\s\S]*?)```$/gm)].map((m) => m[1]);
    expect(blocks.slice(0, 2)).toEqual(['npm ci && npm run render\n', 'npm test\n']);
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.render).toBe('strata render');
    expect(pkg.scripts.test).toMatch(/typecheck.*vitest|test:unit.*strata render --check/);
  });

  it('quick start: `npm run render` in a fresh copy renders every cluster and a second run changes nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'strata-quickstart-'));
    cpSync(join(REPO, 'clusters'), join(root, 'clusters'), { recursive: true });
    cpSync(join(REPO, 'workloads'), join(root, 'workloads'), { recursive: true });
    cpSync(join(REPO, 'package.json'), join(root, 'package.json'));
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
    const run = () => spawnSync('npm', ['run', '--silent', 'render'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    const rendered = treeHash(join(root, 'rendered'));
    expect(Object.keys(rendered).filter((f) => f.endsWith('index.json')).sort()).toEqual([
      'chromebox-lab/index.json',
      'edge-bgp/index.json',
      'homelab/index.json',
    ]);
    expect(treeHash(join(REPO, 'rendered'))).toEqual(rendered);
    expect(run().status).toBe(0);
    expect(treeHash(join(root, 'rendered'))).toEqual(rendered);
  }, E2E_TIMEOUT);
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { E2E_TIMEOUT, strataIn, tempWorkspace } from '../__fixtures__/cli.ts';

describe('strata validate on kustomization.yaml', () => {
  it('checks a hand-edited kustomization.yaml in full: its listing, what YAML 1.1 and 1.2 read differently, and a missing resources list', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render', '--cluster', 'homelab'], root)).code).toBe(0);
    const crds = join(root, 'rendered/homelab/crds/kustomization.yaml');
    // A comment takes the file off the fast path; `on` is true in YAML 1.1 and "on" in YAML 1.2.
    writeFileSync(crds, `# edited by hand\n${readFileSync(crds, 'utf8')}  - on\n`);
    writeFileSync(join(root, 'rendered/homelab/secrets/kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n');
    const run = await strataIn(['validate', '--cluster', 'homelab', '--no-cache'], root);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('  hint:'));
    expect(lines).toEqual([
      'rendered/homelab/crds/kustomization.yaml: lists on, which does not exist',
      'rendered/homelab/crds/kustomization.yaml: sha256 differs from index.json',
      'rendered/homelab/crds/kustomization.yaml resources[1]: YAML 1.1 reads true (boolean), YAML 1.2 reads "on" (string)',
      'rendered/homelab/secrets/kustomization.yaml: kustomization.yaml must have a resources list',
      'rendered/homelab/secrets/kustomization.yaml: sha256 differs from index.json',
    ]);
  }, E2E_TIMEOUT);
});

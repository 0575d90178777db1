import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { E2E_TIMEOUT, strataIn, tempWorkspace, treeHash } from '../__fixtures__/cli.ts';
import { FILES, KEY_FILE } from './__fixtures__/generate.ts';

vi.setConfig({ testTimeout: E2E_TIMEOUT });

/** chromebox-lab in a temp workspace with an app's Secret SOPS-encrypted (to the test key) in clusters/chromebox-lab/secrets/. */
function withEncryptedSecret(): { root: string; text: string } {
  const root = tempWorkspace();
  const text = readFileSync(join(FILES, 'valid.sops.yaml'), 'utf8');
  mkdirSync(join(root, 'clusters/chromebox-lab/secrets'), { recursive: true });
  writeFileSync(join(root, 'clusters/chromebox-lab/secrets/app-credentials.sops.yaml'), text);
  return { root, text };
}

describe('SOPS-encrypted Secrets under Flux', () => {
  it('copies them byte for byte into a secrets layer that Flux decrypts before the controllers, and validates', async () => {
    const { root, text } = withEncryptedSecret();
    const run = await strataIn(['render', '--cluster', 'chromebox-lab'], root, { SOPS_AGE_KEY_FILE: KEY_FILE });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const out = join(root, 'rendered/chromebox-lab');
    expect(readFileSync(join(out, 'secrets/secret-apps-app-credentials.sops'), 'utf8')).toBe(text);
    expect(readFileSync(join(out, 'secrets/kustomization.yaml'), 'utf8')).toBe(
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - namespaces/namespace-apps.yaml\n  - secret-apps-app-credentials.sops\n',
    );
    // The app namespace moves from controllers/ to secrets/ (it must exist before its Secret), keeping its label; Flux never prunes it.
    expect(existsSync(join(out, 'controllers/namespaces/namespace-apps.yaml'))).toBe(false);
    const ns = parse(readFileSync(join(out, 'secrets/namespaces/namespace-apps.yaml'), 'utf8')) as { metadata: { annotations: Record<string, string>; labels: Record<string, string> } };
    expect(ns.metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/prune': 'Disabled' });
    expect(ns.metadata.labels['strata.dev/app-namespace']).toBe('true');
    const layer = parse(readFileSync(join(out, 'flux-system/kustomization-flux-system-chromebox-lab-secrets.yaml'), 'utf8')) as { spec: Record<string, unknown> };
    expect(layer.spec).toMatchObject({ path: './rendered/chromebox-lab/secrets', dependsOn: [{ name: 'chromebox-lab-crds' }], decryption: { provider: 'sops', secretRef: { name: 'sops-age' } }, prune: true, wait: true });
    const controllers = parse(readFileSync(join(out, 'flux-system/kustomization-flux-system-chromebox-lab-controllers.yaml'), 'utf8')) as { spec: { dependsOn: unknown } };
    expect(controllers.spec.dependsOn).toEqual([{ name: 'chromebox-lab-secrets' }]);
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { secrets: { name: string; state: string; file?: string }[] };
    expect(index.secrets.filter((s) => ['app-credentials', 'sops-age'].includes(s.name))).toEqual([
      { namespace: 'apps', name: 'app-credentials', keys: ['config.json', 'password', 'token'], state: 'unread', readers: [], file: 'clusters/chromebox-lab/secrets/app-credentials.sops.yaml' },
      { namespace: 'flux-system', name: 'sops-age', keys: ['age.agekey'], state: 'bootstrap', readers: ['Kustomization/flux-system/chromebox-lab-secrets'] },
    ]);
    const validate = await strataIn(['validate', '--cluster', 'chromebox-lab'], root, { SOPS_AGE_KEY_FILE: KEY_FILE });
    expect([validate.code, validate.stdout]).toEqual([0, '']);
    expect((await strataIn(['render', '--check', '--cluster', 'chromebox-lab'], root)).code).toBe(0);
  });

  it('refuses a tampered, leaked or plaintext file at its line, with a hint, and writes nothing', async () => {
    const { root } = withEncryptedSecret();
    expect((await strataIn(['render', '--cluster', 'chromebox-lab'], root)).code).toBe(0);
    const before = treeHash(join(root, 'rendered'));
    writeFileSync(join(root, 'clusters/chromebox-lab/secrets/leaked.sops.yaml'), readFileSync(join(FILES, 'leaked.sops.yaml')));
    const run = await strataIn(['render', '--cluster', 'chromebox-lab'], root);
    expect(run.code).toBe(1);
    // Findings are data (stdout); the summary is progress (stderr).
    expect(run.stdout.split('\n')).toEqual([
      'clusters/chromebox-lab/secrets/leaked.sops.yaml:10:14 stringData.api-key: stringData.api-key is plaintext (edited after encryption?): Secret data must be encrypted',
      '  hint: encrypt the file again with `sops --encrypt --in-place <file>` (with `encrypted_regex: ^(data|stringData)$` in .sops.yaml), never edit an encrypted file by hand',
      '',
    ]);
    expect(run.stderr).toBe('1 error; nothing was written\n');
    expect(treeHash(join(root, 'rendered'))).toEqual(before);
    // Now only a tampered copy of the Secret (with the valid one beside it, it would be a duplicate).
    rmSync(join(root, 'clusters/chromebox-lab/secrets/app-credentials.sops.yaml'));
    writeFileSync(join(root, 'clusters/chromebox-lab/secrets/leaked.sops.yaml'), readFileSync(join(FILES, 'tampered.sops.yaml')));
    const tampered = await strataIn(['render', '--cluster', 'chromebox-lab'], root, { SOPS_AGE_KEY_FILE: KEY_FILE });
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/^clusters\/chromebox-lab\/secrets\/leaked\.sops\.yaml:\d+:10 sops\.mac: the MAC does not match the values: the file was changed after encryption\n {2}hint: the file was changed after encryption or is damaged/);
    const validate = await strataIn(['validate', '--cluster', 'chromebox-lab'], root, { SOPS_AGE_KEY_FILE: KEY_FILE });
    expect(validate.code).toBe(1);
    expect(validate.stdout).toMatch(/^clusters\/chromebox-lab\/secrets\/leaked\.sops\.yaml:\d+:10 sops\.mac: the MAC does not match/);
    expect(treeHash(join(root, 'rendered'))).toEqual(before);
  });

  it('is an error on an Argo CD cluster, which cannot decrypt SOPS files', async () => {
    const root = tempWorkspace();
    mkdirSync(join(root, 'clusters/edge-bgp/secrets'), { recursive: true });
    writeFileSync(join(root, 'clusters/edge-bgp/secrets/app.sops.yaml'), readFileSync(join(FILES, 'valid.sops.yaml')));
    const run = await strataIn(['render', '--cluster', 'edge-bgp'], root);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'clusters/edge-bgp/secrets/: 1 SOPS file(s) here, but the cluster syncs with argocd, which cannot decrypt them',
      '  hint: Argo CD has no built-in SOPS decryption: make these Secrets outside strata (list them under spec.secrets.external) and remove clusters/<name>/secrets/',
    ]);
    expect(existsSync(join(root, 'rendered'))).toBe(false);
  });
});

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { identityToRecipient } from 'age-encryption';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { E2E_TIMEOUT, strata, tempWorkspace, treeHash } from '../__fixtures__/cli.ts';
import { FILES, KEY_FILE } from './__fixtures__/generate.ts';
import { sopsEncrypt } from './__fixtures__/sops-writer.ts';

vi.setConfig({ testTimeout: E2E_TIMEOUT });

const identity = readFileSync(KEY_FILE, 'utf8').split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-1'))!;

/** homelab in a temp workspace with its Cloudflare token SOPS-encrypted in clusters/homelab/secrets/ instead of made by hand. */
async function withEncryptedToken(): Promise<{ root: string; text: string }> {
  const root = tempWorkspace();
  const spec = join(root, 'clusters/homelab/cluster.yaml');
  writeFileSync(spec, readFileSync(spec, 'utf8').replace(/      - \{namespace: external-dns, name: cloudflare-api-token[^\n]*\n/, ''));
  const { text } = await sopsEncrypt(
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cloudflare-api-token', namespace: 'external-dns' }, type: 'Opaque', stringData: { 'api-token': 'placeholder' } },
    { recipients: [await identityToRecipient(identity)], rules: { encrypted_regex: '^(data|stringData)$' }, lastmodified: '2026-12-01T10:00:00Z' },
  );
  mkdirSync(join(root, 'clusters/homelab/secrets'), { recursive: true });
  writeFileSync(join(root, 'clusters/homelab/secrets/cloudflare-api-token.sops.yaml'), text);
  return { root, text };
}

describe('SOPS-encrypted Secrets under Flux', () => {
  it('copies them byte for byte into a secrets layer that Flux decrypts before the controllers, and validates', async () => {
    const { root, text } = await withEncryptedToken();
    const run = strata(['render', '--cluster', 'homelab'], root, { SOPS_AGE_KEY_FILE: KEY_FILE });
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('warning');
    const out = join(root, 'rendered/homelab');
    expect(readFileSync(join(out, 'secrets/cloudflare-api-token.sops.yaml'), 'utf8')).toBe(text);
    expect(readFileSync(join(out, 'secrets/kustomization.yaml'), 'utf8')).toBe(
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - namespaces/namespace-external-dns.yaml\n  - cloudflare-api-token.sops.yaml\n',
    );
    const ns = parse(readFileSync(join(out, 'secrets/namespaces/namespace-external-dns.yaml'), 'utf8')) as { metadata: { annotations: Record<string, string> } };
    expect(ns.metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/prune': 'Disabled' });
    const layer = parse(readFileSync(join(out, 'flux-system/kustomization-flux-system-homelab-secrets.yaml'), 'utf8')) as { spec: Record<string, unknown> };
    expect(layer.spec).toMatchObject({ path: './rendered/homelab/secrets', dependsOn: [{ name: 'homelab-crds' }], decryption: { provider: 'sops', secretRef: { name: 'sops-age' } }, prune: true, wait: true });
    const controllers = parse(readFileSync(join(out, 'flux-system/kustomization-flux-system-homelab-controllers.yaml'), 'utf8')) as { spec: { dependsOn: unknown } };
    expect(controllers.spec.dependsOn).toEqual([{ name: 'homelab-secrets' }]);
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { secrets: { name: string; state: string; file?: string }[] };
    expect(index.secrets.filter((s) => ['cloudflare-api-token', 'sops-age'].includes(s.name))).toEqual([
      { namespace: 'external-dns', name: 'cloudflare-api-token', keys: ['api-token'], state: 'encrypted', readers: ['Deployment/external-dns/external-dns-external'], file: 'clusters/homelab/secrets/cloudflare-api-token.sops.yaml' },
      { namespace: 'flux-system', name: 'sops-age', keys: ['age.agekey'], state: 'bootstrap', readers: ['Kustomization/flux-system/homelab-secrets'] },
    ]);
    const validate = strata(['validate', '--cluster', 'homelab'], root, { SOPS_AGE_KEY_FILE: KEY_FILE });
    expect([validate.code, validate.stdout]).toEqual([0, '']);
    expect(strata(['render', '--check', '--cluster', 'homelab'], root).code).toBe(0);
  });

  it('refuses a tampered, leaked or plaintext file at its line, with a hint, and writes nothing', async () => {
    const { root } = await withEncryptedToken();
    expect(strata(['render', '--cluster', 'homelab'], root).code).toBe(0);
    const before = treeHash(join(root, 'rendered'));
    writeFileSync(join(root, 'clusters/homelab/secrets/leaked.sops.yaml'), readFileSync(join(FILES, 'leaked.sops.yaml')));
    const run = strata(['render', '--cluster', 'homelab'], root);
    expect(run.code).toBe(1);
    // Findings are data (stdout); the summary is progress (stderr).
    expect(run.stdout.split('\n')).toEqual([
      'clusters/homelab/secrets/leaked.sops.yaml:10:14 stringData.api-key: stringData.api-key is plaintext (edited after encryption?): Secret data must be encrypted',
      '  hint: encrypt the file again with `sops --encrypt --in-place <file>` (with `encrypted_regex: ^(data|stringData)$` in .sops.yaml), never edit an encrypted file by hand',
      '',
    ]);
    expect(run.stderr).toBe('1 error; nothing was written\n');
    expect(treeHash(join(root, 'rendered'))).toEqual(before);
    writeFileSync(join(root, 'clusters/homelab/secrets/leaked.sops.yaml'), readFileSync(join(FILES, 'tampered.sops.yaml')));
    const tampered = strata(['render', '--cluster', 'homelab'], root, { SOPS_AGE_KEY_FILE: KEY_FILE });
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/^clusters\/homelab\/secrets\/leaked\.sops\.yaml:\d+:10 sops\.mac: the MAC does not match the values: the file was changed after encryption\n {2}hint: the file was changed after encryption or is damaged/);
    const validate = strata(['validate', '--cluster', 'homelab'], root, { SOPS_AGE_KEY_FILE: KEY_FILE });
    expect(validate.code).toBe(1);
    expect(validate.stdout).toMatch(/^clusters\/homelab\/secrets\/leaked\.sops\.yaml:\d+:10 sops\.mac: the MAC does not match/);
    expect(treeHash(join(root, 'rendered'))).toEqual(before);
  });

  it('is an error on an Argo CD cluster, which cannot decrypt SOPS files', () => {
    const root = tempWorkspace();
    mkdirSync(join(root, 'clusters/edge-bgp/secrets'), { recursive: true });
    writeFileSync(join(root, 'clusters/edge-bgp/secrets/app.sops.yaml'), readFileSync(join(FILES, 'valid.sops.yaml')));
    const run = strata(['render', '--cluster', 'edge-bgp'], root);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'clusters/edge-bgp/secrets/: 1 SOPS file(s) here, but the cluster syncs with argocd, which cannot decrypt them',
      '  hint: Argo CD has no built-in SOPS decryption: make these Secrets outside strata (list them under spec.secrets.external) and remove clusters/<name>/secrets/',
    ]);
    expect(existsSync(join(root, 'rendered'))).toBe(false);
  });
});

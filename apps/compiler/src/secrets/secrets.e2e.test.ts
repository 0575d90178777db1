import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { E2E_TIMEOUT, strataIn, tempWorkspace } from '../__fixtures__/cli.ts';

vi.setConfig({ testTimeout: E2E_TIMEOUT });

const homelab = (root: string) => join(root, 'clusters', 'homelab', 'cluster.yaml');

describe('strata secrets', () => {
  it('lists each Secret of a cluster with its keys, readers, contents and state', async () => {
    const root = tempWorkspace();
    const run = await strataIn(['secrets', '--cluster', 'edge-bgp'], root);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')).toEqual([
      'edge-bgp (argocd): 2 Secrets: 0 encrypted in the repo, 2 generated, 0 made outside strata, 0 missing',
      '  cert-manager/letsencrypt-prod-account-key  [generated in the cluster]',
      '    keys: tls.key',
      '    read by: ClusterIssuer/letsencrypt-prod spec.acme.privateKeySecretRef.name',
      '    holds: ACME account key of issuer letsencrypt-prod',
      '    made by: cert-manager (registers the ACME account)',
      '  web/www-edge-example-org-tls  [generated in the cluster]',
      '    keys: tls.crt, tls.key (type kubernetes.io/tls)',
      '    read by: Ingress/web/www spec.tls[0].secretName',
      '    holds: certificate and key for www.edge.example.org',
      '    made by: cert-manager (Certificate web/www-edge-example-org-tls)',
      '  (Argo CD cannot decrypt SOPS files: every Secret not generated in the cluster is made outside strata)',
      '',
    ]);
  });

  it('warns, naming the object that will fail, about a Secret nobody provides, and prints the kubectl line (--json)', async () => {
    const root = tempWorkspace();
    // homelab keeps the token SOPS-encrypted; without the file nobody provides it.
    rmSync(join(root, 'clusters/homelab/secrets/cloudflare-api-token.sops.yaml'));
    const run = await strataIn(['secrets', '--cluster', 'homelab', '--json'], root);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { ok: boolean; clusters: { secrets: { namespace: string; name: string; state: string; create: string; readers: { id: string }[] }[] }[]; findings: { code: string; severity: string; message: string; line: number }[] };
    expect(out.ok).toBe(true);
    const token = out.clusters[0]!.secrets.find((s) => s.name === 'cloudflare-api-token');
    expect(token).toMatchObject({ namespace: 'external-dns', state: 'missing', create: 'kubectl -n external-dns create secret generic cloudflare-api-token --from-literal=api-token=<api-token>' });
    expect(token?.readers.map((r) => r.id)).toEqual(['Deployment/external-dns/external-dns-external']);
    expect(out.findings.map((f) => [f.code, f.severity, f.message])).toEqual([
      [
        'STRATA6004',
        'warning',
        'Secret external-dns/cloudflare-api-token (keys: api-token) is neither in clusters/homelab/secrets/ nor in spec.secrets.external: Deployment/external-dns/external-dns-external will fail without it; make it with: kubectl -n external-dns create secret generic cloudflare-api-token --from-literal=api-token=<api-token>',
      ],
    ]);
  });
});

describe('strata diff and the Secret inventory', () => {
  it('shows a new Secret requirement that a spec edit brings', async () => {
    const root = tempWorkspace();
    expect((await strataIn(['render'], root)).code).toBe(0);
    const file = homelab(root);
    // The repository now needs credentials: a new Secret requirement, made by hand at bootstrap (Flux needs it to read Git).
    // (The repository itself comes from the base profile; the cluster adds the reference.)
    writeFileSync(file, readFileSync(file, 'utf8').replace('  kubernetes:\n', '  gitops:\n    repository:\n      secretRef: fleet-git\n  kubernetes:\n'));
    const run = await strataIn(['diff', '--cluster', 'homelab'], root);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'homelab:',
      '  ~ GitRepository/flux-system/homelab spec.secretRef added: {"name":"fleet-git"}',
      '  + Secret requirement flux-system/fleet-git (keys: password, username; bootstrap; read by GitRepository/flux-system/homelab)',
      '',
    ]);
    expect(run.stderr).toBe('1 object would change; 1 Secret requirement change; run `npm run render` to write them\n');
  });
});

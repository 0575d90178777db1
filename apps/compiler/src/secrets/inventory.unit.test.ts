import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectFacts, enabledComponents, formatFinding } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { openSession, readSpec } from '../session.ts';
import type { ProvidedSecret } from './gate.ts';
import { clusterInventory, inventoryFindings } from './inventory.ts';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

/** homelab as committed, with a spec edit and a hand-made list of provided Secrets. */
async function homelab(edit: (text: string) => string, provided: ProvidedSecret[]) {
  const session = await openSession({ cwd: root, clusters: ['homelab'], env: {} });
  const entry = session.selected[0]!;
  const text = edit(Buffer.from(readSpec(session, entry)).toString('utf8'));
  const loaded = session.loader.load({ file: entry.specFile, bytes: Buffer.from(text), expectedName: 'homelab' });
  const cluster = loaded.cluster!;
  const inventory = clusterInventory(cluster, collectFacts(enabledComponents(session.components, cluster), cluster), provided);
  return { inventory, lines: inventoryFindings(cluster, entry.specFile, inventory, provided, loaded.locate).map(formatFinding) };
}

const file = (namespace: string, secret: string, keys: string[]): ProvidedSecret => ({
  file: `clusters/homelab/secrets/${secret}.sops.yaml`,
  name: `${secret}.sops.yaml`,
  namespace,
  secret,
  keys,
  content: '',
  object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: secret, namespace } },
  verified: false,
});

describe('the inventory findings', () => {
  it('warns about a provided Secret that lacks a key its reader needs, and an external one nothing reads', async () => {
    const { lines } = await homelab(
      (t) => t.replace('      - {namespace: cert-manager, name: homelab-root-ca', '      - {namespace: apps, name: nothing-reads-me}\n      - {namespace: cert-manager, name: homelab-root-ca'),
      [file('external-dns', 'opnsense-api', ['key']), file('external-dns', 'cloudflare-api-token', ['api-token']), file('ingress-nginx', 'cloudflared-homelab', ['credentials.json']), file('monitoring', 'grafana-admin', ['admin-password', 'admin-user'])],
    );
    expect(lines).toEqual([
      'clusters/homelab/secrets/opnsense-api.sops.yaml:1:1 warning: Secret external-dns/opnsense-api lacks key secret, which Deployment/external-dns/external-dns-internal needs',
      expect.stringMatching(/^clusters\/homelab\/cluster\.yaml:\d+:9 spec\.secrets\.external\[0\]: warning: Secret apps\/nothing-reads-me is declared external, but no rendered object reads it$/),
    ]);
  });

  it('refuses the GitOps engine\'s own Secrets in secrets/: it needs them before it can read Git', async () => {
    const { inventory, lines } = await homelab((t) => t, [file('flux-system', 'sops-age', ['age.agekey'])]);
    expect(inventory.find((e) => e.name === 'sops-age')).toMatchObject({ state: 'encrypted', circular: true });
    expect(lines).toContain('clusters/homelab/secrets/sops-age.sops.yaml:1:1 Secret flux-system/sops-age cannot come from secrets/: Kustomization/flux-system/homelab-secrets needs it before anything in Git can be read or decrypted');
  });
});

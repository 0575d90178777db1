import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { K8sObject } from '../files.ts';
import { openSession, renderEach, type SessionRender } from '../session.ts';
import { secretReferences } from './references.ts';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

describe('the Secret inventory of the example clusters', () => {
  it('lists every Secret the rendered objects name (secretName, secretRef, secretKeyRef, existingSecret, certificateRefs)', async () => {
    const session = await openSession({ cwd: root, clusters: [], env: {} });
    const rendered: SessionRender[] = [];
    await renderEach(session, session.selected, (r) => rendered.push(r));
    expect(rendered.map((r) => r.cluster.name)).toEqual(['chromebox-lab', 'edge-bgp', 'homelab']);
    const unlisted: string[] = [];
    let checked = 0;
    for (const { cluster } of rendered) {
      const objects = cluster.files.filter((f) => f.objects > 0).map((f) => parse(f.content) as K8sObject);
      for (const ref of secretReferences(objects)) {
        checked++;
        const listed = cluster.secrets.some((s) => s.name === ref.name && (ref.namespace === undefined || s.namespace === ref.namespace));
        if (!listed) unlisted.push(`${cluster.name}: ${ref.namespace ?? '(cluster-scoped)'}/${ref.name} from ${ref.from}`);
      }
    }
    expect(unlisted).toEqual([]);
    // The examples name Secrets in Ingresses, Gateways, ClusterIssuers, Certificates, Helm values and a Deployment.
    expect(checked).toBeGreaterThan(20);
  });

  it('names the reader, keys and the kubectl line of each Secret made outside strata', async () => {
    const session = await openSession({ cwd: root, clusters: ['homelab'], env: {} });
    const rendered: SessionRender[] = [];
    await renderEach(session, session.selected, (r) => rendered.push(r));
    const byId = new Map(rendered[0]!.cluster.secrets.map((s) => [`${s.namespace}/${s.name}`, s]));
    expect(byId.get('external-dns/opnsense-api')).toMatchObject({
      keys: ['key', 'secret'],
      readers: [
        { kind: 'Deployment', namespace: 'external-dns', name: 'external-dns-internal', field: 'env OPNSENSE_API_KEY (valueFrom.secretKeyRef)' },
        { kind: 'Deployment', namespace: 'external-dns', name: 'external-dns-internal', field: 'env OPNSENSE_API_SECRET (valueFrom.secretKeyRef)' },
      ],
      create: 'kubectl -n external-dns create secret generic opnsense-api --from-literal=key=<key> --from-literal=secret=<secret>',
    });
    expect(byId.get('cert-manager/homelab-root-ca')).toMatchObject({ keys: ['tls.crt', 'tls.key'], type: 'kubernetes.io/tls', readers: [{ kind: 'ClusterIssuer', name: 'internal-ca', field: 'spec.ca.secretName' }] });
    expect(byId.get('monitoring/grafana-home-example-org-tls')).toMatchObject({ state: 'generated', generatedBy: 'cert-manager (Certificate monitoring/grafana-home-example-org-tls)' });
  });
});

// What the CLI end-to-end tests (cli*.e2e.test.ts) expect of the committed example clusters.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './cli.ts';

/** Objects and files of a committed example (its index), so these tests follow the examples as they grow. */
function stats(name: string): { o: number; f: number } {
  const index = JSON.parse(readFileSync(join(REPO, 'rendered', name, 'index.json'), 'utf8')) as { objects: number; files: unknown[] };
  return { o: index.objects, f: index.files.length + 1 };
}

export const [CB, EB, HL] = [stats('chromebox-lab'), stats('edge-bgp'), stats('homelab')];

/** The examples' accepted policy violations, printed on every render and validate (grep clusters/ for `waivers`). */
export const WAIVED = [
  'chromebox-lab: waived [default-deny] Namespace/apps: the lab runs without a default deny until its apps have their own policies',
  'chromebox-lab: waived [default-deny] Namespace/gateway: the lab runs without a default deny until its apps have their own policies',
  'chromebox-lab: waived [ingress-snippets] HelmRelease/flux-system/ingress-nginx: caching needs Critical snippets; only platform admins write Ingresses in the lab',
  'chromebox-lab: waived [ingress-snippets] Ingress/apps/web: proxy_cache configuration-snippet; ingress-nginx has no snippet-free way to cache',
  'chromebox-lab: waived [upstream-pinned] OCIRepository/flux-system/cert-manager-cert-manager: the digest of the cert-manager v1.21.1 chart could not be looked up offline; record it in packages/cert-manager/src/pins.ts, then drop this waiver',
  'edge-bgp: waived [default-deny] Namespace/dns: PowerDNS answers any client on the L4 fast path; a default deny comes with its client policies',
  'edge-bgp: waived [default-deny] Namespace/kafka: Redpanda serves clients on the L4 fast path; a default deny comes with its client policies',
  'edge-bgp: waived [default-deny] Namespace/web: the edge reaches the site from ingress-nginx; a default deny comes with the site policies',
];

/** homelab's waivers, printed alone when only homelab renders. */
export const HOMELAB_WAIVED_LINES = [
  'homelab: waived [default-deny] Namespace/monitoring: Prometheus scrapes every namespace and Grafana serves the LAN; the namespace is exempt from the default deny on purpose',
  'homelab: waived [upstream-pinned] OCIRepository/flux-system/cert-manager-cert-manager: the digest of the cert-manager v1.21.1 chart could not be looked up offline; record it in packages/cert-manager/src/pins.ts, then drop this waiver',
];
export const HOMELAB_WAIVED = HOMELAB_WAIVED_LINES.join('\n');

/** The cluster.yaml of example `name` in workspace `root`. */
export function spec(root: string, name: string): string {
  return join(root, 'clusters', name, 'cluster.yaml');
}

/** What `strata validate` prints on stderr when it checks every example cluster and finds nothing. */
export const VALIDATE_ALL_CHECKED = [
  `chromebox-lab: ${CB.o} objects in ${CB.f} files checked`,
  `edge-bgp: ${EB.o} objects in ${EB.f} files checked`,
  `homelab: ${HL.o} objects in ${HL.f} files checked`,
  ...WAIVED,
  ...HOMELAB_WAIVED_LINES,
  '',
].join('\n');

import type { KubernetesSupport } from '@strata/core';

/**
 * Upstream pins of the nginx-edge component. Changing what reaches a cluster
 * means changing this file (and the goldens).
 */

import type { ImagePin } from '@strata/core';

export { type ImagePin, imageRef } from '@strata/core';

/** Helm repository of the community ingress-nginx chart (reference/ingress-nginx.md §2). */
export const INGRESS_NGINX_REPOSITORY = 'https://kubernetes.github.io/ingress-nginx';

/** Chart name in {@link INGRESS_NGINX_REPOSITORY}. */
export const INGRESS_NGINX_CHART = 'ingress-nginx';

/**
 * ingress-nginx chart versions a class may choose, each with the controller
 * version it ships (tags `helm-chart-X` / `controller-vY`, reference §1–2).
 * 4.13.0 and 4.13.1 stay selectable for clusters that run them, so the
 * cert-manager ≥ 1.18 check (HTTP-01 `pathType: Exact`, fixed in 1.13.2) can name them.
 */
export const INGRESS_NGINX_VERSIONS = {
  '4.13.0': '1.13.0',
  '4.13.1': '1.13.1',
  '4.13.9': '1.13.9',
  '4.15.1': '1.15.1',
} as const;
export type IngressNginxChartVersion = keyof typeof INGRESS_NGINX_VERSIONS;
export const INGRESS_NGINX_CHART_VERSIONS = Object.keys(INGRESS_NGINX_VERSIONS) as IngressNginxChartVersion[];

/**
 * Default chart: the newest patch of the line whose values the reference checked
 * (4.13.9). 4.15.1 is the last release before retirement; its values were not re-checked.
 */
// renovate: datasource=helm depName=ingress-nginx registryUrl=https://kubernetes.github.io/ingress-nginx
export const DEFAULT_INGRESS_NGINX_VERSION: IngressNginxChartVersion = '4.13.9';

/**
 * First ingress-nginx chart with `controller.service.trafficDistribution`
 * (the chart template copies it to the controller Service's
 * `spec.trafficDistribution`). Added by kubernetes/ingress-nginx PR #12571
 * (commit 506ded7, "Chart: Add controller.service.trafficDistribution",
 * merged to main December 2024); not in chart 4.12.2 (kubernetes/ingress-nginx
 * issue #13353); shipped from chart 4.13.0 (controller v1.13.0; giantswarm
 * ingress-nginx-app 4.1.0, which synced upstream 4.13.0, lists it) and
 * backported to 4.12.8. Every chart in {@link INGRESS_NGINX_VERSIONS} is at
 * least this (pins.test.ts), so a class never picks a chart that would drop the value.
 */
export const TRAFFIC_DISTRIBUTION_MIN_CHART = '4.13.0';

/** NGINX Gateway Fabric chart (OCI; reference/ingress-nginx.md §1). */
export const NGF_REPOSITORY = 'oci://ghcr.io/nginx/charts';
export const NGF_CHART = 'nginx-gateway-fabric';

/**
 * NGF chart version per Gateway API bundle version (what `facts.versions['gateway-api']`
 * says is installed): the newest NGF minor the reference lists for that bundle
 * (NGF 2.0–2.2 → v1.3.0, 2.3–2.4 → v1.4.1, 2.5–2.6 → v1.5.1). Only the minor is
 * from the reference; the `.0` patch is the first release of that minor.
 */
export const NGF_VERSIONS: Readonly<Record<string, string>> = {
  '1.3.0': '2.2.0',
  '1.4.1': '2.4.0',
  '1.5.1': '2.6.0',
};

/**
 * Kubernetes versions per ingress-nginx controller line, from the project's
 * "Supported Versions" table (README; versions E2E-tested). Read in a snapshot
 * of kubernetes/ingress-nginx: at tag controller-v1.15.1 (commit 0a5901f3c64f)
 * every v1.15.x row says 1.35, 1.34, 1.33, 1.32, 1.31 and every v1.13.x row
 * 1.33 … 1.29 (the v1.13.9 row at tag controller-v1.13.9, commit 279297c6f5b8,
 * too). v1.14.x (1.34 … 1.30) has no row here: no selectable chart ships it.
 * A line without a checked range says why in `pending`; pins.test.ts holds
 * every selectable line to one or the other.
 */
export const INGRESS_NGINX_KUBERNETES: Readonly<Record<string, KubernetesSupport | { readonly pending: string }>> = {
  '1.13': { min: '1.29', max: '1.33', source: 'kubernetes/ingress-nginx README at controller-v1.13.9, Supported Versions table' },
  '1.15': { min: '1.31', max: '1.35', source: 'kubernetes/ingress-nginx README at controller-v1.15.1, Supported Versions table' },
};

/**
 * Lowest Kubernetes per NGF minor, from NGINX's "Technical specifications"
 * page (docs.nginx.com/nginx-gateway-fabric/overview/technical-specifications):
 * 1.25+ up to 2.4, 1.31+ from 2.5. NGF publishes no upper bound.
 */
export const NGF_MIN_KUBERNETES: Readonly<Record<string, string>> = {
  '2.2': '1.25',
  '2.4': '1.25',
  '2.6': '1.31',
};

/** controllerName prefix NGF requires (`gateway.nginx.org/…`). */
export const NGF_CONTROLLER_PREFIX = 'gateway.nginx.org';


/**
 * cloudflared releases a class' tunnel may run (`tunnel.version`), newest last.
 * Tags are calendar versions (`YYYY.M.P`); the image has no Helm chart we pin,
 * so the Deployment is rendered from typed models.
 */
export const CLOUDFLARED_IMAGES = {
  '2026.7.2': {
    repository: 'docker.io/cloudflare/cloudflared',
    tag: '2026.7.2',
    digest: 'sha256:4f6655284ab3d252b7f28fedb19fe6c8fc82ee5b1295c20ac74d475e5398a52d',
    source:
      'tag 2026.7.2 and its digest as seven independent public deployments pin them (compose files, a NixOS module, Go and ' +
      'Terraform image constants: `cloudflare/cloudflared:2026.7.2@sha256:4f66…a52d`; one other record names sha256:18626b…, ' +
      'most likely a single-platform manifest); not read from the registry here: confirm with ' +
      '`crane digest docker.io/cloudflare/cloudflared:2026.7.2` when bumping. Newer tags (2026.10.0) exist but no digest could be checked.',
  },
} as const satisfies Readonly<Record<string, ImagePin>>;
export type CloudflaredVersion = keyof typeof CLOUDFLARED_IMAGES;
export const CLOUDFLARED_VERSIONS = Object.keys(CLOUDFLARED_IMAGES) as CloudflaredVersion[];

/** Default cloudflared release. */
// renovate: datasource=docker depName=docker.io/cloudflare/cloudflared
export const DEFAULT_CLOUDFLARED_VERSION: CloudflaredVersion = '2026.7.2';

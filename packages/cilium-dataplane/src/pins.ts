/**
 * Upstream pins of the cilium-dataplane component. Changing what reaches a
 * cluster means changing this file (and the goldens).
 */

/** Helm repository of the Cilium chart (reference/cilium.md §1). */
export const CILIUM_CHART_REPOSITORY = 'https://helm.cilium.io/';

/** Cilium chart name in {@link CILIUM_CHART_REPOSITORY}. */
export const CILIUM_CHART = 'cilium';

/**
 * Cilium chart versions a spec may choose (`spec.cilium.version`). Only the
 * 1.18 line: it serves CiliumLoadBalancerIPPool and the BGP v2 kinds as
 * `cilium.io/v2`, which the config layer renders.
 */
export const CILIUM_VERSIONS = ['1.18.0', '1.18.12'] as const;
export type CiliumVersion = (typeof CILIUM_VERSIONS)[number];

/** Default chart version: the newest 1.18 patch the reference checked. */
export const DEFAULT_CILIUM_VERSION: CiliumVersion = '1.18.12';

/** A Git source pinned by tag and, where known, by the commit the tag points to. */
export interface GitPin {
  readonly url: string;
  readonly tag: string;
  /** Full 40-hex commit that is synced; when absent the engine follows the tag. */
  readonly commit?: string;
  /** Why `commit` is absent; required then, so a weaker pin is never silent. */
  readonly commitPending?: string;
}

/**
 * Gateway API CRDs for Cilium 1.18, which targets bundle v1.3.0
 * (reference/gateway-api.md §5). TLSRoute there is `v1alpha2`, experimental channel.
 */
export const GATEWAY_API: GitPin = {
  url: 'https://github.com/kubernetes-sigs/gateway-api',
  tag: 'v1.3.0',
  commitPending:
    'the commit of tag v1.3.0 could not be looked up offline; add it from ' +
    "`git ls-remote https://github.com/kubernetes-sigs/gateway-api 'refs/tags/v1.3.0^{}'` and drop this note",
};

/** Folder of each Gateway API channel's CRDs in the repository (each has a kustomization.yaml). */
export const GATEWAY_API_CRD_PATHS = {
  standard: 'config/crd/standard',
  experimental: 'config/crd/experimental',
} as const;

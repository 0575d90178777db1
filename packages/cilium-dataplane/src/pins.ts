import type { KubernetesSupport } from '@strata/core';

/**
 * Upstream pins of the cilium-dataplane component. Changing what reaches a
 * cluster means changing this file (and the goldens).
 */

import type { ImagePin } from '@strata/core';

export { type ImagePin, imageRef } from '@strata/core';

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
// renovate: datasource=helm depName=cilium registryUrl=https://helm.cilium.io/
export const DEFAULT_CILIUM_VERSION: CiliumVersion = '1.18.12';

/**
 * Kubernetes versions each Cilium line is e2e-tested and supported on, from
 * Cilium's own compatibility page for that line
 * (`Documentation/network/kubernetes/compatibility.rst`, checked at tag
 * v1.18.14: "1.30, 1.31, 1.32, 1.33"). Cilium keeps a branch's list fixed for
 * its whole maintenance period, so one row covers every 1.18 patch.
 */
export const CILIUM_KUBERNETES_SUPPORT: Readonly<Record<string, KubernetesSupport>> = {
  '1.18': {
    min: '1.30',
    max: '1.33',
    source: 'docs.cilium.io/en/v1.18/network/kubernetes/compatibility',
  },
};

/** The support row of a Cilium chart version (`1.18.12` → the 1.18 line). */
export function ciliumKubernetesSupport(version: string): KubernetesSupport | undefined {
  const line = /^(\d+\.\d+)\./.exec(version)?.[1];
  return line === undefined ? undefined : CILIUM_KUBERNETES_SUPPORT[line];
}

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
 * v1.3.0 is a lightweight tag on commit 40be951c ("Adding changelog for v1.3
 * (#3765)"), seen in a snapshot of kubernetes-sigs/gateway-api.
 */
export const GATEWAY_API: GitPin = {
  url: 'https://github.com/kubernetes-sigs/gateway-api',
  // renovate: datasource=github-tags depName=kubernetes-sigs/gateway-api
  tag: 'v1.3.0',
  commit: '40be951cebe5cb3f0365fe6951403de4ff8b9f33',
};

/**
 * Folder synced for each Gateway API channel: one that holds upstream's own
 * kustomization.yaml, so Flux's kustomize-controller and Argo CD (which picks
 * Kustomize when it finds one) build exactly the list upstream maintains.
 * At v1.3.0 (also v1.2.1, v1.4.0, v1.5.0) `config/crd/experimental/` has a
 * kustomization.yaml, but `config/crd/standard/` has none: the standard set is
 * `config/crd/kustomization.yaml`, whose resources are the `standard/*.yaml`
 * files (from v1.5 also the safe-upgrades ValidatingAdmissionPolicy, as in
 * standard-install.yaml). Pointing at `config/crd/standard` would lean on each
 * engine's fallback instead: Flux generates a kustomization.yaml for every
 * manifest in the directory tree, Argo CD applies the folder's top-level files.
 */
export const GATEWAY_API_CRD_PATHS = {
  standard: 'config/crd',
  experimental: 'config/crd/experimental',
} as const;

/**
 * Multus releases a spec may choose (`spec.cilium.multus.version`). There is
 * no maintained official Helm chart, so the thick-plugin objects of upstream
 * `deployments/multus-daemonset-thick.yml` are rendered from typed models.
 */
export const MULTUS_VERSIONS = ['v4.2.4'] as const;
export type MultusVersion = (typeof MULTUS_VERSIONS)[number];

/** Default Multus release. */
// renovate: datasource=github-releases depName=k8snetworkplumbingwg/multus-cni
export const DEFAULT_MULTUS_VERSION: MultusVersion = 'v4.2.4';

/** The thick-plugin image of each offered Multus release. */
export const MULTUS_IMAGES: Readonly<Record<MultusVersion, ImagePin>> = {
  'v4.2.4': {
    repository: 'ghcr.io/k8snetworkplumbingwg/multus-cni',
    tag: 'v4.2.4-thick',
    digest: 'sha256:3c20900b5381fac7f9cbbdfac8370ea10a2f6ed7fbecc678384a9db57047abb1',
    source:
      'tag v4.2.4-thick and its digest as three independent public deployments record them (a roll-back note pinning ' +
      '`v4.2.4-thick@sha256:3c20…7abb1`, a node check expecting that image ID for v4.2.4-thick, and the ' +
      'cluster-network-addons-operator chart running multus-daemon from it); not read from the registry here: ' +
      'confirm with `crane digest ghcr.io/k8snetworkplumbingwg/multus-cni:v4.2.4-thick` when bumping',
  },
};

/**
 * Image that runs the host's CNI `dhcp` binary as the DHCP IPAM daemon (the
 * thick image is distroless: no shell to clear a stale socket with). Only
 * rendered when a Multus network uses DHCP IPAM.
 */
export const DHCP_DAEMON_IMAGE: ImagePin = {
  repository: 'docker.io/library/busybox',
  // renovate: datasource=docker depName=docker.io/library/busybox
  tag: '1.37.0',
  digestPending:
    'busybox 1.37.0 was re-pushed under several digests and none could be checked against the registry offline; ' +
    'add it from `crane digest docker.io/library/busybox:1.37.0` and drop this note',
  source: 'official Docker Library image; the pattern of running the host `dhcp daemon` from it follows the rke2-multus chart (dhcp-daemonSet.yaml)',
};

import { BoundedMemo, type ComponentChart, type ComponentContext } from '@strata/core';
import { cfsslCsr, cfsslProfiles, csrKey, profilesKey } from './cfssl.ts';
import { formatHours } from './duration.ts';
import { HOST_NETWORK_FILE, hostNetworkModule, planHostNetwork } from './host-network.ts';
import { stableJson } from './json.ts';
import { nixosModule } from './nix.ts';
import { KEY, type PkiPlan, planPki, PROFILES } from './plan.ts';
import type { PkiBlock } from './schema.ts';

/** Folder of the rendered files, under `rendered/<cluster>/`. */
export const NIXOS_DIR = 'nixos';
export const MODULE_FILE = `${NIXOS_DIR}/kubernetes-pki.nix`;
export const PLAN_FILE = `${NIXOS_DIR}/pki/plan.json`;
export const PROFILES_FILE = `${NIXOS_DIR}/pki/cfssl/profiles.json`;

/** The CSR file of a certificate. */
export function csrFile(name: string): string {
  return `${NIXOS_DIR}/pki/cfssl/${name}-csr.json`;
}

/**
 * The plan as rendered: certificates, profiles and lifetimes, no dates (a
 * render has no clock; `strata pki plan --from` simulates dates).
 */
export function planDocument(plan: PkiPlan): object {
  return {
    cluster: plan.cluster,
    key: KEY,
    base: plan.base,
    renewAt: plan.renewAt.text,
    jitterWindow: formatHours(plan.jitterWindowHours),
    validity: { root: `${plan.validity.root}h`, intermediate: `${plan.validity.intermediate}h`, leaf: `${plan.validity.leaf}h` },
    kubeProxy: plan.kubeProxy,
    flannel: plan.flannel,
    etcd: plan.etcd,
    apiServer: plan.apiServer,
    podCIDR: plan.podCIDR,
    serviceCIDR: plan.serviceCIDR,
    clusterDomain: plan.clusterDomain,
    nodes: plan.nodes,
    profiles: PROFILES,
    certificates: plan.certificates.map((c) => ({
      name: c.name,
      kind: c.kind,
      issuer: c.issuer,
      profile: c.profile,
      cn: c.cn,
      o: c.o,
      hosts: c.hosts,
      lifetime: `${c.lifetimeHours}h`,
      slot: c.slot,
      node: c.node,
      purpose: c.purpose,
      files: { cert: `${plan.base}/${c.name}.pem`, key: `${plan.base}/${c.name}-key.pem` },
    })),
    keyPairs: plan.keyPairs.map((k) => ({ ...k, files: { key: `${plan.base}/${k.name}-key.pem`, public: `${plan.base}/${k.name}.pub` } })),
  };
}

/**
 * cfssl file contents by what they are made of ({@link profilesKey},
 * {@link csrKey}; the two never share a key). Most CSRs (intermediates,
 * control-plane clients, each node's kubelet client) and the profiles are the
 * same in every cluster of a fleet, so a fleet serializes them once. Each
 * entry is a few hundred bytes.
 */
const CFSSL_JSON = new BoundedMemo<string, string>(1024);

/** Every file the component renders, path → content. */
export function pkiFiles(plan: PkiPlan): { path: string; content: string }[] {
  return [
    { path: MODULE_FILE, content: nixosModule(plan) },
    { path: PLAN_FILE, content: stableJson(planDocument(plan)) },
    { path: PROFILES_FILE, content: CFSSL_JSON.get(profilesKey(plan), () => stableJson(cfsslProfiles(plan))) },
    ...plan.certificates.map((c) => ({ path: csrFile(c.name), content: CFSSL_JSON.get(csrKey(c), () => stableJson(cfsslCsr(c))) })),
  ];
}

/** Adds the NixOS modules (PKI and, unless turned off, host network), the plan and the cfssl files; no Kubernetes objects. */
export function renderPki(chart: ComponentChart, ctx: ComponentContext<PkiBlock>): void {
  for (const f of pkiFiles(planPki(ctx.cluster, ctx.block, ctx.facts.dataplane))) chart.addFile(f.path, f.content);
  if (ctx.block.hostNetwork.enabled) chart.addFile(HOST_NETWORK_FILE, hostNetworkModule(planHostNetwork(ctx.cluster, ctx.block, ctx.facts.dataplane)));
}

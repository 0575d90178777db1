import type { AddressPool, FactsPart } from '@strata/core';
import { factsStub, type Loaded as LoadedSpec, loadComponent, problemLines } from '@strata/core/testing';
import { component } from '../index.ts';
import type { EdgeBlock } from '../schema.ts';

/** A Cilium-like address pool fact. */
export function pool(name: string, blocks: string[], announcement: AddressPool['announcement'], extra: Partial<AddressPool> = {}): AddressPool {
  return { name, blocks, announcement, ipsAnnotation: 'lbipam.cilium.io/ips', component: 'cilium-dataplane', path: ['spec', 'cilium', 'loadBalancer', 'pools', 0], ...extra };
}

/** The network of a chromebox-lab-like cluster (three nodes). */
export const LAB_NETWORK = {
  nodeSubnet: '10.20.0.0/24',
  nodes: [
    { name: 'chromebox-1', address: '10.20.0.11', roles: ['control-plane', 'worker'] },
    { name: 'chromebox-2', address: '10.20.0.12', roles: ['worker'] },
    { name: 'chromebox-3', address: '10.20.0.13', roles: ['worker'] },
  ],
  podCIDR: '10.244.0.0/16',
  serviceCIDR: '10.96.0.0/16',
};

/** A one-node network. */
export const SINGLE_NETWORK = { ...LAB_NETWORK, nodes: [LAB_NETWORK.nodes[0]] };

/** Facts of a lab with an L2 pool, Gateway API 1.3.0 and cert-manager 1.18. */
export const LAB_FACTS: FactsPart = {
  addressPools: [pool('lab', ['10.20.0.224/27'], 'l2')],
  versions: { cilium: '1.18.12', 'gateway-api': '1.3.0', 'cert-manager': '1.18.2' },
};

export interface SpecOptions {
  readonly name?: string;
  readonly network?: object;
  /** `spec.kubernetes.version`; default 1.33. */
  readonly kubernetesVersion?: string;
  /** Facts of the other components; default {@link LAB_FACTS}. */
  readonly facts?: FactsPart;
}

export type Loaded = LoadedSpec<EdgeBlock>;

/**
 * Loads a spec through the real loader (schema, defaults, facts, this
 * component's check); a stub under `spec.testFacts` declares the facts of the
 * components the edge reads (Cilium's pools and versions, cert-manager's version).
 */
export function load(edge: object, opts: SpecOptions = {}): Loaded {
  return loadComponent<EdgeBlock>(component, edge, {
    fields: { name: opts.name ?? 'lab', kubernetes: { version: opts.kubernetesVersion ?? '1.33' }, network: opts.network ?? LAB_NETWORK },
    stubs: [factsStub('testFacts', opts.facts ?? LAB_FACTS)],
  });
}

/** Loads a spec that must have no errors; throws with the findings otherwise. */
export function loadValid(edge: object, opts: SpecOptions = {}): Loaded {
  const loaded = load(edge, opts);
  if (loaded.cluster === undefined) throw new Error(`spec has errors:\n${loaded.lines.join('\n')}`);
  return loaded;
}

/** `path: message` of every error, or of every finding (`warning: ` marks warnings) with `all`. */
export function problems(edge: object, opts: SpecOptions = {}, which: 'errors' | 'all' = 'errors'): string[] {
  return problemLines(load(edge, opts).findings, which);
}

import { factsStub, type Loaded as LoadedSpec, loadComponent } from '@strata/core/testing';
import { component } from '../index.ts';
import type { CiliumBlock } from '../schema.ts';

/** The network of a chromebox-lab-like cluster. */
export const LAB_NETWORK = {
  nodeSubnet: '10.20.0.0/24',
  nodes: [
    { name: 'chromebox-1', address: '10.20.0.11', roles: ['control-plane', 'worker'] },
    { name: 'chromebox-2', address: '10.20.0.12', roles: ['worker'] },
    { name: 'chromebox-3', address: '10.20.0.13', roles: ['worker'] },
  ],
  podCIDR: '10.244.0.0/16',
  serviceCIDR: '10.96.0.0/16',
  mtu: 1500,
};

/** The network of an edge-bgp-like cluster. */
export const EDGE_NETWORK = {
  nodeSubnet: '172.16.10.0/24',
  nodes: [
    { name: 'edge-1', address: '172.16.10.11', roles: ['control-plane', 'worker'] },
    { name: 'edge-2', address: '172.16.10.12', roles: ['control-plane', 'worker'] },
    { name: 'edge-3', address: '172.16.10.13', roles: ['control-plane', 'worker'] },
  ],
  podCIDR: '10.42.0.0/16',
  serviceCIDR: '10.43.0.0/16',
  mtu: 9216,
};

export interface SpecOptions {
  readonly name?: string;
  readonly network?: object;
  readonly apiServer?: { host: string; port?: number } | null;
  /** `spec.kubernetes.version`; default `1.33`. */
  readonly kubernetesVersion?: string;
  /** A stub declares the Prometheus operator (as observability does), so its CRDs exist. */
  readonly prometheusOperator?: boolean;
}

export type Loaded = LoadedSpec<CiliumBlock>;

/** Loads a spec through the real loader (schema, defaults, facts, this component's check). */
export function load(cilium: object, opts: SpecOptions = {}): Loaded {
  const apiServer = opts.apiServer === undefined ? { host: '10.20.0.11', port: 6443 } : opts.apiServer;
  return loadComponent<CiliumBlock>(component, cilium, {
    ...(opts.prometheusOperator === true ? { stubs: [factsStub('observability', { versions: { 'prometheus-operator': '0.86.0' } })] } : {}),
    fields: { name: opts.name ?? 'lab', kubernetes: { version: opts.kubernetesVersion ?? '1.33', ...(apiServer === null ? {} : { apiServer }) }, network: opts.network ?? LAB_NETWORK },
  });
}

/** Loads a spec that must have no errors; throws with the findings otherwise. */
export function loadValid(cilium: object, opts: SpecOptions = {}): Loaded {
  const loaded = load(cilium, opts);
  if (loaded.cluster === undefined) throw new Error(`spec has errors:\n${loaded.lines.join('\n')}`);
  return loaded;
}

import { type Cluster, createSpecLoader, type Finding, formatFinding } from '@strata/core';
import { stringify } from 'yaml';
import { component } from '../index.ts';
import type { CiliumBlock } from '../schema.ts';

const loader = createSpecLoader([component]);

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
}

/** The YAML text of a cluster spec with `cilium` as its `spec.cilium` block. */
export function specText(cilium: object, opts: SpecOptions = {}): string {
  const apiServer = opts.apiServer === undefined ? { host: '10.20.0.11', port: 6443 } : opts.apiServer;
  return stringify(
    {
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: opts.name ?? 'lab' },
      spec: {
        kubernetes: { version: '1.33', ...(apiServer === null ? {} : { apiServer }) },
        gitops: { repository: { url: 'https://git.example.org/fleet.git' } },
        network: opts.network ?? LAB_NETWORK,
        cilium: { enabled: true, ...cilium },
      },
    },
    { lineWidth: 0 },
  );
}

export interface Loaded {
  readonly cluster: Cluster;
  readonly block: CiliumBlock;
  readonly findings: readonly Finding[];
  /** Findings as the CLI prints them. */
  readonly lines: readonly string[];
}

/** Loads a spec through the real loader (schema, defaults, this component's check). */
export function load(cilium: object, opts: SpecOptions = {}): Loaded {
  const text = specText(cilium, opts);
  const result = loader.load({ file: 'cluster.yaml', bytes: new TextEncoder().encode(text) });
  const lines = result.findings.map(formatFinding);
  if (result.cluster === undefined) {
    // Errors: still hand back the parsed block so tests can assert the findings.
    return { cluster: undefined as unknown as Cluster, block: undefined as unknown as CiliumBlock, findings: result.findings, lines };
  }
  const block = (result.cluster.spec as unknown as { cilium: CiliumBlock }).cilium;
  return { cluster: result.cluster, block, findings: result.findings, lines };
}

/** Loads a spec that must have no errors; throws with the findings otherwise. */
export function loadValid(cilium: object, opts: SpecOptions = {}): Loaded {
  const loaded = load(cilium, opts);
  if (loaded.cluster === undefined) throw new Error(`spec has errors:\n${loaded.lines.join('\n')}`);
  return loaded;
}

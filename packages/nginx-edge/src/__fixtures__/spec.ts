import {
  type AddressPool,
  type Cluster,
  collectFacts,
  createSpecLoader,
  defineComponent,
  type Facts,
  type FactsPart,
  type Finding,
  formatFinding,
} from '@strata/core';
import { stringify } from 'yaml';
import { component } from '../index.ts';
import type { EdgeBlock } from '../schema.ts';

/**
 * Stands in for the components that declare facts the edge reads (Cilium's
 * pools and versions, cert-manager's version), built by hand so this package
 * imports no other component.
 */
function factsComponent(facts: FactsPart) {
  return defineComponent<{ enabled: boolean }>({
    name: 'test-facts',
    key: 'testFacts',
    description: 'Facts of the other components, for tests.',
    schema: { type: 'object', additionalProperties: false, properties: { enabled: { type: 'boolean', default: false, description: 'On.' } } },
    facts: () => facts,
    render: () => {},
  });
}

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
  /** Facts of the other components; default {@link LAB_FACTS}. */
  readonly facts?: FactsPart;
}

/** The YAML text of a cluster spec with `edge` as its `spec.edge` block. */
export function specText(edge: object, opts: SpecOptions = {}): string {
  return stringify(
    {
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: opts.name ?? 'lab' },
      spec: {
        kubernetes: { version: '1.33' },
        gitops: { repository: { url: 'https://git.example.org/fleet.git' } },
        network: opts.network ?? LAB_NETWORK,
        edge: { enabled: true, ...edge },
        testFacts: { enabled: true },
      },
    },
    { lineWidth: 0 },
  );
}

export interface Loaded {
  readonly cluster: Cluster;
  readonly block: EdgeBlock;
  /** The facts every component (the edge included) declares, as check and render see them. */
  readonly facts: Facts;
  readonly findings: readonly Finding[];
  /** Findings as the CLI prints them. */
  readonly lines: readonly string[];
}

/** Loads a spec through the real loader (schema, defaults, facts, this component's check). */
export function load(edge: object, opts: SpecOptions = {}): Loaded {
  const stub = factsComponent(opts.facts ?? LAB_FACTS);
  const components = [component, stub];
  const result = createSpecLoader(components).load({ file: 'cluster.yaml', bytes: new TextEncoder().encode(specText(edge, opts)) });
  const lines = result.findings.map(formatFinding);
  if (result.cluster === undefined) {
    return { cluster: undefined as unknown as Cluster, block: undefined as unknown as EdgeBlock, facts: undefined as unknown as Facts, findings: result.findings, lines };
  }
  const block = (result.cluster.spec as unknown as { edge: EdgeBlock }).edge;
  return { cluster: result.cluster, block, facts: collectFacts(components, result.cluster), findings: result.findings, lines };
}

/** Loads a spec that must have no errors; throws with the findings otherwise. */
export function loadValid(edge: object, opts: SpecOptions = {}): Loaded {
  const loaded = load(edge, opts);
  if (loaded.cluster === undefined) throw new Error(`spec has errors:\n${loaded.lines.join('\n')}`);
  return loaded;
}

/** `path: message` of every error, or of every finding (`warning: ` marks warnings) with `all`. */
export function problems(edge: object, opts: SpecOptions = {}, which: 'errors' | 'all' = 'errors'): string[] {
  return load(edge, opts)
    .findings.filter((f) => which === 'all' || f.severity === 'error')
    .map((f) => `${f.path}: ${f.severity === 'warning' ? 'warning: ' : ''}${f.message}`);
}

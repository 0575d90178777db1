import { type Cluster, collectFacts, type Component, createSpecLoader, type Facts, type FactsPart, type Finding, formatFinding } from '@strata/core';
import { stringify } from 'yaml';
import { component } from '../index.ts';
import { CERT_MANAGER_FACTS, ciliumFacts, edgeFacts } from './facts.ts';
import type { ObservabilityBlock } from '../schema.ts';

/**
 * A stand-in for another component: its spec block passes as is and its facts
 * are hand-built, so this package's tests run through the real loader without
 * importing the other packages.
 */
export function stub(key: string, facts: FactsPart): Component {
  return {
    name: `${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-stub`,
    key,
    description: `hand-built facts of ${key}`,
    schema: { type: 'object', properties: { enabled: { type: 'boolean', default: false } } },
    facts: () => facts,
    render: () => {},
  };
}

const NETWORK = {
  nodeSubnet: '10.20.0.0/24',
  nodes: [
    { name: 'node-1', address: '10.20.0.11', roles: ['control-plane', 'worker'] },
    { name: 'node-2', address: '10.20.0.12', roles: ['worker'] },
  ],
  podCIDR: '10.244.0.0/16',
  serviceCIDR: '10.96.0.0/16',
};

/** A cluster spec: its core fields, the `observability` block and the other components' blocks. */
export interface SpecInput {
  readonly name?: string;
  readonly kubernetes?: object;
  readonly network?: object;
  /** Other components' blocks, e.g. `{cilium: {enabled: true, bgp: {enabled: true}}}`; each needs a stub. */
  readonly others?: Readonly<Record<string, object>>;
  /** Stand-ins of the other components, with their facts. */
  readonly stubs?: readonly Component[];
}

export function specText(observability: object, input: SpecInput = {}): string {
  return stringify(
    {
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: input.name ?? 'lab' },
      spec: {
        kubernetes: input.kubernetes ?? { version: '1.33' },
        gitops: { repository: { url: 'https://git.example.org/fleet.git' } },
        network: input.network ?? NETWORK,
        ...(input.others ?? {}),
        observability: { enabled: true, ...observability },
      },
    },
    { lineWidth: 0 },
  );
}

export interface Loaded {
  readonly cluster: Cluster;
  readonly block: ObservabilityBlock;
  readonly facts: Facts;
  readonly findings: readonly Finding[];
  /** Findings as the CLI prints them. */
  readonly lines: readonly string[];
}

/** Loads a spec through the real loader (schema, defaults, facts, this component's check). */
export function load(observability: object, input: SpecInput = {}): Loaded {
  const components = [component as Component, ...(input.stubs ?? [])];
  const loader = createSpecLoader(components);
  const result = loader.load({ file: 'cluster.yaml', bytes: new TextEncoder().encode(specText(observability, input)) });
  const lines = result.findings.map(formatFinding);
  if (result.cluster === undefined) {
    return { cluster: undefined as unknown as Cluster, block: undefined as unknown as ObservabilityBlock, facts: undefined as unknown as Facts, findings: result.findings, lines };
  }
  const block = (result.cluster.spec as unknown as { observability: ObservabilityBlock }).observability;
  return { cluster: result.cluster, block, facts: collectFacts(components, result.cluster), findings: result.findings, lines };
}

/** Loads a spec that must have no errors; throws with the findings otherwise. */
export function loadValid(observability: object, input: SpecInput = {}): Loaded {
  const loaded = load(observability, input);
  if (loaded.cluster === undefined || loaded.findings.some((f) => f.severity === 'error')) throw new Error(`spec has errors:\n${loaded.lines.join('\n')}`);
  return loaded;
}

/** `path: message` of every error, or of every finding (`warning: ` marks warnings) with `all`. */
export function problems(observability: object, input: SpecInput = {}, which: 'errors' | 'all' = 'errors'): string[] {
  return load(observability, input)
    .findings.filter((f) => which === 'all' || f.severity === 'error')
    .map((f) => `${f.path}: ${f.severity === 'warning' ? 'warning: ' : ''}${f.message}`);
}

/** A cluster with Cilium (Hubble UI on, L2), two edge classes `internal` and `external`, and cert-manager. */
export const FULL: SpecInput = {
  others: { cilium: { enabled: true, hubble: { relay: true, ui: true } }, edge: { enabled: true }, certManager: { enabled: true } },
  stubs: [stub('cilium', ciliumFacts('l2')), stub('edge', edgeFacts('internal', 'external')), stub('certManager', CERT_MANAGER_FACTS)],
};

// Test support: loads a spec with a `spec.certManager` block through the real
// loader. The other components' facts (TLS hosts, HTTP entry points) are built
// by hand and declared by a stub component, since the edge packages are not
// dependencies of this one.
import { type Cluster, collectFacts, type Component, createSpecLoader, type Facts, type FactsPart, type Finding, formatFinding } from '@strata/core';
import { stringify } from 'yaml';
import { component } from '../index.ts';
import type { CertManagerBlock } from '../schema.ts';

let declared: FactsPart = {};

/** Declares the hand-built facts under `spec.edgeStub` (the paths in them may point anywhere). */
const stub: Component = {
  name: 'edge-stub',
  key: 'edgeStub',
  description: 'Declares hand-built facts for the cert-manager tests.',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: { enabled: { type: 'boolean', default: false, description: 'Declare the facts.' } },
  },
  facts: () => declared,
  render: () => undefined,
};

const components = [component as Component, stub];
const loader = createSpecLoader(components);

export interface SpecOptions {
  readonly name?: string;
  readonly engine?: 'flux' | 'argocd';
  /** Facts of the other components. */
  readonly facts?: FactsPart;
}

/** The YAML text of a cluster spec with `certManager` as its `spec.certManager` block (enabled). */
export function specText(certManager: object, opts: SpecOptions = {}): string {
  return stringify(
    {
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: opts.name ?? 'lab' },
      spec: {
        kubernetes: { version: '1.33' },
        gitops: { engine: opts.engine ?? 'flux', repository: { url: 'https://git.example.org/fleet.git' } },
        network: {
          nodeSubnet: '10.20.0.0/24',
          nodes: [{ name: 'node-1', address: '10.20.0.11', roles: ['control-plane', 'worker'] }],
          podCIDR: '10.244.0.0/16',
          serviceCIDR: '10.96.0.0/16',
        },
        certManager: { enabled: true, ...certManager },
        edgeStub: { enabled: true },
      },
    },
    { lineWidth: 0 },
  );
}

export interface Loaded {
  readonly cluster: Cluster;
  readonly block: CertManagerBlock;
  /** Facts of every enabled component (ours and the stub's), as the compiler collects them. */
  readonly facts: Facts;
  readonly findings: readonly Finding[];
  /** Findings as the CLI prints them. */
  readonly lines: readonly string[];
}

/** Loads a spec through the real loader (schema, defaults, facts, this component's check). */
export function load(certManager: object, opts: SpecOptions = {}): Loaded {
  declared = opts.facts ?? {};
  const result = loader.load({ file: 'cluster.yaml', bytes: new TextEncoder().encode(specText(certManager, opts)) });
  const lines = result.findings.map(formatFinding);
  if (result.cluster === undefined) {
    return { cluster: undefined as unknown as Cluster, block: undefined as unknown as CertManagerBlock, facts: undefined as unknown as Facts, findings: result.findings, lines };
  }
  const block = (result.cluster.spec as unknown as { certManager: CertManagerBlock }).certManager;
  return { cluster: result.cluster, block, facts: collectFacts(components, result.cluster), findings: result.findings, lines };
}

/** Loads a spec that must have no errors; throws with the findings otherwise. */
export function loadValid(certManager: object, opts: SpecOptions = {}): Loaded {
  const loaded = load(certManager, opts);
  if (loaded.cluster === undefined) throw new Error(`spec has errors:\n${loaded.lines.join('\n')}`);
  return loaded;
}

// Test support: cluster specs with a `spec.pki` block, loaded through the real
// loader. The examples come from the committed clusters/<name>/cluster.yaml.
import { type Cluster, collectFacts, createSpecLoader, type Dataplane, formatFinding } from '@strata/core';
import { CILIUM_FIELDS, ciliumStub } from './cilium-stub.ts';
import { exampleDoc } from '@strata/core/examples';
import { stringify } from 'yaml';
import { component } from '../index.ts';
import type { PkiBlock } from '../schema.ts';

const loader = createSpecLoader([component, ciliumStub]);

type Spec = { metadata: { name: string }; spec: Record<string, unknown> & { cilium?: Record<string, unknown> } };

/** Core spec fields; other components' blocks are dropped (this package's tests do not load them). */
const CORE = ['kubernetes', 'gitops', 'network', 'policy', 'cilium'];

/** The committed example spec: core fields, and its cilium block cut to the top-level fields the stub knows. */
export function exampleSpec(name: string): Spec {
  // With its profiles applied: the spec as the loader sees it.
  const doc = exampleDoc<Spec>(name);
  for (const key of Object.keys(doc.spec)) if (!CORE.includes(key)) delete doc.spec[key];
  const c = doc.spec.cilium;
  if (c !== undefined) doc.spec.cilium = Object.fromEntries(CILIUM_FIELDS.filter((k) => c[k] !== undefined).map((k) => [k, c[k]]));
  return doc;
}

/** A spec with `n` nodes (the first `controlPlanes` are control-plane + worker) and no Cilium. */
export function syntheticSpec(n: number, controlPlanes = 1): Spec {
  return {
    metadata: { name: 'synthetic' },
    spec: {
      kubernetes: { version: '1.33', apiServer: { host: 'api.synthetic.example', port: 6443 } },
      gitops: { repository: { url: 'https://git.example.org/fleet.git' } },
      network: {
        nodeSubnet: '10.10.0.0/16',
        nodes: Array.from({ length: n }, (_, i) => ({
          name: `node-${i + 1}`,
          address: `10.10.${Math.floor((i + 1) / 250)}.${((i + 1) % 250) + 1}`,
          roles: i < controlPlanes ? ['control-plane', 'worker'] : ['worker'],
        })),
        podCIDR: '10.244.0.0/16',
        serviceCIDR: '10.96.0.0/12',
      },
    },
  } as unknown as Spec;
}

export interface Loaded {
  readonly cluster: Cluster;
  readonly block: PkiBlock;
  /** The stand-in's dataplane fact (undefined without an enabled cilium block), as check and render see it. */
  readonly dataplane: Dataplane | undefined;
  readonly lines: readonly string[];
}

/** Loads `spec` with `pki` as its `spec.pki` block (enabled unless it says otherwise). */
export function load(spec: Spec, pki: object = {}): Loaded | { cluster: undefined; lines: readonly string[] } {
  const doc = { apiVersion: 'strata.dev/v1alpha1', kind: 'Cluster', ...spec, spec: { ...spec.spec, pki: { enabled: true, ...pki } } };
  const result = loader.load({ file: 'cluster.yaml', bytes: new TextEncoder().encode(stringify(doc, { lineWidth: 0 })) });
  const lines = result.findings.map(formatFinding);
  if (result.cluster === undefined) return { cluster: undefined, lines };
  const dataplane = collectFacts([component, ciliumStub], result.cluster).dataplane;
  return { cluster: result.cluster, block: (result.cluster.spec as unknown as { pki: PkiBlock }).pki, dataplane, lines };
}

/** Loads a spec that must have no errors. */
export function loadValid(spec: Spec, pki: object = {}): Loaded {
  const loaded = load(spec, pki);
  if (loaded.cluster === undefined) throw new Error(`spec has errors:\n${loaded.lines.join('\n')}`);
  return loaded as Loaded;
}

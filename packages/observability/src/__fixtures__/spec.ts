import type { Component } from '@strata/core';
import { factsStub, type Loaded as LoadedSpec, loadComponent, problemLines } from '@strata/core/testing';
import { component } from '../index.ts';
import { CERT_MANAGER_FACTS, ciliumFacts, edgeFacts } from './facts.ts';
import type { ObservabilityBlock } from '../schema.ts';

/** A stand-in for another component: its spec block passes as is and its facts are hand-built. */
export const stub = factsStub;

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

export type Loaded = LoadedSpec<ObservabilityBlock>;

/** Loads a spec through the real loader (schema, defaults, facts, this component's check). */
export function load(observability: object, input: SpecInput = {}): Loaded {
  return loadComponent<ObservabilityBlock>(component, observability, {
    fields: { name: input.name ?? 'lab', kubernetes: input.kubernetes ?? { version: '1.33' }, network: input.network ?? NETWORK },
    others: input.others ?? {},
    stubs: input.stubs ?? [],
  });
}

/** Loads a spec that must have no errors; throws with the findings otherwise. */
export function loadValid(observability: object, input: SpecInput = {}): Loaded {
  const loaded = load(observability, input);
  if (loaded.cluster === undefined || loaded.findings.some((f) => f.severity === 'error')) throw new Error(`spec has errors:\n${loaded.lines.join('\n')}`);
  return loaded;
}

/** `path: message` of every error, or of every finding (`warning: ` marks warnings) with `all`. */
export function problems(observability: object, input: SpecInput = {}, which: 'errors' | 'all' = 'errors'): string[] {
  return problemLines(load(observability, input).findings, which);
}

/** A cluster with Cilium (Hubble UI on, L2), two edge classes `internal` and `external`, and cert-manager. */
export const FULL: SpecInput = {
  others: { cilium: { enabled: true, hubble: { relay: true, ui: true } }, edge: { enabled: true }, certManager: { enabled: true } },
  stubs: [stub('cilium', ciliumFacts('l2')), stub('edge', edgeFacts('internal', 'external')), stub('certManager', CERT_MANAGER_FACTS)],
};

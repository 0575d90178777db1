// Test support: loads a spec with a `spec.certManager` block through the real
// loader. The other components' facts (TLS hosts, HTTP entry points) are built
// by hand and declared by a stub component, since the edge packages are not
// dependencies of this one.
import type { FactsPart } from '@strata/core';
import { factsStub, type Loaded as LoadedSpec, loadComponent } from '@strata/core/testing';
import { component } from '../index.ts';
import type { CertManagerBlock } from '../schema.ts';

export interface SpecOptions {
  readonly name?: string;
  readonly engine?: 'flux' | 'argocd';
  /** Facts of the other components. */
  readonly facts?: FactsPart;
  /** `spec.kubernetes.version`; default 1.33. */
  readonly kubernetesVersion?: string;
}

export type Loaded = LoadedSpec<CertManagerBlock>;

/** Loads a spec through the real loader (schema, defaults, facts, this component's check); `spec.edgeStub` declares the hand-built facts. */
export function load(certManager: object, opts: SpecOptions = {}): Loaded {
  return loadComponent<CertManagerBlock>(component, certManager, {
    fields: { name: opts.name ?? 'lab', engine: opts.engine ?? 'flux', ...(opts.kubernetesVersion === undefined ? {} : { kubernetes: { version: opts.kubernetesVersion } }) },
    stubs: [factsStub('edgeStub', opts.facts ?? {})],
  });
}

/** Loads a spec that must have no errors; throws with the findings otherwise. */
export function loadValid(certManager: object, opts: SpecOptions = {}): Loaded {
  const loaded = load(certManager, opts);
  if (loaded.cluster === undefined) throw new Error(`spec has errors:\n${loaded.lines.join('\n')}`);
  return loaded;
}

import type { Cluster, ProvidedService } from '@strata/core';

/** A Kubernetes object as rendered, with the file it is (or will be) written to. */
export interface PolicyObject {
  readonly obj: {
    apiVersion: string;
    kind: string;
    metadata: {
      name: string;
      namespace?: string;
      annotations?: Record<string, string>;
      labels?: Record<string, string>;
    };
    [k: string]: unknown;
  };
  /** Workspace-relative, `/`-separated: `rendered/homelab/config/cilium-dataplane/x.yaml`. */
  readonly file: string;
}

/** What every rule sees: the whole rendered set of one cluster, and its spec when known. */
export interface PolicyContext {
  /** Undefined when only `rendered/` is known (e.g. `strata validate` on a checkout). */
  readonly cluster: Cluster | undefined;
  readonly objects: readonly PolicyObject[];
  /**
   * Services that exist without being rendered objects: those the enabled
   * components' charts create (their facts) and the spec's `backends`. The
   * compiler always passes them; absent means none.
   */
  readonly services?: readonly ProvidedService[];
}

/** One thing a rule objects to. */
export interface Violation {
  readonly object?: PolicyObject;
  /** Dotted path inside the object: `spec.template.spec.containers[0].image`. */
  readonly path?: string;
  /** Without the rule id; {@link runPolicies} prefixes it. */
  readonly message: string;
}

/** A policy rule: a pure check over the rendered set. */
export interface Rule {
  /** Kebab-case, stable (waivers name it): `image-pinned`. */
  readonly id: string;
  readonly severity: 'error' | 'warning';
  /** Short noun phrase for docs and summaries. */
  readonly title: string;
  /** Why the rule exists, 1–3 sentences. */
  readonly rationale: string;
  /** What to do about a violation. */
  readonly hint: string;
  /** False for rules no waiver may silence (secret material in Git). Default true. */
  readonly waivable?: boolean;
  check(ctx: PolicyContext): readonly Violation[];
}

/** Accepts a rule's violations on one object, for a stated reason. */
export interface Waiver {
  readonly rule: string;
  /** `Kind/namespace/name` (or `Kind/name`), as `objectId` from @strata/validate gives it. */
  readonly object: string;
  readonly reason: string;
}

import type { KubernetesSupport } from '@strata/core';

/**
 * Upstream pins of the cert-manager component. Changing what reaches a cluster
 * means changing this file (and the goldens). Facts from
 * shared/reference/cert-manager.md (tags v1.18.0, v1.19.0, v1.19.1 checked
 * against github.com/cert-manager/cert-manager; support table from
 * github.com/cert-manager/website); v1.21.1 and the 1.21 row read in
 * snapshots of those two repositories.
 */

/** OCI repository of the chart, the source of truth (reference §1); the chart name is appended. */
export const CERT_MANAGER_CHART_REPOSITORY = 'oci://quay.io/jetstack/charts';

/** Chart name in {@link CERT_MANAGER_CHART_REPOSITORY}. */
export const CERT_MANAGER_CHART = 'cert-manager';

/**
 * The day the support table below was last reviewed. Components read no
 * clock, so "is this version past its end of life?" is answered as of this
 * date; move it (and the table) forward when reviewing the pins.
 */
export const SUPPORT_AS_OF = '2026-11-29';

/** One chart version a spec may choose. */
export interface CertManagerPin {
  /** Chart version as the OCI repository spells it (keeps the `v`). */
  readonly version: string;
  /** Upstream end of life (ISO date), or undefined while none is announced. */
  readonly eol?: string;
  /** Why `eol` is absent; required then, so an unknown support window is never silent. */
  readonly eolPending?: string;
  /** `sha256:…` digest of the OCI chart artifact, when known. */
  readonly digest?: string;
  /** Why `digest` is absent; required then (the policy rule `upstream-pinned` warns on OCI sources without one). */
  readonly digestPending?: string;
  /** Where the version and its dates come from. */
  readonly source: string;
  /** Kubernetes versions the release line supports (cert-manager.io/docs/releases). */
  readonly kubernetes: KubernetesSupport;
}

const DIGEST_PENDING =
  'the chart digest could not be looked up offline; add it from `crane digest quay.io/jetstack/charts/cert-manager:<version>` and drop this note';

/** Chart versions a spec may choose, oldest first. */
export const CERT_MANAGER_PINS = [
  {
    version: 'v1.18.0',
    eol: '2026-03-10',
    digestPending: DIGEST_PENDING,
    source: 'reference §Versions: released 2025-06-10, tag v1.18.0 checked; 1.18 EOL 2026-03-10',
    kubernetes: { min: '1.29', max: '1.33', source: 'cert-manager.io/docs/releases (cert-manager/website content/docs/releases/README.md)' },
  },
  {
    version: 'v1.19.1',
    eol: '2026-07-08',
    digestPending: DIGEST_PENDING,
    source: 'reference §Versions: tag v1.19.1 checked (v1.19.0 may re-issue certificates needlessly, use ≥ v1.19.1); 1.19 EOL 2026-07-08',
    kubernetes: { min: '1.31', max: '1.35', source: 'cert-manager.io/docs/releases (cert-manager/website content/docs/releases/README.md)' },
  },
  {
    version: 'v1.21.1',
    eolPending: 'cert-manager.io/docs/releases gives 1.21 (released 2026-07-08) "End of Life: Release of 1.23", which has no date yet',
    digestPending: DIGEST_PENDING,
    source:
      'tag v1.21.1 of cert-manager/cert-manager (annotated tag on commit 24e33194fb39488eff2bbf10c6dc640f407cad44); ' +
      'deploy/charts/cert-manager/Chart.yaml there declares kubeVersion ">= 1.22.0-0" (version and appVersion filled in by the release tool)',
    // cert-manager/website master (776e5dba), content/docs/releases/README.md: "1.21 | Jul 08, 2026 | Release of 1.23 | 1.33 → 1.36 / 4.20 → 4.22".
    kubernetes: { min: '1.33', max: '1.36', source: 'cert-manager.io/docs/releases (cert-manager/website content/docs/releases/README.md)' },
  },
] as const satisfies readonly CertManagerPin[];

/** The versions a spec may choose (`spec.certManager.version`); the same list as {@link CERT_MANAGER_PINS}. */
export const CERT_MANAGER_VERSIONS = ['v1.18.0', 'v1.19.1', 'v1.21.1'] as const;
export type CertManagerVersion = (typeof CERT_MANAGER_VERSIONS)[number];

/** Default chart version: the newest supported one the reference names. */
// renovate: datasource=docker depName=quay.io/jetstack/charts/cert-manager
export const DEFAULT_CERT_MANAGER_VERSION: CertManagerVersion = 'v1.21.1';

/** The pin of `version`. */
export function pinOf(version: string): CertManagerPin | undefined {
  return (CERT_MANAGER_PINS as readonly CertManagerPin[]).find((p) => p.version === version);
}

/** Whether `pin` is past its end of life as of {@link SUPPORT_AS_OF} (ISO dates compare as strings). */
export function isEndOfLife(pin: CertManagerPin, asOf: string = SUPPORT_AS_OF): boolean {
  return pin.eol !== undefined && pin.eol <= asOf;
}

/** The offered versions still supported as of {@link SUPPORT_AS_OF}. */
export function supportedVersions(asOf: string = SUPPORT_AS_OF): string[] {
  return (CERT_MANAGER_PINS as readonly CertManagerPin[]).filter((p) => !isEndOfLife(p, asOf)).map((p) => p.version);
}

/** Let's Encrypt ACME directories (reference §2). */
export const LETS_ENCRYPT_SERVERS = {
  production: 'https://acme-v02.api.letsencrypt.org/directory',
  staging: 'https://acme-staging-v02.api.letsencrypt.org/directory',
} as const;

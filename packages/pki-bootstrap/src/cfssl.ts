import { KEY, type PkiPlan, type PlannedCert, PROFILES, type Profile } from './plan.ts';

/** cfssl's CSR JSON (csr/csr.go `CertificateRequest`). */
export interface CfsslCsr {
  readonly CN: string;
  readonly hosts: readonly string[];
  readonly key: { readonly algo: 'ecdsa'; readonly size: 521 };
  readonly names: readonly { readonly O: string }[];
  readonly ca?: { readonly expiry: string; readonly pathlen: number };
}

/** The CSR cfssl takes for `cert`: `cfssl genkey -initca` for the root, `cfssl gencert -profile <profile>` for the rest. */
export function cfsslCsr(cert: PlannedCert): CfsslCsr {
  return {
    CN: cert.cn,
    hosts: cert.hosts,
    key: { algo: KEY.algo, size: KEY.size },
    names: cert.o.map((o) => ({ O: o })),
    ...(cert.kind === 'root' ? { ca: { expiry: `${cert.lifetimeHours}h`, pathlen: 1 } } : {}),
  };
}

/** Everything of `cert` that {@link cfsslCsr} reads, as an exact memo key (never one of {@link profilesKey}'s). */
export function csrKey(cert: PlannedCert): string {
  return JSON.stringify(['csr', cert.cn, cert.hosts, cert.o, cert.kind === 'root' ? cert.lifetimeHours : null]);
}

interface SigningProfile {
  readonly expiry: string;
  readonly usages: readonly string[];
  readonly ca_constraint?: { readonly is_ca: boolean; readonly max_path_len: number; readonly max_path_len_zero: boolean };
}

/**
 * cfssl's signing config (`-config profiles.json -profile <name>`): one profile
 * per usage, with the plan's lifetimes. cfssl does not cut a leaf to its
 * issuer's remaining life; `strata pki issue` does.
 */
export function cfsslProfiles(plan: PkiPlan): { signing: { default: { expiry: string; usages: readonly string[] }; profiles: Record<string, SigningProfile> } } {
  const profiles: Record<string, SigningProfile> = {};
  for (const profile of ['intermediate', 'server', 'client', 'peer'] as const satisfies readonly Profile[]) {
    profiles[profile] = {
      expiry: `${profile === 'intermediate' ? plan.validity.intermediate : plan.validity.leaf}h`,
      usages: PROFILES[profile],
      ...(profile === 'intermediate' ? { ca_constraint: { is_ca: true, max_path_len: 0, max_path_len_zero: true } } : {}),
    };
  }
  return { signing: { default: { expiry: `${plan.validity.leaf}h`, usages: PROFILES.client }, profiles } };
}

/** Everything of `plan` that {@link cfsslProfiles} reads, as an exact memo key (never one of {@link csrKey}'s). */
export function profilesKey(plan: PkiPlan): string {
  return JSON.stringify(['profiles', plan.validity.intermediate, plan.validity.leaf]);
}

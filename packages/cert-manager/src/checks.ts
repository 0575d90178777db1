import type { Cluster, Facts, SpecIssue } from '@strata/core';
import { seconds } from './duration.ts';
import { BLOCK_PATH } from './metadata.ts';
import { isEndOfLife, pinOf, SUPPORT_AS_OF, supportedVersions } from './pins.ts';
import { bootstrapIssuerName, keySize, plan } from './plan.ts';
import { type CertManagerBlock, KEY_SIZES } from './schema.ts';

const B = BLOCK_PATH;
const ISSUERS = [...B, 'issuers'];
const CERTS = [...B, 'certificates'];

/** Issuer names, one of acme/ca, ACME contact, bootstrap names, the default issuer. */
function checkIssuers(block: CertManagerBlock, issues: SpecIssue[]): void {
  const names = new Map<string, string>();
  block.issuers.forEach((issuer, i) => {
    const I = [...ISSUERS, i];
    const first = names.get(issuer.name);
    if (first !== undefined) issues.push({ path: [...I, 'name'], message: `issuer name "${issuer.name}" is already used by ${first}` });
    else names.set(issuer.name, `spec.certManager.issuers[${i}]`);
    if ((issuer.acme === undefined) === (issuer.ca === undefined)) {
      issues.push({ path: I, message: `issuer ${issuer.name} must have exactly one of acme or ca` });
    }
    if (issuer.acme !== undefined && issuer.acme.email === undefined) {
      issues.push({
        path: [...I, 'acme'],
        message: `ACME issuer ${issuer.name} has no email: Let's Encrypt ties the account to it, and it is the only way to reach you about the account`,
        hint: 'add acme.email, e.g. a team mailbox',
      });
    }
    if (issuer.ca?.selfSignedBootstrap === true) {
      const boot = bootstrapIssuerName(issuer.name);
      const clash = names.get(boot);
      if (clash !== undefined) issues.push({ path: [...I, 'ca', 'selfSignedBootstrap'], message: `needs the ClusterIssuer name ${boot}, already used by ${clash}` });
      else names.set(boot, `the bootstrap of spec.certManager.issuers[${i}]`);
    }
  });
  if (block.defaultIssuer !== undefined && !block.issuers.some((i) => i.name === block.defaultIssuer)) {
    const known = block.issuers.map((i) => i.name).join(', ');
    issues.push({ path: [...B, 'defaultIssuer'], message: `issuer "${block.defaultIssuer}" is not in spec.certManager.issuers${known === '' ? '' : ` (${known})`}` });
  }
}

/** Key algorithm and size, what Let's Encrypt accepts, and what the TLS servers can load. */
function checkKey(block: CertManagerBlock, facts: Facts, issues: SpecIssue[]): void {
  const { algorithm, size } = block.certificates.privateKey;
  const allowed: readonly number[] = KEY_SIZES[algorithm];
  if (size !== undefined && !allowed.includes(size)) {
    issues.push({ path: [...CERTS, 'privateKey', 'size'], message: `${size} is not a ${algorithm} key size (${allowed.join(', ')})` });
    return;
  }
  const acme = block.issuers.filter((i) => i.acme !== undefined).map((i) => i.name);
  if (algorithm === 'ECDSA' && keySize(block) === 521 && acme.length > 0) {
    issues.push({
      path: [...CERTS, 'privateKey', 'size'],
      message: `Let's Encrypt does not accept ECDSA P-521 keys, so every order of ACME issuer${acme.length === 1 ? '' : 's'} ${acme.join(', ')} would fail at finalize`,
      hint: 'use 256 or 384 (P-521 stays fine for the control-plane PKI, which cert-manager does not issue)',
    });
  }
  // Cilium's Gateways terminate TLS in Envoy, built on BoringSSL, which has no P-521.
  const envoy = facts.tlsHosts.filter((h) => h.server.kind === 'gateway' && h.component === 'cilium-dataplane').map((h) => h.host);
  if (algorithm === 'ECDSA' && keySize(block) === 521 && envoy.length > 0) {
    issues.push({
      path: [...CERTS, 'privateKey', 'size'],
      message: `Cilium's Gateways serve ${envoy.join(', ')} with Envoy, whose TLS library (BoringSSL) cannot load ECDSA P-521 keys`,
      hint: 'use 256 or 384',
    });
  }
}

/** Lifetime and renewal window within what cert-manager accepts. */
function checkDurations(block: CertManagerBlock, issues: SpecIssue[]): void {
  const { duration, renewBefore } = block.certificates;
  const d = seconds(duration);
  const r = seconds(renewBefore);
  if (d < 3600) issues.push({ path: [...CERTS, 'duration'], message: `${duration} is shorter than the 1h cert-manager accepts` });
  if (r < 300) issues.push({ path: [...CERTS, 'renewBefore'], message: `${renewBefore} is shorter than the 5m cert-manager accepts` });
  else if (r >= d) issues.push({ path: [...CERTS, 'renewBefore'], message: `${renewBefore} must be shorter than duration ${duration}, or cert-manager renews the certificate in a loop` });
  const days = block.alerts.expiringWithinDays;
  if (block.alerts.enabled && r < d && days * 86400 >= r) {
    issues.push({
      path: [...B, 'alerts', 'expiringWithinDays'],
      severity: 'warning',
      message: `${days} days is not shorter than certificates.renewBefore ${renewBefore}, so the expiry alert fires for healthy certificates before cert-manager starts renewing them`,
      hint: `set it below ${Math.floor(r / 86400)} days`,
    });
  }
}

/** A CA Secret that a TLS host's Certificate would overwrite. */
function checkCaSecrets(block: CertManagerBlock, facts: Facts, issues: SpecIssue[]): void {
  block.issuers.forEach((issuer, i) => {
    if (issuer.ca === undefined) return;
    const host = facts.tlsHosts.find((h) => h.namespace === block.namespace && h.secretName === issuer.ca!.secretName);
    if (host !== undefined) {
      issues.push({
        path: [...ISSUERS, i, 'ca', 'secretName'],
        message: `Secret ${block.namespace}/${issuer.ca.secretName} holds the CA key pair of issuer ${issuer.name}, but TLS host ${host.host} also names it, and its Certificate would overwrite the CA`,
      });
    }
  });
}

/** End of life as of SUPPORT_AS_OF. */
function checkVersion(block: CertManagerBlock, issues: SpecIssue[]): void {
  const pin = pinOf(block.version);
  if (pin === undefined || !isEndOfLife(pin)) return;
  const supported = supportedVersions();
  issues.push({
    path: [...B, 'version'],
    severity: 'warning',
    message: `cert-manager ${pin.version} reached end of life on ${pin.eol} (support reviewed ${SUPPORT_AS_OF}) and gets no more security fixes; supported: ${supported.join(', ')}`,
    hint: `set version: ${supported[supported.length - 1]}`,
  });
}

/** Every cross-field problem of `spec.certManager` with the facts of the other components; the loader adds file:line:col. */
export function checkCertManager(cluster: Cluster, block: CertManagerBlock, facts: Facts): SpecIssue[] {
  const issues: SpecIssue[] = [];
  checkVersion(block, issues);
  checkIssuers(block, issues);
  checkKey(block, facts, issues);
  checkDurations(block, issues);
  checkCaSecrets(block, facts, issues);
  const planned = plan(block, facts, cluster.spec.network.clusterDomain ?? 'cluster.local');
  issues.push(...planned.issues);
  // cert-manager ≥ 1.18 against ingress-nginx < 1.13.2 (pathType: Exact) is nginx-edge's check: it owns the controller version.
  return issues;
}

import { join } from 'node:path';
import { HOUR_MS, type PkiPlan, renewalDue } from '@strata/pki-bootstrap';
import { DIR_PLAN, planDifference, readOnDisk, validityOf } from './issue.ts';
import { modeOf, readIfExists } from './store.ts';
import { certCurve, certPublicPem, describeKey, sansOf, type x509 } from './x509.ts';

/** One certificate as `verify` found it. */
export interface VerifiedCert {
  readonly name: string;
  readonly subject: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly daysLeft: number;
  readonly due: boolean;
  readonly sans: readonly string[];
  readonly problems: readonly string[];
}

export interface VerifyResult {
  readonly certs: readonly VerifiedCert[];
  /** Problems not tied to one certificate (no plan, missing key pair). */
  readonly problems: readonly string[];
}

async function signedBy(cert: x509.X509Certificate, issuer: x509.X509Certificate): Promise<boolean> {
  try {
    return await cert.verify({ publicKey: issuer.publicKey, signatureOnly: true });
  } catch {
    return false;
  }
}

/**
 * Checks the key folder against the plan `issue` left in it: every
 * certificate present, P-521 keys that match their certificates (mode 0600),
 * signatures up to the root, validity at `now` inside the issuer's, subject
 * and SANs as planned, days left, and what is due.
 */
export async function verifyDir(dir: string, now: number): Promise<VerifyResult> {
  const planText = readIfExists(join(dir, DIR_PLAN));
  if (planText === undefined) return { certs: [], problems: [`${join(dir, DIR_PLAN)} is missing: not a folder \`strata pki issue\` wrote`] };
  const plan = JSON.parse(planText) as PkiPlan;
  const problems: string[] = [];
  const certs: VerifiedCert[] = [];
  const root = readOnDisk(dir, 'ca')?.chain[0];
  const current = new Map<string, x509.X509Certificate[]>();
  for (const planned of plan.certificates) {
    const disk = readOnDisk(dir, planned.name);
    if (disk === undefined) {
      certs.push({ name: planned.name, subject: '', notBefore: '', notAfter: '', daysLeft: 0, due: true, sans: [], problems: ['missing (certificate or key)'] });
      continue;
    }
    const cert = disk.chain[0]!;
    current.set(planned.name, [...disk.chain]);
    const p: string[] = [];
    const v = validityOf(cert);
    if (certCurve(cert) !== 'secp521r1') p.push(`public key curve is ${certCurve(cert) ?? 'not EC'}, not P-521`);
    const key = describeKey(disk.keyPem);
    if (key.publicPem !== certPublicPem(cert)) p.push('private key does not match the certificate');
    const mode = modeOf(join(dir, `${planned.name}-key.pem`));
    if (mode !== 0o600) p.push(`key file mode is ${mode.toString(8)}, must be 600`);
    const diff = planDifference(planned, disk);
    if (diff !== undefined) p.push(diff);
    if (now < v.notBefore) p.push(`not valid before ${cert.notBefore.toISOString()}`);
    if (now >= v.notAfter) p.push(`expired ${cert.notAfter.toISOString()}`);
    // The issuer: leaves carry it as the second certificate; CAs are checked against the root.
    const issuer = planned.kind === 'root' ? cert : planned.kind === 'intermediate' ? root : disk.chain[1];
    if (issuer === undefined) {
      p.push(planned.kind === 'leaf' ? 'the file does not carry its intermediate after the leaf' : 'no root ca.pem to check against');
    } else {
      if (!(await signedBy(cert, issuer))) p.push(`signature does not verify against ${issuer.subject}`);
      if (v.notAfter > issuer.notAfter.getTime()) p.push(`outlives its issuer (${issuer.notAfter.toISOString()})`);
      if (planned.kind === 'leaf' && root !== undefined && !(await signedBy(issuer, root))) p.push('its intermediate is not signed by ca.pem');
      if (planned.kind === 'leaf' && now >= issuer.notAfter.getTime()) p.push(`its intermediate expired ${issuer.notAfter.toISOString()}`);
    }
    certs.push({
      name: planned.name,
      subject: cert.subject,
      notBefore: cert.notBefore.toISOString(),
      notAfter: cert.notAfter.toISOString(),
      daysLeft: Math.floor((v.notAfter - now) / (24 * HOUR_MS)),
      due: now >= renewalDue(plan, v),
      sans: sansOf(cert),
      problems: p,
    });
  }
  // Client verification uses the intermediate's file as its trust bundle: every leaf's issuer must be in it.
  for (const planned of plan.certificates) {
    if (planned.kind !== 'leaf' || planned.issuer === undefined) continue;
    const leafIssuer = current.get(planned.name)?.[1];
    const bundle = current.get(planned.issuer) ?? [];
    if (leafIssuer !== undefined && bundle.length > 0 && !bundle.some((b) => b.serialNumber === leafIssuer.serialNumber)) {
      const row = certs.find((c) => c.name === planned.name);
      (row?.problems as string[] | undefined)?.push(`its intermediate is no longer in ${planned.issuer}.pem (the trust bundle); renew it`);
    }
  }
  for (const pair of plan.keyPairs) {
    const keyPath = join(dir, `${pair.name}-key.pem`);
    const keyPem = readIfExists(keyPath);
    const pub = readIfExists(join(dir, `${pair.name}.pub`));
    if (keyPem === undefined || pub === undefined) {
      problems.push(`${pair.name}: key pair missing`);
      continue;
    }
    const key = describeKey(keyPem);
    if (key.curve !== 'secp521r1') problems.push(`${pair.name}: key curve is ${key.curve ?? 'not EC'}, not P-521`);
    if (key.publicPem.trim() !== pub.trim()) problems.push(`${pair.name}: ${pair.name}.pub is not the public half of ${pair.name}-key.pem`);
    if (modeOf(keyPath) !== 0o600) problems.push(`${pair.name}: key file mode is ${modeOf(keyPath).toString(8)}, must be 600`);
  }
  return { certs, problems };
}

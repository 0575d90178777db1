import { join } from 'node:path';
import { certByName, issuanceOrder, issueValidity, type PkiPlan, type PlannedCert, renewalDue, SERVICE_ACCOUNT, stableJson, type Validity } from '@strata/pki-bootstrap';
import { writeWhole } from '../cache-files.ts';
import { ensureKeyDir, readIfExists } from './store.ts';
import { describeKey, generateKey, issueCertificate, loadSigningKey, parsePemChain, sansOf, type Signer, x509 } from './x509.ts';

/** The plan as `issue` leaves it in the key folder, for `verify`. */
export const DIR_PLAN = 'plan.json';

/** What a certificate on disk looks like next to the plan. */
export type CertStatus = 'missing' | 'expired' | 'due' | 'changed' | 'ok';

export interface OnDisk {
  readonly chain: readonly x509.X509Certificate[];
  readonly keyPem: string;
}

export function readOnDisk(dir: string, name: string): OnDisk | undefined {
  const certText = readIfExists(join(dir, `${name}.pem`));
  const keyPem = readIfExists(join(dir, `${name}-key.pem`));
  if (certText === undefined || keyPem === undefined) return undefined;
  const chain = parsePemChain(certText);
  return chain.length === 0 ? undefined : { chain, keyPem };
}

export function validityOf(cert: x509.X509Certificate): Validity {
  return { notBefore: cert.notBefore.getTime(), notAfter: cert.notAfter.getTime() };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

/** Subject, SANs, key curve and key match: what the plan asks of `planned`; the first difference, or undefined. */
export function planDifference(planned: PlannedCert, disk: OnDisk): string | undefined {
  const cert = disk.chain[0]!;
  const cn = cert.subjectName.getField('CN');
  const o = cert.subjectName.getField('O');
  if (!sameSet(cn, [planned.cn])) return `CN is ${cn.join(',')}, the plan says ${planned.cn}`;
  if (!sameSet(o, planned.o)) return `O is ${o.join(',') || '(none)'}, the plan says ${planned.o.join(',') || '(none)'}`;
  if (!sameSet(sansOf(cert), planned.hosts)) return `SANs are ${sansOf(cert).join(',') || '(none)'}, the plan says ${planned.hosts.join(',') || '(none)'}`;
  const key = describeKey(disk.keyPem);
  if (key.curve !== 'secp521r1') return `key curve is ${key.curve ?? 'not EC'}, not P-521`;
  return undefined;
}

export function statusOf(plan: PkiPlan, planned: PlannedCert, disk: OnDisk | undefined, now: number): { status: CertStatus; reason: string } {
  if (disk === undefined) return { status: 'missing', reason: 'not issued yet' };
  const v = validityOf(disk.chain[0]!);
  if (now >= v.notAfter) return { status: 'expired', reason: `expired ${new Date(v.notAfter).toISOString()}` };
  const diff = planDifference(planned, disk);
  if (diff !== undefined) return { status: 'changed', reason: diff };
  const due = renewalDue(plan, v);
  if (now >= due) return { status: 'due', reason: `due since ${new Date(due).toISOString()}` };
  return { status: 'ok', reason: `due ${new Date(due).toISOString()}` };
}

export interface IssueAction {
  readonly name: string;
  readonly action: 'issued' | 'renewed' | 'kept';
  readonly status: CertStatus;
  readonly reason: string;
  readonly validity?: Validity;
}

export interface IssueResult {
  readonly actions: readonly IssueAction[];
  readonly problems: readonly string[];
}

export interface IssueOptions {
  readonly now: number;
  /** Only these certificates (by plan name). */
  readonly only: readonly string[];
  /** Renew what is due, expired or changed (and everything named in `only`). */
  readonly renew: boolean;
}

/**
 * Issues the plan into `dir`: what is missing, and with `renew` what is due,
 * expired or no longer matches the plan. Bootstrap (no root yet) staggers the
 * nodes as the schedule does. The root is never renewed here: a new root
 * means new trust on every node, a manual rollover.
 */
export async function issuePki(plan: PkiPlan, dir: string, opts: IssueOptions): Promise<IssueResult> {
  for (const name of opts.only) certByName(plan, name);
  ensureKeyDir(dir);
  const actions: IssueAction[] = [];
  const problems: string[] = [];
  const signers = new Map<string, Signer>();
  const bootstrap = readOnDisk(dir, 'ca') === undefined;
  for (const planned of issuanceOrder(plan)) {
    const disk = readOnDisk(dir, planned.name);
    const { status, reason } = statusOf(plan, planned, disk, opts.now);
    const named = opts.only.includes(planned.name);
    const selected = opts.only.length === 0 || named;
    const act = selected && (status === 'missing' || (opts.renew && (status !== 'ok' || named)));
    if (act && planned.kind === 'root' && disk !== undefined) {
      problems.push(`ca: ${reason}; strata does not roll the root over: issue a new root into an empty folder and distribute both roots first`);
    }
    if (!act || (planned.kind === 'root' && disk !== undefined)) {
      if (disk !== undefined && planned.kind !== 'leaf') signers.set(planned.name, { cert: disk.chain[0]!, key: await loadSigningKey(disk.keyPem) });
      actions.push({ name: planned.name, action: 'kept', status, reason, ...(disk === undefined ? {} : { validity: validityOf(disk.chain[0]!) }) });
      continue;
    }
    const signer = planned.issuer === undefined ? undefined : signers.get(planned.issuer);
    if (planned.issuer !== undefined && signer === undefined) {
      problems.push(`${planned.name}: its issuer ${planned.issuer} is not in ${dir}; issue it first`);
      continue;
    }
    const validity = issueValidity(plan, planned, opts.now, signer === undefined ? undefined : validityOf(signer.cert), bootstrap);
    if (validity.notAfter <= opts.now) {
      problems.push(`${planned.name}: ${planned.issuer ?? ''} expires before it could be issued; renew ${planned.issuer ?? 'the root'} first`);
      continue;
    }
    const key = await generateKey();
    const cert = await issueCertificate(planned, key.keys, validity, signer);
    const pem = [cert.toString('pem')];
    if (planned.kind === 'leaf' && signer !== undefined) pem.push(signer.cert.toString('pem'));
    // An intermediate's file is the trust bundle servers check clients against: the new CA and, while it lives, the previous one.
    const previous = disk?.chain[0];
    if (planned.kind === 'intermediate' && previous !== undefined && validityOf(previous).notAfter > opts.now) pem.push(previous.toString('pem'));
    writeWhole(join(dir, `${planned.name}-key.pem`), key.privatePem, 0o600);
    writeWhole(join(dir, `${planned.name}.pem`), `${pem.join('\n')}\n`, 0o644);
    if (planned.kind !== 'leaf') signers.set(planned.name, { cert, key: key.keys.privateKey });
    actions.push({ name: planned.name, action: disk === undefined ? 'issued' : 'renewed', status, reason, validity });
  }
  for (const pair of plan.keyPairs) {
    if (readIfExists(join(dir, `${pair.name}-key.pem`)) !== undefined) continue;
    const key = await generateKey();
    writeWhole(join(dir, `${pair.name}-key.pem`), key.privatePem, 0o600);
    writeWhole(join(dir, `${pair.name}.pub`), key.publicPem, 0o644);
    actions.push({ name: pair.name, action: 'issued', status: 'missing', reason: 'key pair' });
  }
  writeWhole(join(dir, DIR_PLAN), stableJson(plan), 0o644);
  return { actions, problems };
}

export { SERVICE_ACCOUNT };

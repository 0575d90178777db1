import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StrataError } from '@strata/core';
import { component as pki } from '@strata/pki-bootstrap';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo, cleanTemps, COMPONENTS, labWorkspace, run, tempDir, tool } from '../pki/__fixtures__/workspace.ts';
import { UsageError } from '../workspace.ts';
import { type PkiOptions, pkiCommand } from './pki.ts';

afterAll(cleanTemps);

const NOW = '2026-01-01T00:00:00Z';
const T0 = Date.parse(NOW);
const H = 3_600_000;

function options(cwd: string, extra: Partial<PkiOptions> = {}): PkiOptions {
  return { cwd, clusters: [], only: [], renew: false, json: false, components: COMPONENTS, ...extra };
}

async function pkiRun(args: string[], cwd: string, extra: Partial<PkiOptions>) {
  const io = captureIo(cwd);
  const code = await pkiCommand(args, options(cwd, extra), io);
  return { code, stdout: io.out(), stderr: io.err() };
}

const openssl = tool('openssl', ['version'], 'openssl');

/** notBefore/notAfter of a PEM certificate, via openssl. */
function dates(dir: string, name: string): { notBefore: number; notAfter: number } {
  const out = run('openssl', ['x509', '-noout', '-startdate', '-enddate', '-in', `${name}.pem`], { cwd: dir });
  const get = (k: string) => Date.parse(new RegExp(`${k}=(.+)`).exec(out)![1]!);
  return { notBefore: get('notBefore'), notAfter: get('notAfter') };
}

describe('strata pki', () => {
  it('rejects a missing or unknown subcommand and options another subcommand owns', async () => {
    const ws = labWorkspace();
    await expect(pkiRun([], ws, {})).rejects.toThrow(new UsageError('pki needs a subcommand: plan, issue or verify'));
    await expect(pkiRun(['rotate'], ws, {})).rejects.toThrow(new UsageError('unknown pki subcommand "rotate"; use plan, issue or verify'));
    await expect(pkiRun(['verify'], ws, { dir: 'x', clusters: ['chromebox-lab'] })).rejects.toThrow(new UsageError('pki verify does not take --cluster'));
    await expect(pkiRun(['plan'], ws, {})).rejects.toThrow(new UsageError('pki needs exactly one --cluster NAME'));
    await expect(pkiRun(['plan'], ws, { clusters: ['chromebox-lab'], from: 'tomorrow' })).rejects.toThrow(
      new UsageError('--from needs a date like 2026-01-01 or 2026-01-01T12:00:00Z, got "tomorrow"'),
    );
  });

  it('says so when the cluster has no pki block enabled', async () => {
    const ws = labWorkspace({ enabled: false });
    await expect(pkiRun(['plan'], ws, { clusters: ['chromebox-lab'] })).rejects.toThrow(StrataError);
    await expect(pkiRun(['plan'], ws, { clusters: ['chromebox-lab'] })).rejects.toThrow('clusters/chromebox-lab/cluster.yaml: spec.pki is not enabled');
  });
});

describe('strata pki plan', () => {
  it('lists the certificates and a simulated schedule, exit 0', async () => {
    const ws = labWorkspace();
    const res = await pkiRun(['plan'], ws, { clusters: ['chromebox-lab'], from: '2026-01-01', days: '10' });
    expect(res.code).toBe(0);
    const lines = res.stdout.split('\n');
    expect(lines[0]).toBe(
      'chromebox-lab: 21 certificates and 1 key pair in /etc/kubernetes/pki, ECDSA P-521, renewed at 2/3 of their life, one 1h window per node',
    );
    expect(lines[2]).toMatch(/^CERTIFICATE +ISSUER +PROFILE +LIFE +SLOT +SUBJECT$/);
    expect(lines.find((l) => l.startsWith('kubelet-client-chromebox-2 '))).toMatch(/^kubelet-client-chromebox-2 +kubernetes-ca +client +14d +chromebox-2 +CN=system:node:chromebox-2, O=system:nodes$/);
    expect(lines).toContain('schedule: 10 days from 2026-01-01T00:00:00Z, 38 issuances');
    expect(lines).toContain('2026-01-10T05:00:00Z  renew  kubelet-chromebox-3               chromebox-3     until 2026-01-24T05:00:00Z');
    expect(lines).toContain('2026-01-10T08:00:00Z  renew  kube-apiserver                    control plane   until 2026-01-24T08:00:00Z');
  });

  it('prints the plan and simulation as JSON', async () => {
    const ws = labWorkspace();
    const res = await pkiRun(['plan'], ws, { clusters: ['chromebox-lab'], from: NOW, days: '365', json: true });
    const doc = JSON.parse(res.stdout) as { plan: { certificates: unknown[] }; simulation: { problems: unknown[]; events: unknown[] } };
    expect(doc.plan.certificates).toHaveLength(21);
    expect(doc.simulation.problems).toEqual([]);
    expect(res.code).toBe(0);
  });

  it('exits 1 and names the problem when the schedule breaks', async () => {
    const ws = labWorkspace({ enabled: true, jitterWindow: '100h' });
    // Without the component's own check, so the command's simulation is what reports it.
    const components = [{ ...pki, check: undefined }, ...COMPONENTS.slice(1)];
    const res = await pkiRun(['plan'], ws, { clusters: ['chromebox-lab'], from: NOW, days: '30', components });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(
      'clusters/chromebox-lab/cluster.yaml spec.pki: chromebox-2 and chromebox-3 renew in the same 100h window starting 2026-01-01T00:00:00Z\n',
    );
  });
});

describe('strata pki issue', () => {
  it('refuses a folder inside a git work tree or under rendered/', async () => {
    const ws = labWorkspace();
    mkdirSync(join(ws, '.git'));
    await expect(pkiRun(['issue'], ws, { clusters: ['chromebox-lab'], out: 'keys', now: NOW })).rejects.toThrow(
      `refusing to write private keys: ${join(ws, 'keys')} is inside the git work tree ${ws}`,
    );
    const ws2 = labWorkspace();
    await expect(pkiRun(['issue'], ws2, { clusters: ['chromebox-lab'], out: 'rendered/chromebox-lab/pki', now: NOW })).rejects.toThrow(
      `refusing to write private keys: ${join(ws2, 'rendered/chromebox-lab/pki')} is under rendered/, which is committed`,
    );
    expect(existsSync(join(ws, 'keys'))).toBe(false);
  });

  it.runIf(openssl.run)('issues a P-521 chain openssl verifies, keys 0600, validity as planned, and renews only what is due', async () => {
    expect(openssl.missing).toBeUndefined();
    const ws = labWorkspace();
    const out = join(tempDir('strata-pki-keys-'), 'lab');
    const first = await pkiRun(['issue'], ws, { clusters: ['chromebox-lab'], out, now: NOW });
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n').filter((l) => l.startsWith('issued '))).toHaveLength(22);
    expect(statSync(out).mode & 0o777).toBe(0o700);
    const keys = readdirSync(out).filter((f) => f.endsWith('-key.pem'));
    expect(keys).toHaveLength(22);
    for (const k of keys) expect(statSync(join(out, k)).mode & 0o777, k).toBe(0o600);

    writeFileSync(join(out, 'intermediates.pem'), ['kubernetes-ca', 'etcd-ca', 'front-proxy-ca'].map((n) => readFileSync(join(out, `${n}.pem`), 'utf8')).join(''));
    const plan = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as { certificates: { name: string; kind: string }[] };
    const leaves = plan.certificates.filter((c) => c.kind === 'leaf').map((c) => `${c.name}.pem`);
    expect(run('openssl', ['verify', '-attime', String(T0 / 1000), '-CAfile', 'ca.pem', '-untrusted', 'intermediates.pem', ...leaves], { cwd: out })).toBe(leaves.map((l) => `${l}: OK\n`).join(''));
    for (const name of ['ca', 'kubernetes-ca', 'kube-apiserver', 'etcd-peer-chromebox-1', 'service-account']) {
      const text = name === 'service-account' ? run('openssl', ['pkey', '-noout', '-text', '-in', 'service-account-key.pem'], { cwd: out }) : run('openssl', ['x509', '-noout', '-text', '-in', `${name}.pem`], { cwd: out });
      expect(text, name).toContain('NIST CURVE: P-521');
    }
    const api = run('openssl', ['x509', '-noout', '-ext', 'subjectAltName,extendedKeyUsage,keyUsage', '-in', 'kube-apiserver.pem'], { cwd: out });
    expect(api).toContain(
      'DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, DNS:localhost, DNS:chromebox-1, IP Address:10.20.0.11, IP Address:10.96.0.1, IP Address:127.0.0.1',
    );
    expect(api).toContain('TLS Web Server Authentication');
    expect(run('openssl', ['x509', '-noout', '-ext', 'extendedKeyUsage', '-in', 'etcd-chromebox-1.pem'], { cwd: out })).toContain('TLS Web Server Authentication, TLS Web Client Authentication');
    expect(run('openssl', ['x509', '-noout', '-ext', 'basicConstraints', '-in', 'kubernetes-ca.pem'], { cwd: out })).toContain('CA:TRUE, pathlen:0');

    // Bootstrap: slot 0 from now, node s backdated s hours; CAs backdated by the widest stagger.
    expect(dates(out, 'kube-apiserver')).toEqual({ notBefore: T0, notAfter: T0 + 336 * H });
    expect(dates(out, 'kubelet-chromebox-3')).toEqual({ notBefore: T0 - 3 * H, notAfter: T0 + 333 * H });
    expect(dates(out, 'kubernetes-ca')).toEqual({ notBefore: T0 - 3 * H, notAfter: T0 + 1437 * H });
    expect(dates(out, 'ca')).toEqual({ notBefore: T0 - 3 * H, notAfter: T0 + 350397 * H });

    // Same instant: nothing to do.
    const again = await pkiRun(['issue'], ws, { clusters: ['chromebox-lab'], out, now: NOW, renew: true });
    expect(again.stdout.split('\n').filter((l) => /^(issued|renewed) /.test(l))).toEqual([]);

    // 222h later: chromebox-2 (due at 222h) and chromebox-3 (221h) are due, chromebox-1 (223h) and slot 0 (224h) are not.
    const later = await pkiRun(['issue'], ws, { clusters: ['chromebox-lab'], out, now: new Date(T0 + 222 * H).toISOString(), renew: true });
    expect(later.code).toBe(0);
    expect(later.stdout.split('\n').filter((l) => l.startsWith('renewed ')).map((l) => l.split(/ +/)[1])).toEqual([
      'kubelet-chromebox-2',
      'kubelet-client-chromebox-2',
      'kubelet-chromebox-3',
      'kubelet-client-chromebox-3',
    ]);
    expect(dates(out, 'kubelet-chromebox-3')).toEqual({ notBefore: T0 + 222 * H, notAfter: T0 + 558 * H });

    // 40 days in: the intermediates renew, and their files keep the previous CA as the trust bundle.
    const t40 = T0 + 957 * H;
    const ca = await pkiRun(['issue'], ws, { clusters: ['chromebox-lab'], out, now: new Date(t40).toISOString(), renew: true });
    expect(ca.stdout).toMatch(/^renewed +kubernetes-ca /m);
    expect(readFileSync(join(out, 'kubernetes-ca.pem'), 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(run('openssl', ['verify', '-attime', String(t40 / 1000), '-CAfile', 'ca.pem', '-untrusted', 'kubernetes-ca.pem', 'kube-apiserver.pem', 'kubelet-client-chromebox-1.pem'], { cwd: out })).toBe(
      'kube-apiserver.pem: OK\nkubelet-client-chromebox-1.pem: OK\n',
    );
  });
});

describe('strata pki verify', () => {
  it.runIf(openssl.run)('passes a freshly issued folder and reports expiry, modes and what is due', async () => {
    const ws = labWorkspace();
    const out = join(tempDir('strata-pki-keys-'), 'lab');
    await pkiRun(['issue'], ws, { clusters: ['chromebox-lab'], out, now: NOW });
    const ok = await pkiRun(['verify'], ws, { dir: out, now: NOW });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe(`21 certificates checked in ${out}: 0 problems, 0 due for renewal\n`);
    expect(ok.stdout.split('\n').find((l) => l.startsWith('kube-apiserver '))).toMatch(/^kube-apiserver +14 +no +2026-01-15T00:00:00Z +ok$/);

    const due = await pkiRun(['verify'], ws, { dir: out, now: new Date(T0 + 230 * H).toISOString() });
    expect(due.code).toBe(0);
    expect(due.stderr).toBe(`21 certificates checked in ${out}: 0 problems, 17 due for renewal\n`);

    chmodSync(join(out, 'cluster-admin-key.pem'), 0o644);
    const late = await pkiRun(['verify'], ws, { dir: out, now: new Date(T0 + 400 * H).toISOString() });
    expect(late.code).toBe(1);
    expect(late.stdout).toContain(`${out}: cluster-admin: key file mode is 644, must be 600\n`);
    expect(late.stdout).toContain(`${out}: cluster-admin: expired 2026-01-15T00:00:00.000Z\n`);
    expect(late.stdout).toContain(`${out}: kubelet-chromebox-3: expired 2026-01-14T21:00:00.000Z`);
  });
});

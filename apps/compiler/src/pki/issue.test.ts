import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Cluster, collectFacts, createSpecLoader } from '@strata/core';
import { type PkiBlock, planPki } from '@strata/pki-bootstrap';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cleanTemps, COMPONENTS, labWorkspace, run, tempDir, tool } from './__fixtures__/workspace.ts';
import { issuePki } from './issue.ts';
import { verifyDir } from './verify.ts';

afterAll(cleanTemps);

const T0 = Date.parse('2026-01-01T00:00:00Z');
const H = 3_600_000;

/** The chromebox-lab plan with `pki` as its block. */
function labPlan(pki: object = { enabled: true }) {
  const ws = labWorkspace(pki);
  const file = join(ws, 'clusters/chromebox-lab/cluster.yaml');
  const loaded = createSpecLoader(COMPONENTS).load({ file: 'cluster.yaml', bytes: readFileSync(file) });
  if (loaded.cluster === undefined) throw new Error('spec does not load');
  return planPki(loaded.cluster as Cluster, (loaded.cluster.spec as unknown as { pki: PkiBlock }).pki, collectFacts(COMPONENTS, loaded.cluster as Cluster).dataplane);
}

const openssl = tool('openssl', ['version'], 'openssl');

describe('issuePki', () => {
  it('re-issues a certificate whose SANs no longer match the plan, and only with --renew', async () => {
    const dir = join(tempDir('strata-pki-issue-'), 'keys');
    await issuePki(labPlan(), dir, { now: T0, only: [], renew: false });
    const wider = labPlan({ enabled: true, apiServer: { extraSANs: ['api.lab.example.org'] } });
    const dry = await issuePki(wider, dir, { now: T0 + H, only: [], renew: false });
    expect(dry.actions.filter((a) => a.status === 'changed').map((a) => `${a.name}: ${a.action}, ${a.reason}`)).toEqual([
      'kube-apiserver: kept, SANs are kubernetes,kubernetes.default,kubernetes.default.svc,kubernetes.default.svc.cluster.local,localhost,chromebox-1,10.20.0.11,10.96.0.1,127.0.0.1, the plan says kubernetes,kubernetes.default,kubernetes.default.svc,kubernetes.default.svc.cluster.local,localhost,chromebox-1,api.lab.example.org,10.20.0.11,10.96.0.1,127.0.0.1',
    ]);
    const renewed = await issuePki(wider, dir, { now: T0 + H, only: [], renew: true });
    expect(renewed.actions.filter((a) => a.action !== 'kept').map((a) => a.name)).toEqual(['kube-apiserver']);
    expect((await verifyDir(dir, T0 + H)).certs.find((c) => c.name === 'kube-apiserver')?.sans).toContain('api.lab.example.org');
  });

  it('renews a named certificate on request and never rolls the root over', async () => {
    const dir = join(tempDir('strata-pki-issue-'), 'keys');
    const plan = labPlan();
    await issuePki(plan, dir, { now: T0, only: [], renew: false });
    const forced = await issuePki(plan, dir, { now: T0 + H, only: ['cluster-admin', 'ca'], renew: true });
    expect(forced.actions.filter((a) => a.action !== 'kept').map((a) => a.name)).toEqual(['cluster-admin']);
    expect(forced.problems).toEqual([
      'ca: due 2052-08-25T05:00:00.000Z; strata does not roll the root over: issue a new root into an empty folder and distribute both roots first',
    ]);
    await expect(issuePki(plan, dir, { now: T0, only: ['no-such-cert'], renew: true })).rejects.toThrow('the plan has no certificate no-such-cert');
  });

  it.runIf(openssl.run)('verify catches a foreign P-256 certificate and a key that does not match', async () => {
    expect(openssl.missing).toBeUndefined();
    const dir = join(tempDir('strata-pki-issue-'), 'keys');
    const plan = labPlan();
    await issuePki(plan, dir, { now: T0, only: [], renew: false });
    run(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=kube-apiserver', '-days', '3650', '-keyout', 'kube-apiserver-key.pem', '-out', 'kube-apiserver.pem'],
      { cwd: dir },
    );
    writeFileSync(join(dir, 'kube-scheduler-client-key.pem'), readFileSync(join(dir, 'cluster-admin-key.pem')), { mode: 0o600 });
    const result = await verifyDir(dir, T0 + H);
    const problems = (name: string) => result.certs.find((c) => c.name === name)?.problems;
    expect(problems('kube-apiserver')).toEqual([
      'public key curve is prime256v1, not P-521',
      expect.stringMatching(/^SANs are \(none\), the plan says kubernetes,/),
      expect.stringMatching(/^not valid before /),
      'the file does not carry its intermediate after the leaf',
    ]);
    expect(problems('kube-scheduler-client')).toEqual(['private key does not match the certificate']);
    expect(result.certs.filter((c) => c.problems.length > 0).map((c) => c.name)).toEqual(['kube-apiserver', 'kube-scheduler-client']);
    expect(parse(stringify(result.problems))).toEqual([]);
  });
});

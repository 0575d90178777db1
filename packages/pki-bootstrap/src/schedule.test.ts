import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exampleSpec, loadValid, syntheticSpec } from './__fixtures__/spec.ts';
import { HOUR_MS } from './duration.ts';
import { certByName, type PkiPlan, planPki } from './plan.ts';
import { issueValidity, renewalDue, scheduleKey, type SimEvent, simulate, simulationProblems } from './schedule.ts';

const FROM = Date.UTC(2026, 0, 1);
const DAY = 24 * HOUR_MS;

/** Independent of simulate's own checks: every certificate is covered without a gap and never outlives the issuer generation that signed it. */
function assertCoverage(plan: PkiPlan, events: readonly SimEvent[], from: number, until: number): void {
  const byName = new Map<string, SimEvent[]>();
  for (const e of events) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  for (const cert of plan.certificates) {
    const list = byName.get(cert.name) ?? [];
    expect(list[0]?.validity.notBefore, cert.name).toBeLessThanOrEqual(from);
    for (let i = 1; i < list.length; i++) expect(list[i]!.at, `${cert.name} #${i}`).toBeLessThan(list[i - 1]!.validity.notAfter);
    expect(list[list.length - 1]!.validity.notAfter, cert.name).toBeGreaterThan(until);
    if (cert.issuer === undefined) continue;
    const issuers = byName.get(cert.issuer)!;
    for (const e of list) {
      const signer = issuers[e.issuerGeneration!]!;
      expect(e.validity.notAfter, `${cert.name} outlives ${cert.issuer}`).toBeLessThanOrEqual(signer.validity.notAfter);
      expect(signer.validity.notBefore).toBeLessThanOrEqual(e.at);
    }
  }
}

describe('simulate', () => {
  it('renews the chromebox-lab PKI for a year without a gap, each node in its own window', () => {
    const { cluster, block, dataplane } = loadValid(exampleSpec('chromebox-lab'));
    const plan = planPki(cluster, block, dataplane);
    const sim = simulate(plan, FROM, 365);
    expect(sim.problems).toEqual([]);
    assertCoverage(plan, sim.events, FROM, sim.until);
    // Leaves renew at 2/3 of 14 days, node i one window (1h) before slot 0.
    const first = (name: string) => sim.events.find((e) => e.name === name && e.kind === 'renew')!.at;
    expect((first('kube-apiserver') - FROM) / HOUR_MS).toBe(224);
    expect((first('kubelet-chromebox-1') - FROM) / HOUR_MS).toBe(223);
    expect((first('kubelet-client-chromebox-3') - FROM) / HOUR_MS).toBe(221);
    expect((first('kubernetes-ca') - FROM) / HOUR_MS).toBe(960 - 3);
  });

  it('keeps renewal windows apart and the chain unbroken for any node count from 1 to 50', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 365 * 24 }),
        (n, cp, startHour) => {
          const { cluster, block, dataplane } = loadValid(syntheticSpec(n, Math.min(cp, n)));
          const plan = planPki(cluster, block, dataplane);
          const from = FROM + startHour * HOUR_MS;
          const sim = simulate(plan, from, 365);
          expect(sim.problems).toEqual([]);
          assertCoverage(plan, sim.events, from, sim.until);
          const windows = new Map<number, Set<number>>();
          for (const e of sim.events) {
            if (e.kind !== 'renew' || certByName(plan, e.name).kind !== 'leaf') continue;
            const key = Math.floor((e.at - from) / HOUR_MS);
            windows.set(key, new Set([...(windows.get(key) ?? []), e.slot]));
          }
          for (const slots of windows.values()) expect(slots.size).toBe(1);
        },
      ),
      { numRuns: 25, seed: 7 },
    );
  });

  it('cuts a leaf to the remaining life of its issuer', () => {
    const { cluster, block, dataplane } = loadValid(exampleSpec('chromebox-lab'));
    const plan = planPki(cluster, block, dataplane);
    const leaf = certByName(plan, 'kube-apiserver');
    const issuer = { notBefore: FROM, notAfter: FROM + 100 * HOUR_MS };
    expect(issueValidity(plan, leaf, FROM + 90 * HOUR_MS, issuer, false)).toEqual({ notBefore: FROM + 90 * HOUR_MS, notAfter: FROM + 100 * HOUR_MS });
    expect(issueValidity(plan, leaf, FROM, { notBefore: FROM, notAfter: FROM + 1000 * HOUR_MS }, false)).toEqual({ notBefore: FROM, notAfter: FROM + 336 * HOUR_MS });
    expect(renewalDue(plan, { notBefore: FROM, notAfter: FROM + 336 * HOUR_MS })).toBe(FROM + 224 * HOUR_MS);
  });

  it('reports nodes that would renew in the same window when the windows do not fit in a renewal period', () => {
    const { cluster, block, dataplane } = loadValid(syntheticSpec(50));
    const sim = simulate(planPki(cluster, { ...block, jitterWindow: '5h' }, dataplane), FROM, 30);
    expect(sim.problems.length).toBeGreaterThan(0);
    expect(sim.problems[0]!.message).toMatch(/^node-\d+, .* and node-\d+ renew in the same 5h window starting 2026-01-01T00:00:00Z$/);
  });

  it('keeps the chain valid when intermediates barely outlive the leaves, and reports the windows the cut leaves then share', () => {
    const { cluster, block, dataplane } = loadValid(syntheticSpec(1));
    const plan = planPki(cluster, { ...block, validity: { root: '350400h', intermediate: '400h', leaf: '336h' } }, dataplane);
    const sim = simulate(plan, FROM, 60);
    assertCoverage(plan, sim.events, FROM, sim.until);
    // Cut leaves renew at 2/3 of a shorter life, so their phases drift together.
    expect(sim.events.some((e) => e.name === 'kubelet-node-1' && e.validity.notAfter - e.validity.notBefore < 336 * HOUR_MS)).toBe(true);
    expect(sim.problems[0]?.message).toBe('control plane and node-1 renew in the same 1h window starting 2026-01-15T04:00:00Z');
    expect(sim.problems.every((p) => p.message.includes('renew in the same'))).toBe(true);
  });

  it('issues every certificate once at bootstrap, CAs first', () => {
    const { cluster, block, dataplane } = loadValid(exampleSpec('chromebox-lab'));
    const plan = planPki(cluster, block, dataplane);
    const boot = simulate(plan, FROM, 0).events;
    expect(boot.map((e) => e.name)).toEqual(plan.certificates.map((c) => c.name));
    expect(boot.every((e) => e.kind === 'issue' && e.at === FROM)).toBe(true);
    expect(FROM - boot.find((e) => e.name === 'kubelet-chromebox-3')!.validity.notBefore).toBe(3 * HOUR_MS);
    expect(FROM - boot.find((e) => e.name === 'ca')!.validity.notBefore).toBe(3 * HOUR_MS);
    expect(DAY).toBe(86_400_000);
  });
});

describe('simulationProblems', () => {
  it('finds the problems of the full simulation on the examples and the documented cases', () => {
    const cases = [
      { ...loadValid(exampleSpec('chromebox-lab')), days: 365, pki: {} },
      { ...loadValid(exampleSpec('edge-bgp')), days: 365, pki: {} },
      { ...loadValid(syntheticSpec(50)), days: 30, pki: { jitterWindow: '5h' } },
      { ...loadValid(syntheticSpec(1)), days: 60, pki: { validity: { root: '350400h', intermediate: '400h', leaf: '336h' } } },
    ];
    for (const { cluster, block, dataplane, days, pki } of cases) {
      const plan = planPki(cluster, { ...block, ...pki }, dataplane);
      expect(simulationProblems(plan, FROM, days)).toEqual(simulate(plan, FROM, days).problems);
    }
  });

  it('finds the problems of the full simulation for any node count, lifetimes, fraction and window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 3 }),
        fc.record({
          renewAt: fc.constantFrom('1/2', '2/3', '3/4', '0.9', '0.25'),
          jitterWindow: fc.integer({ min: 1, max: 12 }).map((h) => `${h}h`),
          validity: fc.record({
            intermediate: fc.integer({ min: 100, max: 2000 }).map((h) => `${h}h`),
            leaf: fc.integer({ min: 24, max: 800 }).map((h) => `${h}h`),
          }),
          etcd: fc.boolean(),
          kubeProxy: fc.boolean(),
        }),
        fc.integer({ min: 0, max: 400 }),
        (n, cp, pki, days) => {
          const { cluster, block, dataplane } = loadValid(syntheticSpec(n, Math.min(cp, n)));
          const plan = planPki(cluster, { ...block, ...pki, validity: { ...block.validity, ...pki.validity } }, dataplane);
          expect(simulationProblems(plan, FROM, days)).toEqual(simulate(plan, FROM, days).problems);
        },
      ),
      { numRuns: 40, seed: 11 },
    );
  });
});

describe('scheduleKey', () => {
  const { cluster, block, dataplane } = loadValid(syntheticSpec(3));
  const base = planPki(cluster, block, dataplane);
  const renamed = loadValid(syntheticSpec(3));
  const renamedPlan = planPki(
    { ...renamed.cluster, spec: { ...renamed.cluster.spec, network: { ...renamed.cluster.spec.network, nodes: renamed.cluster.spec.network.nodes.map((n) => ({ ...n, name: `${n.name}-b` })) } } },
    renamed.block,
    renamed.dataplane,
  );

  it('is the same for plans that differ only in what the simulation does not read', () => {
    const other = loadValid({ ...syntheticSpec(3), metadata: { name: 'other' } });
    expect(scheduleKey(planPki(other.cluster, { ...other.block, apiServer: { extraSANs: ['api.other.example'] } }, other.dataplane))).toBe(scheduleKey(base));
  });

  it('differs in each input the simulation reads', () => {
    const variants = [
      planPki(cluster, { ...block, renewAt: '3/4' }, dataplane),
      planPki(cluster, { ...block, renewAt: '0.66' }, dataplane),
      planPki(cluster, { ...block, jitterWindow: '2h' }, dataplane),
      planPki(cluster, { ...block, validity: { ...block.validity, root: '350401h' } }, dataplane),
      planPki(cluster, { ...block, validity: { ...block.validity, intermediate: '1441h' } }, dataplane),
      planPki(cluster, { ...block, validity: { ...block.validity, leaf: '335h' } }, dataplane),
      planPki(cluster, { ...block, etcd: false }, dataplane),
      planPki(cluster, { ...block, kubeProxy: false }, dataplane),
      planPki(loadValid(syntheticSpec(4)).cluster, block, dataplane),
      planPki(loadValid(syntheticSpec(3, 2)).cluster, block, dataplane),
      renamedPlan,
    ];
    const keys = [base, ...variants].map(scheduleKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});


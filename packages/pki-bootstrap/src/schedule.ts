import { fractionOf, HOUR_MS } from './duration.ts';
import { issuanceOrder, type PkiPlan, type PlannedCert } from './plan.ts';

/** When a certificate is valid, in epoch milliseconds (notAfter exclusive). */
export interface Validity {
  readonly notBefore: number;
  readonly notAfter: number;
}

/** The highest renewal slot of the plan (the last node's). */
export function maxSlot(plan: PkiPlan): number {
  return Math.max(0, ...plan.certificates.map((c) => c.slot));
}

/** When a certificate with `validity` is due for renewal: `renewAt` of its life after notBefore. */
export function renewalDue(plan: PkiPlan, validity: Validity): number {
  return validity.notBefore + fractionOf(validity.notAfter - validity.notBefore, plan.renewAt);
}

/**
 * The validity of a certificate issued at `at` under an issuer valid for
 * `issuer`: its planned life, cut to the issuer's remaining life (a
 * certificate never outlives its issuer). At bootstrap, slot s is backdated
 * by s jitter windows, so node s first renews s windows before slot 0 and,
 * renewing at a fixed fraction of a fixed life, keeps that distance forever.
 * CAs are backdated by the widest stagger so no leaf starts before its issuer.
 */
export function issueValidity(plan: PkiPlan, cert: PlannedCert, at: number, issuer: Validity | undefined, bootstrap: boolean): Validity {
  const w = plan.jitterWindowHours * HOUR_MS;
  const back = !bootstrap ? 0 : cert.kind === 'leaf' ? cert.slot * w : maxSlot(plan) * w;
  const notBefore = Math.max(at - back, issuer?.notBefore ?? -Infinity);
  const notAfter = Math.min(notBefore + cert.lifetimeHours * HOUR_MS, issuer?.notAfter ?? Infinity);
  return { notBefore, notAfter };
}

/** One issuance in a simulation. */
export interface SimEvent {
  readonly at: number;
  readonly name: string;
  readonly kind: 'issue' | 'renew';
  readonly slot: number;
  readonly node?: string;
  readonly validity: Validity;
  /** The issuance of the issuer that signed it (0 = bootstrap). */
  readonly issuerGeneration?: number;
  /** How often this certificate has been issued before (0 = bootstrap). */
  readonly generation: number;
}

export interface SimProblem {
  readonly at: number;
  readonly message: string;
}

export interface Simulation {
  readonly from: number;
  readonly until: number;
  readonly events: readonly SimEvent[];
  readonly problems: readonly SimProblem[];
}

interface Live {
  readonly cert: PlannedCert;
  validity: Validity;
  generation: number;
  issuerGeneration: number | undefined;
}

const RANK = { root: 0, intermediate: 1, leaf: 2 } as const;

/** A small binary heap keyed by (due, CA before leaf, name). */
class Queue {
  private readonly items: { due: number; live: Live }[] = [];
  private less(a: { due: number; live: Live }, b: { due: number; live: Live }): boolean {
    if (a.due !== b.due) return a.due < b.due;
    const r = RANK[a.live.cert.kind] - RANK[b.live.cert.kind];
    if (r !== 0) return r < 0;
    return a.live.cert.name < b.live.cert.name;
  }
  push(due: number, live: Live): void {
    const items = this.items;
    items.push({ due, live });
    for (let i = items.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.less(items[i]!, items[p]!)) break;
      [items[i], items[p]] = [items[p]!, items[i]!];
      i = p;
    }
  }
  pop(): { due: number; live: Live } | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.less(items[l]!, items[m]!)) m = l;
        if (r < items.length && this.less(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** An instant as problems print it: ISO 8601 in UTC, without milliseconds. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * Bootstraps the whole plan at `from` and renews every certificate when it is
 * due, for `days` days. Returns every issuance and every problem: a
 * certificate renewed after it expired (a gap), a certificate outliving its
 * issuer, a leaf whose issuer is older than the previous generation (the trust
 * bundles hold the current and the previous intermediate), or two nodes
 * renewing in the same jitter window.
 */
export function simulate(plan: PkiPlan, from: number, days: number, label: (ms: number) => string = iso): Simulation {
  const events: SimEvent[] = [];
  const { until, problems } = run(plan, from, days, label, events);
  return { from, until, events, problems };
}

/**
 * The problems of {@link simulate}, the same ones in the same order, without
 * recording its events: what a spec check needs, at a fraction of the cost.
 */
export function simulationProblems(plan: PkiPlan, from: number, days: number, label: (ms: number) => string = iso): readonly SimProblem[] {
  return run(plan, from, days, label, undefined).problems;
}

/**
 * Everything of the plan that {@link simulationProblems} reads: the renewal
 * fraction, the jitter window, each certificate's name, kind, issuer, slot and
 * lifetime (in plan order, which the issuance order keeps), and each node's
 * slot and name (problems name them). Two plans with the same key have the
 * same problems for the same `from`, `days` and label: a memo's exact key.
 * Whatever `run` comes to read from the plan must be added here.
 */
export function scheduleKey(plan: PkiPlan): string {
  return JSON.stringify([
    plan.renewAt.num,
    plan.renewAt.den,
    plan.jitterWindowHours,
    plan.certificates.map((c) => [c.name, c.kind, c.issuer ?? null, c.slot, c.lifetimeHours]),
    plan.nodes.map((n) => [n.slot, n.name]),
  ]);
}

/** The simulation behind both: records each issuance in `events` when given. */
function run(plan: PkiPlan, from: number, days: number, label: (ms: number) => string, events: SimEvent[] | undefined): { until: number; problems: SimProblem[] } {
  const iso = label;
  const until = from + days * 24 * HOUR_MS;
  const w = plan.jitterWindowHours * HOUR_MS;
  const problems: SimProblem[] = [];
  const live = new Map<string, Live>();
  const queue = new Queue();
  // Slots renewing a leaf in each jitter window since `from`: nodes never share one.
  const byWindow = new Map<number, Set<number>>();

  const issue = (cert: PlannedCert, at: number, bootstrap: boolean): void => {
    const issuer = cert.issuer === undefined ? undefined : live.get(cert.issuer);
    if (cert.issuer !== undefined && issuer === undefined) throw new Error(`${cert.name}: issuer ${cert.issuer} is not issued yet`);
    if (issuer !== undefined && !(issuer.validity.notBefore <= at && at < issuer.validity.notAfter)) {
      problems.push({ at, message: `${cert.name}: issuer ${issuer.cert.name} is not valid at ${iso(at)}` });
    }
    const validity = issueValidity(plan, cert, at, issuer?.validity, bootstrap);
    if (validity.notAfter <= at) problems.push({ at, message: `${cert.name}: issued at ${iso(at)} already expired (issuer ends ${iso(validity.notAfter)})` });
    const prev = live.get(cert.name);
    if (prev !== undefined && at >= prev.validity.notAfter) {
      problems.push({ at, message: `${cert.name}: expired ${iso(prev.validity.notAfter)}, renewed only ${iso(at)} (gap in the chain)` });
    }
    const generation = prev === undefined ? 0 : prev.generation + 1;
    const entry: Live = prev ?? { cert, validity, generation, issuerGeneration: issuer?.generation };
    entry.validity = validity;
    entry.generation = generation;
    entry.issuerGeneration = issuer?.generation;
    live.set(cert.name, entry);
    events?.push({
      at,
      name: cert.name,
      kind: bootstrap ? 'issue' : 'renew',
      slot: cert.slot,
      ...(cert.node === undefined ? {} : { node: cert.node }),
      validity,
      ...(issuer === undefined ? {} : { issuerGeneration: issuer.generation }),
      generation,
    });
    if (cert.kind === 'leaf') {
      // A leaf's renewal takes its node's jitter window; CA renewals are no node's.
      if (!bootstrap) {
        const key = Math.floor((at - from) / w);
        const slots = byWindow.get(key);
        if (slots === undefined) byWindow.set(key, new Set([cert.slot]));
        else slots.add(cert.slot);
      }
    } else {
      // A renewed CA leaves its previous generation in the trust bundle; anything older drops out.
      for (const other of live.values()) {
        if (other.cert.issuer !== cert.name || other.issuerGeneration === undefined) continue;
        if (other.issuerGeneration < generation - 1 && other.validity.notAfter > at) {
          problems.push({
            at,
            message: `${other.cert.name}: still signed by generation ${other.issuerGeneration} of ${cert.name} when generation ${generation} is issued (trust bundles hold two)`,
          });
        }
      }
    }
    queue.push(renewalDue(plan, validity), entry);
  };

  for (const cert of issuanceOrder(plan)) issue(cert, from, true);
  for (let next = queue.pop(); next !== undefined && next.due <= until; next = queue.pop()) {
    issue(next.live.cert, Math.max(next.due, from), false);
  }
  for (const entry of live.values()) {
    if (entry.validity.notAfter <= until) {
      problems.push({ at: entry.validity.notAfter, message: `${entry.cert.name}: expires ${iso(entry.validity.notAfter)} without a renewal` });
    }
  }

  // Nodes never renew in the same window.
  for (const [key, slots] of [...byWindow.entries()].sort(([a], [b]) => a - b)) {
    if (slots.size < 2) continue;
    const who = [...slots].sort((a, b) => a - b).map((s) => slotName(plan, s));
    problems.push({ at: from + key * w, message: `${who.length > 2 ? `${who.slice(0, -1).join(', ')} and ${who[who.length - 1]}` : who.join(' and ')} renew in the same ${plan.jitterWindowHours}h window starting ${iso(from + key * w)}` });
  }
  return { until, problems: problems.sort((a, b) => a.at - b.at) };
}

/** `control plane` for slot 0, else the node's name. */
export function slotName(plan: PkiPlan, slot: number): string {
  return slot === 0 ? 'control plane' : (plan.nodes.find((n) => n.slot === slot)?.name ?? `slot ${slot}`);
}

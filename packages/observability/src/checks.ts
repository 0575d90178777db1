import type { ComponentContext, MetricsEndpoint, SpecIssue } from '@strata/core';
import { O } from './metadata.ts';
import { KUBERNETES_DASHBOARD } from './pins.ts';
import { cacheIngresses, running } from './rules.ts';
import type { ObservabilityBlock } from './schema.ts';
import { EXTERNAL_DNS_NAMESPACE, txtOwnerId } from './values.ts';

const BINARY = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 } as const;
const DECIMAL = { K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 } as const;
const PROM = { B: 1, KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40, PB: 2 ** 50, EB: 2 ** 60 } as const;

/** Bytes of a Kubernetes quantity (`50Gi`, `500M`, `1000`). */
export function quantityBytes(q: string): number | undefined {
  const m = /^([0-9]+)(Ki|Mi|Gi|Ti|Pi|K|M|G|T|P)?$/.exec(q);
  if (m === null) return undefined;
  const unit = m[2];
  const factor = unit === undefined ? 1 : (BINARY as Record<string, number>)[unit] ?? (DECIMAL as Record<string, number>)[unit] ?? 1;
  return Number(m[1]) * factor;
}

/** Bytes of a Prometheus size (`45GB`: powers of 2, as `--storage.tsdb.retention.size` reads it). */
export function promSizeBytes(s: string): number | undefined {
  const m = /^([0-9]+)(B|KB|MB|GB|TB|PB|EB)$/.exec(s);
  return m === null ? undefined : Number(m[1]) * PROM[m[2] as keyof typeof PROM];
}

/** Prometheus retention size against its volume. */
function checkRetention(block: ObservabilityBlock, issues: SpecIssue[]): void {
  const p = block.prometheus;
  if (p.retentionSize === undefined) return;
  const limit = promSizeBytes(p.retentionSize);
  const volume = quantityBytes(p.storage.size);
  if (limit === undefined || volume === undefined) return;
  if (limit >= volume) {
    issues.push({
      path: [...O, 'prometheus', 'retentionSize'],
      message: `${p.retentionSize} (${(limit / 2 ** 30).toFixed(1)} GiB) must be below the volume size spec.observability.prometheus.storage.size ${p.storage.size} (${(volume / 2 ** 30).toFixed(1)} GiB)`,
      hint: 'leave ~10% of the volume for the WAL and compaction, e.g. 45GB on a 50Gi volume',
    });
  }
}

/** Hubble UI and dashboard exposure: a known internal class, Hubble UI actually installed, an archived dashboard. */
function checkExposure({ cluster, block, facts }: ComponentContext<ObservabilityBlock>, issues: SpecIssue[]): void {
  const classes = facts.httpEntrypoints.flatMap((e) => (e.kind === 'ingress-class' ? [e.ingressClass] : []));
  const exposed = block.hubbleUI !== undefined || block.dashboard !== undefined;
  if (exposed && block.ingressClass === undefined) {
    issues.push({
      path: [...O, 'ingressClass'],
      message: 'is required to expose hubbleUI or dashboard',
      hint: classes.length === 0 ? 'enable the edge (spec.edge) and name its internal class' : `one of: ${classes.join(', ')}`,
    });
  }
  if (block.ingressClass !== undefined && !classes.includes(block.ingressClass)) {
    issues.push({
      path: [...O, 'ingressClass'],
      message: `no enabled component serves ingress class "${block.ingressClass}"`,
      hint: classes.length === 0 ? 'enable the edge (spec.edge) with this class' : `one of: ${classes.join(', ')}`,
    });
  }
  if (block.hubbleUI !== undefined) {
    const hubble = facts.dataplane?.hubble;
    if (facts.versions.cilium === undefined) {
      issues.push({ path: [...O, 'hubbleUI'], message: 'needs Cilium (spec.cilium) with hubble.ui: true, which serves the hubble-ui Service' });
    } else if (hubble !== undefined && (!hubble.enabled || !hubble.ui)) {
      issues.push({ path: [...O, 'hubbleUI'], message: 'needs spec.cilium.hubble.ui: true (and relay), which serves the hubble-ui Service', hint: 'set spec.cilium.hubble.ui and spec.cilium.hubble.relay to true' });
    }
  }
  if (block.dashboard?.flavor === 'kubernetes-dashboard') {
    issues.push({
      path: [...O, 'dashboard', 'flavor'],
      severity: 'warning',
      message: `the Kubernetes Dashboard is no longer maintained: ${KUBERNETES_DASHBOARD.archived}`,
      hint: 'use flavor: headlamp instead',
    });
  }
}

/** external-dns: one instance per known class, provider settings present, distinct owner ids. */
function checkExternalDNS({ cluster, block, facts }: ComponentContext<ObservabilityBlock>, issues: SpecIssue[]): void {
  const classes = facts.httpEntrypoints.flatMap((e) => (e.kind === 'ingress-class' ? [e.ingressClass] : []));
  const seenClass = new Map<string, number>();
  const seenOwner = new Map<string, number>();
  block.externalDNS.forEach((inst, i) => {
    const path = [...O, 'externalDNS', i];
    const first = seenClass.get(inst.ingressClass);
    if (first !== undefined) {
      issues.push({ path: [...path, 'ingressClass'], message: `ingress class "${inst.ingressClass}" already has an instance at spec.observability.externalDNS[${first}]` });
    } else seenClass.set(inst.ingressClass, i);
    if (!classes.includes(inst.ingressClass)) {
      issues.push({
        path: [...path, 'ingressClass'],
        message: `no enabled component serves ingress class "${inst.ingressClass}"`,
        hint: classes.length === 0 ? 'enable the edge (spec.edge) with this class' : `one of: ${classes.join(', ')}`,
      });
    }
    const owner = txtOwnerId(cluster, inst);
    const firstOwner = seenOwner.get(owner);
    if (firstOwner !== undefined) {
      issues.push({
        path: [...path, 'txtOwnerId'],
        message: `owner id "${owner}" is already used by spec.observability.externalDNS[${firstOwner}]; two instances with one owner delete each other's records`,
      });
    } else seenOwner.set(owner, i);
    if (inst.provider === 'webhook' && inst.webhook === undefined) {
      issues.push({ path: [...path, 'webhook'], message: 'is required with provider webhook (the provider sidecar\'s image and settings)' });
    }
    if (inst.provider === 'cloudflare' && inst.cloudflare === undefined) {
      issues.push({ path: [...path, 'cloudflare'], message: 'is required with provider cloudflare (the API token Secret)' });
    }
    if (inst.provider !== 'webhook' && inst.webhook !== undefined) {
      issues.push({ path: [...path, 'webhook'], message: `is only used with provider webhook, not ${inst.provider}` });
    }
    if (inst.provider !== 'cloudflare' && inst.cloudflare !== undefined) {
      issues.push({ path: [...path, 'cloudflare'], message: `is only used with provider cloudflare, not ${inst.provider}` });
    }
  });
}

/** Two declared metrics endpoints that would render the same monitor. */
function checkMetrics(endpoints: readonly MetricsEndpoint[], issues: SpecIssue[]): void {
  const seen = new Map<string, MetricsEndpoint>();
  for (const e of endpoints) {
    const key = `${e.kind}/${e.namespace}/${e.name}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, e);
    else {
      issues.push({
        path: [...O],
        message: `components ${first.component} and ${e.component} both declare the metrics endpoint ${key}`,
        hint: `this is a bug in the ${e.component} component; please report it`,
      });
    }
  }
}

/** Alert settings that have nothing to watch. */
function checkAlerts(ctx: ComponentContext<ObservabilityBlock>, issues: SpecIssue[]): void {
  const run = running(ctx.facts);
  if (ctx.block.alerts.nginxCache === undefined) return;
  if (!run.ingressNginx) {
    issues.push({ path: [...O, 'alerts', 'nginxCache'], severity: 'warning', message: 'no ingress-nginx controller runs, so this rule is not rendered' });
  } else if (cacheIngresses(ctx.block, run).length === 0) {
    issues.push({
      path: [...O, 'alerts', 'nginxCache'],
      severity: 'warning',
      message: 'no route of spec.edge caches, so this rule is not rendered',
      hint: 'give a route `cache`, or name the caching Ingresses in `ingresses`',
    });
  }
}

/** The namespaces this block runs workloads in that Cilium's default deny would cut off. */
function checkDefaultDeny({ block, facts }: ComponentContext<ObservabilityBlock>, issues: SpecIssue[]): void {
  if (facts.defaultDeny.length === 0) return;
  const exempt = new Set(facts.defaultDeny.flatMap((d) => d.exemptNamespaces));
  const used = [block.namespace, ...(block.externalDNS.length > 0 ? [EXTERNAL_DNS_NAMESPACE] : []), ...(block.dashboard === undefined ? [] : [block.dashboard.namespace])];
  const denied = [...new Set(used)].filter((n) => !exempt.has(n));
  if (denied.length === 0) return;
  issues.push({
    path: ['spec', 'cilium', 'defaultDeny', 'exemptNamespaces'],
    severity: 'warning',
    message: `default deny also cuts off ${denied.join(', ')}: Prometheus could not scrape, Grafana not query, external-dns not reach its DNS provider`,
    hint: `add ${denied.join(', ')} to spec.cilium.defaultDeny.exemptNamespaces`,
  });
}

/** Every cross-field problem of the block. */
export function checkObservability(ctx: ComponentContext<ObservabilityBlock>): SpecIssue[] {
  const issues: SpecIssue[] = [];
  checkRetention(ctx.block, issues);
  checkExposure(ctx, issues);
  checkExternalDNS(ctx, issues);
  checkMetrics(ctx.facts.metrics, issues);
  checkAlerts(ctx, issues);
  checkDefaultDeny(ctx, issues);
  return issues;
}

/** The policy run over one cluster's objects: waivers, origins of findings, and the Services that exist without being rendered. */
import { type Cluster, type ComponentSpec, type Facts, type Finding, finding, formatPath, type ProvidedService } from '@strata/core';
import { namedBackends, RULES, runPolicies } from '@strata/policy';
import { objectId } from '@strata/validate';
import type { K8sObject } from './files.ts';
import { specPlace } from './profiles.ts';

/** A policy violation accepted by a waiver in the spec. */
export interface Waived {
  readonly rule: string;
  readonly object: string;
  readonly reason: string;
}

function unusedWaiverMessage(w: { rule: string; object: string }): string {
  const rule = RULES.find((r) => r.id === w.rule);
  if (rule === undefined) return `waiver names ${w.rule}, which is not a policy rule`;
  if (rule.waivable === false) return `${w.rule} cannot be waived (${rule.title}); the waiver for ${w.object} has no effect`;
  return `waiver of ${w.rule} for ${w.object} matches no violation`;
}

/**
 * Services that exist without being rendered: those the components' charts
 * create (their facts) and those the spec's `backends` declare.
 */
export function providedServices(cluster: Cluster, facts: Facts): ProvidedService[] {
  return [
    ...facts.services,
    ...(cluster.spec.backends ?? []).map((b, i) => ({
      namespace: b.namespace,
      name: b.name,
      ports: b.ports.map((p) => ({ port: p.port, ...(p.name === undefined ? {} : { name: p.name }) })),
      component: 'spec.backends',
      source: `spec.backends[${i}]${b.owner === undefined ? '' : `, owned by ${b.owner}`}`,
    })),
  ];
}

/** What the policy run over one cluster's objects needs. */
export interface PolicyInput {
  readonly cluster: Cluster | undefined;
  readonly renderedPath: string;
  /** Objects by their path under `renderedPath`. */
  readonly objects: readonly { path: string; obj: K8sObject }[];
  readonly specFile: string;
  readonly locate?: ((path: readonly (string | number)[]) => { line: number; column: number; file?: string }) | undefined;
  /** Services that exist without being rendered (chart-created, `spec.backends`). */
  readonly services: readonly ProvidedService[];
  /** The enabled components, which map their objects back to spec entries. */
  readonly components: readonly ComponentSpec[];
}

/**
 * Maps a finding's file and object to the spec entry it comes from,
 * `clusters/x/cluster.yaml:12:7 spec.edge.routes[0]`: the component owning
 * the file's folder (`<layer>/<component>/…`) answers through `originOf`.
 */
function originResolver(input: PolicyInput): (file: string, object: string) => string | undefined {
  const { cluster, renderedPath, objects, specFile, locate, components } = input;
  if (cluster === undefined) return () => undefined;
  const byKey = new Map(objects.map(({ path, obj }) => [`${renderedPath}/${path}|${objectId(obj)}`, { path, obj }]));
  return (file, object) => {
    const found = byKey.get(`${file}|${object}`);
    const folder = found?.path.split('/')[1];
    const component = components.find((c) => c.name === folder);
    if (found === undefined || component?.originOf === undefined) return undefined;
    const block = (cluster.spec as Record<string, unknown>)[component.key];
    const path = component.originOf({ cluster, block }, found.obj as Parameters<NonNullable<ComponentSpec['originOf']>>[1]);
    if (path === undefined) return undefined;
    const at = specPlace(specFile, cluster.metadata.name, locate, path);
    return `${at.file}${at.line === undefined ? '' : `:${at.line}:${at.column}`} ${formatPath(path)}`;
  };
}

/**
 * Runs the policy rules over a cluster's objects with the spec's waivers. A
 * waiver that matches nothing is a warning at its place in the spec. A
 * finding about an object a spec entry produced names that entry's line too.
 */
export function checkPolicies(input: PolicyInput): { findings: Finding[]; waived: readonly Waived[] } {
  const { cluster, renderedPath, objects, specFile, locate, services } = input;
  const waivers = cluster?.spec.policy?.waivers ?? [];
  const policyObjects = objects.map(({ path, obj }) => ({ obj, file: `${renderedPath}/${path}` }));
  const result = runPolicies({ cluster, objects: policyObjects, services }, waivers);
  const originOf = originResolver(input);
  const clusterName = cluster?.metadata.name ?? '';
  const findings = result.findings.map((f) => {
    const origin = f.file === undefined || f.object === undefined ? undefined : originOf(f.file, f.object);
    return origin === undefined ? f : { ...f, origin };
  });
  // A declared backend nothing names is stale, or the route that should name it is wrong.
  const named = new Set(namedBackends(policyObjects).map((b) => `${b.namespace}/${b.name}`));
  (cluster?.spec.backends ?? []).forEach((b, i) => {
    if (named.has(`${b.namespace}/${b.name}`)) return;
    findings.push(
      finding('SPEC_BACKEND_UNUSED', `Service ${b.namespace}/${b.name} is declared, but no route, Ingress or tunnel names it`, {
        severity: 'warning',
        ...specPlace(specFile, clusterName, locate, ['spec', 'backends', i]),
        path: `spec.backends[${i}]`,
      }),
    );
  });
  waivers.forEach((w, i) => {
    if (!result.unusedWaivers.includes(w)) return;
    findings.push(
      finding('POLICY_WAIVER_UNUSED', unusedWaiverMessage(w), {
        severity: 'warning',
        ...specPlace(specFile, clusterName, locate, ['spec', 'policy', 'waivers', i]),
        path: `spec.policy.waivers[${i}]`,
      }),
    );
  });
  return { findings, waived: result.waived };
}


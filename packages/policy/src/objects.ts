import { formatPath, LAYERS, type Layer } from '@strata/core';
import type { PolicyObject } from './types.ts';

export type Segments = readonly (string | number)[];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `segments` below `root`, or undefined when any step is missing. */
export function at(root: unknown, segments: Segments): unknown {
  let node = root;
  for (const s of segments) {
    if (typeof s === 'number') {
      if (!Array.isArray(node)) return undefined;
      node = node[s];
    } else {
      if (!isRecord(node)) return undefined;
      node = node[s];
    }
  }
  return node;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function path(segments: Segments): string {
  return formatPath(segments);
}

/** The API group of an apiVersion: `cilium.io/v2` → `cilium.io`, `v1` → ``. */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * The sync layer of a rendered file, from `rendered/<cluster>/<layer>/…`;
 * undefined for files outside the layers (the engine's own folder).
 */
export function layerOfFile(file: string): Layer | undefined {
  const parts = file.split('/');
  const i = parts.indexOf('rendered');
  const candidate = i >= 0 ? parts[i + 2] : undefined;
  return (LAYERS as readonly string[]).includes(candidate ?? '') ? (candidate as Layer) : undefined;
}

/** The namespace an object lands in; namespaced objects without one land in `default`. */
export function namespaceOf(o: PolicyObject): string {
  return str(o.obj.metadata.namespace) ?? 'default';
}

/** Where each workload kind (by API group) keeps its pod spec. */
const POD_SPEC_PATHS: Readonly<Record<string, { readonly group: string; readonly segments: Segments }>> = {
  Pod: { group: '', segments: ['spec'] },
  ReplicationController: { group: '', segments: ['spec', 'template', 'spec'] },
  Deployment: { group: 'apps', segments: ['spec', 'template', 'spec'] },
  DaemonSet: { group: 'apps', segments: ['spec', 'template', 'spec'] },
  StatefulSet: { group: 'apps', segments: ['spec', 'template', 'spec'] },
  ReplicaSet: { group: 'apps', segments: ['spec', 'template', 'spec'] },
  Job: { group: 'batch', segments: ['spec', 'template', 'spec'] },
  CronJob: { group: 'batch', segments: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] },
};

export interface PodSpecAt {
  readonly object: PolicyObject;
  readonly spec: Record<string, unknown>;
  readonly segments: Segments;
}

/** Pod specs of the core workload kinds in the set. */
export function podSpecs(objects: readonly PolicyObject[]): PodSpecAt[] {
  const out: PodSpecAt[] = [];
  for (const object of objects) {
    const where = Object.hasOwn(POD_SPEC_PATHS, object.obj.kind) ? POD_SPEC_PATHS[object.obj.kind] : undefined;
    if (where === undefined || apiGroup(object.obj.apiVersion) !== where.group) continue;
    const spec = at(object.obj, where.segments);
    if (isRecord(spec)) out.push({ object, spec, segments: where.segments });
  }
  return out;
}

export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
export type ContainerList = (typeof CONTAINER_LISTS)[number];

export interface ContainerAt {
  readonly object: PolicyObject;
  readonly container: Record<string, unknown>;
  readonly list: ContainerList;
  /** Path segments of the container itself. */
  readonly segments: Segments;
  /** `name`, or `#index` when unnamed. */
  readonly name: string;
}

/** Every container of every pod spec, in document order. */
export function containers(objects: readonly PolicyObject[], lists: readonly ContainerList[] = CONTAINER_LISTS): ContainerAt[] {
  const out: ContainerAt[] = [];
  for (const pod of podSpecs(objects)) {
    for (const list of lists) {
      const items = pod.spec[list];
      if (!Array.isArray(items)) continue;
      items.forEach((container: unknown, i) => {
        if (!isRecord(container)) return;
        out.push({ object: pod.object, container, list, segments: [...pod.segments, list, i], name: str(container.name) ?? `#${i}` });
      });
    }
  }
  return out;
}

/**
 * Visits every string value below `root` with its path. The path is one array
 * the walk reuses (no copy per node: every string of every object is visited):
 * read it during the call, copy it to keep it.
 */
export function walkStrings(root: unknown, visit: (value: string, segments: Segments) => void): void {
  const segments: (string | number)[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') visit(node, segments);
    else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        segments.push(i);
        walk(node[i]);
        segments.pop();
      }
    } else if (isRecord(node)) {
      for (const k in node) {
        if (!Object.hasOwn(node, k)) continue;
        segments.push(k);
        walk(node[k]);
        segments.pop();
      }
    }
  };
  walk(root);
}

/**
 * Whether any string value below `root` passes `test`: the strings
 * {@link walkStrings} visits, without keeping their paths. A cheap first pass
 * where matches are rare; walk again with paths when it says yes.
 */
export function someString(root: unknown, test: (value: string) => boolean): boolean {
  if (typeof root === 'string') return test(root);
  if (Array.isArray(root)) {
    for (let i = 0; i < root.length; i++) if (someString(root[i], test)) return true;
  } else if (isRecord(root)) {
    for (const k in root) if (Object.hasOwn(root, k) && someString(root[k], test)) return true;
  }
  return false;
}

/** True when `text` is an exact semantic version (`1.2.3`, `v1.2.3`, `1.2.3-rc.1+b5`): no range, no wildcard. */
export function isExactSemver(text: string): boolean {
  return /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(text);
}

/** True for a full Git commit id (SHA-1, or SHA-256 for sha256 repositories). */
export function isCommit(text: string): boolean {
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(text);
}

/** One Helm chart a GitOps object installs: its name and where its values live. */
export interface HelmInstall {
  /** Chart name (`ingress-nginx`), when the object names one. */
  readonly chart: string | undefined;
  readonly values: unknown;
  readonly segments: Segments;
}

/** The Helm charts of a Flux HelmRelease or Argo CD Application (one per source), with their values. */
export function helmValues(o: PolicyObject): HelmInstall[] {
  const { obj } = o;
  const group = apiGroup(obj.apiVersion);
  if (obj.kind === 'HelmRelease' && group === 'helm.toolkit.fluxcd.io') {
    return [{ chart: str(at(obj, ['spec', 'chart', 'spec', 'chart'])), values: at(obj, ['spec', 'values']), segments: ['spec', 'values'] }];
  }
  if (obj.kind === 'Application' && group === 'argoproj.io') {
    const single = at(obj, ['spec', 'source']);
    if (single !== undefined) return [{ chart: str(at(single, ['chart'])), values: at(single, ['helm', 'valuesObject']), segments: ['spec', 'source', 'helm', 'valuesObject'] }];
    const many = at(obj, ['spec', 'sources']);
    if (Array.isArray(many)) {
      return many.map((s: unknown, i) => ({ chart: str(at(s, ['chart'])), values: at(s, ['helm', 'valuesObject']), segments: ['spec', 'sources', i, 'helm', 'valuesObject'] }));
    }
  }
  return [];
}

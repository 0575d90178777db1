import { formatPath } from '@strata/core';
import type { Located } from './objects.ts';

/** An image reference split into its parts. */
export interface ImageRef {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Where an image is named: a container's `image` field, or an image block of Helm values. */
export interface ImageSite {
  readonly ref: ImageRef;
  /** Dotted path of the field (`spec.template.spec.containers[0].image`, `spec.values.provider.webhook.image`). */
  readonly path: string;
  /** The container's name; absent for an image set through Helm values. */
  readonly container?: string;
}

function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** `ghcr.io/org/app:v1@sha256:…` → repository, tag, digest. A `:` before the last `/` is a registry port. */
export function parseImage(ref: string): ImageRef {
  const at = ref.indexOf('@');
  const digest = at < 0 ? undefined : ref.slice(at + 1);
  const name = at < 0 ? ref : ref.slice(0, at);
  const colon = name.lastIndexOf(':');
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
  const repository = tag === undefined ? name : name.slice(0, colon);
  return { repository, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/** Pod specs of a workload, with the path to each. */
function podSpecs(obj: Located['obj']): { spec: Record<string, unknown>; path: (string | number)[] }[] {
  const at = (...keys: string[]): Record<string, unknown> | undefined => {
    let cur: unknown = obj;
    for (const k of keys) cur = rec(cur)?.[k];
    return rec(cur);
  };
  const found = (keys: string[]): { spec: Record<string, unknown>; path: string[] }[] => {
    const spec = at(...keys);
    return spec === undefined ? [] : [{ spec, path: keys }];
  };
  switch (obj.kind) {
    case 'Pod':
      return found(['spec']);
    case 'Deployment':
    case 'DaemonSet':
    case 'StatefulSet':
    case 'ReplicaSet':
    case 'Job':
      return found(['spec', 'template', 'spec']);
    case 'CronJob':
      return found(['spec', 'jobTemplate', 'spec', 'template', 'spec']);
    default:
      return [];
  }
}

/**
 * The images a workload's containers run. A container without an image is
 * returned with `ref` undefined, so the caller can report it.
 */
export function containerImages(obj: Located['obj']): { ref: ImageRef | undefined; path: string; container: string }[] {
  const out: { ref: ImageRef | undefined; path: string; container: string }[] = [];
  for (const { spec, path } of podSpecs(obj)) {
    for (const field of ['initContainers', 'containers'] as const) {
      const list = spec[field];
      if (!Array.isArray(list)) continue;
      list.forEach((container: unknown, i) => {
        const image = str(rec(container)?.image);
        out.push({ ref: image === undefined ? undefined : parseImage(image), path: formatPath([...path, field, i, 'image']), container: str(rec(container)?.name) ?? '' });
      });
    }
  }
  return out;
}

/** An image repository as charts spell it: a path with a registry host or an organisation, no spaces. */
const REPOSITORY = /^[a-z0-9][a-z0-9._:-]*(\/[a-z0-9._-]+)+$/;

/**
 * Images set through Helm values: the blocks charts read as
 * `{registry?, repository, tag?, digest?}` (the convention of
 * kube-prometheus-stack, external-dns, ingress-nginx, cert-manager …) with a
 * tag or a digest, anywhere under `values`. A chart's own default images are
 * not in the tree and not listed: the chart version pins them.
 */
export function valuesImages(values: unknown, base: readonly (string | number)[]): ImageSite[] {
  const out: ImageSite[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => walk(v, [...path, i]));
      return;
    }
    const map = rec(node);
    if (map === undefined) return;
    const repository = str(map.repository);
    const tag = str(map.tag);
    const digest = str(map.digest);
    if (repository !== undefined && REPOSITORY.test(repository) && (tag !== undefined || digest !== undefined)) {
      const registry = str(map.registry);
      out.push({
        ref: { repository: registry === undefined ? repository : `${registry}/${repository}`, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) },
        path: formatPath(path),
      });
      return;
    }
    for (const [k, v] of Object.entries(map)) walk(v, [...path, k]);
  };
  walk(values, [...base]);
  return out;
}

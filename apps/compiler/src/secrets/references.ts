/**
 * Every Secret reference in a set of rendered objects, found by field name
 * rather than by knowing each kind: `secretName`, `secretRef`,
 * `privateKeySecretRef`, `secretKeyRef`, `existingSecret` and Gateway
 * `certificateRefs` of kind Secret, at any depth (Helm values included).
 * The inventory test holds the components' `secrets` facts to it.
 */
import type { K8sObject } from '../files.ts';

/** A Secret named by a rendered object. */
export interface SecretReference {
  /** Undefined when the object is cluster-scoped and the reference names no namespace (a ClusterIssuer's Secrets live in cert-manager's). */
  readonly namespace?: string;
  readonly name: string;
  /** `Kind/namespace/name` of the object, and the field. */
  readonly from: string;
}

/** The namespace a Helm release (Flux HelmRelease or Argo CD Application) installs into. */
function releaseNamespace(obj: K8sObject): string | undefined {
  const spec = obj.spec as { targetNamespace?: string; destination?: { namespace?: string } } | undefined;
  if (obj.kind === 'HelmRelease') return spec?.targetNamespace ?? obj.metadata.namespace;
  if (obj.kind === 'Application') return spec?.destination?.namespace;
  return obj.metadata.namespace;
}

export function secretReferences(objects: readonly K8sObject[]): SecretReference[] {
  const out: SecretReference[] = [];
  for (const obj of objects) {
    const ns = releaseNamespace(obj);
    const id = [obj.kind, obj.metadata.namespace, obj.metadata.name].filter((s) => s !== undefined).join('/');
    const add = (name: unknown, field: string, namespace?: unknown): void => {
      if (typeof name !== 'string' || name === '') return;
      const n = typeof namespace === 'string' ? namespace : ns;
      out.push({ ...(n === undefined ? {} : { namespace: n }), name, from: `${id} ${field}` });
    };
    const walk = (v: unknown, path: string): void => {
      if (Array.isArray(v)) {
        v.forEach((x, i) => walk(x, `${path}[${i}]`));
        return;
      }
      if (typeof v !== 'object' || v === null) return;
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        const here = path === '' ? k : `${path}.${k}`;
        if (k === 'secretName' || k === 'existingSecret') add(x, here);
        else if ((k === 'secretRef' || k === 'privateKeySecretRef' || k === 'secretKeyRef') && typeof x === 'object' && x !== null) add((x as { name?: unknown }).name, here, (x as { namespace?: unknown }).namespace);
        else if (k === 'certificateRefs' && Array.isArray(x)) {
          for (const ref of x as { kind?: string; name?: string; namespace?: string }[]) if ((ref.kind ?? 'Secret') === 'Secret') add(ref.name, here, ref.namespace);
        }
        walk(x, here);
      }
    };
    walk(obj, '');
  }
  return out;
}

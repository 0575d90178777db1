import { standardLabels } from '@strata/core';

/** The component name, as in `rendered/<cluster>/<layer>/observability/`. */
export const COMPONENT = 'observability';

/** Path of the block in the spec. */
export const O = ['spec', 'observability'] as const;

/** Metadata of a namespaced object this package renders. */
export interface NamespacedMeta {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
}

/** Metadata of a namespaced object: explicit name and namespace, the standard labels, optional annotations. */
export function namespaced(
  cluster: string,
  namespace: string,
  name: string,
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
): NamespacedMeta {
  return {
    name,
    namespace,
    labels: { ...standardLabels(COMPONENT, cluster), ...labels },
    ...(Object.keys(annotations).length === 0 ? {} : { annotations }),
  };
}

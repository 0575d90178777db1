import { metadataFor } from '@strata/core';

/** The component name, as in `rendered/<cluster>/<layer>/observability/`. */
export const COMPONENT = 'observability';

/** Path of the block in the spec. */
export const O = ['spec', 'observability'] as const;

/** Metadata of the objects this package renders: explicit names, the standard labels. */
export const { clusterScoped, namespaced } = metadataFor(COMPONENT);
export type { ClusterScopedMeta, NamespacedMeta } from '@strata/core';

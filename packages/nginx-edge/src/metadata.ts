import { metadataFor } from '@strata/core';

/** The component name, as in `rendered/<cluster>/<layer>/nginx-edge/`. */
export const COMPONENT = 'nginx-edge';

/** Metadata of the objects this package renders: explicit names, the standard labels. */
export const { clusterScoped, namespaced } = metadataFor(COMPONENT);
export type { ClusterScopedMeta, NamespacedMeta } from '@strata/core';

import { metadataFor } from '@strata/core';

/** The component name, as in `rendered/<cluster>/<layer>/cilium-dataplane/`. */
export const COMPONENT = 'cilium-dataplane';

/** Metadata of the objects this package renders: explicit names, the standard labels. */
export const { clusterScoped, namespaced } = metadataFor(COMPONENT);
export type { ClusterScopedMeta, NamespacedMeta } from '@strata/core';

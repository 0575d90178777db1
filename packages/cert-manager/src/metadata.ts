import { metadataFor } from '@strata/core';

/** The component name, as in `rendered/<cluster>/<layer>/cert-manager/`. */
export const COMPONENT = 'cert-manager';

/** Path of the block in the spec. */
export const BLOCK_PATH = ['spec', 'certManager'] as const;

/** Metadata of the objects this package renders: explicit names, the standard labels. */
export const { clusterScoped, namespaced } = metadataFor(COMPONENT);
export type { ClusterScopedMeta, NamespacedMeta } from '@strata/core';

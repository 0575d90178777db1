import { metadataFor } from '@strata/core';

/** The component name, as in `rendered/<cluster>/<layer>/internal-dns/`. */
export const COMPONENT = 'internal-dns';

/** Path of the block in the spec. */
export const BLOCK_PATH = ['spec', 'internalDNS'] as const;

/** Metadata of the objects this package renders: explicit names, the standard labels. */
export const { clusterScoped, namespaced } = metadataFor(COMPONENT);
export type { ClusterScopedMeta, NamespacedMeta } from '@strata/core';

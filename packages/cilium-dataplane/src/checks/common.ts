/** A path from the document root, as findings carry it. */
export type Path = readonly (string | number)[];

/** `spec.cilium`, the root of every path this package reports. */
export const C = ['spec', 'cilium'] as const;

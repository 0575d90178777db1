// Names of the Cilium install that the spec side (facts, origins) and render share; constants
// only, so the package's light `spec` entry loads no models.

/** Namespace Cilium installs into. */
export const CILIUM_NAMESPACE = 'kube-system';

/** Helm release (and engine object) name of the Cilium install. */
export const CILIUM_RELEASE = 'cilium';

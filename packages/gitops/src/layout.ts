// Where things sit in a cluster's folders: constants only, so a command that just reads
// the workspace or rendered/ (a render where nothing changed, validate) loads no engine
// objects or models.

/** Folder of a cluster's SOPS-encrypted Secrets, in `clusters/<name>/` and in the rendered tree. */
export const SECRETS_FOLDER = 'secrets';

/** Folder of a rendered cluster that holds Flux's own objects (named after their namespace). */
export const FLUX_FOLDER = 'flux-system';

/** Folder of a rendered cluster that holds Argo CD's own objects (named after their namespace). */
export const ARGOCD_FOLDER = 'argocd';

/** The folder of either engine's own objects. */
export type EngineFolder = typeof FLUX_FOLDER | typeof ARGOCD_FOLDER;

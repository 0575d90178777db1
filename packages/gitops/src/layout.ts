// Where things sit in a cluster's folders: constants only, so a command that just reads
// the workspace (a render where nothing changed) loads no engine objects or models.

/** Folder of a cluster's SOPS-encrypted Secrets, in `clusters/<name>/` and in the rendered tree. */
export const SECRETS_FOLDER = 'secrets';

import { type Cluster, kubectlGeneric, type SecretRequirement } from '@strata/core';
import { ARGO_NAMESPACE, FLUX_NAMESPACE, layerObjectName } from './common.ts';

/** The Secret holding the age private key Flux decrypts SOPS files with (key `age.agekey`), made by hand at bootstrap. */
export const SOPS_AGE_SECRET = 'sops-age';
/** Key of the age private key in {@link SOPS_AGE_SECRET}; Flux takes every key ending in `.agekey`. */
export const SOPS_AGE_KEY = 'age.agekey';
export { SECRETS_FOLDER } from './layout.ts';

/**
 * The Secrets the GitOps engine itself reads: Git credentials when the
 * repository needs them, and on Flux with SOPS files the age key. Both
 * are made by hand at bootstrap (`bootstrap` is set): the engine needs them
 * before it can read, or decrypt, anything from Git.
 */
export function engineSecrets(cluster: Cluster, opts: { readonly sops: boolean }): (SecretRequirement & { readonly bootstrap?: boolean })[] {
  const { engine, repository } = cluster.spec.gitops;
  const out: (SecretRequirement & { bootstrap?: boolean })[] = [];
  const name = cluster.metadata.name;
  if (repository.secretRef !== undefined) {
    const ssh = !repository.url.startsWith('https://');
    if (engine === 'argocd') {
      out.push({
        namespace: ARGO_NAMESPACE,
        name: repository.secretRef,
        keys: ssh ? ['sshPrivateKey', 'type', 'url'] : ['password', 'type', 'url', 'username'],
        reader: { kind: 'Application', namespace: ARGO_NAMESPACE, name: layerObjectName(cluster, 'gitops'), field: 'spec.source.repoURL (repository credentials, label argocd.argoproj.io/secret-type=repository)' },
        purpose: `credentials Argo CD clones ${repository.url} with`,
        create: `${kubectlGeneric(ARGO_NAMESPACE, repository.secretRef, ssh ? ['type', 'url', 'sshPrivateKey'] : ['type', 'url', 'username', 'password'])} && kubectl -n ${ARGO_NAMESPACE} label secret ${repository.secretRef} argocd.argoproj.io/secret-type=repository`
          .replace('<type>', 'git')
          .replace('<url>', repository.url),
        component: 'gitops',
        path: ['spec', 'gitops', 'repository', 'secretRef'],
        bootstrap: true,
      });
    } else {
      out.push({
        namespace: FLUX_NAMESPACE,
        name: repository.secretRef,
        keys: ssh ? ['identity', 'known_hosts'] : ['password', 'username'],
        reader: { kind: 'GitRepository', namespace: FLUX_NAMESPACE, name, field: 'spec.secretRef' },
        purpose: ssh ? `SSH deploy key and known_hosts Flux clones ${repository.url} with` : `user name and token Flux clones ${repository.url} with`,
        create: ssh
          ? `kubectl -n ${FLUX_NAMESPACE} create secret generic ${repository.secretRef} --from-file=identity=<deploy-key> --from-file=known_hosts=<known_hosts>`
          : kubectlGeneric(FLUX_NAMESPACE, repository.secretRef, ['username', 'password']),
        component: 'gitops',
        path: ['spec', 'gitops', 'repository', 'secretRef'],
        // Flux needs it to fetch the repository, so it cannot come from the repository.
        bootstrap: true,
      });
    }
  }
  if (opts.sops && engine === 'flux') {
    out.push({
      namespace: FLUX_NAMESPACE,
      name: SOPS_AGE_SECRET,
      keys: [SOPS_AGE_KEY],
      reader: { kind: 'Kustomization', namespace: FLUX_NAMESPACE, name: layerObjectName(cluster, 'secrets'), field: 'spec.decryption.secretRef' },
      purpose: 'the age private key Flux decrypts clusters/<name>/secrets/ with (made by hand once, at bootstrap; never in Git)',
      create: `kubectl -n ${FLUX_NAMESPACE} create secret generic ${SOPS_AGE_SECRET} --from-file=${SOPS_AGE_KEY}=<age.agekey>`,
      component: 'gitops',
      path: ['spec', 'gitops', 'engine'],
      bootstrap: true,
    });
  }
  return out;
}

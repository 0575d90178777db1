import { apiGroup, at, isCommit, isExactSemver, layerOfFile, path, str, type Segments } from '../objects.ts';
import type { PolicyContext, PolicyObject, Rule, Violation } from '../types.ts';

function normalizeUrl(url: string): string {
  return url.replace(/\/+$/, '').replace(/\.git$/, '');
}

/**
 * True when a source is the workspace's own repository (the engine syncing
 * rendered/ must follow its branch). With a spec, compare with
 * spec.gitops.repository.url; without one, the engine's own folder (outside the
 * layers) holds only those sync objects.
 */
function isOwnRepository(ctx: PolicyContext, o: PolicyObject, url: string | undefined): boolean {
  if (ctx.cluster !== undefined) return url !== undefined && normalizeUrl(url) === normalizeUrl(ctx.cluster.spec.gitops.repository.url);
  return layerOfFile(o.file) === undefined;
}

function argoSources(obj: PolicyObject['obj']): { source: unknown; segments: Segments }[] {
  const single = at(obj, ['spec', 'source']);
  if (single !== undefined) return [{ source: single, segments: ['spec', 'source'] }];
  const many = at(obj, ['spec', 'sources']);
  return Array.isArray(many) ? many.map((source: unknown, i) => ({ source, segments: ['spec', 'sources', i] })) : [];
}

export const upstreamPinned: Rule = {
  id: 'upstream-pinned',
  severity: 'warning',
  title: 'upstream sources are pinned',
  rationale:
    'A branch, a tag or a version range can move upstream without a change in this repository, so what the cluster applies would no longer follow from what reviewers approved. A commit, a digest or an exact chart version cannot move.',
  hint: 'pin Git sources to a full commit (keep the tag in an annotation for humans), OCI sources to a digest, and Helm charts to an exact version',
  check(ctx) {
    const out: Violation[] = [];
    for (const object of ctx.objects) {
      const { obj } = object;
      const group = apiGroup(obj.apiVersion);
      if (group === 'source.toolkit.fluxcd.io' && obj.kind === 'GitRepository') {
        if (isOwnRepository(ctx, object, str(at(obj, ['spec', 'url'])))) continue;
        const ref = at(obj, ['spec', 'ref']);
        const commit = str(at(ref, ['commit']));
        if (commit === undefined || !isCommit(commit)) {
          const follows = (['tag', 'semver', 'branch', 'name'] as const).map((k) => [k, str(at(ref, [k]))] as const).find(([, v]) => v !== undefined);
          const what = follows === undefined ? 'its default branch' : `${follows[0]} ${follows[1]}`;
          out.push({ object, path: 'spec.ref', message: `GitRepository follows ${what}, not a commit` });
        }
      } else if (group === 'source.toolkit.fluxcd.io' && obj.kind === 'OCIRepository') {
        const digest = str(at(obj, ['spec', 'ref', 'digest']));
        if (digest === undefined || !/^sha256:[0-9a-f]{64}$/.test(digest)) out.push({ object, path: 'spec.ref', message: 'OCIRepository has no sha256 digest' });
      } else if (group === 'helm.toolkit.fluxcd.io' && obj.kind === 'HelmRelease') {
        if (at(obj, ['spec', 'chartRef']) !== undefined) continue; // pinned by the OCIRepository / HelmChart it points at
        const version = str(at(obj, ['spec', 'chart', 'spec', 'version']));
        if (version === undefined || !isExactSemver(version)) {
          out.push({ object, path: 'spec.chart.spec.version', message: `HelmRelease chart version ${version === undefined ? 'is unset (means latest)' : `"${version}" is not an exact version`}` });
        }
      } else if (group === 'source.toolkit.fluxcd.io' && obj.kind === 'HelmChart') {
        const version = str(at(obj, ['spec', 'version']));
        if (version === undefined || !isExactSemver(version)) {
          out.push({ object, path: 'spec.version', message: `HelmChart version ${version === undefined ? 'is unset (means latest)' : `"${version}" is not an exact version`}` });
        }
      } else if (group === 'argoproj.io' && obj.kind === 'Application') {
        for (const { source, segments } of argoSources(obj)) {
          const revision = str(at(source, ['targetRevision']));
          const where = path([...segments, 'targetRevision']);
          if (str(at(source, ['chart'])) !== undefined) {
            if (revision === undefined || !isExactSemver(revision)) out.push({ object, path: where, message: revision === undefined ? 'Helm chart targetRevision is unset (means latest)' : `Helm chart targetRevision "${revision}" is not an exact version` });
          } else {
            if (isOwnRepository(ctx, object, str(at(source, ['repoURL'])))) continue;
            if (revision === undefined || !isCommit(revision)) out.push({ object, path: where, message: revision === undefined ? 'Git targetRevision is unset (means HEAD)' : `Git targetRevision "${revision}" is not a commit` });
          }
        }
      }
    }
    return out;
  },
};

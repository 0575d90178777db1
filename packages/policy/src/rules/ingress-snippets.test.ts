import { describe, expect, it } from 'vitest';
import { runFixture } from './__fixtures__/load.ts';

describe('ingress-snippets', () => {
  it('warns about snippet annotations and controllers that allow them (Flux and Argo CD values)', () => {
    expect(runFixture('ingress-snippets', 'fail')).toEqual([
      'rendered/lab/config/apps/ingress-apps-web.yaml Ingress/apps/web metadata.annotations["nginx.ingress.kubernetes.io/configuration-snippet"]: warning: [ingress-snippets] Ingress uses the nginx.ingress.kubernetes.io/configuration-snippet annotation',
      'rendered/lab/config/apps/ingress-apps-web.yaml Ingress/apps/web metadata.annotations["nginx.ingress.kubernetes.io/server-snippet"]: warning: [ingress-snippets] Ingress uses the nginx.ingress.kubernetes.io/server-snippet annotation',
      'rendered/lab/controllers/nginx-edge/application-argocd-ingress-nginx-internal.yaml Application/argocd/ingress-nginx-internal spec.source.helm.valuesObject.controller.allowSnippetAnnotations: warning: [ingress-snippets] ingress-nginx allows snippet annotations',
      'rendered/lab/controllers/nginx-edge/helmrelease-flux-system-ingress-nginx-external.yaml HelmRelease/flux-system/ingress-nginx-external spec.values.controller.allowSnippetAnnotations: warning: [ingress-snippets] ingress-nginx allows snippet annotations',
    ]);
  });

  it('accepts other nginx annotations and controllers with snippets off', () => {
    expect(runFixture('ingress-snippets', 'pass')).toEqual([]);
  });
});

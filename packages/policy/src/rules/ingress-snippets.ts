import { apiGroup, at, helmValues, path } from '../objects.ts';
import type { PolicyObject, Rule, Violation } from '../types.ts';

const SNIPPET = /^nginx\.ingress\.kubernetes\.io\/[a-z0-9-]*snippet$/;

export const ingressSnippets: Rule = {
  id: 'ingress-snippets',
  severity: 'warning',
  title: 'ingress-nginx snippets are off',
  rationale:
    'Snippet annotations paste raw NGINX configuration into the shared controller, so whoever can write an Ingress can read the controller\'s secrets or reroute other tenants (CVE-2021-25742, CVE-2025-1974). ingress-nginx turns them off by default for that reason.',
  hint: 'express the behaviour with dedicated annotations or a controller ConfigMap setting; if a snippet is unavoidable, waive the rule for that object with a reason',
  check(ctx) {
    const out: Violation[] = [];
    for (const object of ctx.objects) {
      const { obj } = object;
      if (obj.kind === 'Ingress' && apiGroup(obj.apiVersion) === 'networking.k8s.io') {
        for (const key of Object.keys(obj.metadata.annotations ?? {}).sort()) {
          if (SNIPPET.test(key)) out.push({ object, path: path(['metadata', 'annotations', key]), message: `Ingress uses the ${key} annotation` });
        }
      }
      for (const { values, segments } of helmValues(object)) {
        const allow = at(values, ['controller', 'allowSnippetAnnotations']);
        if (allow === true || allow === 'true') {
          out.push({ object, path: path([...segments, 'controller', 'allowSnippetAnnotations']), message: 'ingress-nginx allows snippet annotations' });
        }
      }
    }
    return out;
  },
};

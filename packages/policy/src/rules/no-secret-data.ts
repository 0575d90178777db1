import { checkSopsDocument } from '@strata/core';
import { path, someString, walkStrings } from '../objects.ts';
import type { Rule, Violation } from '../types.ts';

/** `-----BEGIN PRIVATE KEY-----`, `-----BEGIN EC PRIVATE KEY-----`, `-----BEGIN OPENSSH PRIVATE KEY-----`, … */
const PRIVATE_KEY = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/;

/** PRIVATE_KEY's test; a plain substring search first turns away the strings that cannot match (nearly all). */
const hasPrivateKey = (value: string): boolean => value.includes('PRIVATE KEY-----') && PRIVATE_KEY.test(value);

export const noSecretData: Rule = {
  id: 'no-secret-data',
  severity: 'error',
  // Secret material in Git cannot be made acceptable by a reason.
  waivable: false,
  title: 'no secret material in rendered output',
  rationale:
    'Everything under rendered/ is committed to Git, where every clone and every CI log can read it forever. Secret data and private keys must reach the cluster out of band, or as a SOPS-encrypted Secret (every value encrypted, MAC present) that Flux decrypts in the cluster.',
  hint: 'keep the Secret SOPS-encrypted in clusters/<name>/secrets/ (Flux), or make it outside strata (`strata secrets` prints the kubectl line); keep private keys outside the work tree',
  check(ctx) {
    const out: Violation[] = [];
    for (const object of ctx.objects) {
      const { obj } = object;
      const isSecret = obj.apiVersion === 'v1' && obj.kind === 'Secret';
      // A SOPS-encrypted Secret is the one kind that may be committed; a half-encrypted one is reported value by value.
      const sops = isSecret && obj.sops !== undefined ? checkSopsDocument(obj) : undefined;
      if (sops !== undefined && sops.length === 0) continue;
      if (sops !== undefined) {
        for (const p of sops) out.push({ object, ...(p.path.length === 0 ? {} : { path: path(p.path) }), message: `SOPS-encrypted Secret: ${p.message}` });
        continue;
      }
      if (isSecret) {
        for (const field of ['data', 'stringData'] as const) {
          const value = obj[field];
          if (typeof value === 'object' && value !== null && Object.keys(value).length > 0) {
            // Name the keys, never the values.
            out.push({ object, path: field, message: `Secret carries ${field} (keys: ${Object.keys(value).sort().join(', ')})` });
          }
        }
      }
      // Paths only for the rare object that holds a key somewhere (a Secret's own data is reported above).
      if (!someString(obj, hasPrivateKey)) continue;
      walkStrings(obj, (value, segments) => {
        if (isSecret && (segments[0] === 'data' || segments[0] === 'stringData')) return;
        if (hasPrivateKey(value)) out.push({ object, path: path(segments), message: 'value contains a PEM private key block' });
      });
    }
    return out;
  },
};

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareStrings } from '@strata/core/errors';
import { SECRETS_FOLDER } from '@strata/gitops/layout';
import type { SecretFileInput } from './gate.ts';
import { ageIdentities } from './sops-crypto.ts';

/** Every file under `clusters/<name>/secrets/` (workspace-relative paths), sorted; subfolders are listed so the gate refuses them. */
export function readSecretFiles(root: string, specFile: string): SecretFileInput[] {
  const rel = `${specFile.slice(0, specFile.lastIndexOf('/'))}/${SECRETS_FOLDER}`;
  const dir = join(root, rel);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const out: SecretFileInput[] = [];
  const walk = (sub: string): void => {
    for (const e of readdirSync(join(dir, sub), { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name))) {
      const name = sub === '' ? e.name : `${sub}/${e.name}`;
      if (e.isDirectory()) walk(name);
      else out.push({ file: `${rel}/${name}`, name, bytes: readFileSync(join(dir, name)) });
    }
  };
  walk('');
  return out;
}

/**
 * The age identities to verify SOPS MACs with, found the way sops finds them:
 * `SOPS_AGE_KEY` (the key itself) and `SOPS_AGE_KEY_FILE` (a keys.txt). None
 * set: MACs are checked for presence and form only.
 */
export function identitiesFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  const out = ageIdentities(env.SOPS_AGE_KEY ?? '');
  const file = env.SOPS_AGE_KEY_FILE;
  if (file !== undefined && file !== '' && existsSync(file)) out.push(...ageIdentities(readFileSync(file, 'utf8')));
  return out;
}

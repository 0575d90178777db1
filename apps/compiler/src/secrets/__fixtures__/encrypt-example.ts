/**
 * How the homelab example's placeholder Secrets were encrypted (no `sops`
 * binary on strata's build machines): `node encrypt-example.ts <plain.yaml> <out.sops.yaml>`
 * encrypts one Secret manifest to the age recipient and rules of the matching
 * `.sops.yaml` creation rule, in the format `sops --encrypt` writes. Users run
 * `sops --encrypt` (README); this writer is for fixtures and examples only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { sopsEncrypt } from './sops-writer.ts';

const REPO = fileURLToPath(new URL('../../../../../', import.meta.url));

interface CreationRule {
  path_regex?: string;
  age?: string;
  encrypted_regex?: string;
}

const [input, output] = process.argv.slice(2);
if (input === undefined || output === undefined) throw new Error('usage: encrypt-example.ts <plain.yaml> <out.sops.yaml>');
const rules = (parse(readFileSync(join(REPO, '.sops.yaml'), 'utf8')) as { creation_rules: CreationRule[] }).creation_rules;
const target = relative(REPO, output);
const rule = rules.find((r) => r.path_regex === undefined || new RegExp(r.path_regex).test(target));
if (rule?.age === undefined) throw new Error(`no .sops.yaml creation rule with an age recipient matches ${target}`);
const { text } = await sopsEncrypt(parse(readFileSync(input, 'utf8')) as Record<string, unknown>, {
  recipients: rule.age.split(',').map((r) => r.trim()),
  rules: rule.encrypted_regex === undefined ? { unencrypted_suffix: '_unencrypted' } : { encrypted_regex: rule.encrypted_regex },
  lastmodified: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
});
writeFileSync(output, text);

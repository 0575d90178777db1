/**
 * Regenerates the SOPS test fixtures: `node apps/compiler/src/secrets/__fixtures__/generate.ts`.
 * The age key in `test.agekey` exists for these tests only (it protects nothing).
 * Each run makes new data keys and IVs, so the files' bytes change; what they
 * mean does not. `sops-age` (an independent SOPS reader) decrypts them in
 * sops-format.test.ts: that test is the proof the format is right.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { parseDocument, stringify } from 'yaml';
import { encryptLeaf, sopsEncrypt } from './sops-writer.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
export const KEY_FILE = join(here, 'test.agekey');
export const FILES = join(here, 'files');
/** Fixed, so regenerating only changes the random parts. */
const LASTMODIFIED = '2026-12-01T10:00:00Z';
const FLUX_RULES = { encrypted_regex: '^(data|stringData)$' };

/** A Secret manifest with a token in stringData and base64 data. */
function secret(name: string, namespace: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'Opaque',
    stringData: { token: 'fixture-token-not-a-secret', 'config.json': '{"account":"fixture"}' },
    data: { password: Buffer.from('fixture-password').toString('base64') },
    ...extra,
  };
}

async function main(): Promise<void> {
  if (!existsSync(KEY_FILE)) {
    const identity = await generateX25519Identity();
    writeFileSync(KEY_FILE, `# age key for strata's SOPS test fixtures only; it protects nothing\n# public key: ${await identityToRecipient(identity)}\n${identity}\n`);
  }
  const identity = readFileSync(KEY_FILE, 'utf8').split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-1'))!;
  const recipient = await identityToRecipient(identity);
  mkdirSync(FILES, { recursive: true });
  const write = (name: string, text: string) => writeFileSync(join(FILES, name), text);
  const opts = { recipients: [recipient], rules: FLUX_RULES, lastmodified: LASTMODIFIED };

  // What Flux wants: data and stringData encrypted, identity in plaintext, a MAC over everything.
  const valid = await sopsEncrypt(secret('app-credentials', 'apps'), opts);
  write('valid.sops.yaml', valid.text);

  // A value swapped for another encryption under the same data key and path: it decrypts, but the MAC no longer matches.
  const tampered = parseDocument(valid.text);
  tampered.setIn(['stringData', 'token'], encryptLeaf({ keys: ['stringData', 'token'], value: 'swapped-token' }, valid.dataKey));
  write('tampered.sops.yaml', tampered.toString({ indent: 4, lineWidth: 0 }));

  // A key added in plaintext after encryption (the commonest leak).
  const leaked = parseDocument(valid.text);
  leaked.setIn(['stringData', 'api-key'], 'plaintext-added-later');
  write('leaked.sops.yaml', leaked.toString({ indent: 4, lineWidth: 0 }));

  // The MAC removed.
  const noMac = parseDocument(valid.text);
  noMac.deleteIn(['sops', 'mac']);
  write('no-mac.sops.yaml', noMac.toString({ indent: 4, lineWidth: 0 }));

  // The file's own rule (unencrypted_regex) leaves a data key in plaintext: sops is happy, Secret data is not.
  const byRule = await sopsEncrypt(secret('app-credentials', 'apps', { data: { password: Buffer.from('fixture-password').toString('base64'), note: 'cGxhaW4=' } }), {
    recipients: [recipient],
    rules: { unencrypted_regex: '^(apiVersion|kind|metadata|type|note)$' },
    lastmodified: LASTMODIFIED,
  });
  write('unencrypted-rule.sops.yaml', byRule.text);

  // Never encrypted at all.
  write('plain.yaml', stringify(secret('app-credentials', 'apps')));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();

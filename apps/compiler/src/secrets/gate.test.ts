import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatFinding } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { FILES, KEY_FILE } from './__fixtures__/generate.ts';
import { checkSecretFiles, renderedSopsName } from './gate.ts';
import { sopsEncrypt } from './__fixtures__/sops-writer.ts';
import { ageIdentities } from './sops-crypto.ts';

const key = ageIdentities(readFileSync(KEY_FILE, 'utf8'));

const input = (name: string, as = name) => ({ file: `clusters/lab/secrets/${as}`, name: as, bytes: readFileSync(join(FILES, name)) });
const gate = async (name: string, identities: readonly string[] = key, as?: string) => {
  const r = await checkSecretFiles([input(name, as)], { identities });
  return { provided: r.provided, lines: r.findings.map((f) => `${formatFinding(f)} | ${f.code}`) };
};

describe('the secrets/ gate', () => {
  it('accepts a SOPS file with every value encrypted and verifies its MAC with the key', async () => {
    const { provided, lines } = await gate('valid.sops.yaml');
    expect(lines).toEqual([]);
    expect(provided).toMatchObject([{ namespace: 'apps', secret: 'app-credentials', keys: ['config.json', 'password', 'token'], verified: true }]);
    expect(provided[0]?.content).toBe(readFileSync(join(FILES, 'valid.sops.yaml'), 'utf8'));
  });

  it('verifies a MAC over the encrypted values only (mac_only_encrypted), as sops 3.9 writes it', async () => {
    const { identityToRecipient } = await import('age-encryption');
    const doc = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'only', namespace: 'apps' }, stringData: { token: 't' } };
    const opts = { recipients: [await identityToRecipient(key[0]!)], lastmodified: '2026-12-01T10:00:00Z' };
    const only = await sopsEncrypt(doc, { ...opts, rules: { encrypted_regex: '^(data|stringData)$', mac_only_encrypted: true } });
    const ok = await checkSecretFiles([{ file: 'clusters/lab/secrets/only.yaml', name: 'only.yaml', bytes: Buffer.from(only.text) }], { identities: key });
    expect([ok.findings, ok.provided.map((p) => p.verified)]).toEqual([[], [true]]);
    // The same MAC read as covering every value does not match: the prefix keeps the two apart.
    const flipped = only.text.replace('mac_only_encrypted: true', 'mac_only_encrypted: false');
    const bad = await checkSecretFiles([{ file: 'clusters/lab/secrets/only.yaml', name: 'only.yaml', bytes: Buffer.from(flipped) }], { identities: key });
    expect(bad.findings.map((f) => f.code)).toEqual(['STRATA6003']);
  });

  it('without a key checks that the MAC is present and well-formed only', async () => {
    expect(await gate('valid.sops.yaml', [])).toMatchObject({ lines: [], provided: [{ verified: false }] });
    // A key that opens nothing: said so, as a warning.
    const other = await gate('valid.sops.yaml', await otherKey());
    expect(other.lines).toEqual([
      expect.stringMatching(/^clusters\/lab\/secrets\/valid\.sops\.yaml:\d+:9 warning: no age key given opens this file: its MAC is checked for presence and form only \| STRATA6007$/),
    ]);
  });

  it('refuses a value changed after encryption: the MAC does not match', async () => {
    const { provided, lines } = await gate('tampered.sops.yaml');
    expect(provided).toEqual([]);
    expect(lines).toEqual([expect.stringMatching(/^clusters\/lab\/secrets\/tampered\.sops\.yaml:\d+:10 sops\.mac: the MAC does not match the values: the file was changed after encryption \| STRATA6003$/)]);
  });

  it('refuses a plaintext value under stringData, at its line, naming the key and never the value', async () => {
    const { lines } = await gate('leaked.sops.yaml', []);
    expect(lines).toEqual(['clusters/lab/secrets/leaked.sops.yaml:10:14 stringData.api-key: stringData.api-key is plaintext (edited after encryption?): Secret data must be encrypted | STRATA6002']);
    expect(lines.join('')).not.toContain('plaintext-added-later');
  });

  it('refuses a plaintext comment among the encrypted values, and accepts comments elsewhere', async () => {
    const text = readFileSync(join(FILES, 'valid.sops.yaml'), 'utf8');
    const commented = text.replace('stringData:\n', '# the app reads these at start\nstringData:\n    # token: the one from the vault\n');
    const r = await checkSecretFiles([{ file: 'clusters/lab/secrets/c.yaml', name: 'c.yaml', bytes: Buffer.from(commented) }], { identities: [] });
    expect(r.findings.map(formatFinding)).toEqual(['clusters/lab/secrets/c.yaml:9:5 a plaintext comment sits among the encrypted values (sops encrypts comments there): it may say what a value is']);
    const outside = text.replace('stringData:\n', '# the app reads these at start\nstringData:\n');
    expect((await checkSecretFiles([{ file: 'clusters/lab/secrets/c.yaml', name: 'c.yaml', bytes: Buffer.from(outside) }], { identities: [] })).findings).toEqual([]);
  });

  it("refuses Secret data the file's own unencrypted_regex leaves in plaintext", async () => {
    const { lines } = await gate('unencrypted-rule.sops.yaml');
    expect(lines).toEqual(["clusters/lab/secrets/unencrypted-rule.sops.yaml:12:11 data.note: data.note is left in plaintext by the file's unencrypted_regex ^(apiVersion|kind|metadata|type|note)$: Secret data must be encrypted | STRATA6002"]);
  });

  it('refuses a file without a MAC and a plaintext Secret', async () => {
    expect((await gate('no-mac.sops.yaml')).lines).toEqual([
      expect.stringMatching(/^clusters\/lab\/secrets\/no-mac\.sops\.yaml:\d+:5 sops: has no MAC \(sops\.mac\): nothing proves the values are the ones that were encrypted \| STRATA6003$/),
    ]);
    expect((await gate('plain.yaml')).lines).toEqual(['clusters/lab/secrets/plain.yaml:1:1 is not SOPS-encrypted (no sops metadata): a plaintext Secret must never be committed | STRATA6001']);
  });

  it('checks the Secret Flux applies (the file without its sops key) strictly: a misspelt field is an error at its line', async () => {
    const text = readFileSync(join(FILES, 'valid.sops.yaml'), 'utf8').replace('    namespace: apps\n', '    namespace: apps\n    lables: {app: web}\n');
    const r = await checkSecretFiles([{ file: 'clusters/lab/secrets/s.yaml', name: 's.yaml', bytes: Buffer.from(text) }], { identities: [] });
    expect(r.provided).toEqual([]);
    expect(r.findings.map((f) => `${f.file}:${f.line} ${f.path}: ${f.message}`)).toEqual(['clusters/lab/secrets/s.yaml:6 metadata.lables: unknown field (did you mean labels?)']);
  });

  it('takes the rendered copies by their own names (secret-<namespace>-<name>.sops), and only those', async () => {
    const copy = (name: string) => ({ file: `rendered/lab/secrets/${name}`, name, bytes: readFileSync(join(FILES, 'valid.sops.yaml')) });
    expect(renderedSopsName({ namespace: 'apps', secret: 'app-credentials' })).toBe('secret-apps-app-credentials.sops');
    expect((await checkSecretFiles([copy('secret-apps-app-credentials.sops')], { identities: [], renderedCopies: true })).findings).toEqual([]);
    const named = await checkSecretFiles([copy('app-credentials.sops.yaml')], { identities: [], renderedCopies: true });
    expect(named.findings.map(formatFinding)).toEqual(['rendered/lab/secrets/app-credentials.sops.yaml:1:1 is not a copy strata renders (secret-<namespace>-<name>.sops)']);
  });

  it('refuses files that are not YAML manifests, and a Secret provided twice', async () => {
    expect((await gate('valid.sops.yaml', [], 'notes.txt')).lines).toEqual(['clusters/lab/secrets/notes.txt:1:1 only SOPS-encrypted Secret manifests (*.yaml, no subfolders) belong in secrets/ | STRATA6001']);
    const twice = await checkSecretFiles([input('valid.sops.yaml'), input('valid.sops.yaml', 'copy.sops.yaml')], { identities: [] });
    expect(twice.findings.map(formatFinding)).toEqual(['clusters/lab/secrets/copy.sops.yaml:1:1 Secret apps/app-credentials is also in clusters/lab/secrets/valid.sops.yaml']);
  });
});

async function otherKey(): Promise<string[]> {
  const { generateX25519Identity } = await import('age-encryption');
  return [await generateX25519Identity()];
}

import { describe, expect, it } from 'vitest';
import { checkSopsDocument, sopsEncrypts, sopsRules } from './sops.ts';

const ENC = 'ENC[AES256_GCM,data:AAAA,iv:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]';
const meta = (extra: object = {}) => ({ age: [{ recipient: 'age1x', enc: '-----BEGIN AGE ENCRYPTED FILE-----' }], lastmodified: '2026-12-01T10:00:00Z', mac: ENC, version: '3.10.2', ...extra });
const secret = (stringData: object, sops: object = meta({ encrypted_regex: '^(data|stringData)$' })) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x', namespace: 'apps' }, stringData, sops });

describe('sopsEncrypts', () => {
  it('follows the order of sops: unencrypted_suffix, encrypted_suffix, unencrypted_regex, encrypted_regex', () => {
    expect(sopsEncrypts(['metadata', 'name'], sopsRules({ encrypted_regex: '^(data|stringData)$' }))).toBe(false);
    expect(sopsEncrypts(['stringData', 'token'], sopsRules({ encrypted_regex: '^(data|stringData)$' }))).toBe(true);
    expect(sopsEncrypts(['data', 'note_unencrypted'], sopsRules({ unencrypted_suffix: '_unencrypted' }))).toBe(false);
    expect(sopsEncrypts(['data', 'token'], sopsRules({ unencrypted_suffix: '_unencrypted' }))).toBe(true);
    expect(sopsEncrypts(['data', 'token'], sopsRules({ encrypted_suffix: '_secret' }))).toBe(false);
    expect(sopsEncrypts(['data', 'token_secret'], sopsRules({ encrypted_suffix: '_secret' }))).toBe(true);
    expect(sopsEncrypts(['data', 'note'], sopsRules({ unencrypted_regex: '^note$' }))).toBe(false);
  });
});

describe('checkSopsDocument', () => {
  it('accepts a Secret whose data values are all encrypted, with an age recipient and a MAC', () => {
    expect(checkSopsDocument(secret({ token: ENC }))).toEqual([]);
  });

  it('names plaintext Secret data by key, whichever rule left it so, and never prints the value', () => {
    const problems = checkSopsDocument(secret({ token: ENC, leaked: 'hunter2' }));
    expect(problems.map((p) => [p.kind, p.path, p.message])).toEqual([['plaintext', ['stringData', 'leaked'], 'stringData.leaked is plaintext (edited after encryption?): Secret data must be encrypted']]);
    expect(JSON.stringify(problems)).not.toContain('hunter2');
    const byRule = checkSopsDocument(secret({ token: ENC, note: 'x' }, meta({ unencrypted_regex: '^(apiVersion|kind|metadata|note)$' })));
    expect(byRule.map((p) => p.message)).toEqual(["stringData.note is left in plaintext by the file's unencrypted_regex ^(apiVersion|kind|metadata|note)$: Secret data must be encrypted"]);
  });

  it('refuses no SOPS metadata, a missing or malformed MAC, no age recipient and encrypted identity fields', () => {
    expect(checkSopsDocument({ apiVersion: 'v1', kind: 'Secret', stringData: { a: 'b' } }).map((p) => p.kind)).toEqual(['not-sops']);
    expect(checkSopsDocument(secret({ token: ENC }, meta({ mac: undefined, encrypted_regex: '^(data|stringData)$' }))).map((p) => [p.kind, p.path])).toEqual([['mac', ['sops']]]);
    expect(checkSopsDocument(secret({ token: ENC }, meta({ mac: 'deadbeef', encrypted_regex: '^(data|stringData)$' }))).map((p) => [p.kind, p.path])).toEqual([['mac', ['sops', 'mac']]]);
    expect(checkSopsDocument(secret({ token: ENC }, meta({ age: [], encrypted_regex: '^(data|stringData)$' }))).map((p) => [p.kind, p.path])).toEqual([['format', ['sops', 'age']]]);
    // sops' default rules encrypt everything, identity included: Flux could not read it.
    const all = checkSopsDocument({ apiVersion: ENC, kind: ENC, metadata: { name: ENC, namespace: ENC }, stringData: { token: ENC }, sops: meta({ unencrypted_suffix: '_unencrypted' }) });
    expect(all.map((p) => p.path.join('.'))).toEqual(['apiVersion', 'kind', 'metadata.name', 'metadata.namespace']);
  });
});

import { createDecipheriv, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decryptSops } from 'sops-age';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FILES, KEY_FILE } from './__fixtures__/generate.ts';

const identity = readFileSync(KEY_FILE, 'utf8').split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-1'))!;
const read = (name: string) => readFileSync(join(FILES, name), 'utf8');

/** Leaves of a decrypted document in key order, as SOPS hashes them (no sops key). */
function leaves(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => leaves(x, out));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) k !== 'sops' && leaves(x, out);
  else if (v !== null && v !== undefined) out.push(typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v));
  return out;
}

/** AES-256-GCM open of an ENC[…] value, written here from the format's description (not strata's code). */
function open(value: string, key: Uint8Array, aad: string): string {
  const m = /^ENC\[AES256_GCM,data:(.*),iv:(.*),tag:(.*),type:str\]$/.exec(value)!;
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(m[2]!, 'base64'));
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(Buffer.from(m[3]!, 'base64'));
  return Buffer.concat([d.update(Buffer.from(m[1]!, 'base64')), d.final()]).toString();
}

describe('the SOPS fixtures, read by an independent SOPS reader (sops-age)', () => {
  it('decrypts every value of the valid file with the test age key', async () => {
    const plain = (await decryptSops(read('valid.sops.yaml'), { fileType: 'yaml', secretKey: identity })) as Record<string, unknown>;
    expect(plain).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'app-credentials', namespace: 'apps' },
      type: 'Opaque',
      stringData: { token: 'fixture-token-not-a-secret', 'config.json': '{"account":"fixture"}' },
      data: { password: Buffer.from('fixture-password').toString('base64') },
    });
  });

  it('has a MAC that is the SHA-512 of the decrypted values, under the data key sops-age recovers', async () => {
    const text = read('valid.sops.yaml');
    const doc = parse(text) as { sops: { mac: string; lastmodified: string; age: { enc: string }[] } };
    const plain = await decryptSops(text, { fileType: 'yaml', secretKey: identity });
    const { Decrypter, armor } = await import('age-encryption');
    const d = new Decrypter();
    d.addIdentity(identity);
    const dataKey = await d.decrypt(armor.decode(doc.sops.age[0]!.enc), 'uint8array');
    const mac = createHash('sha512');
    for (const leaf of leaves(plain)) mac.update(leaf);
    expect(open(doc.sops.mac, dataKey, doc.sops.lastmodified)).toBe(mac.digest('hex').toUpperCase());
  });

  it('still decrypts the tampered file value by value: only the MAC tells', async () => {
    const plain = (await decryptSops(read('tampered.sops.yaml'), { fileType: 'yaml', secretKey: identity })) as { stringData: { token: string } };
    expect(plain.stringData.token).toBe('swapped-token');
  });
});

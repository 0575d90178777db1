/**
 * The cryptography of the SOPS file format, from Node's crypto and the age
 * reference implementation for TypeScript (`age-encryption`): no primitive is
 * written here. SOPS encrypts each value with AES-256-GCM under a random
 * 32-byte data key, with a 32-byte IV and the value's path of map keys
 * (`stringData:token:`) as additional data; the MAC is the SHA-512 of every
 * value (uppercase hex; comments left out; with `mac_only_encrypted`, only the
 * encrypted values after a fixed prefix) encrypted the same way with
 * `sops.lastmodified` as additional data; the data key is age-encrypted to
 * each recipient. Checked against getsops/sops `sops.go` (Tree.Encrypt/Decrypt).
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { SOPS_VALUE, type SopsLeaf } from '@strata/core/sops';

/** The SOPS value types and how a plaintext leaf of each kind is written (Go's `ToBytes`). */
export type SopsType = 'str' | 'int' | 'float' | 'bool';

/** Bytes SOPS hashes for a leaf: strings as UTF-8, booleans as `True`/`False`, numbers in decimal. */
export function leafBytes(value: unknown): Buffer {
  if (typeof value === 'boolean') return Buffer.from(value ? 'True' : 'False');
  return Buffer.from(String(value), 'utf8');
}

/** The additional data of a value: its map keys joined, each followed by `:`. */
export function additionalData(keys: readonly string[]): string {
  return `${keys.join(':')}:`;
}

/** Encrypts one value the SOPS way (fixtures and tests use it; strata never writes secrets). */
export function encryptValue(plain: Buffer, type: SopsType, key: Buffer, aad: string, iv: Buffer): string {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString('base64')},tag:${tag.toString('base64')},type:${type}]`;
}

/** Decrypts one `ENC[AES256_GCM,…]` value; throws when the tag does not authenticate it (wrong key, path or tampering). */
export function decryptValue(value: string, key: Buffer, aad: string): Buffer {
  const m = SOPS_VALUE.exec(value);
  if (m === null) throw new Error('not an ENC[AES256_GCM,…] value');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(m[2]!, 'base64'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(m[3]!, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(m[1]!, 'base64')), decipher.final()]);
}

/**
 * What SOPS feeds the hash first when `mac_only_encrypted` is set, so such a MAC
 * never equals one over every value: sha256("sops") (sops.go, MACOnlyEncryptedInitialization).
 */
export const MAC_ONLY_ENCRYPTED_INIT = createHash('sha256').update('sops').digest();

/** The MAC of a document's leaves, as SOPS writes it before encrypting: uppercase hex SHA-512. */
export function macOf(hashed: readonly Buffer[], macOnlyEncrypted = false): string {
  const hash = createHash('sha512');
  if (macOnlyEncrypted) hash.update(MAC_ONLY_ENCRYPTED_INIT);
  for (const b of hashed) hash.update(b);
  return hash.digest('hex').toUpperCase();
}

/** The age identities (`AGE-SECRET-KEY-1…`) in the text of a key file; comments and blank lines are skipped. */
export function ageIdentities(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.toUpperCase().startsWith('AGE-SECRET-KEY-1'));
}

/** Age-encrypts a data key to the recipients, armored as SOPS stores it in `sops.age[].enc`. */
export async function wrapDataKey(dataKey: Buffer, recipient: string): Promise<string> {
  const { armor, Encrypter } = await import('age-encryption');
  const e = new Encrypter();
  e.addRecipient(recipient);
  return armor.encode(await e.encrypt(new Uint8Array(dataKey)));
}

/** The data key from the first `sops.age[].enc` one of `identities` opens, or undefined. */
export async function unwrapDataKey(stanzas: readonly { readonly enc: string }[], identities: readonly string[]): Promise<Buffer | undefined> {
  if (identities.length === 0) return undefined;
  // Loaded here, on the first key to unwrap: age and its post-quantum curves cost every run ~50 ms to import.
  const { armor, Decrypter } = await import('age-encryption');
  for (const { enc } of stanzas) {
    const d = new Decrypter();
    for (const id of identities) d.addIdentity(id);
    try {
      return Buffer.from(await d.decrypt(armor.decode(enc.trim() + '\n'), 'uint8array'));
    } catch {
      // Not for these identities (or damaged): try the next recipient.
    }
  }
  return undefined;
}

/** What the full check of a file's MAC found. */
export type MacVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'no-key' }
  | { readonly ok: false; readonly reason: 'value'; readonly leaf: SopsLeaf }
  | { readonly ok: false; readonly reason: 'mac' };

/**
 * Verifies a SOPS document with its data key: every encrypted leaf must
 * authenticate under its path, and the SHA-512 of all leaves (only the
 * encrypted ones with `mac_only_encrypted`) must equal the decrypted MAC.
 * `leaves` come in document order; `encrypted(leaf)` says which SOPS encrypts.
 */
export function verifyWithKey(
  leaves: readonly SopsLeaf[],
  encrypted: (leaf: SopsLeaf) => boolean,
  meta: { readonly mac: string; readonly lastmodified: string; readonly macOnlyEncrypted: boolean },
  dataKey: Buffer,
): MacVerdict {
  const hashed: Buffer[] = [];
  for (const leaf of leaves) {
    const isEnc = typeof leaf.value === 'string' && SOPS_VALUE.test(leaf.value);
    if (encrypted(leaf) && isEnc) {
      try {
        hashed.push(decryptValue(leaf.value as string, dataKey, additionalData(leaf.keys)));
      } catch {
        return { ok: false, reason: 'value', leaf };
      }
    } else if (!meta.macOnlyEncrypted) {
      hashed.push(leafBytes(leaf.value));
    }
  }
  let expected: string;
  try {
    expected = decryptValue(meta.mac, dataKey, meta.lastmodified).toString('utf8');
  } catch {
    return { ok: false, reason: 'mac' };
  }
  return expected === macOf(hashed, meta.macOnlyEncrypted) ? { ok: true } : { ok: false, reason: 'mac' };
}

/**
 * Writes files in the SOPS YAML format, for test fixtures and the example's
 * placeholder Secrets only (strata never encrypts: users run `sops`). The
 * format as sops 3.x writes it: every leaf the rules select becomes
 * `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]`, AES-256-GCM under a random data
 * key with a 32-byte IV and the leaf's path of map keys (`stringData:token:`)
 * as additional data; `sops.mac` is the uppercase-hex SHA-512 of every leaf in
 * document order, encrypted with `lastmodified` as additional data; the data
 * key is age-encrypted (armored) to each recipient.
 */
import { randomBytes } from 'node:crypto';
import { type SopsLeaf, sopsEncrypts, sopsLeaves, sopsRules } from '@strata/core';
import { stringify } from 'yaml';
import { additionalData, encryptValue, leafBytes, macOf, type SopsType, wrapDataKey } from '../sops-crypto.ts';

/** The rule keys of a `.sops.yaml` creation rule, as they land in the file's metadata. */
export interface WriterRules {
  readonly mac_only_encrypted?: boolean;
  readonly encrypted_regex?: string;
  readonly unencrypted_regex?: string;
  readonly encrypted_suffix?: string;
  readonly unencrypted_suffix?: string;
}

export interface WriterOptions {
  readonly recipients: readonly string[];
  readonly rules?: WriterRules;
  /** RFC 3339, as sops writes it; fixed so fixtures do not move with the clock. */
  readonly lastmodified: string;
  /** Reuse a data key (to forge a tampered value that still authenticates). */
  readonly dataKey?: Buffer;
}

function typeOf(value: unknown): SopsType {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'str';
}

/** Replaces the leaf at `path` in a plain object tree. */
function setAt(root: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let node: unknown = root;
  for (const k of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[k];
  (node as Record<string | number, unknown>)[path[path.length - 1]!] = value;
}

/** Encrypts one leaf value with `key` under its SOPS path. */
export function encryptLeaf(leaf: Pick<SopsLeaf, 'keys' | 'value'>, key: Buffer): string {
  return encryptValue(leafBytes(leaf.value), typeOf(leaf.value), key, additionalData(leaf.keys), randomBytes(32));
}

/** Encrypts `doc` (a plain object: apiVersion, kind, metadata, data…) the way `sops --encrypt` does; returns the YAML text and the data key. */
export async function sopsEncrypt(doc: Record<string, unknown>, opts: WriterOptions): Promise<{ text: string; dataKey: Buffer }> {
  const dataKey = opts.dataKey ?? randomBytes(32);
  const rules = opts.rules ?? { unencrypted_suffix: '_unencrypted' };
  const compiled = sopsRules(rules as Record<string, unknown>);
  const out = structuredClone(doc);
  const hashed: Buffer[] = [];
  for (const leaf of sopsLeaves(doc)) {
    const encrypts = sopsEncrypts(leaf.keys, compiled);
    if (encrypts || !compiled.macOnlyEncrypted) hashed.push(leafBytes(leaf.value));
    // sops leaves an empty string as it is (aes/cipher.go: isEmpty).
    if (encrypts && leaf.value !== '') setAt(out, leaf.path, encryptLeaf(leaf, dataKey));
  }
  const mac = encryptValue(Buffer.from(macOf(hashed, compiled.macOnlyEncrypted)), 'str', dataKey, opts.lastmodified, randomBytes(32));
  const age = [];
  for (const recipient of opts.recipients) age.push({ recipient, enc: await wrapDataKey(dataKey, recipient) });
  out.sops = { age, lastmodified: opts.lastmodified, mac, ...rules, version: '3.10.2' };
  // sops quotes the timestamp, so YAML 1.1 readers see a string too.
  const text = stringify(out, { indent: 4, lineWidth: 0 }).replace(`lastmodified: ${opts.lastmodified}\n`, `lastmodified: "${opts.lastmodified}"\n`);
  return { text, dataKey };
}

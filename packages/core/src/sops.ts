/**
 * The shape of a SOPS-encrypted Secret manifest, checked without any key:
 * which values the file's own rules say are encrypted, that each of those is
 * an `ENC[AES256_GCM,…]` value, that nothing under `data`/`stringData` is
 * plaintext, and that the file carries an age recipient and a MAC. Pure; the
 * compiler adds the cryptographic MAC check when a key is at hand.
 *
 * The rules mirror SOPS (`sops.go`, `Tree.Encrypt`): leaves are walked with the
 * path of map keys (list items share their parent's path); a leaf is encrypted
 * unless `unencrypted_suffix` ends a key of its path; with `encrypted_suffix`
 * only leaves under such a key are; `unencrypted_regex` exempts leaves under a
 * matching key; with `encrypted_regex` only leaves under a matching key are.
 */

/** One encrypted SOPS value: `ENC[AES256_GCM,data:…,iv:…,tag:…,type:str]` (base64 parts). */
export const SOPS_VALUE = /^ENC\[AES256_GCM,data:([A-Za-z0-9+/]*={0,2}),iv:([A-Za-z0-9+/]+={0,2}),tag:([A-Za-z0-9+/]+={0,2}),type:(str|int|int64|float|bool|bytes|comment)\]$/;

/** The rules in a file's `sops` metadata that decide which leaves are encrypted. */
export interface SopsRules {
  readonly unencryptedSuffix?: string;
  readonly encryptedSuffix?: string;
  readonly unencryptedRegex?: RegExp;
  readonly encryptedRegex?: RegExp;
  /** `mac_only_encrypted`: the MAC covers only encrypted leaves. */
  readonly macOnlyEncrypted: boolean;
}

/** A problem with a SOPS file; `path` is from the document root (`['stringData', 'token']`, `['sops', 'mac']`). */
export interface SopsProblem {
  /** `not-sops`: no SOPS metadata; `mac`: MAC or what it is bound to missing or malformed; `plaintext`: a value that must be encrypted is not; `format`: the rest. */
  readonly kind: 'not-sops' | 'mac' | 'plaintext' | 'format';
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly hint: string;
}

/** A leaf of the document, in walk order, with its SOPS path (map keys only) and its document path. */
export interface SopsLeaf {
  readonly keys: readonly string[];
  readonly path: readonly (string | number)[];
  readonly value: unknown;
}

const ENCRYPT_HINT = 'encrypt the file again with `sops --encrypt --in-place <file>` (with `encrypted_regex: ^(data|stringData)$` in .sops.yaml), never edit an encrypted file by hand';

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The leaves of `doc` outside the `sops` key, in key order, as SOPS walks them. */
export function sopsLeaves(doc: Record<string, unknown>): SopsLeaf[] {
  const out: SopsLeaf[] = [];
  const walk = (value: unknown, keys: string[], path: (string | number)[]): void => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, keys, [...path, i]));
    else if (isMap(value)) for (const [k, v] of Object.entries(value)) walk(v, [...keys, k], [...path, k]);
    else if (value !== null && value !== undefined) out.push({ keys, path, value });
  };
  for (const [k, v] of Object.entries(doc)) if (k !== 'sops') walk(v, [k], [k]);
  return out;
}

/** The encryption rules of a file's `sops` metadata; a regex that does not compile is a problem. */
export function sopsRules(meta: Record<string, unknown>, problems: SopsProblem[] = []): SopsRules {
  const regex = (key: string): RegExp | undefined => {
    const v = meta[key];
    if (typeof v !== 'string' || v === '') return undefined;
    try {
      return new RegExp(v);
    } catch {
      problems.push({ kind: 'format', path: ['sops', key], message: `${key} is not a regular expression strata can read`, hint: 'use a plain pattern such as ^(data|stringData)$' });
      return undefined;
    }
  };
  const str = (key: string): string | undefined => (typeof meta[key] === 'string' && meta[key] !== '' ? (meta[key] as string) : undefined);
  const unencryptedSuffix = str('unencrypted_suffix');
  const encryptedSuffix = str('encrypted_suffix');
  const unencryptedRegex = regex('unencrypted_regex');
  const encryptedRegex = regex('encrypted_regex');
  return {
    ...(unencryptedSuffix === undefined ? {} : { unencryptedSuffix }),
    ...(encryptedSuffix === undefined ? {} : { encryptedSuffix }),
    ...(unencryptedRegex === undefined ? {} : { unencryptedRegex }),
    ...(encryptedRegex === undefined ? {} : { encryptedRegex }),
    macOnlyEncrypted: meta.mac_only_encrypted === true,
  };
}

/** Whether SOPS encrypts the leaf at `keys` under `rules` (the order of `Tree.Encrypt`). */
export function sopsEncrypts(keys: readonly string[], rules: SopsRules): boolean {
  let encrypted = true;
  if (rules.unencryptedSuffix !== undefined && keys.some((k) => k.endsWith(rules.unencryptedSuffix!))) encrypted = false;
  if (rules.encryptedSuffix !== undefined) encrypted = keys.some((k) => k.endsWith(rules.encryptedSuffix!));
  if (rules.unencryptedRegex !== undefined && keys.some((k) => rules.unencryptedRegex!.test(k))) encrypted = false;
  if (rules.encryptedRegex !== undefined) encrypted = keys.some((k) => rules.encryptedRegex!.test(k));
  return encrypted;
}

/** The rule that leaves `keys` unencrypted, for messages. */
function exemptingRule(keys: readonly string[], rules: SopsRules): string {
  if (rules.encryptedRegex !== undefined && !keys.some((k) => rules.encryptedRegex!.test(k))) return `encrypted_regex ${rules.encryptedRegex.source}`;
  if (rules.unencryptedRegex !== undefined && keys.some((k) => rules.unencryptedRegex!.test(k))) return `unencrypted_regex ${rules.unencryptedRegex.source}`;
  if (rules.encryptedSuffix !== undefined) return `encrypted_suffix ${rules.encryptedSuffix}`;
  return `unencrypted_suffix ${rules.unencryptedSuffix ?? ''}`;
}

/** The identity fields Flux, kustomize and strata read: they must stay plaintext. */
const IDENTITY = [['apiVersion'], ['kind'], ['metadata', 'name'], ['metadata', 'namespace']] as const;

/**
 * Every problem of a parsed Secret manifest as a SOPS file, without a key:
 * not SOPS at all, no age recipient, no or malformed MAC, identity fields
 * encrypted, and any value that should be encrypted (or lies under
 * `data`/`stringData`) but is plaintext. Messages name keys, never values.
 */
export function checkSopsDocument(doc: unknown): SopsProblem[] {
  if (!isMap(doc)) return [{ kind: 'not-sops', path: [], message: 'is not a YAML mapping', hint: 'a secrets/ file holds one Secret manifest' }];
  const meta = doc.sops;
  if (!isMap(meta)) {
    return [{ kind: 'not-sops', path: [], message: 'is not SOPS-encrypted (no sops metadata): a plaintext Secret must never be committed', hint: ENCRYPT_HINT }];
  }
  const problems: SopsProblem[] = [];
  const age = meta.age;
  if (!Array.isArray(age) || age.length === 0 || !age.every((a) => isMap(a) && typeof a.recipient === 'string' && typeof a.enc === 'string')) {
    problems.push({ kind: 'format', path: ['sops', 'age'], message: 'has no age recipient: Flux decrypts with the age key in the sops-age Secret', hint: 'add the age recipient of the cluster to .sops.yaml and encrypt again (`sops updatekeys <file>`)' });
  }
  if (typeof meta.lastmodified !== 'string') problems.push({ kind: 'mac', path: ['sops', 'lastmodified'], message: 'has no sops.lastmodified (the MAC is bound to it)', hint: ENCRYPT_HINT });
  if (meta.mac === undefined || meta.mac === null || meta.mac === '') {
    problems.push({ kind: 'mac', path: ['sops'], message: 'has no MAC (sops.mac): nothing proves the values are the ones that were encrypted', hint: ENCRYPT_HINT });
  } else if (typeof meta.mac !== 'string' || !SOPS_VALUE.test(meta.mac)) {
    problems.push({ kind: 'mac', path: ['sops', 'mac'], message: 'sops.mac is not an ENC[AES256_GCM,…] value', hint: ENCRYPT_HINT });
  }
  const rules = sopsRules(meta, problems);
  for (const keys of IDENTITY) {
    let v: unknown = doc;
    for (const k of keys) v = isMap(v) ? v[k] : undefined;
    if (typeof v === 'string' && v.startsWith('ENC[')) {
      problems.push({ kind: 'format', path: [...keys], message: `${keys.join('.')} is encrypted; Flux and strata need apiVersion, kind and metadata in plaintext`, hint: 'set `encrypted_regex: ^(data|stringData)$` in .sops.yaml and encrypt again' });
    }
  }
  for (const leaf of sopsLeaves(doc)) {
    const encrypted = typeof leaf.value === 'string' && SOPS_VALUE.test(leaf.value);
    const secretData = leaf.keys[0] === 'data' || leaf.keys[0] === 'stringData';
    const shouldBe = sopsEncrypts(leaf.keys, rules);
    if (encrypted) continue;
    if (typeof leaf.value === 'string' && leaf.value.startsWith('ENC[')) {
      problems.push({ kind: 'plaintext', path: leaf.path, message: `${leaf.keys.join('.')} is not a well-formed ENC[AES256_GCM,…] value`, hint: ENCRYPT_HINT });
    } else if (secretData && leaf.value !== '') {
      const why = shouldBe ? 'plaintext (edited after encryption?)' : `left in plaintext by the file's ${exemptingRule(leaf.keys, rules)}`;
      problems.push({ kind: 'plaintext', path: leaf.path, message: `${leaf.keys.join('.')} is ${why}: Secret data must be encrypted`, hint: ENCRYPT_HINT });
    } else if (shouldBe && leaf.value !== '') {
      problems.push({ kind: 'plaintext', path: leaf.path, message: `${leaf.keys.join('.')} is plaintext, but the file's rules encrypt it (edited after encryption?)`, hint: ENCRYPT_HINT });
    }
  }
  return problems;
}

/** Whether `doc` is a SOPS-encrypted manifest with every secret value encrypted and a MAC (no key needed). */
export function isSopsEncrypted(doc: unknown): boolean {
  return checkSopsDocument(doc).length === 0;
}

/**
 * The gate on `clusters/<name>/secrets/`: every file must be one SOPS-encrypted
 * v1 Secret with an age recipient, a MAC and no plaintext value; with an age
 * key at hand (tests, or SOPS_AGE_KEY_FILE) the MAC is verified in full.
 * Files that pass are copied byte for byte into the rendered tree.
 */
import { checkSopsDocument, type Finding, finding, formatPath, type SopsLeaf, sopsEncrypts, sopsRules } from '@strata/core';
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, type Node, parseAllDocuments, visit } from 'yaml';
import { validateObject } from '@strata/validate';
import { parsePath } from '../manifests.ts';
import { unwrapDataKey, verifyWithKey } from './sops-crypto.ts';

/** One file of a cluster's secrets/ folder, as read from disk. */
export interface SecretFileInput {
  /** Workspace-relative path: `clusters/homelab/secrets/cloudflared.sops.yaml`. */
  readonly file: string;
  /** Path inside secrets/ (`cloudflared.sops.yaml`); a `/` in it means a subfolder. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A Secret a cluster provides, encrypted, in its secrets/ folder. */
export interface ProvidedSecret {
  readonly file: string;
  readonly name: string;
  readonly namespace: string;
  readonly secret: string;
  /** Keys under data and stringData. */
  readonly keys: readonly string[];
  /** The file's text, unchanged (checked UTF-8). */
  readonly content: string;
  /** The manifest as that text reads (its `sops` metadata included): read once here; copy it before changing it. */
  readonly object: Readonly<Record<string, unknown>>;
  /** Whether the MAC was verified with a key (false: present and well-formed only). */
  readonly verified: boolean;
}

/** The leaves of a YAML node in document order, with SOPS paths (map keys only; list items share their parent's). */
function astLeaves(node: Node | null, keys: string[], path: (string | number)[], out: SopsLeaf[]): void {
  if (node === null) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (keys.length === 0 && k === 'sops') continue;
      astLeaves(pair.value as Node | null, [...keys, k], [...path, k], out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => astLeaves(item as Node | null, keys, [...path, i], out));
  } else if (isScalar(node) && node.value !== null && node.value !== undefined) {
    out.push({ keys, path, value: node.value });
  }
}

/** An encrypted comment, as sops writes one (`#ENC[AES256_GCM,…,type:comment]`). */
const ENC_COMMENT = /^ENC\[AES256_GCM,data:[^\]]*,type:comment\]$/;

/**
 * Plaintext comments inside `data`/`stringData`: sops encrypts comments under
 * an encrypted key too, so a readable one there was added after encryption and
 * may say what the value is. Returns where each is: the node it is attached to
 * and how many lines above that node it starts.
 */
function plaintextComments(contents: Node | null): { offset: number; linesAbove: number }[] {
  const out: { offset: number; linesAbove: number }[] = [];
  if (!isMap(contents)) return out;
  for (const pair of contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if ((key !== 'data' && key !== 'stringData') || !isNode(pair.value)) continue;
    visit(pair.value, (_k, node) => {
      const n = isPair(node) ? undefined : (node as Node & { commentBefore?: string | null; comment?: string | null });
      if (n === undefined) return;
      const leaks = (text: string | null | undefined) => typeof text === 'string' && text.split('\n').some((line) => line.trim() !== '' && !ENC_COMMENT.test(line.trim()));
      // A comment before a node ends on the line above it; a trailing one shares the node's line.
      if (leaks(n.commentBefore)) out.push({ offset: n.range?.[0] ?? 0, linesAbove: (n.commentBefore ?? '').split('\n').length });
      if (leaks(n.comment)) out.push({ offset: n.range?.[1] ?? 0, linesAbove: 0 });
    });
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What {@link checkSecretFiles} needs beyond the files. */
export interface GateOptions {
  /** age identities (`AGE-SECRET-KEY-1…`) to verify MACs with; none: presence and form only. */
  readonly identities: readonly string[];
  /** The files are the copies under rendered/<cluster>/secrets/ (named `*.sops`), not the sources (`*.yaml`). */
  readonly renderedCopies?: boolean;
}

/** Where a SOPS copy lands in rendered/<cluster>/secrets/; see {@link renderedSopsName}. */
const SOPS_COPY = /^secret-[a-z0-9.-]+\.sops$/;

/**
 * The name of a SOPS file's copy in rendered/<cluster>/secrets/: after the Secret it holds, like
 * every rendered object (`secret-<namespace>-<name>`), with the extension `.sops`, not `.yaml`.
 * The bytes are a SOPS file, not an object a schema validator can read (the `sops` key goes only
 * when Flux decrypts it), so kubeconform and the other tools that take every `*.yaml` for a
 * Kubernetes object pass it by; kustomize and Flux read whatever file a kustomization lists.
 */
export function renderedSopsName(secret: Pick<ProvidedSecret, 'namespace' | 'secret'>): string {
  return `secret-${secret.namespace}-${secret.secret}.sops`;
}

/**
 * Checks a cluster's secrets/ files; returns the Secrets that passed and a
 * finding (file:line:col, message, hint) for every problem. Never prints a value.
 */
export async function checkSecretFiles(files: readonly SecretFileInput[], opts: GateOptions): Promise<{ provided: ProvidedSecret[]; findings: Finding[] }> {
  const provided: ProvidedSecret[] = [];
  const findings: Finding[] = [];
  for (const input of files) {
    const result = await checkOne(input, opts);
    findings.push(...result.findings);
    if (result.secret === undefined) continue;
    const twin = provided.find((p) => p.namespace === result.secret!.namespace && p.secret === result.secret!.secret);
    if (twin !== undefined) {
      findings.push(finding('SECRET_DUPLICATE', `Secret ${result.secret.namespace}/${result.secret.secret} is also in ${twin.file}`, { file: input.file, line: 1, column: 1 }));
      continue;
    }
    provided.push(result.secret);
  }
  return { provided, findings };
}

async function checkOne(input: SecretFileInput, opts: GateOptions): Promise<{ secret?: ProvidedSecret; findings: Finding[] }> {
  const { file } = input;
  const fail = (key: Parameters<typeof finding>[0], message: string, at: { line?: number; column?: number; path?: string; hint?: string } = {}) => ({
    findings: [finding(key, message, { file, line: at.line ?? 1, column: at.column ?? 1, ...(at.path === undefined ? {} : { path: at.path }), ...(at.hint === undefined ? {} : { hint: at.hint }) })],
  });
  if (opts.renderedCopies === true ? !SOPS_COPY.test(input.name) : input.name.includes('/') || !/\.ya?ml$/.test(input.name)) {
    return fail('SECRET_NOT_SOPS', opts.renderedCopies === true ? 'is not a copy strata renders (secret-<namespace>-<name>.sops)' : 'only SOPS-encrypted Secret manifests (*.yaml, no subfolders) belong in secrets/');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(input.bytes);
  } catch {
    return fail('SECRET_NOT_SOPS', 'is not UTF-8 text');
  }
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const bad = list.flatMap((d) => d.errors)[0];
  if (bad !== undefined) {
    const pos = lines.linePos(bad.pos[0]);
    return fail('SECRET_NOT_SOPS', `YAML: ${bad.message.split('\n')[0] ?? 'syntax error'}`, { line: pos.line, column: pos.col });
  }
  const real = list.filter((d) => d.contents !== null);
  if (real.length !== 1) return fail('SECRET_NOT_SOPS', real.length === 0 ? 'is empty' : `holds ${real.length} documents; keep one Secret per file`);
  const doc = real[0]!;
  const obj = doc.toJS({ maxAliasCount: 0 }) as unknown;
  const at = (path: readonly (string | number)[]): { line: number; column: number } => {
    for (let n = path.length; n > 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      const start = isNode(node) ? node.range?.[0] : undefined;
      if (start !== undefined) {
        const pos = lines.linePos(start);
        return { line: pos.line, column: pos.col };
      }
    }
    return { line: 1, column: 1 };
  };
  const findings: Finding[] = [];
  const code = { 'not-sops': 'SECRET_NOT_SOPS', mac: 'SECRET_MAC', plaintext: 'SECRET_PLAINTEXT', format: 'SECRET_NOT_SOPS' } as const;
  for (const p of checkSopsDocument(obj)) {
    findings.push(finding(code[p.kind], p.message, { file, ...at(p.path), ...(p.path.length === 0 ? {} : { path: formatPath(p.path) }), hint: p.hint }));
  }
  for (const { offset, linesAbove } of plaintextComments(doc.contents as Node | null)) {
    const pos = lines.linePos(offset);
    findings.push(finding('SECRET_PLAINTEXT', 'a plaintext comment sits among the encrypted values (sops encrypts comments there): it may say what a value is', { file, line: pos.line - linesAbove, column: pos.col }));
  }
  if (findings.length > 0) return { findings };
  const o = obj as Record<string, unknown> & { metadata?: unknown; sops: Record<string, unknown> };
  const meta = isRecord(o.metadata) ? o.metadata : {};
  if (o.apiVersion !== 'v1' || o.kind !== 'Secret' || typeof meta.name !== 'string' || typeof meta.namespace !== 'string') {
    return fail('SECRET_NOT_SOPS', 'must be a v1 Secret with metadata.name and metadata.namespace (only Secrets go in secrets/)', { ...at(['kind']) });
  }
  // The Secret as Flux applies it, once decrypted: the same object without its sops key, checked
  // strictly. `data` values are ciphertext here (base64 only once decrypted), so they stand in as empty.
  const { sops: _metadata, ...applied } = o;
  if (isRecord(applied.data)) applied.data = Object.fromEntries(Object.keys(applied.data).map((k) => [k, '']));
  for (const issue of await validateObject(applied as Parameters<typeof validateObject>[0])) {
    const path = issue.path === undefined ? [] : parsePath(issue.path);
    findings.push(finding(issue.key, issue.message, { file, ...at(path), ...(issue.path === undefined ? {} : { path: issue.path }) }));
  }
  if (findings.length > 0) return { findings };
  const keys = [...new Set(['data', 'stringData'].flatMap((f) => (isRecord(o[f]) ? Object.keys(o[f] as object) : [])))].sort();
  let verified = false;
  if (opts.identities.length > 0) {
    const dataKey = await unwrapDataKey(o.sops.age as { enc: string }[], opts.identities);
    if (dataKey === undefined) {
      findings.push(finding('SECRET_UNVERIFIED', 'no age key given opens this file: its MAC is checked for presence and form only', { severity: 'warning', file, ...at(['sops', 'age']) }));
    } else {
      const leaves: SopsLeaf[] = [];
      astLeaves(doc.contents as Node | null, [], [], leaves);
      const rules = sopsRules(o.sops);
      const verdict = verifyWithKey(leaves, (leaf) => sopsEncrypts(leaf.keys, rules), { mac: o.sops.mac as string, lastmodified: o.sops.lastmodified as string, macOnlyEncrypted: rules.macOnlyEncrypted }, dataKey);
      if (!verdict.ok && verdict.reason === 'value') {
        return fail('SECRET_MAC', `${verdict.leaf.keys.join('.')} does not decrypt under its own path (moved, or changed after encryption)`, { ...at(verdict.leaf.path), path: formatPath(verdict.leaf.path) });
      }
      if (!verdict.ok) return fail('SECRET_MAC', 'the MAC does not match the values: the file was changed after encryption', { ...at(['sops', 'mac']), path: 'sops.mac' });
      verified = true;
    }
  }
  return { findings, secret: { file, name: input.name, namespace: meta.namespace, secret: meta.name, keys, content: text, object: o, verified } };
}

import { create, type Delta } from 'jsondiffpatch';
import { compareStrings, formatPath } from '@strata/core';
import { objectId } from '@strata/validate';
import { compareObjects, type K8sObject } from './files.ts';

/** One change to one object, the way `strata diff` prints it. */
export interface ObjectChange {
  readonly op: '+' | '-' | '~';
  /** `Kind/namespace/name`. */
  readonly object: string;
  /** For `~`: what changed inside the object, one entry per path. */
  readonly details: readonly string[];
}

// Array items are matched by name where they have one (containers, ports,
// pools, peers), so inserting a named item reads as one addition, not a cascade.
// Without a diff-match-patch instance, strings are compared whole.
const differ = create({
  objectHash: (item: object, index?: number) => {
    const o = item as { name?: unknown; metadata?: { name?: unknown } };
    const name = o.name ?? o.metadata?.name;
    // Unnamed items are matched by position, so a changed field reads as that field's change.
    return typeof name === 'string' ? `name:${name}` : `index:${index ?? ''}`;
  },
  arrays: { detectMove: true, includeValueOnMove: false },
});

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Walks a jsondiffpatch delta into `path: what` lines. */
function describe(delta: Delta, path: (string | number)[], out: string[]): void {
  if (Array.isArray(delta)) {
    const at = formatPath(path);
    if (delta.length === 1) out.push(`${at} added: ${show(delta[0])}`);
    else if (delta.length === 2) out.push(`${at}: ${show(delta[0])} → ${show(delta[1])}`);
    else if (delta[2] === 0) out.push(`${at} removed`);
    else if (delta[2] === 3) out.push(`${at} moved to [${String(delta[1])}]`);
    return;
  }
  if (delta === undefined || delta === null || typeof delta !== 'object') return;
  const isArray = (delta as { _t?: unknown })._t === 'a';
  const entries = delta as Record<string, Delta>;
  if (isArray) {
    // A replaced item at the same index arrives as `_i` removed + `i` added: show it as one change.
    for (const key of Object.keys(entries)) {
      const removed = entries[`_${key}`];
      const added = entries[key];
      if (key.startsWith('_') || !Array.isArray(added) || added.length !== 1 || !Array.isArray(removed) || removed[2] !== 0) continue;
      out.push(`${formatPath([...path, Number(key)])}: ${show(removed[0])} → ${show(added[0])}`);
      delete entries[key];
      delete entries[`_${key}`];
    }
  }
  for (const key of Object.keys(delta).sort(compareStrings)) {
    if (key === '_t') continue;
    const child = (delta as Record<string, Delta>)[key];
    if (isArray) {
      // `_3` is the old index 3 (removal or move); `3` is the new index 3.
      const removed = key.startsWith('_');
      const index = Number(removed ? key.slice(1) : key);
      describe(child, [...path, index], out);
    } else {
      describe(child, [...path, key], out);
    }
  }
}

/**
 * What changed in a SOPS-encrypted Secret, without ciphertext: keys added or
 * removed, values whose ciphertext changed (sops re-encrypts on every edit, so
 * that alone does not say the plaintext changed), other fields, and the
 * recipients. lastmodified and the MAC change with any edit and are left out.
 */
function sopsDetails(prev: K8sObject, obj: K8sObject): string[] {
  const out: string[] = [];
  for (const field of ['data', 'stringData']) {
    const a = (prev[field] ?? {}) as Record<string, unknown>;
    const b = (obj[field] ?? {}) as Record<string, unknown>;
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareStrings)) {
      const at = formatPath([field, key]);
      if (!(key in a)) out.push(`${at} added (encrypted)`);
      else if (!(key in b)) out.push(`${at} removed`);
      else if (a[key] !== b[key]) out.push(`${at}: encrypted value rewritten`);
    }
  }
  const recipients = (o: K8sObject) => ((o.sops as { age?: { recipient?: string }[] } | undefined)?.age ?? []).map((r) => r.recipient ?? '').sort(compareStrings).join(', ');
  if (recipients(prev) !== recipients(obj)) out.push(`sops.age recipients: ${recipients(prev)} → ${recipients(obj)}`);
  const rest = (o: K8sObject) => JSON.stringify({ ...o, data: undefined, stringData: undefined, sops: undefined });
  if (rest(prev) !== rest(obj)) {
    const delta = differ.diff({ ...prev, data: undefined, stringData: undefined, sops: undefined }, { ...obj, data: undefined, stringData: undefined, sops: undefined });
    if (delta !== undefined) describe(delta, [], out);
  }
  return out.length === 0 ? ['re-encrypted (same keys and recipients)'] : out;
}

function keyOf(obj: K8sObject): string {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  return `${group}|${obj.kind}|${obj.metadata.namespace ?? ''}|${obj.metadata.name}`;
}

/**
 * Object-level diff of two sets of objects (by group, kind, namespace and
 * name): added, removed, and changed with the paths that changed.
 */
export function diffObjects(before: readonly K8sObject[], after: readonly K8sObject[]): ObjectChange[] {
  const old = new Map(before.map((o) => [keyOf(o), o]));
  const changes: { obj: K8sObject; change: ObjectChange }[] = [];
  for (const obj of after) {
    const prev = old.get(keyOf(obj));
    old.delete(keyOf(obj));
    if (prev === undefined) {
      changes.push({ obj, change: { op: '+', object: objectId(obj), details: [] } });
      continue;
    }
    const delta = differ.diff(prev, obj);
    if (delta === undefined) continue;
    const details: string[] = [];
    if (prev.sops !== undefined || obj.sops !== undefined) details.push(...sopsDetails(prev, obj));
    else describe(delta, [], details);
    changes.push({ obj, change: { op: '~', object: objectId(obj), details } });
  }
  for (const obj of old.values()) changes.push({ obj, change: { op: '-', object: objectId(obj), details: [] } });
  return changes.sort((a, b) => compareObjects(a.obj, b.obj) || compareStrings(a.change.op, b.change.op)).map((c) => c.change);
}

/** `~ CiliumLoadBalancerIPPool/default spec.blocks[1] added: {...}` lines. */
export function formatChanges(changes: readonly ObjectChange[]): string[] {
  return changes.flatMap((c) =>
    c.op === '~' ? c.details.map((d) => `~ ${c.object} ${d}`) : [`${c.op} ${c.object}`],
  );
}

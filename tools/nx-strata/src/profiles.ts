import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLoose, PROFILES_DIR } from '@strata/core/spec-inputs';

export { parseLoose, PROFILES_DIR } from '@strata/core/spec-inputs';

/** A spec and the profiles it builds on, as far as the plugin needs them. */
export interface SpecChain {
  /** The profiles reached from the spec, directly or through another profile, in merge order. */
  readonly profiles: readonly string[];
  /** The parsed documents in merge order: each profile, then the spec itself. */
  readonly docs: readonly unknown[];
  /** The text of each profile, in merge order ('' when missing): the files they name are inputs too. */
  readonly texts: readonly string[];
}

/**
 * The profiles a spec names, and those they name, depth first, each once and
 * after the ones it builds on (the loader's order). A missing profile is still
 * listed, so creating it later marks the cluster affected; cycles stop.
 */
export function specChain(workspaceRoot: string, spec: unknown, read = readProfileText): SpecChain {
  const order: string[] = [];
  const docs: unknown[] = [];
  const texts: string[] = [];
  const visit = (doc: unknown, stack: readonly string[]): void => {
    const list = (doc as { profiles?: unknown } | null | undefined)?.profiles;
    if (!Array.isArray(list)) return;
    for (const name of list) {
      if (typeof name !== 'string' || stack.includes(name) || order.includes(name)) continue;
      const text = read(workspaceRoot, name);
      const profile = parseLoose(text);
      visit(profile, [...stack, name]);
      order.push(name);
      docs.push(profile);
      texts.push(text);
    }
  };
  visit(spec, []);
  return { profiles: order, docs: [...docs, spec], texts };
}

function readProfileText(workspaceRoot: string, name: string): string {
  try {
    return readFileSync(join(workspaceRoot, PROFILES_DIR, `${name}.yaml`), 'utf8');
  } catch {
    return '';
  }
}

/** The spec keys whose block ends up `enabled: true` once the documents are merged in order (the last word wins). */
export function enabledAfterMerge(docs: readonly unknown[]): string[] {
  const enabled = new Map<string, boolean>();
  for (const doc of docs) {
    const spec = (doc as { spec?: unknown } | null | undefined)?.spec;
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) continue;
    for (const [key, block] of Object.entries(spec as Record<string, unknown>)) {
      const flag = block !== null && typeof block === 'object' ? (block as { enabled?: unknown }).enabled : undefined;
      if (typeof flag === 'boolean') enabled.set(key, flag);
    }
  }
  return [...enabled].filter(([, on]) => on).map(([key]) => key).sort();
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeClusterSchema } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { REPO } from '../__fixtures__/cli.ts';
import { discoverComponents } from '../components.ts';
import { SCHEMA_CONSTRAINTS } from './registry.ts';

/** Words that make a description a promise about the spec; code spans (`upsert-only`) do not count. */
const PROMISE = /\b(must|only|requires?|needs?|not with)\b/i;

function promises(description: string): boolean {
  return PROMISE.test(description.replace(/`[^`]*`/g, ''));
}

/** Schema path → description of every node whose description makes a promise. */
function promisesOf(schema: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (node: unknown, path: string): void => {
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.description === 'string' && promises(n.description)) out.set(path, n.description);
    const props = n.properties as Record<string, unknown> | undefined;
    for (const [key, child] of Object.entries(props ?? {})) walk(child, path === '' ? key : `${path}.${key}`);
    if (n.items !== undefined) walk(n.items, `${path}[]`);
    for (const key of ['anyOf', 'oneOf'] as const) {
      if (Array.isArray(n[key])) (n[key] as unknown[]).forEach((branch, i) => walk(branch, `${path}|${i}`));
    }
    if (typeof n.additionalProperties === 'object') walk(n.additionalProperties, `${path}.*`);
  };
  walk(schema, '');
  return out;
}

const components = (await discoverComponents()).map((p) => p.component);
const found = promisesOf(composeClusterSchema(components));

describe('schema promises', () => {
  it('finds promises by their words, ignoring code spans', () => {
    expect([promises('must include kube-system'), promises('needs the relay'), promises('not with L2'), promises('`upsert-only` never deletes'), promises('required to terminate')]).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('lists every description that says must, only, requires, needs or not with in the registry, and nothing else', () => {
    const missing = [...found.keys()].filter((path) => SCHEMA_CONSTRAINTS[path] === undefined).map((path) => `${path}: ${found.get(path)}`);
    const stale = Object.keys(SCHEMA_CONSTRAINTS).filter((path) => !found.has(path));
    // A missing entry: enforce the promise with a check and a test and add it to constraints/registry.ts, or reword the description.
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it.each(Object.entries(SCHEMA_CONSTRAINTS).filter(([, e]) => e.by === 'check'))('%s is enforced by a check with a test', (_path, entry) => {
    if (entry.by !== 'check') return;
    const [file, fn] = entry.check.split('#');
    expect(existsSync(join(REPO, file!)), file).toBe(true);
    expect(readFileSync(join(REPO, file!), 'utf8')).toMatch(new RegExp(`function ${fn}\\b`));
    expect(existsSync(join(REPO, entry.test)), entry.test).toBe(true);
    // Titles are compared as the source spells them, unescaped.
    const source = readFileSync(join(REPO, entry.test), 'utf8').replace(/\\'/g, "'");
    expect(source.includes(`it('${entry.it}'`) || source.includes(`it("${entry.it}"`), `${entry.test}: it('${entry.it}')`).toBe(true);
  });
});

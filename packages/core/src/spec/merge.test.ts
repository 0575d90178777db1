import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeAlong, toTree, valueOf } from './merge.ts';
import type { SpecPath, SpecSource } from './source.ts';

const SOURCE = { file: 'clusters/x/cluster.yaml' } as SpecSource;

/** Every path of a node of `value` (the root's is []). */
function paths(value: unknown, at: SpecPath = []): SpecPath[] {
  const out: SpecPath[] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...at, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
  return out;
}

const same = (a: SpecPath, b: SpecPath): boolean => a.length === b.length && a.every((s, i) => String(s) === String(b[i]));

describe('valueOf and nodeAlong', () => {
  it('give back the value, and for any path the node at its longest prefix that names a node', () => {
    const segment = fc.oneof(fc.nat({ max: 4 }), fc.constantFrom('a', 'b', 'spec', '0', '1', '01'));
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.array(segment, { maxLength: 3 }), fc.nat(), (value, tail, pick) => {
        const tree = toTree(value, SOURCE);
        expect(valueOf(tree)).toEqual(value);
        const known = paths(value);
        const path = [...known[pick % known.length]!, ...tail];
        // The reference: the longest prefix of the path that is a node's path (list indexes may be written as digits).
        let depth = path.length;
        while (!known.some((k) => same(k, path.slice(0, depth)))) depth--;
        const found = nodeAlong(tree, path);
        expect(found.depth).toBe(depth);
        expect(same(found.node.origin.path, path.slice(0, depth))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

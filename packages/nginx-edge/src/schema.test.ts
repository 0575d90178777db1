import { describe, expect, it } from 'vitest';
import { component } from './index.ts';
import { schema } from './schema.ts';

/** Paths of properties without a description (the README spec reference is generated from them). */
function undocumented(node: unknown, path: string): string[] {
  if (typeof node !== 'object' || node === null) return [];
  const n = node as { properties?: Record<string, unknown>; items?: unknown };
  const out: string[] = [];
  for (const [key, child] of Object.entries(n.properties ?? {})) {
    if (typeof (child as { description?: unknown }).description !== 'string') out.push(`${path}.${key}`);
    out.push(...undocumented(child, `${path}.${key}`));
  }
  if (n.items !== undefined) out.push(...undocumented(n.items, `${path}[]`));
  return out;
}

describe('spec.edge schema', () => {
  it('describes every property, is closed, and is off by default', () => {
    expect(undocumented(schema, 'spec.edge')).toEqual([]);
    expect([schema.additionalProperties, schema.properties.enabled.default]).toEqual([false, false]);
    expect([component.name, component.key]).toEqual(['nginx-edge', 'edge']);
  });
});

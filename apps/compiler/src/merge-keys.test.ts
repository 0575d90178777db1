import { composeClusterSchema, composeProfileSchema, MERGE_KEY } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { discoverComponents } from './components.ts';

type Schema = Record<string, unknown>;

/** Every array schema in `schema` with its path (`[]` for items, `*` for additionalProperties). */
function arrays(schema: unknown, path: string[] = [], out: { path: string; schema: Schema }[] = []) {
  if (schema === null || typeof schema !== 'object') return out;
  const s = schema as Schema;
  if (s.type === 'array' || s.items !== undefined) out.push({ path: path.join('.').replaceAll('.[]', '[]'), schema: s });
  for (const [k, v] of Object.entries((s.properties as Schema | undefined) ?? {})) arrays(v, [...path, k], out);
  if (typeof s.additionalProperties === 'object') arrays(s.additionalProperties, [...path, '*'], out);
  if (s.items !== undefined) arrays(s.items, [...path, '[]'], out);
  for (const k of ['anyOf', 'oneOf', 'allOf']) for (const b of (s[k] as unknown[] | undefined) ?? []) arrays(b, path, out);
  return out;
}

/** True when the items may be a mapping (a list of objects, or of objects among other shapes). */
function holdsObjects(items: unknown): boolean {
  if (items === null || typeof items !== 'object') return false;
  const s = items as Schema;
  if (s.type === 'object' || s.properties !== undefined) return true;
  return ['anyOf', 'oneOf', 'allOf'].some((k) => ((s[k] as unknown[] | undefined) ?? []).some(holdsObjects));
}

describe('merge keys of the composed cluster schema', async () => {
  const components = (await discoverComponents()).map((p) => p.component);
  const schema = composeClusterSchema(components);
  const lists = arrays(schema);

  it('are declared for every list of objects: the fields that name an entry, or "replace"', () => {
    const missing = lists.filter((l) => holdsObjects(l.schema.items) && l.schema[MERGE_KEY] === undefined).map((l) => l.path);
    expect(missing).toEqual([]);
  });

  it('name fields every entry has (required in the cluster schema) and nothing else', () => {
    const wrong = lists.flatMap((l) => {
      const key = l.schema[MERGE_KEY];
      if (key === undefined || key === 'replace') return [];
      const items = l.schema.items as Schema;
      const required = (items.required as string[] | undefined) ?? [];
      return Array.isArray(key) && key.length > 0 && key.every((f) => typeof f === 'string' && required.includes(f)) ? [] : [`${l.path}: ${JSON.stringify(key)}`];
    });
    expect(wrong).toEqual([]);
  });

  it('are what the examples and the README promise (a reviewer reads the table here)', () => {
    const table = Object.fromEntries(lists.filter((l) => l.schema[MERGE_KEY] !== undefined).map((l) => [l.path, l.schema[MERGE_KEY]]));
    expect(table).toEqual({
      'spec.backends': ['namespace', 'name'],
      'spec.backends[].ports': ['port'],
      'spec.certManager.issuers': ['name'],
      'spec.cilium.bgp.peers': ['name'],
      'spec.cilium.gateways': ['namespace', 'name'],
      'spec.cilium.gateways[].listeners': ['name'],
      'spec.cilium.loadBalancer.pools': ['name'],
      'spec.cilium.loadBalancer.pools[].blocks': 'replace',
      'spec.cilium.multus.networks': ['namespace', 'name'],
      'spec.cilium.routes': ['kind', 'namespace', 'name'],
      'spec.cilium.routes[].backends': 'replace',
      'spec.cilium.services': ['namespace', 'name'],
      'spec.cilium.services[].ports': ['name'],
      'spec.edge.classes': ['name'],
      'spec.edge.routes': ['namespace', 'name'],
      'spec.edge.routes[].cache.valid': 'replace',
      'spec.edge.routes[].paths': 'replace',
      'spec.network.nodes': ['name'],
      'spec.observability.externalDNS': ['ingressClass'],
      'spec.manifests': ['path'],
      'spec.policy.waivers': ['rule', 'object'],
      'spec.releases': ['name'],
      'spec.secrets.external': ['namespace', 'name'],
    });
  });

  it('let a profile drop an inherited entry with $remove, on lists merged by name only', () => {
    const profile = composeProfileSchema(schema);
    const removable = arrays(profile).filter((l) => Object.hasOwn(((l.schema.items as Schema | undefined)?.properties as Schema | undefined) ?? {}, '$remove'));
    expect(removable.map((l) => l.path).sort()).toEqual(lists.filter((l) => Array.isArray(l.schema[MERGE_KEY])).map((l) => l.path).sort());
  });
});

import { ApiObject, App, Chart, JsonPatch, Lazy, type ResolutionContext } from 'cdk8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addObject, objectJson } from './chart.ts';

/** The object's JSON as objectJson gives it and as cdk8s does, both as text: key order counts. */
function both(api: ApiObject): [string, string] {
  return [JSON.stringify(objectJson(api)), JSON.stringify(api.toJson())];
}

const model = (json: Record<string, unknown>) => ({ toJSON: () => json });

describe('objectJson', () => {
  it('gives what cdk8s gives for any plain data, keys in the same order', () => {
    const app = new App({ outdir: 'cdk8s.out', recordConstructMetadata: false });
    const chart = new Chart(app, 'c', { disableResourceNameHashes: true });
    let n = 0;
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), fc.dictionary(fc.string(), fc.string()), (extra, labels) => {
        const json = { ...extra, spec: extra, apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${n}`, labels, annotations: { b: 'x', a: null } } };
        const api = addObject(chart, model(json), `o${n++}`);
        let cdk8s: string;
        try {
          cdk8s = JSON.stringify(api.toJson());
        } catch (err) {
          // Data cdk8s cannot serialize (a `__proto__` key turned into a null prototype): objectJson fails alike.
          expect(() => objectJson(api)).toThrow((err as Error).message);
          return;
        }
        expect(JSON.stringify(objectJson(api))).toBe(cdk8s);
      }),
      { numRuns: 200 },
    );
  });

  it('leaves to cdk8s an object with a JSON patch, a Lazy, an App with its own resolvers, or one it did not add', () => {
    const app = new App({ outdir: 'cdk8s.out', recordConstructMetadata: false });
    const chart = new Chart(app, 'c', { disableResourceNameHashes: true });
    const patched = addObject(chart, model({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p' }, data: { a: '1' } }));
    patched.addJsonPatch(JsonPatch.add('/data/b', '2'));
    expect(objectJson(patched)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p' }, data: { a: '1', b: '2' } });
    const lazy = addObject(chart, model({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'l' }, data: { a: Lazy.any({ produce: () => 'late' }) } }));
    expect(objectJson(lazy)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'l' }, data: { a: 'late' } });
    const own = new ApiObject(chart, 'own', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'o' } });
    expect(both(own)[0]).toBe(both(own)[1]);
    const upper = { resolve: (c: ResolutionContext) => (typeof c.value === 'string' && c.value !== c.value.toUpperCase() ? c.replaceValue(c.value.toUpperCase()) : undefined) };
    const shouting = new Chart(new App({ outdir: 'cdk8s.out', recordConstructMetadata: false, resolvers: [upper] }), 's');
    const loud = addObject(shouting, model({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'quiet' } }));
    expect(objectJson(loud)).toMatchObject({ data: { a: 'QUIET' } });
  });
});

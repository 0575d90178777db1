import { memoryValidatorCache } from '@strata/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { crdCatalog, validateWithCrd } from './crd.ts';

/** The shape of Multus' NetworkAttachmentDefinition CRD (k8s.cni.cncf.io), trimmed to what the test needs. */
const NAD_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'network-attachment-definitions.k8s.cni.cncf.io' },
  spec: {
    group: 'k8s.cni.cncf.io',
    scope: 'Namespaced',
    names: { kind: 'NetworkAttachmentDefinition', plural: 'network-attachment-definitions' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: { type: 'object', properties: { config: { type: 'string' } } },
              status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { seen: { type: 'string' } } },
            },
          },
        },
      },
      { name: 'v0', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
    ],
  },
};

const nad = (spec: object, extra: object = {}) => ({
  apiVersion: 'k8s.cni.cncf.io/v1',
  kind: 'NetworkAttachmentDefinition',
  metadata: { name: 'lan', namespace: 'media', labels: { any: 'thing' } },
  spec,
  ...extra,
});

describe('CRD validators', () => {
  const catalog = crdCatalog([{ kind: 'ConfigMap' }, NAD_CRD]);

  it('knows the served versions of the CRDs given, and nothing else', () => {
    expect([...catalog.validators.keys()]).toEqual(['k8s.cni.cncf.io/v1/NetworkAttachmentDefinition']);
    expect(validateWithCrd(catalog, { apiVersion: 'k8s.cni.cncf.io/v0', kind: 'NetworkAttachmentDefinition' })).toBeUndefined();
  });

  it('accepts an object the CRD describes, with free-form metadata', () => {
    expect(validateWithCrd(catalog, nad({ config: '{"type":"macvlan"}' }))).toEqual([]);
  });

  it('rejects a wrong type and an unknown field, where Kubernetes would prune it silently', () => {
    const errors = validateWithCrd(catalog, nad({ config: 7, confg: 'typo' }, { extra: true })) ?? [];
    expect(errors.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`).sort()).toEqual([
      ' must NOT have additional properties {"additionalProperty":"extra"}',
      '/spec must NOT have additional properties {"additionalProperty":"confg"}',
      '/spec/config must be string {"type":"string"}',
    ]);
  });

  it('leaves levels marked x-kubernetes-preserve-unknown-fields open', () => {
    expect(validateWithCrd(catalog, nad({}, { status: { seen: 'x', anything: 1 } }))).toEqual([]);
  });
});

describe('CRD validators with a validator cache', () => {
  /** The CRD with a field of its own, so this module's in-memory compiles of other tests do not answer for it. */
  const crdWith = (field: string) => {
    const crd = structuredClone(NAD_CRD);
    const spec = crd.spec.versions[0]!.schema.openAPIV3Schema.properties?.spec as { properties: Record<string, object> };
    spec.properties[field] = { type: 'integer', minimum: 1 };
    return crd;
  };
  const verdicts = (catalog: ReturnType<typeof crdCatalog>) =>
    [nad({ config: 'x', vlan: 3 }), nad({ config: 7, vlan: 0, confg: 'typo' }, { extra: true })].map((o) =>
      (validateWithCrd(catalog, o) ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`).sort(),
    );

  it('stores the compiled validator, and a later run loads it with the same verdicts', async () => {
    const cache = memoryValidatorCache();
    const compiled = verdicts(crdCatalog([crdWith('vlan')], cache));
    expect(cache.texts.size).toBe(1);
    expect([...cache.texts.values()][0]).toContain('module.exports = function strataValidator(formats, require)');
    expect(compiled).toEqual([
      [],
      [
        ' must NOT have additional properties {"additionalProperty":"extra"}',
        '/spec must NOT have additional properties {"additionalProperty":"confg"}',
        '/spec/config must be string {"type":"string"}',
        '/spec/vlan must be >= 1 {"comparison":">=","limit":1}',
      ],
    ]);
    // A fresh module (a new run): nothing compiled in memory, the cache answers.
    vi.resetModules();
    const fresh = (await import('./crd.ts')) as typeof import('./crd.ts');
    const loaded = fresh.crdCatalog([crdWith('vlan')], cache);
    expect(cache.loads).toBe(1);
    expect(verdicts(loaded)).toEqual(compiled);
    // Another schema is another entry.
    crdCatalog([crdWith('mtu')], cache);
    expect(cache.texts.size).toBe(2);
  });
});

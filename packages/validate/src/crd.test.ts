import { describe, expect, it } from 'vitest';
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

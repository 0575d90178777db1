import { createHash } from 'node:crypto';
import { AJV_CODE_VERSION, ajvLib, cachedValidator, type ValidatorCache } from '@strata/core';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';

/**
 * Validators for custom resources whose CustomResourceDefinition strata renders
 * itself (e.g. Multus' NetworkAttachmentDefinition, for which no
 * kubernetes-models package exists): the CRD's own `openAPIV3Schema` for the
 * served version, which is what the API server checks. Strict like the rest:
 * an object level that lists `properties` and neither `additionalProperties`
 * nor `x-kubernetes-preserve-unknown-fields` rejects fields it does not list
 * (the API server would silently prune them, which hides typos).
 */
export interface CrdCatalog {
  /** `apiVersion/kind` → validator, for every served version of every CRD given. */
  readonly validators: ReadonlyMap<string, ValidateFunction>;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Makes object levels that list their properties closed, unless the schema says they preserve unknown fields. */
function closed(schema: unknown, root = true): unknown {
  if (Array.isArray(schema)) return schema.map((s) => closed(s, false));
  if (!isRecord(schema)) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && isRecord(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, root && name === 'metadata' ? sub : closed(sub, false)]),
      );
    } else if (key === 'items' || key === 'additionalProperties' || key === 'allOf' || key === 'anyOf' || key === 'oneOf' || key === 'not') {
      out[key] = closed(value, false);
    } else {
      out[key] = value;
    }
  }
  if (isRecord(out.properties) && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
    // The API server adds these to every object; the CRD schema need not list them.
    if (root) out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...out.properties };
  }
  return out;
}

// Kubernetes' OpenAPI dialect: `nullable`, `x-kubernetes-*` and `format`s ajv does not know are not errors.
const AJV_OPTIONS = { strict: false, allErrors: true, validateFormats: false } as const;
/** The ajv of compiles without a cache, made on the first (a run whose CRD validators are all cached never loads ajv). */
let shared: Ajv | undefined;
/** Compiled validators by schema text: a fleet renders the same CRD many times, ajv compiles it once. */
const compiled = new Map<string, ValidateFunction>();

function compile(schema: object, cache: ValidatorCache | undefined): ValidateFunction {
  const text = JSON.stringify(schema);
  let validate = compiled.get(text);
  if (validate === undefined) {
    const key = createHash('sha256').update(JSON.stringify({ crd: 1, ajv: AJV_CODE_VERSION, options: AJV_OPTIONS })).update(text).digest('hex');
    validate = cachedValidator(
      cache,
      key,
      {},
      (source) => {
        // The code of a cached validator is kept: an ajv of its own, with the same options.
        const { Ajv } = ajvLib();
        const by = source ? new Ajv({ ...AJV_OPTIONS, code: { source: true } }) : (shared ??= new Ajv(AJV_OPTIONS));
        return { ajv: by, validate: by.compile(closed(schema) as object) };
      },
      'the openAPIV3Schema of a CustomResourceDefinition',
    );
    compiled.set(text, validate);
  }
  return validate;
}

/**
 * Builds the validators of every CustomResourceDefinition among `objects`;
 * with `cache`, compiled ones are kept between runs (as the spec validators are).
 */
export function crdCatalog(objects: readonly unknown[], cache?: ValidatorCache): CrdCatalog {
  const validators = new Map<string, ValidateFunction>();
  for (const obj of objects) {
    if (!isRecord(obj) || obj.kind !== 'CustomResourceDefinition' || !isRecord(obj.spec)) continue;
    const spec = obj.spec as { group?: unknown; names?: { kind?: unknown }; versions?: unknown };
    if (typeof spec.group !== 'string' || typeof spec.names?.kind !== 'string' || !Array.isArray(spec.versions)) continue;
    for (const version of spec.versions as unknown[]) {
      if (!isRecord(version) || version.served !== true || typeof version.name !== 'string') continue;
      const schema = (version.schema as { openAPIV3Schema?: unknown } | undefined)?.openAPIV3Schema;
      if (!isRecord(schema)) continue;
      validators.set(`${spec.group}/${version.name}/${spec.names.kind}`, compile(schema, cache));
    }
  }
  return { validators };
}

/** The ajv errors of `obj` against its CRD, or undefined when the catalog has no CRD for its kind. */
export function validateWithCrd(catalog: CrdCatalog, obj: Json): readonly ErrorObject[] | undefined {
  const validate = catalog.validators.get(`${String(obj.apiVersion)}/${String(obj.kind)}`);
  if (validate === undefined) return undefined;
  return validate(obj) ? [] : (validate.errors ?? []);
}

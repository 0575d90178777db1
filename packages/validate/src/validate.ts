import type { ErrorObject } from 'ajv';
import { formatPath, isObjectName } from '@strata/core';
import { type CrdCatalog, validateWithCrd } from './crd.ts';
import { modelFor } from './registry.ts';
import { strictSchemaOf, unknownFields } from './strict.ts';

/** One problem with a rendered object; the compiler turns it into a finding. */
export interface ObjectIssue {
  /** Catalog key of the problem (see `CATALOG` in @strata/core). */
  readonly key: 'OBJECT_INVALID' | 'OBJECT_NO_VALIDATOR' | 'OBJECT_NAME';
  /** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects. */
  readonly object: string;
  /** Dotted path inside the object, e.g. `spec.template.spec.containers[0].name`. */
  readonly path?: string;
  readonly message: string;
}

/** The ajv error fields the generated validators fill in. */
interface AjvError {
  readonly instancePath?: string;
  readonly keyword?: string;
  readonly message?: string;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `Kind/namespace/name` or `Kind/name`; `?` stands in for a missing kind or name. */
export function objectId(obj: { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } }): string {
  const kind = nonEmptyString(obj.kind) ?? '?';
  const name = nonEmptyString(obj.metadata?.name) ?? '?';
  const ns = nonEmptyString(obj.metadata?.namespace);
  return ns === undefined ? `${kind}/${name}` : `${kind}/${ns}/${name}`;
}

/**
 * JSON pointer → the dotted paths findings use: `/spec/containers/0/name` →
 * `spec.containers[0].name`. The value is walked so that only array
 * positions become `[n]` (a map key "0" stays a key).
 */
function toPath(pointer: string, root: unknown): string {
  if (pointer === '') return '';
  const segments: (string | number)[] = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(key)) {
      segments.push(Number(key));
      node = node[Number(key)];
    } else {
      segments.push(key);
      node = isRecord(node) ? node[key] : undefined;
    }
  }
  return formatPath(segments);
}

function issue(key: ObjectIssue['key'], object: string, message: string, path?: string): ObjectIssue {
  return path === undefined || path === '' ? { key, object, message } : { key, object, path, message };
}

/** Kubernetes checks names server-side; the models do not, so strata does. */
function nameIssues(obj: Json, id: string): ObjectIssue[] {
  const meta = isRecord(obj.metadata) ? obj.metadata : {};
  const issues: ObjectIssue[] = [];
  const name = meta.name;
  if (typeof name !== 'string' || name === '') {
    issues.push(issue('OBJECT_NAME', id, 'is required (strata renders explicit names)', 'metadata.name'));
  } else if (!isObjectName(name)) {
    issues.push(
      issue(
        'OBJECT_NAME',
        id,
        `"${name}" is not a DNS subdomain: at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`,
        'metadata.name',
      ),
    );
  }
  return issues;
}

function schemaIssues(errors: readonly AjvError[], obj: Json, id: string): ObjectIssue[] {
  const seen = new Set<string>();
  const issues: ObjectIssue[] = [];
  for (const err of errors) {
    const path = toPath(err.instancePath ?? '', obj);
    const message = err.message ?? `fails the ${err.keyword ?? 'schema'} check`;
    const key = `${path}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue('OBJECT_INVALID', id, message, path));
  }
  return issues;
}

/** What {@link validateObject} may use besides the model packages. */
export interface ValidateOptions {
  /** Validators from the CustomResourceDefinitions rendered with the object (see {@link crdCatalog}). */
  readonly crds?: CrdCatalog;
}

/**
 * Validates one object against the kubernetes-models schema of its
 * apiVersion and kind, in strict mode (a field the kind does not have is an
 * `OBJECT_INVALID` "unknown field", at any depth), and checks its name. An
 * object strata has no validator for is an issue (`OBJECT_NO_VALIDATOR`),
 * never a pass.
 */
export async function validateObject(obj: unknown, options: ValidateOptions = {}): Promise<ObjectIssue[]> {
  if (!isRecord(obj)) {
    return [issue('OBJECT_NO_VALIDATOR', '?', `no validator for a ${Array.isArray(obj) ? 'list' : typeof obj}: expected a Kubernetes object`)];
  }
  const id = objectId(obj);
  const apiVersion = nonEmptyString(obj.apiVersion);
  const kind = nonEmptyString(obj.kind);
  const names = nameIssues(obj, id);
  if (apiVersion === undefined || kind === undefined) {
    const missing = [apiVersion === undefined ? 'apiVersion' : undefined, kind === undefined ? 'kind' : undefined].filter(Boolean).join(' and ');
    return [issue('OBJECT_NO_VALIDATOR', id, `no validator for an object without ${missing}`), ...names];
  }
  const Model = await modelFor(apiVersion, kind);
  if (Model === undefined) {
    // A kind whose CRD the cluster renders itself is checked against that CRD's schema (strict as well).
    const viaCrd = options.crds === undefined ? undefined : validateWithCrd(options.crds, obj);
    if (viaCrd !== undefined) return [...crdIssues(viaCrd, obj, id), ...names];
    return [issue('OBJECT_NO_VALIDATOR', id, `no validator for ${apiVersion} ${kind}`), ...names];
  }
  let issues: ObjectIssue[] = [];
  try {
    // The model's validator run on the object itself: `new Model(obj)` would only deep-copy it first
    // (dropping undefined values, which JSON and YAML data do not have) and default the apiVersion and
    // kind it was looked up by. The copy was nearly a third of the time validation took in a render.
    Model.prototype.validate.call(obj);
  } catch (err) {
    const errors = (err as { errors?: unknown }).errors;
    if (!Array.isArray(errors)) throw err;
    issues = schemaIssues(errors as AjvError[], obj, id);
  }
  return [...issues, ...(await strictIssues(obj, apiVersion, kind, id)), ...names];
}

/** ajv errors against a CRD schema as issues; an unlisted field is named by its own path, as strict mode does. */
function crdIssues(errors: readonly ErrorObject[], obj: Json, id: string): ObjectIssue[] {
  return schemaIssues(
    errors.map((e) => {
      const extra = (e.params as { additionalProperty?: unknown }).additionalProperty;
      if (e.keyword !== 'additionalProperties' || typeof extra !== 'string') return e;
      return { ...e, instancePath: `${e.instancePath}/${extra.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: 'unknown field' };
    }),
    obj,
    id,
  );
}

/** Strict mode: each field the kind's schema does not list is an issue of its own. */
async function strictIssues(obj: Json, apiVersion: string, kind: string, id: string): Promise<ObjectIssue[]> {
  const schema = await strictSchemaOf(apiVersion, kind);
  if (schema === undefined) return [issue('OBJECT_NO_VALIDATOR', id, `no strict schema for ${apiVersion} ${kind}`)];
  return unknownFields(obj, schema.root, schema.definitions).map((f) =>
    issue('OBJECT_INVALID', id, f.suggestion === undefined ? 'unknown field' : `unknown field (did you mean ${f.suggestion}?)`, formatPath(f.path)),
  );
}

/** Whether @strata/validate has a schema for `apiVersion` + `kind`. */
export async function hasValidator(apiVersion: string, kind: string): Promise<boolean> {
  return (await modelFor(apiVersion, kind)) !== undefined;
}

/**
 * Objects that are the same object to the API server: same API group (any
 * version), kind, namespace and name. Returns each duplicated object with the
 * indexes of its copies, in order of first appearance. Unnamed objects are
 * left to {@link validateObject}.
 */
export function findDuplicates<T extends { apiVersion: string; kind: string; metadata?: { name?: string; namespace?: string } }>(
  objects: readonly T[],
): Array<{ object: string; indexes: number[] }> {
  const byKey = new Map<string, { object: string; indexes: number[] }>();
  objects.forEach((obj, index) => {
    const name = obj.metadata?.name;
    if (name === undefined || name === '') return;
    const slash = obj.apiVersion.indexOf('/');
    const group = slash < 0 ? '' : obj.apiVersion.slice(0, slash);
    const key = [group, obj.kind, obj.metadata?.namespace ?? '', name].join('\0');
    const entry = byKey.get(key);
    if (entry === undefined) byKey.set(key, { object: objectId(obj), indexes: [index] });
    else entry.indexes.push(index);
  });
  return [...byKey.values()].filter((d) => d.indexes.length > 1);
}

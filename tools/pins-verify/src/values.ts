import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { LoadedChart } from './chart.ts';

/** One problem with a release's values. */
export interface ValuesIssue {
  /** `schema`: Helm refuses to install. `unknown`: Helm installs and silently ignores the key. */
  readonly kind: 'schema' | 'unknown';
  /**
   * `warning` for a key that values.yaml lacks where the chart's schema says
   * `additionalProperties: true` beside named properties: the chart allows it,
   * but no template is known to read it.
   */
  readonly severity: 'error' | 'warning';
  /** Keys and indexes from the top of the release's values. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

type Json = Record<string, unknown>;

function isMap(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Helm's merge of user values over chart defaults: maps merge, anything else replaces, `null` deletes the key. */
export function coalesce(defaults: unknown, user: unknown): unknown {
  if (!isMap(defaults) || !isMap(user)) return user === undefined ? defaults : user;
  const out: Json = { ...defaults };
  for (const [k, v] of Object.entries(user)) {
    if (v === null) delete out[k];
    else out[k] = coalesce(defaults[k], v);
  }
  return out;
}

/**
 * A validator for a chart's values.schema.json in the draft its `$schema`
 * names: 2020-12 and 2019-09 get their own Ajv, anything else (draft-07,
 * draft-06, none) the draft-07 one. Unknown keywords and formats are ignored,
 * as Helm ignores them.
 */
export function compileValuesSchema(schema: Json): ValidateFunction {
  const { $schema, ...body } = schema;
  const draft = String($schema ?? '');
  const options = { strict: false, allErrors: true, validateFormats: false, validateSchema: false, logger: false } as const;
  const ajv = /2020-12/.test(draft) ? new Ajv2020(options) : /2019-09/.test(draft) ? new Ajv2019(options) : new Ajv(options);
  return ajv.compile(body);
}

function pointer(instancePath: string): (string | number)[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Ajv errors as one issue per path; `anyOf`/`oneOf` summaries give way to the branch messages. */
function schemaIssues(errors: readonly ErrorObject[], prefix: readonly (string | number)[]): ValuesIssue[] {
  const byPath = new Map<string, { path: (string | number)[]; messages: string[] }>();
  for (const e of errors) {
    const extra = e.keyword === 'additionalProperties' ? [(e.params as { additionalProperty: string }).additionalProperty] : [];
    const path = [...prefix, ...pointer(e.instancePath), ...extra];
    const message = e.keyword === 'additionalProperties' ? 'is not allowed by the schema (additionalProperties: false)' : (e.message ?? 'is invalid');
    const key = JSON.stringify(path);
    const entry = byPath.get(key) ?? { path, messages: [] };
    if (!entry.messages.includes(message)) entry.messages.push(message);
    byPath.set(key, entry);
  }
  return [...byPath.values()].map(({ path, messages }) => {
    const specific = messages.filter((m) => !/^must match (a|exactly one) schema in (anyOf|oneOf)$/.test(m));
    return { kind: 'schema', severity: 'error', path, message: (specific.length > 0 ? specific : messages).join('; ') };
  });
}

/** Resolves a local `$ref` (`#/$defs/x`, `#/definitions/x`) against the root schema. */
function deref(node: unknown, root: Json): Json | undefined {
  let cur = node;
  for (let i = 0; i < 20 && isMap(cur) && typeof cur.$ref === 'string' && cur.$ref.startsWith('#'); i++) {
    cur = pointer(cur.$ref.slice(1)).reduce<unknown>((n, k) => (isMap(n) ? n[String(k)] : undefined), root);
  }
  return isMap(cur) ? cur : undefined;
}

/**
 * What the schema at a mapping says of `key`: `named` (properties or a
 * matching patternProperties), `open` (additionalProperties: true or a
 * schema, beside named properties), `free` (a map of anything: no named
 * properties), or `no`; and the key's own schema.
 */
type Declared = 'named' | 'open' | 'free' | 'no';

function schemaChild(node: Json | undefined, key: string, root: Json): { declared: Declared; child?: Json } {
  const s = node === undefined ? undefined : deref(node, root);
  if (s === undefined) return { declared: 'no' };
  const withChild = (declared: Declared, sub: unknown): { declared: Declared; child?: Json } => {
    const child = deref(sub, root);
    return child === undefined ? { declared } : { declared, child };
  };
  const props = isMap(s.properties) ? s.properties : undefined;
  if (props !== undefined && key in props) return withChild('named', props[key]);
  if (isMap(s.patternProperties)) {
    for (const [re, sub] of Object.entries(s.patternProperties)) if (new RegExp(re, 'u').test(key)) return withChild('named', sub);
  }
  const named = props !== undefined || s.patternProperties !== undefined;
  if (s.additionalProperties === true || isMap(s.additionalProperties)) return withChild(named ? 'open' : 'free', s.additionalProperties);
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = s[k];
    if (!Array.isArray(branches)) continue;
    for (const b of branches) {
      const hit = schemaChild(isMap(b) ? b : undefined, key, root);
      if (hit.declared !== 'no') return hit;
    }
  }
  const objectType = s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object'));
  if (objectType && !named && s.additionalProperties === undefined) return { declared: 'free' };
  return { declared: 'no' };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The templates read `.Values.<path>` itself (a key values.yaml leaves out, or only shows in a comment). */
function templatesRead(chart: LoadedChart, path: readonly string[]): boolean {
  return new RegExp(`\\.Values\\.${path.map(escape).join('\\.')}(?![\\w-])`).test(chart.templates);
}

/** The templates hand the whole mapping on (`toYaml .Values.x`, `range … .Values.x`): any key inside is read. */
function templatesPassThrough(chart: LoadedChart, path: readonly string[]): boolean {
  const values = `\\$?\\.Values\\.${path.map(escape).join('\\.')}(?![\\w.-])`;
  return new RegExp(`(toYaml|toJson|toPrettyJson|toRawJson|range[^}]*?:=|range)\\s+\\(?\\s*${values}`).test(chart.templates);
}

interface Walk {
  readonly chart: LoadedChart;
  /** Keys from the top of the release's values (the subchart's key included). */
  readonly at: readonly string[];
  /** Keys from the top of this chart's values. */
  readonly local: readonly string[];
  readonly defaults: unknown;
  readonly schema: Json | undefined;
  readonly schemaRoot: Json;
}

function unknownKeys(user: Json, w: Walk, skip: ReadonlySet<string>, out: ValuesIssue[]): void {
  for (const [key, value] of Object.entries(user)) {
    const at = [...w.at, key];
    const local = [...w.local, key];
    if (skip.has(JSON.stringify(at))) continue;
    if (w.local.length === 0 && key === 'global') continue;
    if (w.local.length === 0 && w.chart.subcharts.has(key)) {
      const sub = w.chart.subcharts.get(key)?.chart;
      // A dependency whose files are absent cannot be checked; its own defaults decide otherwise.
      if (sub === undefined || !isMap(value)) continue;
      const defaults = coalesce(sub.defaults, isMap(w.defaults) ? w.defaults[key] : undefined);
      unknownKeys(value, { chart: sub, at, local: [], defaults, schema: sub.schema, schemaRoot: sub.schema ?? {} }, skip, out);
      continue;
    }
    const defaults = isMap(w.defaults) ? w.defaults : undefined;
    const { declared, child } = schemaChild(w.schema, key, w.schemaRoot);
    const inDefaults = defaults !== undefined && key in defaults;
    if (!inDefaults && (declared === 'no' || declared === 'open') && !templatesRead(w.chart, local)) {
      const what = `is not in values.yaml of ${w.chart.name} ${w.chart.version} and no template reads it`;
      out.push(
        declared === 'no'
          ? { kind: 'unknown', severity: 'error', path: at, message: `${what}: Helm ignores it` }
          : { kind: 'unknown', severity: 'warning', path: at, message: `${what} (the schema allows additional keys here)` },
      );
      continue;
    }
    const def = defaults?.[key];
    // Descend only where values.yaml (or the schema) describes the keys of the mapping.
    const described = (isMap(def) && Object.keys(def).length > 0) || (!inDefaults && declared === 'named' && child !== undefined);
    if (!isMap(value) || !described || templatesPassThrough(w.chart, local)) continue;
    unknownKeys(value, { ...w, at, local, defaults: def, schema: child }, skip, out);
  }
}

/** The value at a dotted condition (`grafana.enabled`) of coalesced values; Helm treats a missing one as enabled. */
function enabled(values: unknown, condition: string | undefined): boolean {
  if (condition === undefined) return true;
  for (const c of condition.split(',')) {
    const v = c
      .trim()
      .split('.')
      .reduce<unknown>((n, k) => (isMap(n) ? n[k] : undefined), values);
    if (typeof v === 'boolean') return v;
  }
  return true;
}

function validateChart(chart: LoadedChart, values: unknown, prefix: readonly (string | number)[], out: ValuesIssue[]): void {
  if (chart.schema !== undefined) {
    const validate = compileValuesSchema(chart.schema);
    if (!validate(values)) out.push(...schemaIssues(validate.errors ?? [], prefix));
  }
  for (const [key, { chart: sub, condition }] of chart.subcharts) {
    if (sub === undefined || !enabled(values, condition)) continue;
    const own = isMap(values) ? values[key] : undefined;
    const global = isMap(values) ? values.global : undefined;
    const merged = coalesce(sub.defaults, coalesce(own, global === undefined ? {} : { global }));
    validateChart(sub, merged, [...prefix, key], out);
  }
}

/**
 * Checks a release's values the way Helm treats them: against the chart's
 * values.schema.json (and each enabled subchart's, on its part of the
 * values) after merging over the defaults; and for keys that neither
 * values.yaml, the schema nor the templates know, which Helm would ignore.
 * `global` is always allowed; a subchart's keys are checked against the
 * subchart when its files are there.
 */
export function checkValues(chart: LoadedChart, values: Json): ValuesIssue[] {
  const out: ValuesIssue[] = [];
  validateChart(chart, coalesce(chart.defaults, values), [], out);
  // A key the schema already refuses is reported once, as the schema's error.
  const refused = new Set(out.filter((i) => i.message.includes('additionalProperties')).map((i) => JSON.stringify(i.path)));
  unknownKeys(values, { chart, at: [], local: [], defaults: chart.defaults, schema: chart.schema, schemaRoot: chart.schema ?? {} }, refused, out);
  // By path, whatever order the schema was walked in.
  const key = (i: ValuesIssue): string => i.path.join('\u0000');
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

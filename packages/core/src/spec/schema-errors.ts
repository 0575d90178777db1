import type { ErrorObject } from 'ajv';
import type { CatalogKey } from '../errors.ts';
import { clusterBaseSchema } from '../schema/cluster.ts';
import type { SpecPath, Target } from './source.ts';

/** One schema violation, ready to be placed in the file. */
export interface SchemaProblem {
  readonly key: CatalogKey;
  readonly path: SpecPath;
  /** Point at the value of `path`, or at its key (unknown fields). */
  readonly target: Target;
  readonly message: string;
  /** The paths whose values the schema rejected; semantic checks skip inputs on or around them. */
  readonly failed: readonly SpecPath[];
}

/**
 * Turns ajv's errors into one problem per mistake: wrapper errors (`if`,
 * `anyOf`, `oneOf`) are folded into the branch that explains them, messages
 * are rewritten for people who write YAML, and duplicates are dropped.
 */
export function schemaProblems(errors: readonly ErrorObject[], data: unknown): SchemaProblem[] {
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  const kept = collapse(errors);
  const missing = new Map<string, string[]>();
  for (const e of kept) {
    if (e.keyword === 'required') missing.set(e.instancePath, [...(missing.get(e.instancePath) ?? []), String(e.params.missingProperty)]);
  }
  for (const error of kept) {
    const path = toPath(error.instancePath, data);
    const names = error.keyword === 'required' ? (missing.get(error.instancePath) ?? []) : [];
    // Several missing fields of one mapping read better as one line.
    const problem: SchemaProblem =
      names.length > 1
        ? {
            key: 'SPEC_SCHEMA',
            path,
            target: 'value',
            failed: names.map((n) => [...path, n]),
            message: `must have required properties ${names.map((n) => `"${n}"`).join(', ')}`,
          }
        : toProblem(error, path);
    const id = JSON.stringify([problem.path, problem.target, problem.message]);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(problem);
  }
  return out;
}

/** JSON pointer → path segments, with array indexes as numbers (found by walking the data). */
function toPath(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let here: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const index = Array.isArray(here) && /^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : undefined;
    path.push(index ?? segment);
    here = here !== null && typeof here === 'object' ? (here as Record<string, unknown>)[segment] : undefined;
  }
  return path;
}

/** Removes wrapper errors so one mistake gives one line. */
function collapse(errors: readonly ErrorObject[]): ErrorObject[] {
  let list = errors.filter((e) => e.keyword !== 'if');
  // Innermost first, so a nested anyOf is resolved before the one around it.
  const wrappers = list
    .filter((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf') && !hasPassing(e))
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const wrapper of wrappers) {
    const prefix = `${wrapper.schemaPath}/`;
    const inside = list.filter((e) => e.schemaPath.startsWith(prefix));
    const branches = new Map<string, ErrorObject[]>();
    for (const e of inside) {
      const branch = e.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    const shallow = (e: ErrorObject) =>
      e.instancePath === wrapper.instancePath && ['type', 'const', 'enum', 'anyOfShallow'].includes(e.keyword);
    const candidates = [...branches.values()];
    // Branch errors of a $ref'd schema carry that schema's paths; then the wrapper speaks for itself.
    if (candidates.length === 0) continue;
    // A branch whose type matched explains the mistake; pick the one with the fewest complaints.
    const matched = candidates.filter((b) => !b.some(shallow)).sort((a, b) => a.length - b.length);
    const keep: ErrorObject[] = matched[0] !== undefined ? matched[0] : [{ ...wrapper, keyword: 'anyOfShallow', params: { options: candidates.flat() } }];
    list = list.filter((e) => e !== wrapper && !inside.includes(e));
    list.push(...keep);
  }
  return list;
}

function hasPassing(e: ErrorObject): boolean {
  return e.keyword === 'oneOf' && (e.params as { passingSchemas?: unknown }).passingSchemas != null;
}

function toProblem(error: ErrorObject, path: (string | number)[]): SchemaProblem {
  const params = error.params as Record<string, unknown>;
  const value = { key: 'SPEC_SCHEMA', path, target: 'value', failed: [path] } as const;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const at = [...path, name];
      return { key: 'SPEC_UNKNOWN_FIELD', path: at, target: 'key', failed: [at], message: unknownField(name, allowed) };
    }
    case 'required':
      return { ...value, failed: [[...path, String(params.missingProperty)]], message: `must have required property "${String(params.missingProperty)}"` };
    case 'dependencies':
    case 'dependentRequired':
      return {
        ...value,
        failed: [[...path, String(params.missingProperty)]],
        message: `must have property "${String(params.missingProperty)}" when "${String(params.property)}" is set`,
      };
    case 'type': {
      // YAML reads an unquoted 1.30 or true as a number or boolean; quotes keep it a string.
      const quote = params.type === 'string' && (typeof error.data === 'number' || typeof error.data === 'boolean') ? ' (put it in quotes)' : '';
      return { ...value, message: `must be ${typeNames(params.type)}, not ${describe(error.data)}${quote}` };
    }
    case 'anyOfShallow':
      return { ...value, message: `must be ${alternatives(params.options as ErrorObject[])}, not ${describe(error.data)}` };
    case 'enum':
      return { ...value, message: oneOf(params.allowedValues as unknown[]) };
    case 'const':
      return { ...value, message: oneOf([params.allowedValue]) };
    case 'format':
      return { ...value, message: FORMAT_MESSAGES[String(params.format)] ?? `must be a valid ${String(params.format)}` };
    case 'pattern':
      return { ...value, message: PATTERN_MESSAGES.get(String(params.pattern)) ?? `must match the pattern ${String(params.pattern)}` };
    case 'minLength':
      return { ...value, message: params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters long` };
    case 'maxLength':
      return { ...value, message: `must be at most ${String(params.limit)} characters long` };
    case 'minItems':
      return { ...value, message: `must have at least ${plural(Number(params.limit), 'item')}` };
    case 'maxItems':
      return { ...value, message: `must have at most ${plural(Number(params.limit), 'item')}` };
    case 'uniqueItems': {
      // ajv's i/j order depends on the item types; blame the later item, name the earlier.
      const [first, later] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      const at = [...path, later!];
      return { ...value, path: at, failed: [at], message: `duplicate of item [${first!}]` };
    }
    case 'oneOf':
      return {
        ...value,
        message: hasPassing(error) ? 'matches more than one of the allowed shapes; make it unambiguous' : 'matches none of the allowed shapes',
      };
    case 'anyOf':
      return { ...value, message: 'matches none of the allowed shapes' };
    case 'not':
      return { ...value, message: 'is not allowed here' };
    case 'false schema':
      return { ...value, message: 'is not allowed' };
    default:
      // minimum/maximum and friends already read well: "must be <= 9216".
      return { ...value, message: error.message ?? 'is invalid' };
  }
}

const FORMAT_MESSAGES: Readonly<Record<string, string>> = {
  cidr: 'must be a CIDR such as 10.0.0.0/16',
  ip: 'must be an IP address such as 10.0.0.5',
  ipv4: 'must be an IPv4 address such as 10.0.0.5',
  ipv6: 'must be an IPv6 address such as fd00::5',
  hostname: 'must be a host name such as api.example.com',
  uri: 'must be a URI such as https://example.com/path',
  email: 'must be an email address',
};

const specProps = clusterBaseSchema.properties.spec.properties;
const dnsLabel = 'must be a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit';

/** Human wording for the patterns of the core schema, keyed by the pattern itself. */
const PATTERN_MESSAGES: ReadonlyMap<string, string> = new Map([
  [clusterBaseSchema.properties.metadata.properties.name.pattern, dnsLabel],
  [specProps.kubernetes.properties.version.pattern, 'must be a Kubernetes version such as 1.33 or 1.33.4'],
  [specProps.gitops.properties.repository.properties.url.pattern, 'must be a Git URL starting with https://, ssh:// or git@'],
  [specProps.gitops.properties.path.pattern, 'must be a relative path of lowercase letters, digits, "-", "_", "." and "/"'],
  [specProps.gitops.properties.interval.pattern, 'must be a duration such as 30s, 10m or 1h30m'],
  [specProps.network.properties.clusterDomain.pattern, 'must be a DNS domain such as cluster.local'],
  [specProps.network.properties.nodes.items.properties.zone.pattern, 'must be a zone name of letters, digits, "-", "_" and "."'],
]);

function unknownField(name: string, allowed: readonly string[]): string {
  const guess = suggest(name, allowed);
  if (guess !== undefined) return `unknown field (did you mean "${guess}"?)`;
  return allowed.length === 0 ? 'unknown field (this mapping takes no fields)' : `unknown field (allowed: ${allowed.join(', ')})`;
}

/** The allowed key closest to `name` by edit distance, if close enough to be a typo. */
export function suggest(name: string, allowed: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const candidate of allowed) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Infinity;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function typeNames(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types.map((t) => TYPE_NAMES[String(t)] ?? String(t)).join(' or ');
}

function alternatives(options: readonly ErrorObject[]): string {
  const names = options.flatMap((e) => {
    const p = e.params as Record<string, unknown>;
    if (e.keyword === 'type') return [typeNames(p.type)];
    if (e.keyword === 'const') return [show(p.allowedValue)];
    if (e.keyword === 'enum') return (p.allowedValues as unknown[]).map(show);
    // A nested shallow anyOf: its own options.
    return [alternatives((p.options as ErrorObject[] | undefined) ?? [])];
  });
  return [...new Set(names)].join(' or ');
}

function oneOf(values: readonly unknown[]): string {
  return values.length === 1 ? `must be ${show(values[0])}` : `must be one of: ${values.map(show).join(', ')}`;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'boolean') return String(value);
  return TYPE_NAMES[typeof value] ?? typeof value;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

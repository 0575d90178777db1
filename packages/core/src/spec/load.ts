import type { ValidateFunction } from 'ajv';
import { type ComponentSpec, collectFacts, type SpecIssue, SpecError, isEnabled } from '../component.ts';
import { addressClashes, checkRequirements, type Facts, NO_FACTS } from '../facts.ts';
import { type CatalogKey, type Finding, finding, formatPath, type Severity, sortFindings } from '../errors.ts';
import type { Cluster } from '../schema/cluster.ts';
import { composeClusterSchema } from '../schema/compose.ts';
import { composeProfileSchema } from '../schema/profile.ts';
import { runChecks } from './checks.ts';
import { compileSchema, type ValidatorCache } from './compile.ts';
import { MERGE_KEY } from './merge.ts';
import { type Located, resolveProfiles } from './provenance.ts';
import { ProfileResolver, type ProfileFiles } from './profiles.ts';
import { schemaProblems } from './schema-errors.ts';
import { errorText, exactPositionOf, parseSpec, positionOf, type SpecPath, type SpecSource, type Target } from './source.ts';

export type { Position, SpecPath } from './source.ts';
export type { ValidatorCache, ValidatorFactory } from './compile.ts';
export type { Located } from './provenance.ts';
export type { ProfileFile, ProfileFiles } from './profiles.ts';

/** One spec file to load. */
export interface LoadInput {
  /** Path shown in findings, relative to the workspace root: `clusters/homelab/cluster.yaml`. */
  readonly file: string;
  /** The file's raw bytes; decoding is part of loading (a non-UTF-8 file is a finding). */
  readonly bytes: Uint8Array;
  /** Name of the folder the file lives in; `metadata.name` must equal it. */
  readonly expectedName?: string;
  /**
   * The workspace's profiles by name, for a spec that lists `profiles`. Pass
   * the same map for every file of a run: parsed profiles are memoized on it.
   */
  readonly profiles?: ProfileFiles;
}

/** A profile a loaded cluster was built from. */
export interface ProfileUse {
  readonly name: string;
  /** Workspace-relative path of the profile file. */
  readonly file: string;
  /** sha256 of the profile file's bytes. */
  readonly sha256: string;
}

/** What loading one spec file produced. */
export interface LoadResult {
  /**
   * The spec, schema-valid, defaults applied (component blocks included under
   * `spec.<key>`) and deeply frozen; defined iff `findings` has no error.
   */
  readonly cluster: Cluster | undefined;
  /** Every error and warning, sorted by position (see {@link sortFindings}). */
  readonly findings: readonly Finding[];
  /**
   * The file and position that set a path, for problems found after loading
   * (a component's SpecError at render time): the cluster file, or the
   * profile a value came from; a path no file sets (a default) points at its
   * nearest ancestor that one does. Absent when the file did not parse.
   */
  readonly locate?: (path: SpecPath, target?: Target) => Located;
  /** Where exactly a path is set, or undefined when no file sets it (its value is a default). */
  readonly sourceOf?: (path: SpecPath) => Located | undefined;
  /** The profiles the cluster was built from, in merge order (empty without `profiles`). */
  readonly profiles?: readonly ProfileUse[];
}

/** Loads cluster specs against the schema composed from a set of components. */
export interface SpecLoader {
  /** The composed JSON Schema (core plus one block per component), frozen. */
  readonly schema: object;
  /** The schema of a profile, derived from {@link schema}: nothing required, no defaults. */
  readonly profileSchema: object;
  /** Parses, validates and checks one file. Pure and total: never throws, never reads the disk. */
  load(input: LoadInput): LoadResult;
  /** The cache it keeps its compiled validators in, for the other schemas of the run (CRDs): the one it was given. */
  readonly validators?: ValidatorCache;
}

/**
 * Builds a loader for the cluster schema extended with `components`' blocks.
 * The schema is compiled once here, or loaded from `validators` when this
 * schema was compiled before; throws only if a component's schema is itself
 * invalid (a programming error, not a user error).
 */
export function createSpecLoader(components: readonly ComponentSpec[], options: { readonly validators?: ValidatorCache } = {}): SpecLoader {
  const schema = deepFreeze(composeClusterSchema(components));
  const profileSchema = deepFreeze(composeProfileSchema(schema));
  // How profiles merge a list is an annotation of the schema (x-strata-merge-key), not a validation keyword.
  const keywords = [MERGE_KEY];
  const validate = compileSchema(schema, { useDefaults: true, keywords }, options.validators);
  // Compiled on first use: a workspace without profiles never pays for it.
  let validateProfile: ValidateFunction | undefined;
  const resolvers = new WeakMap<ProfileFiles, ProfileResolver>();
  const resolverFor = (files: ProfileFiles): ProfileResolver => {
    let r = resolvers.get(files);
    if (r === undefined) {
      r = new ProfileResolver(files, () => (validateProfile ??= compileSchema(profileSchema, { useDefaults: false, keywords }, options.validators)));
      resolvers.set(files, r);
    }
    return r;
  };
  return {
    ...(options.validators === undefined ? {} : { validators: options.validators }),
    schema,
    profileSchema,
    load(input) {
      try {
        return load(input, validate, components, { schema, resolverFor });
      } catch (error) {
        // Last line of defence: whatever slipped through is reported against the file, not thrown.
        return {
          cluster: undefined,
          findings: [finding('YAML_SYNTAX', `the spec could not be loaded: ${errorText(error)}`, { file: input.file, line: 1, column: 1 })],
        };
      }
    },
  };
}


interface ProfileSupport {
  readonly schema: object;
  readonly resolverFor: (files: ProfileFiles) => ProfileResolver;
}

const NO_PROFILES: ProfileFiles = new Map();

function load(input: LoadInput, validate: ValidateFunction, components: readonly ComponentSpec[], support: ProfileSupport): LoadResult {
  const parsed = parseSpec(input.file, input.bytes);
  if (!parsed.ok) return { cluster: undefined, findings: sortFindings(parsed.findings) };
  const { source } = parsed;
  const findings: Finding[] = [...parsed.warnings];
  let doc = parsed.value;
  let locate = (path: SpecPath, target: Target = 'value'): Located => ({ file: input.file, ...positionOf(source, path, target) });
  let sourceOf = (path: SpecPath): Located | undefined => {
    const p = exactPositionOf(source, path);
    return p === undefined ? undefined : { file: input.file, ...p };
  };
  let profiles: ProfileUse[] = [];
  const listed = (doc as { profiles?: unknown }).profiles;
  if (listed !== undefined) {
    // Profiles first, in order, then this file over them; every node keeps the file that set it.
    const resolved = resolveProfiles(support.resolverFor(input.profiles ?? NO_PROFILES), source, doc, support.schema);
    findings.push(...resolved.findings);
    if (resolved.merged === undefined) return { cluster: undefined, findings: sortFindings(findings) };
    ({ locate, sourceOf } = resolved.merged);
    doc = resolved.merged.value;
    profiles = resolved.merged.profiles;
  }
  // A finding placed in a profile also names the cluster it was found in.
  const cluster = input.expectedName ?? (doc as { metadata?: { name?: unknown } }).metadata?.name;
  const at = (key: CatalogKey, path: SpecPath, message: string, target: Target = 'value', extra: { severity?: Severity; hint?: string } = {}) => {
    const where = locate(path, target);
    const about = where.file !== input.file && typeof cluster === 'string' ? { cluster } : {};
    findings.push(finding(key, message, { ...where, path: formatPath(path), ...about, ...extra }));
  };

  // ajv fills in defaults as it validates, on data freshly converted for this call.
  const valid = validate(doc);
  const problems = valid ? [] : schemaProblems(validate.errors ?? [], doc);
  for (const p of problems) at(p.key, p.path, p.message, p.target);
  const failedPaths = problems.flatMap((p) => p.failed);
  const failed = (path: SpecPath) => failedPaths.some((f) => isPrefix(f, path) || isPrefix(path, f));

  // Frozen before any check runs, so a check (ours or a component's) cannot change what others see.
  deepFreeze(doc);
  const enabledNames = components.filter((c) => isEnabled(c, doc as object)).map((c) => c.name);
  for (const issue of runChecks({ doc, failed, components: enabledNames, ...(input.expectedName === undefined ? {} : { expectedName: input.expectedName }) })) {
    at(issue.key, issue.path, issue.message, 'value', issue.severity === undefined ? {} : { severity: issue.severity });
  }
  for (const issue of componentIssues(components, doc, failed, problems.length > 0)) {
    at('SPEC_COMPONENT', issue.path, issue.message, 'value', {
      ...(issue.severity === undefined ? {} : { severity: issue.severity }),
      ...(issue.hint === undefined ? {} : { hint: issue.hint }),
    });
  }

  const sorted = sortFindings(findings);
  const ok = !sorted.some((f) => f.severity === 'error');
  return { cluster: ok ? (doc as Cluster) : undefined, findings: sorted, locate, sourceOf, profiles };
}

/** Runs `check` of each enabled component whose block passed the schema. */
function componentIssues(
  components: readonly ComponentSpec[],
  doc: unknown,
  failed: (path: SpecPath) => boolean,
  partial: boolean,
): SpecIssue[] {
  const issues: SpecIssue[] = [];
  let facts: Facts = NO_FACTS;
  try {
    facts = collectFacts(components, doc as Cluster, {
      skip: (c) => failed(['spec', c.key]),
      // A SpecError here is the same problem the component's check reports with its own wording; other errors are bugs.
      onError: (c, error) => {
        if (error instanceof SpecError || partial) return;
        issues.push({ path: ['spec', c.key], message: `facts of component ${c.name} failed: ${errorText(error)}`, hint: `this is a bug in the ${c.name} component; please report it` });
      },
    });
  } catch (error) {
    // Two components declaring different versions of one product.
    issues.push({ path: ['spec'], message: errorText(error), hint: 'this is a bug in a component; please report it' });
  }
  // The compatibility table: what each component needs of the others and of Kubernetes.
  const kubernetes = (doc as { spec?: { kubernetes?: { version?: unknown } } }).spec?.kubernetes?.version;
  for (const b of checkRequirements(facts, typeof kubernetes === 'string' ? kubernetes : undefined)) {
    issues.push({ path: b.requirement.path, message: b.message, ...(b.requirement.severity === undefined ? {} : { severity: b.requirement.severity }) });
  }
  // One address, two owners: LB-IPAM leaves the second pending (or the address flaps between announcers).
  for (const c of addressClashes(facts)) {
    issues.push({
      path: c.address.path,
      message: `LoadBalancer IP ${c.address.ip} of ${c.address.owner} is also asked for by ${c.with.owner} (${formatPath(c.with.path)})`,
      hint: 'give each its own address, or the same sharing key to Services that share one on distinct ports',
    });
  }
  for (const component of components) {
    if (component.check === undefined || !isEnabled(component, doc as object) || failed(['spec', component.key])) continue;
    const block = (doc as { spec: Record<string, unknown> }).spec[component.key];
    try {
      issues.push(...component.check({ cluster: doc as Cluster, block, facts }));
    } catch (error) {
      if (error instanceof SpecError) issues.push({ path: error.path, message: error.message });
      // On a partly invalid spec a check may trip over a field the schema already rejected; that error is reported.
      else if (!partial) {
        issues.push({
          path: ['spec', component.key],
          message: `check of component ${component.name} failed: ${errorText(error)}`,
          hint: `this is a bug in the ${component.name} component; please report it`,
        });
      }
    }
  }
  return issues;
}

function isPrefix(prefix: SpecPath, path: SpecPath): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => String(s) === String(path[i]));
}

/** Freezes a value and everything reachable from it; safe on shared and cyclic references. */
function deepFreeze<T>(value: T): T {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    Object.freeze(v);
    for (const child of Object.values(v)) stack.push(child);
  }
  return value;
}

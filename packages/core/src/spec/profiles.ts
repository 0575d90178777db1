import { createHash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { type Finding, finding, formatPath } from '../errors.ts';
import { PROFILE_KIND, PROFILES_DIR } from '../schema/profile.ts';
import { toTree, type Tree } from './merge.ts';
import { schemaProblems } from './schema-errors.ts';
import { parseSpec, positionOf, type SpecPath, type SpecSource } from './source.ts';

/** One profile file as the compiler read it. */
export interface ProfileFile {
  /** Workspace-relative path: `clusters/_profiles/base.yaml`. */
  readonly file: string;
  readonly bytes: Uint8Array;
}

/** Every profile of the workspace, by name (the file name without `.yaml`). */
export type ProfileFiles = ReadonlyMap<string, ProfileFile>;

/** A profile a cluster builds on, in merge order. */
export interface UsedProfile {
  readonly name: string;
  readonly file: string;
  /** sha256 of the file's bytes: the index records it, so a profile change shows in review. */
  readonly sha256: string;
  /** Its `spec`, with origins in its file. */
  readonly tree: Tree;
}

interface LoadedProfile {
  readonly findings: readonly Finding[];
  /** Set when the file parsed, is a Profile and passed its schema. */
  readonly usable?: { readonly source: SpecSource; readonly profiles: unknown; readonly tree: Tree; readonly sha256: string };
  /** The `kind` the file declares when it is not `Profile`. */
  readonly notProfile?: string;
}

/**
 * Reads the profiles a cluster names, and the profiles those name, depth
 * first: each profile comes after the ones it builds on and appears once (the
 * first time it is reached). A missing profile, a cycle or a file that is not
 * a profile is a finding at the line that names it. Parsed profiles are
 * memoized by their bytes, so a fleet parses each profile once.
 */
export class ProfileResolver {
  readonly #files: ProfileFiles;
  readonly #validate: () => ValidateFunction;
  readonly #loaded = new WeakMap<Uint8Array, LoadedProfile>();

  constructor(files: ProfileFiles, validate: () => ValidateFunction) {
    this.#files = files;
    this.#validate = validate;
  }

  /** The profiles `list` (at `listPath` in `referrer`) names, in merge order, and what went wrong. */
  resolve(list: unknown, referrer: SpecSource, listPath: SpecPath): { used: UsedProfile[]; findings: Finding[] } {
    const order = new Map<string, UsedProfile>();
    const findings: Finding[] = [];
    this.#visit(list, referrer, listPath, [], order, findings);
    return { used: [...order.values()], findings };
  }

  #visit(list: unknown, referrer: SpecSource, listPath: SpecPath, stack: readonly string[], order: Map<string, UsedProfile>, findings: Finding[]): void {
    if (!Array.isArray(list)) return;
    list.forEach((name: unknown, i) => {
      // A name that is not a string is the schema's to report.
      if (typeof name !== 'string') return;
      const path = [...listPath, i];
      // Where the name is written: looked up only for a finding (the position needs the full YAML parse).
      const at = () => ({ file: referrer.file, ...positionOf(referrer, path), path: formatPath(path) });
      if (stack.includes(name)) {
        findings.push(finding('PROFILE_CYCLE', `profile cycle: ${[...stack.slice(stack.indexOf(name)), name].join(' → ')}`, at()));
        return;
      }
      if (order.has(name)) return;
      const file = this.#files.get(name);
      if (file === undefined) {
        const known = [...this.#files.keys()].sort();
        findings.push(
          finding('PROFILE_MISSING', `no profile "${name}": ${PROFILES_DIR}/${name}.yaml does not exist`, {
            ...at(),
            hint: `known profiles: ${known.length === 0 ? `(none; ${PROFILES_DIR}/ is empty)` : known.join(', ')}`,
          }),
        );
        return;
      }
      const loaded = this.#load(name, file);
      if (loaded.notProfile !== undefined) {
        findings.push(finding('PROFILE_NOT_PROFILE', `${file.file} is not a profile (kind: ${loaded.notProfile})`, at()));
        return;
      }
      findings.push(...loaded.findings);
      if (loaded.usable === undefined) return;
      this.#visit(loaded.usable.profiles, loaded.usable.source, ['profiles'], [...stack, name], order, findings);
      order.set(name, { name, file: file.file, sha256: loaded.usable.sha256, tree: loaded.usable.tree });
    });
  }

  #load(name: string, file: ProfileFile): LoadedProfile {
    const hit = this.#loaded.get(file.bytes);
    if (hit !== undefined) return hit;
    const loaded = loadProfile(name, file, this.#validate());
    this.#loaded.set(file.bytes, loaded);
    return loaded;
  }
}

function loadProfile(name: string, file: ProfileFile, validate: ValidateFunction): LoadedProfile {
  const parsed = parseSpec(file.file, file.bytes);
  if (!parsed.ok) return { findings: parsed.findings };
  const { source, value } = parsed;
  const doc = value as { kind?: unknown; metadata?: { name?: unknown }; profiles?: unknown; spec?: unknown };
  if (doc.kind !== PROFILE_KIND) return { findings: [], notProfile: doc.kind === undefined ? 'none' : JSON.stringify(doc.kind).replace(/^"|"$/g, '') };
  const findings: Finding[] = [...parsed.warnings];
  if (!validate(value)) {
    for (const p of schemaProblems(validate.errors ?? [], value)) {
      findings.push(finding(p.key, p.message, { file: file.file, ...positionOf(source, p.path, p.target), path: formatPath(p.path) }));
    }
  }
  const declared = doc.metadata?.name;
  if (typeof declared === 'string' && declared !== name) {
    findings.push(
      finding('SPEC_NAME_MISMATCH', `profile name "${declared}" does not match its file ${name}.yaml`, {
        file: file.file,
        ...positionOf(source, ['metadata', 'name']),
        path: 'metadata.name',
        hint: 'metadata.name of a profile must equal its file name without .yaml',
      }),
    );
  }
  if (findings.some((f) => f.severity === 'error')) return { findings };
  const tree = toTree(doc.spec === undefined ? {} : { spec: doc.spec }, source);
  return { findings, usable: { source, profiles: doc.profiles, tree, sha256: createHash('sha256').update(file.bytes).digest('hex') } };
}

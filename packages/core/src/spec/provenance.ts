import { type Finding, finding, formatPath } from '../errors.ts';
import { type MergeIssue, mergeTrees, nodeAlong, type Origin, toTree, type Tree, valueOf } from './merge.ts';
import type { ProfileResolver } from './profiles.ts';
import { positionOf, type Position, type SpecPath, type SpecSource, type Target } from './source.ts';

/** A position in a named file: where a value of a (possibly merged) spec was written. */
export interface Located extends Position {
  readonly file: string;
}

/** A cluster spec merged over its profiles, with the file and line of every value. */
export interface MergedCluster {
  /** Plain, fresh data: the schema may fill in defaults. */
  readonly value: unknown;
  readonly locate: (path: SpecPath, target?: Target) => Located;
  readonly sourceOf: (path: SpecPath) => Located | undefined;
  readonly profiles: { readonly name: string; readonly file: string; readonly sha256: string }[];
}

/**
 * Resolves the profiles `doc` (parsed from `source`) lists and merges them,
 * then the document itself, in that order. `merged` is absent when a profile
 * is missing, cyclic or invalid (the findings say where).
 */
export function resolveProfiles(
  resolver: ProfileResolver,
  source: SpecSource,
  doc: unknown,
  schema: object,
): { findings: Finding[]; merged?: MergedCluster } {
  const { used, findings } = resolver.resolve((doc as { profiles?: unknown }).profiles, source, ['profiles']);
  if (findings.some((f) => f.severity === 'error')) return { findings };
  const issues: MergeIssue[] = [];
  let tree: Tree | undefined;
  for (const profile of used) tree = mergeTrees(tree, profile.tree, schema, issues);
  const merged = mergeTrees(tree, toTree(doc, source), schema, issues);
  for (const issue of issues) {
    findings.push(finding('PROFILE_REMOVE_UNUSED', issue.message, { severity: 'warning', ...at(issue.origin), path: formatPath(issue.origin.path) }));
  }
  return {
    findings,
    merged: {
      value: valueOf(merged),
      locate: (path, target = 'value') => {
        // The deepest part of the path some file set; what lies below it is a default or absent.
        const { node, depth } = nodeAlong(merged, path);
        return at({ source: node.origin.source, path: [...node.origin.path, ...path.slice(depth)] }, depth === path.length ? target : 'value');
      },
      sourceOf: (path) => {
        const { node, depth } = nodeAlong(merged, path);
        return depth === path.length ? at(node.origin) : undefined;
      },
      profiles: used.map((p) => ({ name: p.name, file: p.file, sha256: p.sha256 })),
    },
  };
}

function at(origin: Origin, target: Target = 'value'): Located {
  return { file: origin.source.file, ...positionOf(origin.source, origin.path, target) };
}

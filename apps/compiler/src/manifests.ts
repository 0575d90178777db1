import { BoundedMemo, type Cluster, type Finding, finding, type Layer, LAYERS, type ManifestEntry, misreadBy, type SpecPath } from '@strata/core';
import { objectId } from '@strata/validate';
import { isMap, isNode, LineCounter, type Node, parseAllDocuments, type Document, visit } from 'yaml';
import { type K8sObject, objectPath } from './files.ts';
import { releasesOf } from './releases.ts';

/** Name under which `spec.manifests` objects render: `rendered/<cluster>/<layer>/manifests/…`. */
export const MANIFESTS_COMPONENT = 'manifests';

/** Guard against alias bombs, as for cluster specs. */
const MAX_ALIAS_COUNT = 50;

/** Reads workspace files for the compiler; all file access of a render goes through one of these. */
export interface WorkspaceReader {
  /**
   * The file at a workspace-relative path, or every `*.yaml`/`*.yml` below a
   * folder (recursively, sorted by path); undefined when nothing is there.
   * Paths returned are workspace-relative and `/`-separated.
   */
  yamlFiles(path: string): readonly { readonly path: string; readonly bytes: Uint8Array }[] | undefined;
}

/** Position in a file, 1-based. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** One object read from a manifest file, with its source map. */
export interface SourcedObject {
  readonly obj: K8sObject;
  /** Workspace-relative file the object was read from. */
  readonly file: string;
  /** 0-based index of its document in the file. */
  readonly doc: number;
  /** Where the document starts. */
  readonly start: SourcePosition;
  /** Where a path inside the object is written (the nearest existing parent when the path itself is not). */
  locate(path: readonly (string | number)[]): SourcePosition;
}

function position(lines: LineCounter, offset: number): SourcePosition {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function nodeStart(node: unknown): number | undefined {
  return isNode(node) && node.range !== undefined && node.range !== null ? node.range[0] : undefined;
}

/** Walks `path` in a parsed document; returns the offset of the deepest node that exists. */
function offsetOf(doc: Document.Parsed, path: readonly (string | number)[]): number {
  const top = nodeStart(doc.contents) ?? 0;
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
    // A map value's range starts at the value; pointing at the key reads better for a missing or wrong field.
    const parent = n === 1 ? doc.contents : (doc.getIn(path.slice(0, n - 1), true) as unknown);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => (isNode(p.key) ? (p.key as { value?: unknown }).value : p.key) === path[n - 1]);
      const key = nodeStart(pair?.key);
      if (key !== undefined) return key;
    }
    const start = nodeStart(node);
    if (start !== undefined) return start;
  }
  return top;
}

function isObjectLike(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Parses one multi-document YAML file into Kubernetes objects. Every problem
 * is a finding at its file:line:col: YAML errors (duplicate keys included), a
 * document that is not a mapping with apiVersion, kind and metadata.name, and
 * `List` kinds (write each item as a document). Empty documents are skipped.
 */
export function parseManifestFile(file: string, bytes: Uint8Array): { objects: SourcedObject[]; findings: Finding[] } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { objects: [], findings: [finding('MANIFEST_YAML', 'the file is not UTF-8', { file, line: 1, column: 1, hint: 're-save the file as UTF-8' })] };
  }
  // A fleet's clusters share their manifest folders: each file is parsed once per run. Every caller
  // gets its own copy of the objects, so nothing one render does can reach another's.
  const parsed = parsedManifests.get(`${file}\0${text}`, () => parseManifestText(file, text));
  return { objects: parsed.objects.map((o) => ({ ...o, obj: structuredClone(o.obj) })), findings: [...parsed.findings] };
}

const parsedManifests = new BoundedMemo<string, { readonly objects: readonly SourcedObject[]; readonly findings: readonly Finding[] }>(1000);

function parseManifestText(file: string, text: string): { objects: SourcedObject[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const lines = new LineCounter();
  // An empty stream (only comments or `---`) has no documents: no objects.
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const objects: SourcedObject[] = [];
  [...docs].forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const at = position(lines, error.pos[0]);
        findings.push(finding('MANIFEST_YAML', error.message.split('\n')[0] ?? error.message, { file, ...at }));
      }
      return;
    }
    if (doc.contents === null) return;
    const start = position(lines, nodeStart(doc.contents) ?? 0);
    findings.push(...ambiguousScalars(file, text, doc, lines));
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      findings.push(finding('MANIFEST_YAML', (error as Error).message, { file, ...start }));
      return;
    }
    if (value === null || value === undefined) return;
    const problem = objectProblem(value);
    if (problem !== undefined) {
      findings.push(finding('MANIFEST_OBJECT', problem, { file, ...start, hint: 'each document of a manifest file is one Kubernetes object with apiVersion, kind and metadata.name' }));
      return;
    }
    objects.push({ obj: value as K8sObject, file, doc: index, start, locate: (path) => position(lines, offsetOf(doc, path)) });
  });
  return { objects, findings };
}

/**
 * Plain scalars that YAML 1.1 readers (kubectl, Helm) and YAML 1.2 readers
 * (strata, kustomize) read differently (`on`, `0o17`, `1:30`): strata would
 * render its own reading, which may not be what the author tested.
 */
function ambiguousScalars(file: string, text: string, doc: Document.Parsed, lines: LineCounter): Finding[] {
  const out: Finding[] = [];
  visit(doc, {
    Scalar(_, node) {
      if (node.type !== 'PLAIN' || node.range === undefined || node.range === null) return;
      const source = text.slice(node.range[0], node.range[1]);
      const misread = misreadBy(source);
      if (misread.includes('yaml-1.1') === misread.includes('yaml-1.2')) return;
      out.push(
        finding('OBJECT_YAML_AMBIGUOUS', `${source} reads as ${misread.includes('yaml-1.1') ? 'a non-string' : 'a string'} in YAML 1.1 (kubectl, Helm) and ${misread.includes('yaml-1.2') ? 'a non-string' : 'a string'} in YAML 1.2 (strata)`, {
          file,
          ...position(lines, node.range[0]),
        }),
      );
    },
  });
  return out;
}

function objectProblem(value: unknown): string | undefined {
  if (!isObjectLike(value)) return `document ${Array.isArray(value) ? 'is a list' : `is a ${typeof value}`}, not a Kubernetes object`;
  const missing = [
    typeof value.apiVersion === 'string' && value.apiVersion !== '' ? undefined : 'apiVersion',
    typeof value.kind === 'string' && value.kind !== '' ? undefined : 'kind',
    isObjectLike(value.metadata) && typeof value.metadata.name === 'string' && value.metadata.name !== '' ? undefined : 'metadata.name',
  ].filter((m) => m !== undefined);
  if (missing.length > 0) return `document has no ${missing.join(', ')}`;
  if (typeof value.kind === 'string' && value.kind.endsWith('List')) return `${value.kind} is a list; write each item as a document of its own`;
  if (isObjectLike(value.metadata) && value.metadata.namespace !== undefined && typeof value.metadata.namespace !== 'string') return 'metadata.namespace is not a string';
  return undefined;
}

/** An object of `spec.manifests`, with the layer it goes to. */
export interface ManifestObject extends SourcedObject {
  readonly layer: Layer;
  /** Index of its entry in `spec.manifests`. */
  readonly entry: number;
}

/** What the cluster's manifests and the releases' CRD schemas hold. */
export interface LoadedManifests {
  readonly objects: readonly ManifestObject[];
  /** CustomResourceDefinitions read from `spec.releases[].crdSchemas`: validators only, never rendered. */
  readonly crdSchemas: readonly unknown[];
  /** Every file read, workspace-relative: what a render depends on besides the spec. */
  readonly files: readonly string[];
  readonly findings: readonly Finding[];
}

/**
 * Reads `spec.manifests` and the releases' `crdSchemas` through `reader`.
 * A path with no YAML is an error at its spec field (`at`); an object listed
 * twice (same kind, namespace and name) is an error at its second place.
 */
export function loadManifests(
  manifests: readonly ManifestEntry[],
  crdSchemaPaths: readonly { readonly path: string; readonly at: SpecPath }[],
  reader: WorkspaceReader,
  at: (path: SpecPath) => Pick<Finding, 'file' | 'line' | 'column' | 'path'>,
): LoadedManifests {
  const findings: Finding[] = [];
  const files: string[] = [];
  const objects: ManifestObject[] = [];
  // A file two entries name is parsed (and its problems reported) once.
  const parsedFiles = new Map<string, SourcedObject[]>();
  const read = (path: string, where: SpecPath): SourcedObject[] => {
    const found = reader.yamlFiles(path);
    if (found === undefined || found.length === 0) {
      findings.push(finding('MANIFEST_PATH', `${path} is neither a YAML file nor a folder with *.yaml or *.yml files`, at(where)));
      return [];
    }
    return found.flatMap((f) => {
      let parsed = parsedFiles.get(f.path);
      if (parsed === undefined) {
        files.push(f.path);
        const result = parseManifestFile(f.path, f.bytes);
        findings.push(...result.findings);
        parsed = result.objects;
        parsedFiles.set(f.path, parsed);
      }
      return parsed;
    });
  };
  const readBy = new Map<string, number>();
  const reported = new Set<string>();
  manifests.forEach((m, entry) => {
    const layer = (m.layer ?? 'config') as Layer;
    if (!(LAYERS as readonly string[]).includes(layer)) return;
    const where: SpecPath = ['spec', 'manifests', entry, 'path'];
    for (const o of read(m.path, where)) {
      const first = readBy.get(o.file);
      if (first !== undefined && first !== entry) {
        if (!reported.has(`${entry}\0${o.file}`)) findings.push(finding('MANIFEST_PATH', `${m.path} reads ${o.file}, which spec.manifests[${first}] reads already`, at(where)));
        reported.add(`${entry}\0${o.file}`);
        continue;
      }
      readBy.set(o.file, entry);
      objects.push({ ...o, layer, entry });
    }
  });
  const seen = new Map<string, ManifestObject>();
  const unique: ManifestObject[] = [];
  for (const o of objects) {
    const id = identity(o.obj);
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, o);
      unique.push(o);
    } else findings.push(finding('OBJECT_DUPLICATE', `${describe(o.obj)} is also defined at ${first.file}:${first.start.line}:${first.start.column}`, { file: o.file, ...o.start }));
  }
  const crdSchemas = crdSchemaPaths.flatMap((c) => read(c.path, c.at).filter((o) => o.obj.kind === 'CustomResourceDefinition').map((o) => o.obj));
  return { objects: unique, crdSchemas, files: [...new Set(files)].sort(), findings };
}

function identity(obj: K8sObject): string {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.slice(0, obj.apiVersion.indexOf('/')) : '';
  return [group, obj.kind, obj.metadata.namespace ?? '', obj.metadata.name].join('\0');
}

function describe(obj: K8sObject): string {
  return [obj.kind, obj.metadata.namespace, obj.metadata.name].filter((p) => p !== undefined && p !== '').join('/');
}

/** `spec.template.spec.containers[0]["a.b"]` → `['spec', 'template', 'spec', 'containers', 0, 'a.b']` (the inverse of formatPath). */
export function parsePath(text: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.[\]]+)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(JSON.parse(m[2]) as string);
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}

/**
 * The objects of a cluster's `spec.manifests` with where each came from, for
 * `strata validate` to point its findings about the rendered copies at the
 * manifest's own file and line. Problems reading them are render's to report.
 */
export function clusterManifests(cluster: Cluster, reader: WorkspaceReader): readonly ManifestObject[] {
  const entries = (cluster.spec.manifests ?? []) as readonly ManifestEntry[];
  if (entries.length === 0) return [];
  return loadManifests(entries, [], reader, () => ({})).objects;
}

/**
 * Points findings about manifest objects at the manifest itself: the file,
 * and the line of the offending field (or of the document), instead of the
 * rendered copy.
 */
export function relocateFindings(findings: readonly Finding[], manifests: readonly ManifestObject[], renderedPath: string): Finding[] {
  if (manifests.length === 0) return [...findings];
  const byFile = new Map(manifests.map((m) => [`${renderedPath}/${objectPath(m.layer, MANIFESTS_COMPONENT, m.obj)}`, m]));
  return findings.map((f) => {
    const m = f.file === undefined ? undefined : byFile.get(f.file);
    if (m === undefined || (f.object !== undefined && f.object !== objectId(m.obj))) return f;
    const pos = f.path === undefined || f.path === '' ? m.start : m.locate(parsePath(f.path));
    return { ...f, file: m.file, line: pos.line, column: pos.column };
  });
}

/** The CRDs the releases' `crdSchemas` name, for validating rendered/ as committed (unreadable ones are left out: render reports them). */
export function releaseCrdSchemas(cluster: Cluster, reader: WorkspaceReader): readonly unknown[] {
  const paths = releasesOf(cluster).flatMap((r, i) => (r.crdSchemas === undefined ? [] : [{ path: r.crdSchemas, at: ['spec', 'releases', i, 'crdSchemas'] as SpecPath }]));
  return paths.length === 0 ? [] : loadManifests([], paths, reader, () => ({})).crdSchemas;
}

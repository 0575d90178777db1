import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { collectFacts, type ComponentSpec, enabledComponents, type Finding, finding, LAYERS, type ProfileFiles, readCanonical } from '@strata/core';
import { ARGOCD_FOLDER, FLUX_FOLDER, SECRETS_FOLDER } from '@strata/gitops/layout';
import { crdCatalog, findDuplicates, validateObject } from '@strata/validate';
import { isSeq, parseAllDocuments } from 'yaml';
import { compareReaders, type Reading, readDocuments } from '../agreement.ts';
import { objectPath } from '../files.ts';
import { clusterManifests, MANIFESTS_COMPONENT, relocateFindings, releaseCrdSchemas, type WorkspaceReader } from '../manifests.ts';
import { type Located, parseObjects } from '../objects.ts';
import { INDEX_FILE, KUSTOMIZATION_FILE, renderedPathOf } from '../layout.ts';
import { checkPolicies, providedServices } from '../policies.ts';
import { releasesOriginator } from '../releases.ts';
import { checkSecretFiles, type SecretFileInput } from '../secrets/gate.ts';
import { clusterInventory, inventoryFindings } from '../secrets/inventory.ts';
import { readSecrets, readSpec, type Session } from '../session.ts';
import { listFiles } from '../tree.ts';
import type { ClusterEntry } from '../workspace.ts';

import { sha256 } from '../layout.ts';
import type { CachedVerdict } from './cache.ts';
import { digestOf } from './inputs.ts';

/** Folders of a cluster's output that hold Kubernetes objects: the layers and either engine's own folder. */
const objectFolders: ReadonlySet<string> = new Set([...LAYERS, SECRETS_FOLDER, FLUX_FOLDER, ARGOCD_FOLDER]);

/** A SOPS file of the rendered secrets/ folder (`*.sops`; its Namespaces sit in secrets/namespaces/). */
function isSopsCopy(path: string): boolean {
  const parts = path.split('/');
  return parts.length === 2 && parts[0] === SECRETS_FOLDER && parts[1]!.endsWith('.sops');
}

interface IndexFile {
  files?: { path: string; sha256: string }[];
}

/**
 * The verdict on one cluster's committed output: what the validate cache keeps
 * (`renderedPath` is `spec.gitops.path`, default `rendered/<name>`; findings are
 * errors and warnings; waived the accepted policy violations), with its name.
 */
export interface ClusterVerdict extends CachedVerdict {
  readonly name: string;
  /** {@link digestOf} the folder's files as they were read for this verdict. */
  readonly tree: string;
}

/** What a check reads besides the cluster's own files: the workspace through `reader`, profiles from `profiles`. */
export interface CheckInputs {
  readonly reader: WorkspaceReader;
  readonly profiles: ProfileFiles;
}

/**
 * Checks one cluster's folder under rendered/ as committed: every object
 * against its schema, the policy rules (with the spec's waivers), duplicates,
 * each folder's kustomization.yaml, the index (missing, unexpected or
 * hand-edited files), and that every YAML file reads the same in YAML 1.1
 * (kubectl, Helm, kubeconform) as in YAML 1.2. The SOPS files in
 * clusters/<name>/secrets/ and their copies pass the secrets gate, and a
 * Secret the cluster needs that nobody provides is a warning.
 */
export async function checkCluster(session: Session<ComponentSpec>, entry: ClusterEntry, inputs: CheckInputs): Promise<ClusterVerdict> {
  const { reader } = inputs;
  const loaded = session.loader.load({ file: entry.specFile, bytes: readSpec(session, entry), expectedName: entry.name, profiles: inputs.profiles });
  const base = loaded.cluster === undefined ? `rendered/${entry.name}` : renderedPathOf(loaded.cluster);
  const dir = join(session.ws.root, base);
  const files = listFiles(dir);
  const objects: Located[] = [];
  const findings: Finding[] = [];
  // The source secrets/ folder passes the same gate as at render time, so a plaintext file fails validate too.
  const source = await checkSecretFiles(readSecrets(session, entry).files, { identities: session.identities });
  findings.push(...source.findings);
  const sopsCopies: SecretFileInput[] = [];
  if (files.length === 0) {
    findings.push(finding('RENDER_MISSING', 'nothing rendered for this cluster', { file: `${base}/` }));
    return { name: entry.name, renderedPath: base, files: 0, objects: 0, findings, waived: [], tree: digestOf([]) };
  }
  // What was read, file by file: the verdict holds for exactly these bytes.
  const read: [string, string][] = [];

  let index: IndexFile | undefined;
  try {
    const bytes = readFileSync(join(dir, INDEX_FILE));
    read.push([INDEX_FILE, sha256(bytes)]);
    index = JSON.parse(bytes.toString('utf8')) as IndexFile;
  } catch {
    findings.push(finding('RENDER_NO_INDEX', `${INDEX_FILE} is missing or is not JSON`, { file: `${base}/${INDEX_FILE}` }));
  }
  const indexed = new Map((index?.files ?? []).map((f) => [f.path, f.sha256]));

  for (const path of files) {
    const file = `${base}/${path}`;
    if (path === INDEX_FILE) continue;
    const bytes = readFileSync(join(dir, path));
    const sha = sha256(bytes);
    read.push([path, sha]);
    if (index !== undefined) {
      const expected = indexed.get(path);
      if (expected === undefined) findings.push(finding('RENDER_EXTRA', `not listed in ${INDEX_FILE}`, { file }));
      else if (expected !== sha) findings.push(finding('RENDER_HAND_EDIT', `sha256 differs from ${INDEX_FILE}`, { file }));
      indexed.delete(path);
    }
    if (isSopsCopy(path)) {
      // Byte-for-byte copies of SOPS files: checked as SOPS files, and strictly as the Secret Flux applies.
      sopsCopies.push({ file, name: path.slice(SECRETS_FOLDER.length + 1), bytes });
      continue;
    }
    // Only the layer folders and the engine's folder hold objects; other folders (nixos/) hold plain files.
    if (!/\.ya?ml$/.test(path) || !objectFolders.has(path.split('/')[0] ?? '')) continue;
    const text = bytes.toString('utf8');
    if (path.endsWith(KUSTOMIZATION_FILE)) {
      checkKustomization(file, path, text, files, findings);
      continue;
    }
    objects.push(...parseObjects(file, text, findings, { yaml11: true }));
  }
  for (const missing of indexed.keys()) {
    findings.push(finding('RENDER_MISSING', `listed in ${INDEX_FILE} but absent`, { file: `${base}/${missing}` }));
  }
  // Custom resources from spec.manifests may be of a kind whose CRD only a release's crdSchemas describe.
  const crds = crdCatalog([...objects.map((o) => o.obj), ...(loaded.cluster === undefined ? [] : releaseCrdSchemas(loaded.cluster, reader))], session.loader.validators);
  // Findings about the objects of spec.manifests point at the manifest's own file and line, as in render.
  // Only where the committed copy is the manifest object as written: a hand edit under rendered/ is fixed there.
  const committed = new Map(objects.map((o) => [o.file, o.obj]));
  const manifests = (loaded.cluster === undefined ? [] : clusterManifests(loaded.cluster, reader)).filter((m) =>
    isDeepStrictEqual(committed.get(`${base}/${objectPath(m.layer, MANIFESTS_COMPONENT, m.obj)}`), m.obj),
  );
  const atSource = (list: readonly Finding[]): Finding[] => relocateFindings(list, manifests, base);
  for (const { obj, file, line } of objects) {
    const issues = (await validateObject(obj, { crds })).map((issue) =>
      finding(issue.key, issue.message, { file, line, column: 1, object: issue.object, ...(issue.path === undefined ? {} : { path: issue.path }) }),
    );
    findings.push(...atSource(issues));
  }
  const copies = await checkSecretFiles(sopsCopies, { identities: session.identities, renderedCopies: true });
  findings.push(...copies.findings.filter((f) => f.severity === 'error'));
  const sopsObjects = copies.provided.map((p) => ({ path: `${SECRETS_FOLDER}/${p.name}`, obj: structuredClone(p.object) as Located['obj'] }));
  // Chart-created and spec-declared Services, for the backend check: the facts are a pure function of the spec.
  const enabled = loaded.cluster === undefined ? [] : enabledComponents(session.components, loaded.cluster);
  const facts = loaded.cluster === undefined ? undefined : collectFacts(enabled, loaded.cluster);
  const services = loaded.cluster === undefined || facts === undefined ? [] : providedServices(loaded.cluster, facts);
  // The Secrets the cluster needs, as render reports them: a missing one is a warning naming its reader.
  if (loaded.cluster !== undefined && facts !== undefined && !source.findings.some((f) => f.severity === 'error')) {
    const inventory = clusterInventory(loaded.cluster, facts, source.provided);
    findings.push(...inventoryFindings(loaded.cluster, entry.specFile, inventory, source.provided, loaded.locate));
  }
  const policy = checkPolicies({
    cluster: loaded.cluster,
    renderedPath: base,
    objects: [...objects.map((o) => ({ path: o.file.slice(base.length + 1), obj: o.obj })), ...sopsObjects],
    specFile: entry.specFile,
    locate: loaded.locate,
    services,
    components: [...enabled, releasesOriginator],
  });
  findings.push(...atSource(policy.findings));
  for (const dup of findDuplicates([...objects.map((o) => o.obj), ...sopsObjects.map((o) => o.obj)])) {
    const where = dup.indexes.map((i) => objects[i]?.file).join(', ');
    findings.push(finding('OBJECT_DUPLICATE', `${dup.object} is defined ${dup.indexes.length} times: ${where}`, { file: `${base}/` }));
  }
  return {
    name: entry.name,
    renderedPath: base,
    files: files.length,
    objects: objects.length + sopsObjects.length,
    findings,
    waived: policy.waived,
    tree: digestOf(read),
  };
}

/** The `resources` a kustomization.yaml lists, or undefined when it has no such list; reading it reports any YAML 1.1 / 1.2 disagreement. */
function kustomizationResources(file: string, text: string, findings: Finding[]): unknown[] | undefined {
  // As strata writes it: the fast reader reads it as the `yaml` package does, in YAML 1.1 and 1.2 alike.
  const fast = readCanonical(text);
  if (fast !== undefined) return Array.isArray(fast.resources) ? fast.resources : undefined;
  const parsed = parseAllDocuments(text);
  const docs = Array.isArray(parsed) ? parsed : [parsed];
  const readings: Reading[] = docs.map((d) => (d.errors.length > 0 ? { error: d.errors[0]?.message ?? '' } : { value: d.toJS() as unknown }));
  findings.push(...compareReaders(file, readDocuments(text, '1.1'), readings));
  const doc = docs[0];
  const resources = doc?.get('resources');
  return doc === undefined || doc.errors.length > 0 || !isSeq(resources) ? undefined : (resources.toJSON() as unknown[]);
}

/** A folder's kustomization.yaml must list exactly the object files beneath it, and read the same in YAML 1.1 and 1.2. */
function checkKustomization(file: string, path: string, text: string, all: readonly string[], findings: Finding[]): void {
  const folder = path.slice(0, -KUSTOMIZATION_FILE.length);
  const resources = kustomizationResources(file, text, findings);
  if (resources === undefined) {
    findings.push(finding('OBJECT_PARSE', 'kustomization.yaml must have a resources list', { file }));
    return;
  }
  const listed = new Set(resources.map(String));
  for (const r of listed) {
    if (!all.includes(`${folder}${r}`)) findings.push(finding('RENDER_MISSING', `lists ${r}, which does not exist`, { file }));
  }
  for (const f of all) {
    if (f.startsWith(folder) && f !== path && /\.ya?ml$/.test(f) && !listed.has(f.slice(folder.length))) {
      findings.push(finding('RENDER_EXTRA', `${f.slice(folder.length)} is in the folder but not in its resources`, { file }));
    }
  }
}

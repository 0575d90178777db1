import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  compareStrings,
  collectFacts,
  enabledComponents,
  type Component,
  type Finding,
  finding,
  formatPath,
  type Layer,
  LAYERS,
  type ObjectRef,
  SpecError,
  type SpecLoader,
  standardLabels,
} from '@strata/core';
import { addObject, ComponentChart, layerOf, objectJson } from '@strata/core/chart';

import { engineAdapter, type LayerPlan, SECRETS_FOLDER } from '@strata/gitops';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { APP_NAMESPACE_LABEL } from '@strata/policy';
import { crdCatalog, findDuplicates, objectId, validateObject } from '@strata/validate';
import { compareObjects, folderRank, type K8sObject, kustomizationFor, objectPath } from './files.ts';
import { checkWrittenYaml } from './agreement.ts';
import { canonicalize, canonicalYaml, toJson } from './serialize.ts';
import { specPlace } from './profiles.ts';
import type { ClusterEntry } from './workspace.ts';
import { checkPolicies, providedServices, type Waived } from './policies.ts';
import { checkSecretFiles, type ProvidedSecret, renderedSopsName, type SecretFileInput } from './secrets/gate.ts';
import { clusterInventory, indexSecrets, type InventoryEntry, inventoryFindings } from './secrets/inventory.ts';
import { secretsNamespaces } from './secrets/namespaces.ts';

export { checkPolicies, type PolicyInput, providedServices, type Waived } from './policies.ts';
import { MANIFESTS_COMPONENT, relocateFindings, type WorkspaceReader } from './manifests.ts';
import { releasesOriginator } from './releases.ts';
import { manifestClashes, renderWorkloads } from './workloads.ts';

/** Component name of the Namespaces the compiler renders from the components' facts. */
export const NAMESPACES_COMPONENT = 'namespaces';

import { INDEX_FILE, KUSTOMIZATION_FILE, renderedPathOf, sha256 } from './layout.ts';
/** Component name recorded for files strata itself writes (kustomization.yaml, the index). */
const STRATA = 'strata';

/** One file of a rendered cluster, with its provenance. */
export interface RenderedFile {
  /** Path inside the cluster folder, `/`-separated: `config/cilium-dataplane/x.yaml`. */
  readonly path: string;
  readonly content: string;
  readonly sha256: string;
  readonly objects: number;
  readonly component: string;
  readonly folder: string;
  /** cdk8s construct path of the object in the file. */
  readonly constructPath?: string;
}

/** A cluster rendered in memory, ready to be compared with or written to disk. */
export interface RenderedCluster {
  readonly name: string;
  readonly specFile: string;
  /** Workspace-relative folder the cluster renders into (`rendered/<name>`). */
  readonly renderedPath: string;
  readonly files: readonly RenderedFile[];
  readonly objectCount: number;
  /** Policy violations the spec accepts, each with its reason. */
  readonly waived: readonly Waived[];
  /** Every Secret the cluster needs, with where it comes from. */
  readonly secrets: readonly InventoryEntry[];
}

/** The cluster's `clusters/<name>/secrets/` files and the age keys to verify them with. */
export interface SecretsInput {
  readonly files: readonly SecretFileInput[];
  readonly identities: readonly string[];
}

export interface RenderResult {
  readonly rendered?: RenderedCluster;
  /** Errors (then `rendered` is undefined) and warnings. */
  readonly findings: readonly Finding[];
}

interface Synthesized {
  readonly obj: K8sObject;
  readonly folder: string;
  readonly component?: string;
  readonly constructPath: string;
}

function collect(chart: Chart): ApiObject[] {
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

function refOf(obj: K8sObject): ObjectRef {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name,
    ...(obj.metadata.namespace === undefined ? {} : { namespace: obj.metadata.namespace }),
  };
}

/**
 * The pipeline for one cluster: load the spec, run each enabled component into
 * its own chart, add the GitOps engine objects, validate every object, and lay
 * the result out as files with an index. No I/O: the caller passes the spec
 * bytes and writes the result.
 */
export async function renderCluster(
  entry: ClusterEntry,
  bytes: Uint8Array,
  loader: SpecLoader,
  components: readonly Component[],
  secretsInput: SecretsInput = { files: [], identities: [] },
  /** Reads `spec.manifests` and the releases' `crdSchemas`; without it, naming any is an error. */
  workspace?: WorkspaceReader,
): Promise<RenderResult> {
  const loaded = loader.load({ file: entry.specFile, bytes, expectedName: entry.name });
  const warnings = loaded.findings.filter((f) => f.severity === 'warning');
  if (loaded.cluster === undefined) return { findings: loaded.findings };
  const cluster = loaded.cluster;
  const renderedPath = renderedPathOf(cluster);
  const findings: Finding[] = [...warnings];
  // SOPS-encrypted Secrets: checked before anything renders; a file that fails is never copied.
  const secretsDir = `${entry.specFile.slice(0, entry.specFile.lastIndexOf('/'))}/${SECRETS_FOLDER}/`;
  if (secretsInput.files.length > 0 && cluster.spec.gitops.engine !== 'flux') {
    return { findings: [...findings, finding('SECRET_ENGINE', `${secretsInput.files.length} SOPS file(s) here, but the cluster syncs with ${cluster.spec.gitops.engine}, which cannot decrypt them`, { file: secretsDir })] };
  }
  const gate = await checkSecretFiles(secretsInput.files, { identities: secretsInput.identities });
  findings.push(...gate.findings);
  if (gate.findings.some((f) => f.severity === 'error')) return { findings };
  const provided: readonly ProvidedSecret[] = gate.provided;

  // An explicit outdir keeps cdk8s from reading CDK8S_OUTDIR; we never synth to disk.
  const app = new App({ outdir: 'cdk8s.out', recordConstructMetadata: false });
  const adapter = engineAdapter(cluster.spec.gitops.engine);
  const enabled = enabledComponents(components, cluster);
  const charts: ComponentChart[] = [];
  // A SpecError is a spec problem at a place in the file; anything else a component throws is a bug.
  const specErrorOrBug = (what: string, err: unknown): void => {
    if (!(err instanceof SpecError)) throw new Error(`${what} failed: ${(err as Error).message}`, { cause: err });
    findings.push(finding('SPEC_COMPONENT', err.message, { ...specPlace(entry.specFile, entry.name, loaded.locate, err.path), path: formatPath(err.path) }));
  };
  const facts = collectFacts(enabled, cluster, { onError: (component, err) => specErrorOrBug(`facts of component ${component.name}`, err) });
  for (const component of enabled) {
    const chart = new ComponentChart(app, component.name);
    const block = (cluster.spec as Record<string, unknown>)[component.key];
    try {
      component.render(chart, { cluster, block, facts });
    } catch (err) {
      specErrorOrBug(`component ${component.name}`, err);
    }
    // Helm installs and Git manifests become engine objects inside the component's own layer folder.
    for (const layer of LAYERS) {
      const releases = chart.helmReleases(layer);
      if (releases.length > 0) adapter.renderHelm(new Construct(chart.layer(layer), 'helm'), releases, cluster);
      const sources = chart.gitManifests(layer);
      if (sources.length > 0) adapter.renderGit(new Construct(chart.layer(layer), 'git'), sources, cluster);
    }
    charts.push(chart);
  }
  // spec.releases (Helm installs like the components') and spec.manifests (plain YAML from the workspace).
  const workloads = renderWorkloads({ app, cluster, adapter, charts, specFile: entry.specFile, locate: loaded.locate, reader: workspace, rendered: facts.namespaces });
  findings.push(...workloads.findings);
  if (workloads.chart !== undefined) charts.push(workloads.chart);
  // Namespaces the components' objects live in are rendered once here, so two components needing one cannot clash.
  // Those the SOPS Secrets live in are rendered with them, in secrets/ (applied before the controllers).
  const namespaces = [...facts.namespaces, ...workloads.namespaces].sort();
  const early = secretsNamespaces(cluster, provided, namespaces);
  const lateNamespaces = namespaces.filter((ns) => !early.some((n) => n.metadata?.name === ns));
  if (lateNamespaces.length > 0) {
    const chart = new ComponentChart(app, NAMESPACES_COMPONENT);
    for (const ns of lateNamespaces) {
      addObject(
        chart.layer('controllers'),
        new Namespace({ metadata: { name: ns, labels: { ...standardLabels(NAMESPACES_COMPONENT, cluster.metadata.name), [APP_NAMESPACE_LABEL]: 'true' } } }),
      );
    }
    charts.push(chart);
  }
  if (findings.some((f) => f.severity === 'error')) return { findings };

  const synthesized: Synthesized[] = [];
  for (const chart of charts) {
    for (const api of collect(chart)) {
      const layer = layerOf(api);
      const obj = objectJson(api) as K8sObject;
      if (layer === undefined) {
        findings.push(
          finding('OBJECT_OUTSIDE_LAYER', `${chart.component} added ${obj.kind}/${obj.metadata.name} outside a layer`, {
            object: objectId(obj),
          }),
        );
        continue;
      }
      synthesized.push({ obj, folder: layer, component: chart.component, constructPath: api.node.path });
    }
  }
  const clashes = manifestClashes(workloads.manifests, synthesized);
  findings.push(...clashes.findings);
  for (const m of clashes.kept) {
    synthesized.push({ obj: m.obj, folder: m.layer, component: MANIFESTS_COMPONENT, constructPath: `${MANIFESTS_COMPONENT}/${m.file}#${m.doc}` });
  }

  const layers: LayerPlan[] = LAYERS.map((layer: Layer) => ({
    layer,
    path: `${renderedPath}/${layer}`,
    objects: synthesized
      .filter((s) => s.folder === layer)
      .map((s) => s.obj)
      .sort(compareObjects)
      .map(refOf),
    healthChecks: charts.flatMap((c) => c.healthChecks(layer)),
  }));
  const secretObjects = provided.map((p) => structuredClone(p.object) as K8sObject);
  const engineChart = new Chart(app, 'gitops', { disableResourceNameHashes: true });
  adapter.render(engineChart, {
    cluster,
    renderedPath,
    layers,
    ...(provided.length === 0 ? {} : { secrets: { path: `${renderedPath}/${SECRETS_FOLDER}`, objects: [...early.map((n) => n.toJSON() as K8sObject), ...secretObjects].sort(compareObjects).map(refOf) } }),
  });
  for (const api of collect(engineChart)) {
    synthesized.push({ obj: objectJson(api) as K8sObject, folder: adapter.folder, constructPath: api.node.path });
  }
  const namespacesChart = new Chart(app, 'secrets-namespaces', { disableResourceNameHashes: true });
  for (const ns of early) {
    const api = addObject(namespacesChart, ns);
    synthesized.push({ obj: objectJson(api) as K8sObject, folder: SECRETS_FOLDER, component: NAMESPACES_COMPONENT, constructPath: api.node.path });
  }

  // Lay out files, then check everything before anything can be written.
  const files: RenderedFile[] = [];
  const byPath = new Map<string, Synthesized>();
  synthesized.sort((a, b) => folderRank(a.folder) - folderRank(b.folder) || compareObjects(a.obj, b.obj));
  const crds = crdCatalog([...synthesized.map((s) => s.obj), ...workloads.crdSchemas], loader.validators);
  for (const s of synthesized) {
    const path = objectPath(s.folder, s.component, s.obj);
    const file = `${renderedPath}/${path}`;
    const clash = byPath.get(path);
    if (clash !== undefined) {
      findings.push(
        finding('OBJECT_PATH_CLASH', `${objectId(s.obj)} and ${objectId(clash.obj)} both render to ${path}`, { file }),
      );
      continue;
    }
    byPath.set(path, s);
    for (const issue of await validateObject(s.obj, { crds })) {
      findings.push(finding(issue.key, issue.message, { file, object: issue.object, ...(issue.path === undefined ? {} : { path: issue.path }) }));
    }
    const canonical = canonicalize(s.obj);
    const content = canonicalYaml(canonical);
    // What kubectl (YAML 1.1) and kustomize (YAML 1.2) read must be the object just validated.
    findings.push(...checkWrittenYaml(file, content, canonical));
    files.push({
      path,
      content,
      sha256: sha256(content),
      objects: 1,
      component: s.component ?? adapter.engine,
      folder: s.folder,
      constructPath: s.constructPath,
    });
  }
  // The SOPS files, byte for byte: checked by the gate above, never parsed into a new serialization.
  for (const p of provided) {
    const path = `${SECRETS_FOLDER}/${renderedSopsName(p)}`;
    if (byPath.has(path)) {
      findings.push(finding('OBJECT_PATH_CLASH', `${p.file} and ${objectId(byPath.get(path)!.obj)} both render to ${path}`, { file: p.file }));
      continue;
    }
    files.push({ path, content: p.content, sha256: sha256(p.content), objects: 1, component: SECRETS_FOLDER, folder: SECRETS_FOLDER });
  }
  const objects = [...[...byPath.values()].map((s) => s.obj), ...secretObjects];
  for (const dup of findDuplicates(objects)) {
    findings.push(finding('OBJECT_DUPLICATE', `${dup.object} is rendered ${dup.indexes.length} times`, { file: `${renderedPath}/` }));
  }
  const policy = checkPolicies({
    cluster,
    renderedPath,
    objects: [...[...byPath.entries()].map(([path, s]) => ({ path, obj: s.obj })), ...provided.map((p, i) => ({ path: `${SECRETS_FOLDER}/${renderedSopsName(p)}`, obj: secretObjects[i]! }))],
    specFile: entry.specFile,
    locate: loaded.locate,
    services: providedServices(cluster, facts),
    components: [...enabled, releasesOriginator],
  });
  findings.push(...policy.findings);
  const inventory = clusterInventory(cluster, facts, provided);
  findings.push(...inventoryFindings(cluster, entry.specFile, inventory, provided, loaded.locate));
  // Findings about manifest objects point at the manifest's own file and line.
  findings.splice(0, findings.length, ...relocateFindings(findings, workloads.manifests, renderedPath));
  if (findings.some((f) => f.severity === 'error')) return { findings };

  // Each folder a Flux Kustomization / Argo CD Application points at gets a
  // kustomization.yaml listing its objects in apply order, so `kustomize build`
  // works on it and stray YAML in the folder is never applied.
  const folders = [...LAYERS, ...(provided.length === 0 ? [] : [SECRETS_FOLDER]), adapter.folder];
  for (const folder of folders) {
    const inFolder = [
      ...[...byPath.entries()].filter(([, s]) => s.folder === folder),
      ...(folder === SECRETS_FOLDER ? provided.map((p, i): [string, { obj: K8sObject }] => [`${SECRETS_FOLDER}/${renderedSopsName(p)}`, { obj: secretObjects[i]! }]) : []),
    ]
      .sort(([pa, a], [pb, b]) => compareObjects(a.obj, b.obj) || (pa < pb ? -1 : 1))
      .map(([path]) => path.slice(folder.length + 1));
    const kustomization = canonicalize(kustomizationFor(inFolder));
    const content = canonicalYaml(kustomization);
    findings.push(...checkWrittenYaml(`${renderedPath}/${folder}/${KUSTOMIZATION_FILE}`, content, kustomization));
    files.push({ path: `${folder}/${KUSTOMIZATION_FILE}`, content, sha256: sha256(content), objects: 0, component: STRATA, folder });
  }
  if (findings.some((f) => f.severity === 'error')) return { findings };
  // Files that are not objects (a NixOS module, cfssl CSRs) sit in folders of their own, beside the
  // layers; components that derive files from the finished render (finalize) see every file above.
  for (const component of enabled) {
    if (component.finalize === undefined) continue;
    const chart = charts.find((c) => c.component === component.name);
    const block = (cluster.spec as Record<string, unknown>)[component.key];
    const refs = files.map((f) => ({ path: f.path, sha256: f.sha256 }));
    for (const f of component.finalize({ cluster, block, facts }, { files: refs, engineFolder: adapter.folder })) chart?.addFile(f.path, f.content);
  }
  for (const chart of charts) {
    for (const extra of chart.files()) {
      const folder = extra.path.split('/')[0] ?? '';
      if (folder === adapter.folder || files.some((f) => f.path === extra.path)) {
        throw new Error(`component ${chart.component} adds ${extra.path}, which clashes with another rendered file`);
      }
      files.push({ path: extra.path, content: extra.content, sha256: sha256(extra.content), objects: 0, component: chart.component, folder });
    }
  }
  // Stable sort: objects keep their apply order, each folder's kustomization.yaml closes it.
  files.sort(compareFiles);

  const index = {
    apiVersion: 'strata.dev/v1alpha1',
    kind: 'RenderIndex',
    cluster: cluster.metadata.name,
    engine: adapter.engine,
    spec: { file: entry.specFile, sha256: sha256(bytes) },
    // The profiles it was built from, in merge order: a profile change shows in review as a change here.
    ...(loaded.profiles === undefined || loaded.profiles.length === 0 ? {} : { profiles: loaded.profiles }),
    // What was used: each component and the version of its package.
    components: enabled.map((c) => (c.version === undefined ? c.name : `${c.name}@${c.version}`)),
    objects: objects.length,
    // Every Secret the cluster needs (names and keys, never values), so a pull request shows a new requirement.
    secrets: indexSecrets(inventory),
    files: files.map((f) => ({
      path: f.path,
      sha256: f.sha256,
      objects: f.objects,
      component: f.component,
      ...(f.constructPath === undefined ? {} : { constructPath: f.constructPath }),
    })),
  };
  const indexContent = toJson(index);
  files.push({ path: INDEX_FILE, content: indexContent, sha256: sha256(indexContent), objects: 0, component: STRATA, folder: '' });

  return {
    rendered: { name: cluster.metadata.name, specFile: entry.specFile, renderedPath, files, objectCount: objects.length, waived: policy.waived, secrets: inventory },
    findings,
  };
}

/** Files in layer order; within a folder, apply order is kept and kustomization.yaml comes last. */
function compareFiles(a: RenderedFile, b: RenderedFile): number {
  const last = (f: RenderedFile): number => (f.path.endsWith(`/${KUSTOMIZATION_FILE}`) ? 1 : 0);
  return folderRank(a.folder) - folderRank(b.folder) || compareStrings(a.folder, b.folder) || last(a) - last(b);
}

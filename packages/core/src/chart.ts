// The cdk8s side of the Component contract: the chart a component renders into and how
// objects are added to it. Its own entry (`@strata/core/chart`), apart from the index, so
// what only loads and checks specs (strata validate) loads no cdk8s.
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { type GitManifests, type HelmInstall, isExactVersion, type Layer, LAYERS, type ObjectRef } from './component.ts';

/** The construct that holds one layer's objects inside a component chart. */
export class LayerScope extends Construct {
  readonly layer: Layer;
  constructor(scope: Construct, layer: Layer) {
    super(scope, layer);
    this.layer = layer;
  }
}

function append<T>(map: Map<Layer, T[]>, layer: Layer, item: T): void {
  const list = map.get(layer);
  if (list === undefined) map.set(layer, [item]);
  else list.push(item);
}

/**
 * One cdk8s Chart per component. Objects go under `chart.layer(…)`; the
 * layer a rendered object belongs to is read from its construct path.
 */
export class ComponentChart extends Chart {
  readonly component: string;
  private readonly layers = new Map<Layer, LayerScope>();
  private readonly checks = new Map<Layer, ObjectRef[]>();
  private readonly helm = new Map<Layer, HelmInstall[]>();
  private readonly git = new Map<Layer, GitManifests[]>();
  private readonly extraFiles = new Map<string, string>();

  constructor(scope: Construct, component: string) {
    super(scope, component, { disableResourceNameHashes: true });
    this.component = component;
  }

  /** The scope for objects of `layer`, created on first use. */
  layer(layer: Layer): LayerScope {
    let scope = this.layers.get(layer);
    if (scope === undefined) {
      scope = new LayerScope(this, layer);
      this.layers.set(layer, scope);
    }
    return scope;
  }

  /**
   * Declares an object the GitOps engine must see healthy before the next
   * layer syncs, beyond the objects the layer applies itself (e.g. the
   * DaemonSet a HelmRelease creates).
   */
  addHealthCheck(layer: Layer, ref: ObjectRef): void {
    append(this.checks, layer, ref);
  }

  healthChecks(layer: Layer): readonly ObjectRef[] {
    return this.checks.get(layer) ?? [];
  }

  /** Installs a Helm chart in `layer` (default `controllers`); the engine adapter renders it. */
  addHelmRelease(install: HelmInstall, layer: Layer = 'controllers'): void {
    if (!isExactVersion(install.version)) {
      throw new Error(`${this.component}: Helm chart ${install.chart} version "${install.version}" must be an exact version`);
    }
    if (!/^(https:\/\/|oci:\/\/)/.test(install.repository)) {
      throw new Error(`${this.component}: Helm repository "${install.repository}" must start with https:// or oci://`);
    }
    append(this.helm, layer, install);
  }

  helmReleases(layer: Layer): readonly HelmInstall[] {
    return this.helm.get(layer) ?? [];
  }

  /** Syncs manifests from a Git repository pinned by commit, in `layer` (default `crds`). */
  addGitManifests(manifests: GitManifests, layer: Layer = 'crds'): void {
    if (manifests.commit !== undefined && !/^[0-9a-f]{40}$/.test(manifests.commit)) {
      throw new Error(`${this.component}: ${manifests.name} must pin a full 40-hex commit, got "${manifests.commit}"`);
    }
    if (!manifests.url.startsWith('https://')) throw new Error(`${this.component}: ${manifests.name} URL must be https://`);
    append(this.git, layer, manifests);
  }

  gitManifests(layer: Layer): readonly GitManifests[] {
    return this.git.get(layer) ?? [];
  }

  /**
   * Adds a file that is not a Kubernetes object (e.g. a NixOS module or a
   * cfssl CSR) at `rendered/<cluster>/<path>`. Paths are `/`-separated,
   * relative, and outside the layer folders (which hold objects only).
   */
  addFile(path: string, content: string): void {
    const parts = path.split('/');
    if (parts.some((p) => p === '' || p === '.' || p === '..') || (LAYERS as readonly string[]).includes(parts[0] ?? '') || parts.length < 2) {
      throw new Error(`${this.component}: file path "${path}" must be relative, inside a folder of its own, and not in a layer folder`);
    }
    if (this.extraFiles.has(path)) throw new Error(`${this.component}: file ${path} is added twice`);
    this.extraFiles.set(path, content.endsWith('\n') ? content : `${content}\n`);
  }

  /** The files added with {@link addFile}, sorted by path. */
  files(): readonly { readonly path: string; readonly content: string }[] {
    return [...this.extraFiles.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, content]) => ({ path, content }));
  }
}

/** The layer an object was added under, or undefined if it sits outside any layer. */
export function layerOf(obj: Construct): Layer | undefined {
  for (let c: Construct | undefined = obj.node.scope; c !== undefined; c = c.node.scope) {
    if (c instanceof LayerScope) return c.layer;
  }
  return undefined;
}

/** Anything that serializes to a Kubernetes object (kubernetes-models classes do). */
export interface ObjectModel {
  toJSON(): unknown;
}

/**
 * Adds a kubernetes-models object to a scope as a cdk8s ApiObject. The
 * construct id defaults to `kind-namespace-name`, unique within the scope.
 */
export function addObject(scope: Construct, model: ObjectModel, id?: string): ApiObject {
  const json = model.toJSON() as Record<string, unknown> & {
    apiVersion: string;
    kind: string;
    metadata?: { name?: string; namespace?: string };
  };
  if (typeof json !== 'object' || json === null || typeof json.apiVersion !== 'string' || typeof json.kind !== 'string') {
    throw new Error(`object added to ${scope.node.path} has no apiVersion/kind`);
  }
  const name = json.metadata?.name;
  if (name === undefined || name === '') {
    throw new Error(`${json.kind} added to ${scope.node.path} has no metadata.name`);
  }
  const ns = json.metadata?.namespace;
  const constructId = id ?? [json.kind.toLowerCase(), ns, name].filter((s) => s !== undefined).join('-');
  const api = new ApiObject(scope, constructId, json as ConstructorParameters<typeof ApiObject>[2]);
  added.set(api, json);
  return api;
}

/** The data each object {@link addObject} made was given (cdk8s keeps it as the object's props). */
const added = new WeakMap<ApiObject, Record<string, unknown>>();

/** cdk8s's own resolvers (Lazy, implicit tokens, number-or-string unions): an App that has only these. */
const DEFAULT_RESOLVERS = 3;

/** Stands for a value only cdk8s's resolvers know what to make of. */
const NOT_PLAIN = Symbol('not plain');

/**
 * What cdk8s's resolve-then-sanitize makes of plain JSON data: every
 * resolver leaves it as it is, so that is a copy with each mapping's keys
 * sorted and its null and undefined values dropped (a null in a sequence
 * becomes undefined). {@link NOT_PLAIN} for anything a resolver could change
 * (a Lazy, a class instance, a function) or that it copies in a way of its own
 * (a `__proto__` key).
 */
function sanitizedCopy(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return typeof value === 'function' ? NOT_PLAIN : value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = sanitizedCopy(value[i]);
      if (v === NOT_PLAIN) return NOT_PLAIN;
      out[i] = v;
    }
    return out;
  }
  if (value.constructor !== Object) return NOT_PLAIN;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(src).sort()) {
    // cdk8s's copy makes a `__proto__` key the prototype: whatever it does then is its own.
    if (key === '__proto__') return NOT_PLAIN;
    const v = sanitizedCopy(src[key]);
    if (v === NOT_PLAIN) return NOT_PLAIN;
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/**
 * `api.toJson()`, without cdk8s's resolver walk when it can do nothing: for
 * an object {@link addObject} made from plain data, with no JSON patch, in
 * an App with only cdk8s's own resolvers, the walk is an identity copy, and
 * this gives the same data (keys sorted, apiVersion, kind and metadata
 * first) at a fraction of the cost. Anything else goes through cdk8s. (Keys
 * are sorted whatever CDK8S_DISABLE_SORT says: a component reads no
 * environment, and the rendered files sort them anyway.)
 */
export function objectJson(api: ApiObject): Record<string, unknown> {
  const props = added.get(api);
  const patches = (api as unknown as { patches?: unknown }).patches;
  if (props === undefined || !Array.isArray(patches) || patches.length > 0 || App.of(api).resolvers.length !== DEFAULT_RESOLVERS) {
    return api.toJson() as Record<string, unknown>;
  }
  const json = sanitizedCopy({ ...props, metadata: api.metadata.toJson() });
  if (json === NOT_PLAIN || json === undefined) return api.toJson() as Record<string, unknown>;
  const data = json as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  // As cdk8s orders them (a later write of a key already placed keeps its place).
  for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(data)]) if (k in data) result[k] = data[k];
  return result;
}

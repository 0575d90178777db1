import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import type { ComponentChart } from './chart.ts';
import type { Cluster } from './schema/cluster.ts';
import { type Facts, type FactsPart, mergeFacts } from './facts.ts';

/**
 * Sync layers, applied in this order: CRDs exist before the controllers that
 * need them, controllers before the custom resources they serve.
 */
export const LAYERS = ['crds', 'controllers', 'config'] as const;
export type Layer = (typeof LAYERS)[number];

/** Points at one Kubernetes object (for health checks and dependencies). */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** A problem a component finds in its block; the loader attaches file:line:col. */
export interface SpecIssue {
  /** Path from the document root, e.g. `['spec', 'cilium', 'pools', 0, 'cidr']`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly severity?: 'error' | 'warning';
  readonly hint?: string;
}

/**
 * Thrown by a component when a prop value is out of bounds. The compiler turns
 * it into a finding at the field's file:line:col; any other error is a bug.
 */
export class SpecError extends Error {
  readonly path: readonly (string | number)[];
  constructor(path: readonly (string | number)[], message: string) {
    super(message);
    this.name = 'SpecError';
    this.path = path;
  }
}

/**
 * A Helm chart a component installs. Components say what to install; the
 * GitOps engine adapter decides how (a Flux HelmRelease and its source, or an
 * Argo CD Application with a Helm source), so component output does not change
 * with the engine.
 */
export interface HelmInstall {
  /** Release name; unique within the cluster. */
  readonly name: string;
  /** Namespace the chart installs into (created if missing). */
  readonly namespace: string;
  /** Chart name in the repository. */
  readonly chart: string;
  /** Exact chart version, as the repository spells it (`1.18.12`, `v1.19.1`); no ranges: nobody changes what is applied without changing the repo. */
  readonly version: string;
  /** `https://…` Helm repository, or `oci://registry/path` (the chart name is appended). */
  readonly repository: string;
  /** `sha256:…` digest of an OCI chart artifact, when the pin has one. */
  readonly digest?: string;
  /** Helm values, typed by the component. */
  readonly values: Readonly<Record<string, unknown>>;
  /** CRD policy on install and upgrade; default `CreateReplace` (Flux' upgrade default `Skip` would freeze CRDs). */
  readonly crds?: 'Skip' | 'Create' | 'CreateReplace';
  /**
   * Releases of the same cluster (by release name) that must be ready before
   * this one installs. Flux: HelmRelease `spec.dependsOn`; Argo CD: a later
   * sync wave than theirs inside the layer's Application.
   */
  readonly dependsOn?: readonly string[];
}

/** An exact chart version (`1.18.12`, `v1.19.1`, `1.0.0-rc.1`): no range, no `latest`. */
export function isExactVersion(version: string): boolean {
  return /^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(version);
}

/**
 * Plain manifests a component takes from a Git repository at a pinned commit
 * (e.g. the Gateway API CRDs). As with Helm, the engine adapter decides how they
 * are synced (a Flux GitRepository + Kustomization, or an Argo CD Application).
 */
export interface GitManifests {
  /** Object name of the sync objects; unique within the cluster. */
  readonly name: string;
  /** `https://` URL of the repository. */
  readonly url: string;
  /** Release tag, for humans and changelogs. */
  readonly tag: string;
  /**
   * Full 40-hex commit the tag points to: what is actually synced. Without it
   * the engine follows the tag, which is weaker (a moved tag changes what is
   * applied); a pin without a commit must say why in its pins.ts.
   */
  readonly commit?: string;
  /** Folder in the repository that holds a kustomization.yaml. */
  readonly path: string;
}

/** What a component's `facts()` sees: the whole cluster and its own (defaulted) block. */
export interface BlockContext<B> {
  readonly cluster: Cluster;
  readonly block: B;
}

/** What `check` and `render` see: the block, plus the facts every enabled component declares. */
export interface ComponentContext<B> extends BlockContext<B> {
  readonly facts: Facts;
}

/** Topics of `strata explain`, in the order they are printed. */
export const EXPLAIN_TOPICS = ['encryption', 'paths', 'tls', 'certificates', 'secrets', 'compatibility'] as const;
export type ExplainTopic = (typeof EXPLAIN_TOPICS)[number];

/** A few lines a component contributes to `strata explain` under one topic. */
export interface Explanation {
  readonly topic: ExplainTopic;
  /** Plain sentences or `name: fact` lines, no markup; the CLI indents them. */
  readonly lines: readonly string[];
}

/** A file of the finished render, as {@link Component.finalize} sees it. */
export interface RenderedFileRef {
  /** Path inside the cluster folder, `/`-separated: `flux-system/gitrepository-flux-system-lab.yaml`. */
  readonly path: string;
  /** Hex sha256 of the file's bytes. */
  readonly sha256: string;
}

/** What `originOf` is given of a rendered object: its identity. */
export interface RenderedObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Readonly<Record<string, string>> };
}

/**
 * Whether `object` is what a GitOps engine installs the Helm release
 * `release` with: a Flux HelmRelease or an Argo CD Application, each named
 * after the release.
 */
export function installsRelease(object: RenderedObjectRef, release: string): boolean {
  return (object.kind === 'HelmRelease' || object.kind === 'Application') && object.metadata.name === release;
}

/**
 * What the compiler needs of a component to load, check and explain the
 * origin of a spec: its block's schema, its facts, its checks and `originOf`.
 * A component package exports it from a light entry (`<package>/spec`) that
 * loads no render code, models or cdk8s, so commands that only read specs
 * (`strata validate`) do not pay for rendering.
 */
export interface ComponentSpec<B = unknown> {
  /** Kebab-case name, used in paths: `rendered/<cluster>/<layer>/<name>/…`. */
  readonly name: string;
  /** Key of its block in the spec: `spec.<key>`. */
  readonly key: string;
  /** One sentence for docs and `strata components`. */
  readonly description: string;
  /** Version of the package that provides it (set by discovery; recorded in each cluster's index). */
  readonly version?: string;
  /** JSON Schema of the block; must define `enabled` (boolean, default false). */
  readonly schema: object;
  /**
   * What this component tells the others (TLS hosts it serves, HTTP entry
   * points, metrics endpoints, upstream versions). Pure, like `render`.
   */
  facts?(ctx: BlockContext<B>): FactsPart;
  /** Checks that span fields of the spec; return every problem, do not throw. */
  check?(ctx: ComponentContext<B>): readonly SpecIssue[];
  /**
   * The spec entry a rendered object of this component comes from (the route
   * an Ingress serves, the pool a CiliumLoadBalancerIPPool is), so a finding
   * about the object can also name the line to edit. Undefined for objects
   * with no single entry. Pure; called with objects as rendered or as read
   * back from rendered/.
   */
  originOf?(ctx: BlockContext<B>, object: RenderedObjectRef): readonly (string | number)[] | undefined;
}

/** A component package's main export: its {@link ComponentSpec} and how it renders. */
export interface Component<B = unknown> extends ComponentSpec<B> {
  /**
   * Answers, from the spec, what `strata explain` asks of this component's
   * concern: what is encrypted, which path traffic takes, where TLS ends,
   * which certificates serve a host and when they renew. Pure.
   */
  explain?(ctx: ComponentContext<B>): readonly Explanation[];
  /** Adds the component's objects to `chart`. Pure: no I/O, clock or randomness. */
  render(chart: ComponentChart, ctx: ComponentContext<B>): void;
  /**
   * Plain files derived from the finished render (e.g. a NixOS module that
   * pins the sha256 of the GitOps engine's bootstrap objects), added beside
   * the layers like {@link ComponentChart.addFile}. Runs once every object and
   * file is laid out; pure.
   */
  finalize?(ctx: ComponentContext<B>, rendered: { readonly files: readonly RenderedFileRef[]; readonly engineFolder: string }): readonly { readonly path: string; readonly content: string }[];
}

/**
 * The TypeScript type of a block, derived from its schema (declare the schema
 * `as const satisfies JSONSchema`), so the types cannot drift from the schema.
 */
export type BlockOf<S extends JSONSchema> = FromSchema<S>;

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const CAMEL = /^[a-z][A-Za-z0-9]*$/;

/**
 * Declares the spec part of a component, in its package's light `spec`
 * entry: `defineComponentSpec<BlockOf<typeof schema>>({…, schema})`.
 * Throws if the definition breaks the contract (names, `enabled` flag, closed schema).
 */
export function defineComponentSpec<B>(def: ComponentSpec<B>): ComponentSpec<B> {
  if (!KEBAB.test(def.name)) throw new Error(`component name "${def.name}" must be kebab-case`);
  if (!CAMEL.test(def.key)) throw new Error(`component ${def.name}: key "${def.key}" must be camelCase`);
  const schema = def.schema as { type?: unknown; additionalProperties?: unknown; properties?: Record<string, { type?: unknown; default?: unknown }> };
  const enabled = schema.properties?.enabled;
  if (schema.type !== 'object' || schema.additionalProperties !== false || enabled?.type !== 'boolean' || enabled.default !== false) {
    throw new Error(
      `component ${def.name}: schema must be an object with additionalProperties: false and enabled: {type: boolean, default: false}`,
    );
  }
  return def;
}

/**
 * Declares a component: `defineComponent<BlockOf<typeof schema>>({...spec, render})`,
 * usually from the package's {@link defineComponentSpec} and its render code.
 * Throws if the definition breaks the contract (names, `enabled` flag, closed schema).
 */
export function defineComponent<B>(def: Component<B>): Component<B> {
  defineComponentSpec(def);
  return def;
}

/** Whether the spec turns the component on. */
export function isEnabled(component: Pick<ComponentSpec, 'key'>, spec: object): boolean {
  const block = (spec as { spec?: Record<string, unknown> }).spec?.[component.key] as { enabled?: unknown } | undefined;
  return block?.enabled === true;
}

/** The components `cluster` turns on, in name order: the order facts merge and charts render in. */
export function enabledComponents<C extends ComponentSpec>(components: readonly C[], cluster: Cluster): C[] {
  return components.filter((c) => isEnabled(c, cluster)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The facts of every enabled component of `cluster`, merged in component-name
 * order.
 */
export function collectFacts<C extends ComponentSpec>(
  components: readonly C[],
  cluster: Cluster,
  options: {
    /** Leaves out a component (e.g. one whose block the schema rejected). */
    readonly skip?: (component: C) => boolean;
    /** Called when a component's `facts()` throws; its part is then left out. Without it, the error propagates. */
    readonly onError?: (component: C, error: unknown) => void;
  } = {},
): Facts {
  const parts: FactsPart[] = [];
  for (const component of enabledComponents(components, cluster)) {
    if (component.facts === undefined || options.skip?.(component) === true) continue;
    const block = (cluster.spec as Record<string, unknown>)[component.key];
    try {
      parts.push(component.facts({ cluster, block }));
    } catch (error) {
      if (options.onError === undefined) throw error;
      options.onError(component, error);
    }
  }
  return mergeFacts(parts);
}

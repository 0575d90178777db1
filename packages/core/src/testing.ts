/**
 * Test support for component packages (`@strata/core/testing`): load a spec
 * through the real loader with hand-built facts of the other components, and
 * render a block the way the compiler does. Components never import each
 * other, not even in tests; a stub declares the facts they would.
 */
import { App } from 'cdk8s';
import { stringify } from 'yaml';
import { ComponentChart } from './chart.ts';
import { collectFacts, type Component, LAYERS } from './component.ts';
import { type Finding, formatFinding } from './errors.ts';
import { stringifyAgreed } from './yaml/agreed.ts';
import type { Facts, FactsPart } from './facts.ts';
import type { Cluster } from './schema/cluster.ts';
import { createSpecLoader, type ValidatorCache, type ValidatorFactory } from './spec/load.ts';

const validatorModules = new Map<string, ValidatorFactory>();

/**
 * The compiled spec validators of this test process, kept in memory as the CLI keeps them on disk
 * (`node_modules/.cache/strata/validators/`): a test that loads a spec with the schema of an earlier
 * one does not compile it again. Compiling was most of the time of the component tests (about 600
 * compiles of some 20 distinct schemas, 30-45 s of CPU in a full run); loading is the CLI's own path.
 */
export const testValidators: ValidatorCache = {
  load: (key) => validatorModules.get(key),
  store(key, code) {
    validatorModules.set(key, evaluateValidator(code));
  },
};

/** Stored validator text evaluated as `require` would: CommonJS, `module.exports = function strataValidator(formats, require)`. */
function evaluateValidator(code: string): ValidatorFactory {
  const module = { exports: {} as unknown };
  new Function('module', 'exports', code)(module, module.exports);
  return module.exports as ValidatorFactory;
}

/**
 * A validator cache in memory that evaluates stored module text the way
 * `require` would, counting its loads: for tests of what is stored and loaded.
 */
export function memoryValidatorCache(): ValidatorCache & { readonly texts: Map<string, string>; loads: number } {
  const texts = new Map<string, string>();
  const cache = {
    texts,
    loads: 0,
    load(key: string): ValidatorFactory | undefined {
      const text = texts.get(key);
      if (text === undefined) return undefined;
      cache.loads++;
      return evaluateValidator(text);
    },
    store(key: string, code: string): void {
      texts.set(key, code);
    },
  };
  return cache;
}

/**
 * A stand-in for another component under `spec.<key>`: it declares `facts`
 * and renders nothing. Its block accepts any field (`{enabled: true, …}`), so
 * a test can also give the real block that others read.
 */
export function factsStub(key: string, facts: FactsPart | (() => FactsPart)): Component {
  return {
    name: `${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-stub`,
    key,
    description: `Hand-built facts standing in for spec.${key}, for tests.`,
    schema: { type: 'object', properties: { enabled: { type: 'boolean', default: false } } },
    facts: typeof facts === 'function' ? facts : () => facts,
    render: () => undefined,
  };
}

/** The core fields of a test cluster; each has a small default. */
export interface ClusterFields {
  readonly name?: string;
  /** `spec.kubernetes`; default `{version: '1.33'}`. */
  readonly kubernetes?: object;
  readonly engine?: 'flux' | 'argocd';
  /** `spec.network`; default one control-plane node on 10.20.0.0/24. */
  readonly network?: object;
}

const ONE_NODE = {
  nodeSubnet: '10.20.0.0/24',
  nodes: [{ name: 'node-1', address: '10.20.0.11', roles: ['control-plane', 'worker'] }],
  podCIDR: '10.244.0.0/16',
  serviceCIDR: '10.96.0.0/16',
};

/** The YAML text of a cluster spec with these component blocks under `spec`. */
export function clusterSpecText(blocks: Readonly<Record<string, object>>, fields: ClusterFields = {}): string {
  return stringify(
    {
      apiVersion: 'strata.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: fields.name ?? 'lab' },
      spec: {
        kubernetes: fields.kubernetes ?? { version: '1.33' },
        gitops: { ...(fields.engine === undefined ? {} : { engine: fields.engine }), repository: { url: 'https://git.example.org/fleet.git' } },
        network: fields.network ?? ONE_NODE,
        ...blocks,
      },
    },
    { lineWidth: 0 },
  );
}

/** What a spec loads to, as a component's check and render see it. */
export interface Loaded<B> {
  /** Undefined when the spec has errors (then only the findings are useful). */
  readonly cluster: Cluster;
  readonly block: B;
  /** Facts of every enabled component (the one under test and the stubs). */
  readonly facts: Facts;
  readonly findings: readonly Finding[];
  /** Findings as the CLI prints them (`cluster.yaml:line:col path: message`). */
  readonly lines: readonly string[];
}

/**
 * Loads `spec.<component.key>` = `{enabled: true, ...block}` beside the
 * other blocks through the real loader (schema, defaults, facts, checks).
 */
export function loadComponent<B>(
  component: Component,
  block: object,
  options: { readonly fields?: ClusterFields; readonly others?: Readonly<Record<string, object>>; readonly stubs?: readonly Component[] } = {},
): Loaded<B> {
  const components = [component, ...(options.stubs ?? [])];
  const stubBlocks = Object.fromEntries((options.stubs ?? []).map((s) => [s.key, { enabled: true }]));
  // Order of the blocks in the file: the others (real blocks other components read), this one, then the bare stubs.
  const others = options.others ?? {};
  const bare = Object.fromEntries(Object.entries(stubBlocks).filter(([key]) => !(key in others)));
  const text = clusterSpecText({ ...others, [component.key]: { enabled: true, ...block }, ...bare }, options.fields);
  const result = createSpecLoader(components, { validators: testValidators }).load({ file: 'cluster.yaml', bytes: new TextEncoder().encode(text) });
  const lines = result.findings.map(formatFinding);
  if (result.cluster === undefined) {
    return { cluster: undefined as unknown as Cluster, block: undefined as unknown as B, facts: undefined as unknown as Facts, findings: result.findings, lines };
  }
  const loaded = (result.cluster.spec as unknown as Record<string, B>)[component.key] as B;
  return { cluster: result.cluster, block: loaded, facts: collectFacts(components, result.cluster), findings: result.findings, lines };
}

/** `path: message` of every error, or of every finding (`warning: ` marks warnings) with `all`. */
export function problemLines(findings: readonly Finding[], which: 'errors' | 'all' = 'errors'): string[] {
  return findings.filter((f) => which === 'all' || f.severity === 'error').map((f) => `${f.path}: ${f.severity === 'warning' ? 'warning: ' : ''}${f.message}`);
}

/** Renders a loaded block into a fresh chart, as the compiler does. */
export function renderComponent<B>(component: Component, loaded: Pick<Loaded<B>, 'cluster' | 'block' | 'facts'>): ComponentChart {
  const chart = new ComponentChart(new App({ outdir: 'cdk8s.out', recordConstructMetadata: false }), component.name);
  component.render(chart, { cluster: loaded.cluster, block: loaded.block, facts: loaded.facts });
  return chart;
}

/** Everything a chart recorded (objects, Helm installs, Git manifests, health checks, files) as sorted YAML, for goldens. */
export function chartYaml(chart: ComponentChart): string {
  const recorded = LAYERS.map((layer) => ({
    layer,
    gitManifests: chart.gitManifests(layer),
    helmReleases: chart.helmReleases(layer),
    healthChecks: chart.healthChecks(layer),
  }));
  const files = chart.files();
  // The writer the compiler uses, so a golden shows a value quoted exactly when rendered/ quotes it.
  return stringifyAgreed({ objects: chart.toJson(), recorded, ...(files.length === 0 ? {} : { files }) }, { sortMapEntries: true, lineWidth: 0 });
}

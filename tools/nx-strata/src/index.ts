import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CreateNodesContextV2, CreateNodesV2, TargetConfiguration } from 'nx/src/devkit-exports';
import { specInputPaths } from '@strata/core/spec-inputs';
import { enabledAfterMerge, parseLoose, PROFILES_DIR, type SpecChain, specChain } from './profiles.ts';

export { PROFILES_DIR, specChain } from './profiles.ts';

/** Where component packages live, relative to the workspace root. */
const PACKAGE_DIRS = ['packages'];

/** Maps each component's spec key to its package name, from the packages' package.json. */
export function componentPackages(workspaceRoot: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const dir of PACKAGE_DIRS) {
    let entries: string[];
    try {
      entries = readdirSync(join(workspaceRoot, dir)).sort();
    } catch {
      continue;
    }
    for (const entry of entries) {
      try {
        const pkg = JSON.parse(readFileSync(join(workspaceRoot, dir, entry, 'package.json'), 'utf8')) as {
          name?: string;
          strata?: { component?: { key?: string } };
        };
        const key = pkg.strata?.component?.key;
        if (key !== undefined && pkg.name !== undefined) map.set(key, pkg.name);
      } catch {
        // not a package
      }
    }
  }
  return map;
}

/** The spec keys whose block says `enabled: true`; an unparsable spec enables nothing (render reports it). */
export function enabledKeys(specText: string): string[] {
  return enabledAfterMerge([parseLoose(specText)]);
}

export { specInputPaths } from '@strata/core/spec-inputs';

/**
 * Files under rendered/<name>/ that are not Kubernetes objects: kustomize's own file, the index and plain
 * files. The SOPS copies in secrets/ are named `*.sops`, which kubeconform does not read (strata checks
 * them as SOPS files, and strictly as the Secret Flux applies once it removed the `sops` key).
 */
export const KUBECONFORM_IGNORE = ['(^|/)kustomization\\.yaml$', '(^|/)index\\.json$', '/nixos/'];

/** Community JSON Schemas of CRD kinds (kubeconform's -schema-location template). */
export const CRD_CATALOG = 'https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json';

/**
 * The nx project of one cluster. With `chain` (the profiles the spec builds
 * on), the components enabled anywhere along it count, and each profile file
 * is an input: nx marks exactly the projects that declare a workspace file as
 * an input affected when it changes, so a profile edit reaches the clusters
 * that use it, directly or through another profile, and no others.
 */
export function clusterProject(name: string, specText: string, components: Map<string, string>, chain?: SpecChain) {
  const deps = (chain === undefined ? enabledKeys(specText) : enabledAfterMerge(chain.docs))
    .map((key) => components.get(key))
    .filter((p): p is string => p !== undefined);
  const rendered = `{workspaceRoot}/rendered/${name}`;
  // A manifest folder (or file) the spec reads is an input: editing it re-renders and re-validates the cluster.
  // So is one a profile along the chain names.
  const paths = [...new Set([specText, ...(chain?.texts ?? [])].flatMap((t) => specInputPaths(t)))].sort();
  const reads = paths.flatMap((p) => [`{workspaceRoot}/${p}`, `{workspaceRoot}/${p}/**/*`]);
  // The SOPS-encrypted Secrets are rendered too; with an age key at hand their MACs are verified in full.
  const inputs = [
    '{projectRoot}/cluster.yaml',
    ...[...(chain?.profiles ?? [])].sort().map((p) => `{workspaceRoot}/${PROFILES_DIR}/${p}.yaml`),
    '{projectRoot}/secrets/**/*',
    ...reads,
    `${rendered}/**/*`,
    '^production',
    { env: 'SOPS_AGE_KEY_FILE' },
    { externalDependencies: ['cdk8s', 'kubernetes-models'] },
  ];
  const render: TargetConfiguration = {
    command: `strata render --cluster ${name}`,
    options: { cwd: '{workspaceRoot}' },
    cache: true,
    inputs,
    outputs: [rendered],
    metadata: { description: `Render clusters/${name}/cluster.yaml into rendered/${name}/` },
  };
  const schemas = `dist/schemas/${name}`;
  const validate: TargetConfiguration = {
    // strata's own gates, then the real kubeconform (strict) against the schemas strata validates with,
    // plus the CRD catalog for kinds only a CRD describes. Without a kubeconform binary the wrapper
    // prints NOT RUN and exits 3, failing the target (KUBECONFORM_OPTIONAL=1 lets it pass, still loudly).
    command: [
      `strata validate --cluster ${name}`,
      `strata schemas export --out ${schemas}`,
      [
        'kubeconform -strict -summary',
        ...KUBECONFORM_IGNORE.map((p) => `-ignore-filename-pattern '${p}'`),
        `-schema-location '${schemas}/{{ .ResourceKind }}{{ .KindSuffix }}.json'`,
        `-schema-location '${CRD_CATALOG}'`,
        `rendered/${name}`,
      ].join(' '),
    ].join(' && '),
    options: { cwd: '{workspaceRoot}' },
    cache: true,
    dependsOn: ['render'],
    inputs,
    metadata: { description: `Check rendered/${name}/ as committed` },
  };
  return {
    name: `cluster-${name}`,
    root: `clusters/${name}`,
    projectType: 'application' as const,
    tags: ['type:cluster'],
    implicitDependencies: ['@strata/compiler', ...deps],
    targets: { render, validate },
  };
}

/** nx plugin entry: one project per `clusters/<name>/cluster.yaml`; `clusters/_profiles/` (any `_name`) is no cluster. */
export const createNodesV2: CreateNodesV2 = [
  'clusters/*/cluster.yaml',
  (files: readonly string[], _options: unknown, context: CreateNodesContextV2) => {
    const components = componentPackages(context.workspaceRoot);
    return files
      .filter((file) => !basename(dirname(file)).startsWith('_'))
      .map((file) => {
        const name = basename(dirname(file));
        const text = readFileSync(join(context.workspaceRoot, file), 'utf8');
        const project = clusterProject(name, text, components, specChain(context.workspaceRoot, parseLoose(text)));
        return [file, { projects: { [project.root]: project } }] as const;
      });
  },
];

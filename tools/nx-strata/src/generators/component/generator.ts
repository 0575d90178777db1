import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { installPackagesTask, names, type GeneratorCallback, type Tree } from '@nx/devkit';
import { componentChangeset, componentFiles, type ComponentNames } from './files.ts';

export interface ComponentGeneratorOptions {
  readonly name: string;
  readonly key?: string;
  readonly description?: string;
  readonly skipInstall?: boolean;
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const CAMEL = /^[a-z][A-Za-z0-9]*$/;
const DEPENDENCIES = ['cdk8s', 'constructs', 'json-schema-to-ts', 'kubernetes-models', 'yaml'] as const;

/** The ranges the workspace's own component packages use, so the new one adds nothing to the lockfile. */
function workspaceVersions(tree: Tree): ComponentNames['versions'] {
  const found: Partial<Record<(typeof DEPENDENCIES)[number], string>> = {};
  for (const dir of tree.children('packages').sort()) {
    const text = tree.read(`packages/${dir}/package.json`, 'utf-8');
    if (text === null) continue;
    const pkg = JSON.parse(text) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    for (const dep of DEPENDENCIES) found[dep] ??= pkg.dependencies?.[dep] ?? pkg.devDependencies?.[dep];
  }
  const missing = DEPENDENCIES.filter((d) => found[d] === undefined);
  if (missing.length > 0) throw new Error(`no package under packages/ depends on ${missing.join(', ')}: cannot tell which versions the new component should use`);
  return found as ComponentNames['versions'];
}

/** The spec keys the workspace's component packages already claim. */
function takenKeys(tree: Tree): Map<string, string> {
  const keys = new Map<string, string>();
  for (const dir of tree.children('packages')) {
    const text = tree.read(`packages/${dir}/package.json`, 'utf-8');
    if (text === null) continue;
    const pkg = JSON.parse(text) as { name?: string; strata?: { component?: { key?: string } } };
    const key = pkg.strata?.component?.key;
    if (key !== undefined) keys.set(key, pkg.name ?? dir);
  }
  return keys;
}

/**
 * `nx g @strata/nx-strata:component <name>`: a component package in packages/<name> that the
 * compiler discovers at once (linked into node_modules/@strata as npm links a workspace), with
 * its changeset; then `npm install` records it in package-lock.json (skip with --skipInstall).
 */
export default async function componentGenerator(tree: Tree, options: ComponentGeneratorOptions): Promise<GeneratorCallback | undefined> {
  const name = options.name;
  if (!KEBAB.test(name)) throw new Error(`component name "${name}" must be kebab-case (e.g. storage-local-path)`);
  const key = options.key ?? names(name).propertyName;
  if (!CAMEL.test(key)) throw new Error(`spec key "${key}" must be camelCase (e.g. storageLocalPath)`);
  const root = `packages/${name}`;
  if (tree.exists(root)) throw new Error(`${root} already exists`);
  const owner = takenKeys(tree).get(key);
  if (owner !== undefined) throw new Error(`spec.${key} is already the block of ${owner}; choose another --key`);
  const n: ComponentNames = {
    name,
    key,
    type: names(name).className,
    packageName: `@strata/${name}`,
    description: options.description ?? `${names(name).className.replace(/([a-z0-9])([A-Z])/g, '$1 $2')}: describe in one sentence what this component owns.`,
    versions: workspaceVersions(tree),
  };
  for (const [file, text] of Object.entries(componentFiles(n))) tree.write(`${root}/${file}`, text);
  tree.write(`.changeset/${name}-component.md`, componentChangeset(n));
  // What npm does for a workspace package: the compiler resolves components from node_modules/@strata.
  const link = `node_modules/@strata/${name}`;
  return () => {
    linkWorkspace(tree.root, link, `../../${root}`);
    if (options.skipInstall !== true) installPackagesTask(tree, true);
  };
}

/** Links packages/<name> into node_modules/@strata as npm does for a workspace package. */
function linkWorkspace(root: string, link: string, target: string): void {
  const path = join(root, link);
  mkdirSync(dirname(path), { recursive: true });
  if (!existsSync(path)) symlinkSync(target, path, 'dir');
}

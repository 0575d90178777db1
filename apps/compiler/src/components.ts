import type { Component, ComponentSpec } from '@strata/core';
import { codeBundleState } from './code-bundle-state.ts';

// Node builtins by call, not by import: what the start-up modules import costs every command (start-caches.ts).
const { readdirSync, readFileSync } = process.getBuiltinModule('node:fs');
const { dirname, join } = process.getBuiltinModule('node:path');
const { fileURLToPath } = process.getBuiltinModule('node:url');

/** The `strata` field a component package declares in its package.json. */
export interface ComponentManifest {
  readonly component: {
    readonly key: string;
    /**
     * The package's export (`./spec`) of its light {@link ComponentSpec}, as
     * `componentSpec`: what loading and checking a spec needs, without render
     * code. Without it, spec-only discovery imports the whole package.
     */
    readonly spec?: string;
  };
}

/** Which part of each component discovery imports: the spec part only, or the whole component. */
export type ComponentParts = 'spec' | 'full';

/** What discovery yields for `parts`. */
export type PartsOf<P extends ComponentParts> = P extends 'spec' ? ComponentSpec : Component;

/** A discovered component package. */
export interface ComponentPackage<C extends ComponentSpec = Component> {
  readonly packageName: string;
  readonly key: string;
  readonly component: C;
}

/** Found once per process: the compiler does not move while a command runs. */
let scopeDir: { dir: string | undefined } | undefined;

/** Finds the `node_modules/@strata` folder this compiler resolves its packages from. */
export function strataScopeDir(): string | undefined {
  scopeDir ??= { dir: findScopeDir() };
  return scopeDir.dir;
}

function findScopeDir(): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    const scope = join(dir, 'node_modules', '@strata');
    try {
      readdirSync(scope);
      return scope;
    } catch {
      // keep walking up
    }
  }
  return undefined;
}

/**
 * Discovers component packages: every installed `@strata/*` package whose
 * package.json has `"strata": {"component": {"key": …}}`. The compiler does not
 * depend on them statically, so a change to one component only affects the
 * clusters that enable it (nx), and adding a component needs no registry edit.
 *
 * With `parts: 'spec'` it imports each package's light spec entry
 * (`"strata": {"component": {"spec": "./spec"}}`) and yields what loading,
 * checking and explaining the origin of a spec need: no render code, models
 * or cdk8s are loaded (`strata validate`). Default: the whole components.
 */
export async function discoverComponents<P extends ComponentParts = 'full'>(options: { readonly parts?: P } = {}): Promise<ComponentPackage<PartsOf<P>>[]> {
  const scope = strataScopeDir();
  if (scope === undefined) return [];
  const found: ComponentPackage<PartsOf<P>>[] = [];
  for (const pkg of componentPackages(scope)) {
    const specEntry = options.parts === 'spec' ? pkg.specEntry : undefined;
    const light = specEntry !== undefined;
    const specifier = specEntry ?? pkg.name;
    const mod = (await importComponent(specifier)) as { component?: Component; componentSpec?: ComponentSpec };
    const component = light ? mod.componentSpec : mod.component;
    if (component === undefined) throw new Error(`${specifier} declares a strata component but exports no \`${light ? 'componentSpec' : 'component'}\``);
    if (component.key !== pkg.key) {
      throw new Error(`${pkg.name}: package.json says key "${pkg.key}" but the component says "${component.key}"`);
    }
    const versioned = pkg.version === undefined ? component : { ...component, version: pkg.version };
    found.push({ packageName: pkg.name, key: pkg.key, component: versioned as PartsOf<P> });
  }
  return found;
}

/** A component package as its package.json declares it. */
export interface ComponentPackageJson {
  readonly name: string;
  readonly version?: string;
  readonly key: string;
  /** The specifier of its light spec entry (`<name>/spec`), when it has one. */
  readonly specEntry?: string;
}

/** The component packages in `scope` (a `node_modules/@strata` folder), by folder name: those whose package.json declares `strata.component.key`. */
export function componentPackages(scope: string): ComponentPackageJson[] {
  const out: ComponentPackageJson[] = [];
  for (const entry of readdirSync(scope).sort()) {
    let manifest: { name?: string; version?: string; strata?: Partial<ComponentManifest> };
    try {
      manifest = JSON.parse(readFileSync(join(scope, entry, 'package.json'), 'utf8')) as typeof manifest;
    } catch {
      continue;
    }
    const key = manifest.strata?.component?.key;
    if (key === undefined || manifest.name === undefined) continue;
    const spec = manifest.strata?.component?.spec;
    out.push({
      name: manifest.name,
      key,
      ...(manifest.version === undefined ? {} : { version: manifest.version }),
      ...(spec === undefined ? {} : { specEntry: `${manifest.name}/${spec.replace(/^\.\//, '')}` }),
    });
  }
  return out;
}

/** The code bundle's module for `specifier` when this thread runs the bundle (code-bundle.ts: its entries set the table), else the package's own. */
function importComponent(specifier: string): Promise<unknown> {
  const { components } = codeBundleState();
  const bundled = components !== undefined && Object.hasOwn(components, specifier) ? components[specifier] : undefined;
  return bundled === undefined ? import(specifier) : bundled();
}

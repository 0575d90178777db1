import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Component, ComponentSpec } from '@strata/core';

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
    const light = options.parts === 'spec' && spec !== undefined;
    const specifier = light ? `${manifest.name}/${spec.replace(/^\.\//, '')}` : manifest.name;
    const mod = (await importComponent(specifier)) as { component?: Component; componentSpec?: ComponentSpec };
    const component = light ? mod.componentSpec : mod.component;
    if (component === undefined) throw new Error(`${specifier} declares a strata component but exports no \`${light ? 'componentSpec' : 'component'}\``);
    if (component.key !== key) {
      throw new Error(`${manifest.name}: package.json says key "${key}" but the component says "${component.key}"`);
    }
    const versioned = manifest.version === undefined ? component : { ...component, version: manifest.version };
    found.push({ packageName: manifest.name, key, component: versioned as PartsOf<P> });
  }
  return found;
}

/** The code bundle's module for `specifier` when this thread runs the bundle (code-bundle.ts: its entries set the table), else the package's own. */
function importComponent(specifier: string): Promise<unknown> {
  const state = (globalThis as Record<symbol, { components?: Readonly<Record<string, () => Promise<unknown>>> } | undefined>)[Symbol.for('strata.code-bundle')];
  const bundled = state?.components !== undefined && Object.hasOwn(state.components, specifier) ? state.components[specifier] : undefined;
  return bundled === undefined ? import(specifier) : bundled();
}

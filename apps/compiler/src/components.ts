import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Component } from '@strata/core';

/** The `strata` field a component package declares in its package.json. */
export interface ComponentManifest {
  readonly component: { readonly key: string };
}

/** A discovered component package. */
export interface ComponentPackage {
  readonly packageName: string;
  readonly key: string;
  readonly component: Component;
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
 */
export async function discoverComponents(): Promise<ComponentPackage[]> {
  const scope = strataScopeDir();
  if (scope === undefined) return [];
  const found: ComponentPackage[] = [];
  for (const entry of readdirSync(scope).sort()) {
    let manifest: { name?: string; version?: string; strata?: Partial<ComponentManifest> };
    try {
      manifest = JSON.parse(readFileSync(join(scope, entry, 'package.json'), 'utf8')) as typeof manifest;
    } catch {
      continue;
    }
    const key = manifest.strata?.component?.key;
    if (key === undefined || manifest.name === undefined) continue;
    const mod = (await import(manifest.name)) as { component?: Component };
    const component = mod.component;
    if (component === undefined) throw new Error(`${manifest.name} declares a strata component but exports no \`component\``);
    if (component.key !== key) {
      throw new Error(`${manifest.name}: package.json says key "${key}" but the component says "${component.key}"`);
    }
    found.push({ packageName: manifest.name, key, component: manifest.version === undefined ? component : { ...component, version: manifest.version } });
  }
  return found;
}

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Component } from '@strata/core';
import { composeClusterSchema } from '@strata/core';
import { HELP } from './main.ts';

interface SchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  required?: string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

function typeOf(node: SchemaNode): string {
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  if (node.enum !== undefined) return node.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (node.type === 'array') return `list of ${node.items === undefined ? 'any' : typeOf(node.items)}`;
  const base = Array.isArray(node.type) ? node.type.join(' \\| ') : (node.type ?? 'any');
  const bounds = [
    node.format === undefined ? undefined : node.format,
    node.minimum === undefined ? undefined : `≥ ${node.minimum}`,
    node.maximum === undefined ? undefined : `≤ ${node.maximum}`,
  ].filter((s) => s !== undefined);
  return bounds.length > 0 ? `${base} (${bounds.join(', ')})` : base;
}

/** Markdown table of every field of the cluster spec, from the composed schema. */
export function specReference(components: readonly Component[]): string {
  const rows: string[] = ['| Field | Type | Default | Description |', '| --- | --- | --- | --- |'];
  const walk = (node: SchemaNode, path: string, required: boolean): void => {
    if (path !== '') {
      const def = node.default === undefined || (typeof node.default === 'object' && node.default !== null) ? '' : `\`${JSON.stringify(node.default)}\``;
      const req = required ? ' **(required)**' : '';
      rows.push(`| \`${path}\` | ${typeOf(node)} | ${def} | ${(node.description ?? '').replaceAll('|', '\\|')}${req} |`);
    }
    const props = node.properties ?? (node.type === 'array' ? node.items?.properties : undefined);
    const req = node.required ?? (node.type === 'array' ? node.items?.required : undefined) ?? [];
    const prefix = node.type === 'array' ? `${path}[]` : path;
    for (const [key, child] of Object.entries(props ?? {})) walk(child, prefix === '' ? key : `${prefix}.${key}`, req.includes(key));
  };
  walk(composeClusterSchema(components) as SchemaNode, '', false);
  return `${rows.join('\n')}\n`;
}

/** The CLI reference: the help text itself, so README and `--help` cannot differ. */
export function cliReference(): string {
  return `\`\`\`text\n${HELP}\`\`\`\n`;
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function replaceSection(doc: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->\n`;
  const end = `<!-- ${name}:end -->`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README has no ${name} section markers`);
  return `${doc.slice(0, i + start.length)}${body}${doc.slice(j)}`;
}

/** README with its generated sections brought up to date. */
export function updateReadme(readme: string, components: readonly Component[]): string {
  return replaceSection(replaceSection(readme, 'spec-reference', specReference(components)), 'cli-reference', cliReference());
}

// `node apps/compiler/src/docs.ts` rewrites the README's generated sections.
if (import.meta.main) {
  const { discoverComponents } = await import('./components.ts');
  const file = join(import.meta.dirname, '../../../README.md');
  const components = (await discoverComponents()).map((p) => p.component);
  writeFileSync(file, updateReadme(readFileSync(file, 'utf8'), components));
}

/**
 * The files of a new component package, as text. A starting point that already works: its
 * block renders a ConfigMap of settings in a namespace the compiler creates (declared as a
 * fact), explains itself, and its tests pass before the first edit.
 */

export interface ComponentNames {
  /** Kebab-case: `storage-local-path`. */
  readonly name: string;
  /** camelCase spec key: `storageLocalPath`. */
  readonly key: string;
  /** PascalCase for types: `StorageLocalPath`. */
  readonly type: string;
  readonly packageName: string;
  readonly description: string;
  /** Dependency ranges, taken from the workspace's own packages so they match the lockfile. */
  readonly versions: Readonly<Record<'cdk8s' | 'constructs' | 'json-schema-to-ts' | 'kubernetes-models' | 'yaml', string>>;
}

const q = (s: string): string => JSON.stringify(s);
/** A string inside a single-quoted TypeScript literal. */
const sq = (s: string): string => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");

export function componentFiles(n: ComponentNames): Record<string, string> {
  return {
    'package.json': `${JSON.stringify(
      {
        name: n.packageName,
        version: '0.1.0',
        private: true,
        description: n.description,
        type: 'module',
        sideEffects: false,
        exports: { '.': './src/index.ts', './spec': './src/spec.ts' },
        scripts: {
          build: 'tsc -p tsconfig.build.json',
          typecheck: 'tsc -p tsconfig.json',
          test: `vitest run --root ../.. --project ${n.packageName}`,
        },
        strata: { component: { key: n.key, spec: './spec' } },
        dependencies: {
          '@strata/core': '^0.1.0',
          cdk8s: n.versions.cdk8s,
          constructs: n.versions.constructs,
          'json-schema-to-ts': n.versions['json-schema-to-ts'],
          'kubernetes-models': n.versions['kubernetes-models'],
        },
        devDependencies: { yaml: n.versions.yaml },
        engines: { node: '>=22.18.0' },
      },
      null,
      2,
    )}\n`,
    'tsconfig.json': '{\n  "extends": "../../tsconfig.base.json",\n  "include": ["src/**/*.ts"]\n}\n',
    'tsconfig.build.json': '{ "extends": "../../tsconfig.build.json" }\n',
    'README.md': readme(n),
    'src/index.ts': `import { defineComponent } from '@strata/core';
import { explain${n.type} } from './explain.ts';
import { render${n.type} } from './render.ts';
import type { ${n.type}Block } from './schema.ts';
import { componentSpec } from './spec.ts';

export type { ${n.type}Block } from './schema.ts';
export { schema } from './schema.ts';
export { componentSpec } from './spec.ts';

/** The ${n.name} component: \`spec.${n.key}\`. */
export const component = defineComponent<${n.type}Block>({ ...componentSpec, explain: explain${n.type}, render: render${n.type} });
`,
    'src/spec.ts': `import { defineComponentSpec } from '@strata/core';
import { ${n.key}Facts } from './facts.ts';
import { type ${n.type}Block, schema } from './schema.ts';

/**
 * What the compiler needs of ${n.name} to load and check \`spec.${n.key}\` (the
 * \`./spec\` entry, all that \`strata validate\` loads): keep render code, models and
 * cdk8s out of everything this file imports.
 */
export const componentSpec = defineComponentSpec<${n.type}Block>({
  name: '${n.name}',
  key: '${n.key}',
  description: '${sq(n.description)}',
  schema,
  facts: ${n.key}Facts,
});
`,
    'src/schema.ts': `import { type BlockOf, dnsLabelSchema } from '@strata/core';
import type { JSONSchema } from 'json-schema-to-ts';

/** JSON Schema of \`spec.${n.key}\`: every field has a description and, where it can, a default. */
export const schema = {
  type: 'object',
  description: '${sq(n.description)}',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean', default: false, description: 'Render ${n.name}.' },
    namespace: { ...dnsLabelSchema, default: '${n.name}', description: 'Namespace of its objects (the compiler creates it, from the facts).' },
    settings: {
      type: 'object',
      default: {},
      additionalProperties: { type: 'string' },
      description: 'Settings, rendered as the data of ConfigMap \`${n.name}\` (the scaffold\\'s example object: replace it with what the component owns).',
    },
  },
} as const satisfies JSONSchema;

export type ${n.type}Block = BlockOf<typeof schema>;
`,
    'src/facts.ts': `import type { BlockContext, FactsPart } from '@strata/core';
import type { ${n.type}Block } from './schema.ts';

/**
 * What ${n.name} tells the other components. Declare here what they need to know
 * (TLS hosts, HTTP entry points, metrics endpoints, address pools, versions) and read
 * theirs from \`facts\` in render; never import another component.
 */
export function ${n.key}Facts({ block }: BlockContext<${n.type}Block>): FactsPart {
  // Components never render Namespace objects: the compiler renders each declared one once.
  return { namespaces: [block.namespace] };
}
`,
    'src/render.ts': `import type { ComponentChart, ComponentContext } from '@strata/core';
import { addObject } from '@strata/core/chart';
import { ConfigMap } from 'kubernetes-models/v1';
import type { ${n.type}Block } from './schema.ts';

/** Renders \`spec.${n.key}\`: its objects, each in its layer. Pure: no I/O, clock or randomness. */
export function render${n.type}(chart: ComponentChart, { block }: ComponentContext<${n.type}Block>): void {
  const data = Object.fromEntries(Object.entries(block.settings).sort(([a], [b]) => a.localeCompare(b)));
  addObject(chart.layer('config'), new ConfigMap({ metadata: { name: '${n.name}', namespace: block.namespace }, data }));
}
`,
    'src/explain.ts': `import type { ComponentContext, Explanation } from '@strata/core';
import type { ${n.type}Block } from './schema.ts';

/** \`strata explain\` for ${n.name}: what the spec means, in sentences. */
export function explain${n.type}({ block }: ComponentContext<${n.type}Block>): Explanation[] {
  const keys = Object.keys(block.settings).sort();
  return [{ topic: 'paths', lines: [\`${n.name}: ConfigMap ${n.name} in namespace \${block.namespace} with \${keys.length === 0 ? 'no settings' : keys.join(', ')}\`] }];
}
`,
    'src/index.test.ts': `import { chartYaml, loadComponent, renderComponent } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { component } from './index.ts';
import type { ${n.type}Block } from './schema.ts';

describe('${n.name}', () => {
  it('loads a block with its defaults and declares its namespace', () => {
    const loaded = loadComponent<${n.type}Block>(component, {});
    expect(loaded.lines).toEqual([]);
    expect(loaded.block).toEqual({ enabled: true, namespace: '${n.name}', settings: {} });
    expect(loaded.facts.namespaces).toEqual(['${n.name}']);
  });

  it('renders its settings as a ConfigMap in layer config, the same every time', () => {
    const loaded = loadComponent<${n.type}Block>(component, { settings: { b: '2', a: '1' } });
    const yaml = chartYaml(renderComponent(component, loaded));
    expect(yaml).toBe(chartYaml(renderComponent(component, loaded)));
    const { objects } = parse(yaml) as { objects: unknown[] };
    expect(objects).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '${n.name}', namespace: '${n.name}' }, data: { a: '1', b: '2' } },
    ]);
  });

  it('refuses a field the schema does not know, at its line', () => {
    const loaded = loadComponent<${n.type}Block>(component, { colour: 'blue' });
    expect(loaded.lines.join('\\n')).toMatch(/cluster\\.yaml:\\d+:\\d+ .*colour/);
  });

  it('explains itself', () => {
    const loaded = loadComponent<${n.type}Block>(component, { settings: { a: '1' } });
    expect(component.explain?.(loaded)).toEqual([{ topic: 'paths', lines: ['${n.name}: ConfigMap ${n.name} in namespace ${n.name} with a'] }]);
  });
});
`,
  };
}

function readme(n: ComponentNames): string {
  return `# ${n.packageName}

${n.description}

Inputs: \`spec.${n.key}\` (schema \`src/schema.ts\`; enable with \`spec.${n.key}.enabled: true\`).
Outputs: layer \`config\` — ConfigMap \`${n.name}\` with \`settings\` as its data. Facts: its namespace
(the compiler renders the Namespace).

Scaffolded by \`nx g @strata/nx-strata:component ${n.name}\`: replace the example ConfigMap with what
this component owns. Add checks that span fields as \`check\` (return every problem, with the path
of the field to change), a validator in \`@strata/validate\` for every new kind, and a changeset.
`;
}

/** The changeset that announces the new package. */
export function componentChangeset(n: ComponentNames): string {
  return `---\n${q(n.packageName)}: minor\n---\n\nNew component package ${n.packageName} (\`spec.${n.key}\`): ${n.description}\n`;
}

import { Ajv } from 'ajv';

/** One release of a chart: where its rendered values are (the file and the dotted path inside it). */
export interface ChartUseInput {
  readonly cluster: string;
  readonly file: string;
  readonly object: string;
  readonly release: string;
  readonly namespace: string;
  readonly values: string;
  readonly kubernetesVersion: string;
}

export interface ChartPinInput {
  readonly repository: string;
  readonly chart: string;
  readonly version?: string;
  readonly digest?: string;
  readonly clusters: readonly string[];
  readonly files: readonly string[];
  readonly uses: readonly ChartUseInput[];
}

export interface ImagePinInput {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  readonly clusters: readonly string[];
  readonly files: readonly string[];
}

export interface GitPinInput {
  readonly url: string;
  readonly role: 'upstream' | 'sync';
  readonly tag?: string;
  readonly commit?: string;
  readonly branch?: string;
  readonly paths: readonly string[];
  readonly clusters: readonly string[];
  readonly files: readonly string[];
}

/** `strata pins --json`: what this tool reads. */
export interface PinsInput {
  readonly charts: readonly ChartPinInput[];
  readonly images: readonly ImagePinInput[];
  readonly git: readonly GitPinInput[];
}

const strings = { type: 'array', items: { type: 'string' } } as const;
const text = { type: 'string', minLength: 1 } as const;
const digest = { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' } as const;

/** The input contract, checked before anything runs; extra fields are allowed (newer strata). */
const SCHEMA = {
  type: 'object',
  required: ['charts', 'images', 'git'],
  properties: {
    charts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['repository', 'chart', 'clusters', 'files', 'uses'],
        properties: {
          repository: { type: 'string', pattern: '^(https?|oci)://' },
          chart: text,
          version: text,
          digest,
          clusters: strings,
          files: strings,
          uses: {
            type: 'array',
            items: {
              type: 'object',
              required: ['cluster', 'file', 'object', 'release', 'namespace', 'values', 'kubernetesVersion'],
              properties: {
                cluster: text,
                file: text,
                object: text,
                release: text,
                namespace: text,
                values: text,
                kubernetesVersion: { type: 'string', pattern: '^v?\\d+\\.\\d+(\\.\\d+)?$' },
              },
            },
          },
        },
      },
    },
    images: {
      type: 'array',
      items: {
        type: 'object',
        required: ['repository', 'clusters', 'files'],
        properties: { repository: text, tag: text, digest, clusters: strings, files: strings },
      },
    },
    git: {
      type: 'array',
      items: {
        type: 'object',
        required: ['url', 'role', 'paths', 'clusters', 'files'],
        properties: {
          url: text,
          role: { enum: ['upstream', 'sync'] },
          tag: text,
          commit: { type: 'string', pattern: '^[0-9a-f]{40}$' },
          branch: text,
          paths: strings,
          clusters: strings,
          files: strings,
        },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true }).compile<PinsInput>(SCHEMA);

/** Input that is not what `strata pins --json` prints: one line per problem, `file field: message`. */
export class InputError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** `/charts/2/uses/0/file` → `charts[2].uses[0].file`. */
function field(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((out, s) => (/^\d+$/.test(s) ? `${out}[${s}]` : out === '' ? s : `${out}.${s}`), '');
}

/** Parses and checks `strata pins --json` output; `file` names it in messages. */
export function parsePins(source: string, file: string): PinsInput {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (err) {
    throw new InputError([`${file}: not JSON (${(err as Error).message.replace(/\s+/g, ' ')}); pass the output of \`strata pins --json\``]);
  }
  if (validate(data)) return data;
  const problems = (validate.errors ?? []).map((e) => {
    const at = field(e.instancePath);
    const missing = e.keyword === 'required' ? `.${String((e.params as { missingProperty: string }).missingProperty)}` : '';
    const where = `${at}${missing}`.replace(/^\./, '');
    return `${file}${where === '' ? '' : ` ${where}`}: ${e.keyword === 'required' ? 'is required' : (e.message ?? 'is invalid')}`;
  });
  throw new InputError([...new Set(problems)]);
}

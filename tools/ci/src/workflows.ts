import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const WORKFLOWS_DIR = '.github/workflows';

export interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string>>;
}
export interface Job {
  readonly needs?: string | readonly string[];
  readonly if?: string;
  readonly 'runs-on'?: string;
  readonly permissions?: Readonly<Record<string, string>>;
  readonly steps: readonly Step[];
}
export interface Workflow {
  /** Path from the repository root, e.g. `.github/workflows/ci.yml`. */
  readonly file: string;
  readonly text: string;
  readonly on: unknown;
  readonly permissions?: Readonly<Record<string, string>>;
  readonly jobs: Readonly<Record<string, Job>>;
}

/** Every workflow file in the repository, parsed. */
export function loadWorkflows(root = REPO): Workflow[] {
  return readdirSync(join(root, WORKFLOWS_DIR))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const file = `${WORKFLOWS_DIR}/${f}`;
      const text = readFileSync(join(root, file), 'utf8');
      const doc = parse(text) as Omit<Workflow, 'file' | 'text'>;
      return { ...doc, file, text };
    });
}

export function needsOf(job: Job): string[] {
  return job.needs === undefined ? [] : typeof job.needs === 'string' ? [job.needs] : [...job.needs];
}

/** How a step is named in a message: its name, else its `uses`, else its script's first line. */
export function stepLabel(step: Step, index: number): string {
  const what = step.name ?? step.uses ?? step.run?.split('\n')[0] ?? '?';
  return `step ${index + 1} (${what})`;
}

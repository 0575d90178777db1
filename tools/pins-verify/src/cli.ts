import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, styleText } from 'node:util';
import { InputError, parsePins } from './input.ts';
import { helmResolver, referenceResolver } from './resolve.ts';
import { ClientMissingError, processRunner, type Runner } from './runner.ts';
import { CHECKS, type CheckKind, type Result, verifyPins } from './verify.ts';

export const HELP = `strata-pins-verify — prove online what \`strata pins --json\` lists

Usage: strata-pins-verify PINS.json|- [options]

  charts    helm show chart / helm pull each chart version; crane digest for a pinned OCI digest
  values    each release's rendered values against the chart's values.schema.json (ajv) and
            values.yaml: a key no values.yaml, schema or template knows is reported (Helm
            ignores it); global: and subchart keys are checked against the subcharts
  template  helm template each release with its values, piped through kubeconform -strict
  images    crane digest repo:tag, compared with the pinned digest
  git       git ls-remote URL refs/tags/T refs/tags/T^{}, compared with the pinned commit

Options:
  --check KIND       run only these checks (repeatable): ${CHECKS.join(', ')}
  --charts DIR       take charts from DIR/<chart>/<version>/ instead of helm pull (offline;
                     a SOURCE.json there with "released": false fails the version)
  --root DIR         workspace whose rendered/ the pins name (default: the current folder)
  --kubeconform CMD  kubeconform binary (default: npx kubeconform, the workspace wrapper)
  --json             print the results as one JSON document on stdout
  -h, --help         show this help

Exit codes: 0 every pin proven (warnings and skips are printed), 1 a pin failed or the input
is not strata pins output, 2 usage error, 3 a client (helm, crane, git) is missing: nothing proven.
`;

/** Where the tool writes and reads: stdout carries results, stderr progress. */
export interface Io {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readStdin(): string;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), readStdin: () => readFileSync(0, 'utf8') };
}

class UsageError extends Error {}

const LABEL: Record<Result['status'], string> = { ok: 'ok  ', failed: 'FAIL', warning: 'warn', skipped: 'skip' };

/** One result as a line (and its files beneath): `FAIL file:line:col path: message` for a value, `FAIL subject: message` for a pin. */
export function formatResult(r: Result): string {
  const where = r.file === undefined ? '' : `${r.file}${r.line === undefined ? '' : `:${r.line}:${r.column ?? 1}`} ${r.path ?? ''}`.trimEnd();
  const head = where === '' ? `${r.subject}: ` : `${where}: [${r.subject}] `;
  const [first = '', ...rest] = r.message.split('\n');
  const lines = [`${LABEL[r.status]} ${head}${first}`, ...rest.map((l) => `       ${l}`)];
  if (r.status !== 'ok' && r.files !== undefined && r.files.length > 0) lines.push(...r.files.map((f) => `       used in ${f}`));
  return lines.join('\n');
}

export interface MainOptions {
  /** Replaces the process runner (tests replay recorded clients). */
  readonly runner?: Runner;
  /** A temp folder the caller owns (kept afterwards); default a new one, removed at the end. */
  readonly workDir?: string;
}

/** The bin: parse, verify, print; the exit code as the help says. */
export async function main(argv: readonly string[], io: Io = processIo(), opts: MainOptions = {}): Promise<number> {
  const paint = (style: 'red' | 'yellow' | 'green' | 'dim', text: string): string =>
    io.stderr.isTTY === true && (io.env.NO_COLOR ?? '') === '' ? styleText(style, text, { validateStream: false }) : text;
  let ownWorkDir: string | undefined;
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...argv],
        allowPositionals: true,
        options: {
          check: { type: 'string', multiple: true, default: [] },
          charts: { type: 'string' },
          root: { type: 'string' },
          kubeconform: { type: 'string' },
          json: { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h', default: false },
        },
      });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the pins file (strata pins --json > pins.json), or - for stdin' : `unexpected argument "${positionals[1]}"`);
    const unknown = values.check.filter((c) => !(CHECKS as readonly string[]).includes(c));
    if (unknown.length > 0) throw new UsageError(`unknown check ${unknown.map((c) => `"${c}"`).join(', ')}; known: ${CHECKS.join(', ')}`);

    const file = positionals[0] ?? '-';
    let source: string;
    try {
      source = file === '-' ? io.readStdin() : readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (err) {
      throw new InputError([`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`]);
    }
    const pins = parsePins(source, file === '-' ? '<stdin>' : file);
    const runner = opts.runner ?? processRunner(io.env);
    const workDir = opts.workDir ?? (ownWorkDir = mkdtempSync(join(tmpdir(), 'strata-pins-verify-')));
    const resolver = values.charts === undefined ? helmResolver(runner, workDir) : referenceResolver(resolve(io.cwd, values.charts));
    const results = await verifyPins(pins, {
      runner,
      resolver,
      root: resolve(io.cwd, values.root ?? '.'),
      workDir,
      ...(values.check.length === 0 ? {} : { checks: new Set(values.check as CheckKind[]) }),
      ...(values.kubeconform === undefined ? {} : { kubeconform: [values.kubeconform] }),
      onResult: (r) => {
        if (!values.json) io.stdout.write(`${formatResult(r)}\n`);
      },
    });
    const count = (s: Result['status']) => results.filter((r) => r.status === s).length;
    const failed = count('failed');
    if (values.json) io.stdout.write(`${JSON.stringify({ ok: failed === 0, results }, null, 2)}\n`);
    const summary = `pins: ${count('ok')} ok, ${failed} failed, ${count('warning')} warnings, ${count('skipped')} skipped`;
    io.stderr.write(`${paint(failed > 0 ? 'red' : 'green', summary)}\n`);
    return failed > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`${paint('red', `strata-pins-verify: ${err.message}`)}\nrun \`strata-pins-verify --help\` for usage\n`);
      return 2;
    }
    if (err instanceof InputError) {
      io.stdout.write(`${err.problems.join('\n')}\n`);
      return 1;
    }
    if (err instanceof ClientMissingError) {
      io.stderr.write(`${paint('red', `strata-pins-verify NOT RUN: ${err.message}`)}\n  install helm, crane and git (see tools/pins-verify/README.md); nothing was proven\n`);
      return 3;
    }
    io.stderr.write(`${paint('red', `strata-pins-verify: internal error: ${err instanceof Error ? err.message : String(err)}`)}\n`);
    if (err instanceof Error && err.stack !== undefined && io.env.DEBUG !== undefined) io.stderr.write(`${err.stack}\n`);
    return 3;
  } finally {
    if (ownWorkDir !== undefined) rmSync(ownWorkDir, { recursive: true, force: true });
  }
}

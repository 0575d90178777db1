import { styleText } from 'node:util';
import { compareStrings, type Finding, formatFinding, sortFindings } from '@strata/core/errors';

/** Where a command writes: stdout carries data, stderr progress and diagnostics. */
export interface Io {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

type Style = 'red' | 'yellow' | 'green' | 'dim' | 'bold' | 'cyan';

/** Colour only on a TTY, and never when NO_COLOR is set. */
export function painter(stream: Io['stdout'], env: Io['env']): (style: Style, text: string) => string {
  const on = stream.isTTY === true && (env.NO_COLOR ?? '') === '' && env.TERM !== 'dumb';
  return (style, text) => (on ? styleText(style, text, { validateStream: false }) : text);
}

/** Prints findings to stdout, one per line, each followed by its hint once per code. */
export function printFindings(io: Io, findings: readonly Finding[]): void {
  const paint = painter(io.stdout, io.env);
  const hinted = new Set<string>();
  const printed = new Set<string>();
  const lines: string[] = [];
  for (const f of sortFindings(findings)) {
    const line = formatFinding(f);
    // A problem in a profile is found once per cluster that uses it; it is one problem.
    const id = `${f.severity} ${line} ${f.origin ?? ''}`;
    if (printed.has(id)) continue;
    printed.add(id);
    lines.push(f.severity === 'error' ? paint('red', line) : paint('yellow', line));
    if (f.origin !== undefined) lines.push(paint('dim', `  from: ${f.origin}`));
    if (f.hint !== undefined && !hinted.has(`${f.code}:${f.hint}`)) {
      hinted.add(`${f.code}:${f.hint}`);
      lines.push(paint('dim', `  hint: ${f.hint}`));
    }
  }
  if (lines.length > 0) io.stdout.write(`${lines.join('\n')}\n`);
}

/** Errors, each counted once (a profile's problem is reported by every cluster that uses it). */
export function errorCount(findings: readonly Finding[]): number {
  return new Set(findings.filter((f) => f.severity === 'error').map((f) => `${formatFinding(f)} ${f.origin ?? ''}`)).size;
}

/** `1 error`, `3 errors`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Elapsed milliseconds since `start` (a performance.now() value), rounded. */
export function since(start: number): number {
  return Math.round(performance.now() - start);
}

/** An accepted policy violation of one cluster. */
export interface ClusterWaiver {
  readonly cluster: string;
  readonly rule: string;
  readonly object: string;
  readonly reason: string;
}

/** Accepted policy violations are shown on every run, with their reasons (sorted by cluster, rule, object). */
export function printWaived(io: Io, waived: readonly ClusterWaiver[]): void {
  const paint = painter(io.stderr, io.env);
  const sorted = [...waived].sort((a, b) => compareStrings(a.cluster, b.cluster) || compareStrings(a.rule, b.rule) || compareStrings(a.object, b.object));
  for (const w of sorted) io.stderr.write(paint('dim', `${w.cluster}: waived [${w.rule}] ${w.object}: ${w.reason}\n`));
}

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One external command: the program, its arguments and what to write to its stdin. */
export interface Command {
  readonly command: string;
  readonly args: readonly string[];
  readonly input?: string;
}

/** What the command did, as a terminal would show it. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The one way the verifier reaches helm, crane, git, tar and kubeconform. */
export interface Runner {
  run(cmd: Command): Promise<CommandResult>;
}

/** A client is not installed: nothing was checked (exit 3, never a pass). */
export class ClientMissingError extends Error {
  readonly command: string;
  constructor(command: string) {
    super(`${command} is not on PATH`);
    this.name = 'ClientMissingError';
    this.command = command;
  }
}

/** Runs commands as child processes, without a shell (arguments are never re-parsed). */
export function processRunner(env: Readonly<Record<string, string | undefined>> = process.env): Runner {
  return {
    run: ({ command, args, input }) =>
      new Promise((resolve, reject) => {
        const child = spawn(command, [...args], { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (b: Buffer) => out.push(b));
        child.stderr.on('data', (b: Buffer) => err.push(b));
        child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new ClientMissingError(command) : e));
        child.on('close', (code, signal) =>
          resolve({ code: code ?? (signal === null ? 1 : 128), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
        );
        // A client that exits before reading its input closes the pipe; that is its answer, not ours.
        child.stdin.on('error', () => undefined);
        child.stdin.end(input ?? '');
      }),
  };
}

/**
 * One recorded answer of a real client. `stdout` (or `stdoutFile`, a file
 * beside the recording) is what it printed; `exit` defaults to 0. With
 * `stdinFile`, it answers only when that file's text was its input (one
 * kubeconform command line, a verdict per manifest).
 */
export interface Recording {
  readonly command: string;
  readonly args: readonly string[];
  readonly stdinFile?: string;
  readonly stdout?: string;
  readonly stdoutFile?: string;
  readonly stderr?: string;
  readonly exit?: number;
}

export interface ReplayRunner extends Runner {
  /** Every command asked for, in order, with placeholders in place of temp paths. */
  readonly calls: Command[];
}

/**
 * Answers from recordings (JSON files: arrays of {@link Recording}). Arguments
 * are matched exactly after replacing each placeholder's value (a temp folder)
 * with its name, so recordings can say `<work>/values/1.yaml`. A command with
 * no recording throws: a test must never reach the network by accident.
 */
export function replayRunner(files: readonly string[], placeholders: Readonly<Record<string, string>> = {}): ReplayRunner {
  const recordings: { rec: Recording; dir: string }[] = files.flatMap((file) =>
    (JSON.parse(readFileSync(file, 'utf8')) as Recording[]).map((rec) => ({ rec, dir: dirname(file) })),
  );
  const abstract = (arg: string): string =>
    Object.entries(placeholders).reduce((a, [name, value]) => (value === '' ? a : a.split(value).join(name)), arg);
  const calls: Command[] = [];
  return {
    calls,
    run: async (cmd) => {
      const args = cmd.args.map(abstract);
      calls.push({ ...cmd, args });
      const hit = recordings.find(
        ({ rec, dir }) =>
          rec.command === cmd.command &&
          rec.args.length === args.length &&
          rec.args.every((a, i) => a === args[i]) &&
          (rec.stdinFile === undefined || readFileSync(join(dir, rec.stdinFile), 'utf8') === cmd.input),
      );
      if (hit === undefined) throw new Error(`no recording for: ${[cmd.command, ...args].join(' ')}`);
      const { rec, dir } = hit;
      const stdout = rec.stdoutFile === undefined ? (rec.stdout ?? '') : readFileSync(join(dir, rec.stdoutFile), 'utf8');
      return { code: rec.exit ?? 0, stdout, stderr: rec.stderr ?? '' };
    },
  };
}

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { StrataError } from '@strata/core/errors';
import { PKI_HELP } from './commands/pki-help.ts';
import { type Io, painter, printFindings, processIo } from './report.ts';
import { UsageError } from './workspace.ts';

export type { ChartPin, ChartUse, GitPin, ImagePin, ImageUse, PinsReport } from './upstreams.ts';
export { VALIDATE_CACHE_FILE } from './validate/cache-file.ts';

/** Exit codes, documented in the README. */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

export const HELP = `strata — render cluster specs into a committed GitOps tree

Usage: strata <command> [options]

Commands:
  render     render clusters/<name>/cluster.yaml into rendered/<name>/
  validate   check rendered/ as committed (schemas, duplicates, index)
  diff       show, object by object, what render would change in rendered/
  explain    say what the spec means: encryption, traffic paths, TLS, certificates, compatibility
  secrets    list every Secret a cluster's objects read, with its keys, readers and
             state: provided SOPS-encrypted in clusters/<name>/secrets/, generated
             in the cluster, or made outside strata (with the kubectl line)
  spec       print the resolved spec (profiles merged, defaults applied), each value
             with the file:line:col that set it, or \`default\`
  pins       list every upstream chart, image and Git source rendered/ uses, each once,
             with its clusters (--json: with files and values locations, the input
             of strata-pins-verify, which proves them online)
  schema     print the JSON Schema of cluster.yaml
  schemas export
             write the strict JSON Schema of every kind strata validates into
             --out DIR, in kubeconform's layout (kubeconform -schema-location)
${PKI_HELP}

Options:
  --cluster NAME   only this cluster (repeatable; render, validate, diff, explain, secrets, spec, pins)
  --check          render: write nothing, exit 1 if rendered/ is out of date
  --force          render: render every cluster, even those whose spec, strata
                   code and rendered/ are as they were at their last render
  --no-cache       validate: check every cluster again; neither read nor write
                   node_modules/.cache/strata/validate.json
  --json           machine-readable output on stdout
  --root DIR       workspace folder (default: nearest folder with clusters/)
  --out PATH       schema: write to FILE instead of stdout; schemas export: the folder;
                   pki issue: the key folder (outside any git work tree)
  --from DATE      pki plan: simulate from DATE (default now)
  --days N         pki plan: simulate N days (default 365)
  --only NAME      pki issue: only this certificate (repeatable)
  --renew          pki issue: also renew what is due, expired or changed
  --dir DIR        pki verify: key folder to check
  --now DATE       pki issue/verify: act as if it were DATE
  --base REF       diff: compare rendered/ at git REF with the working tree
  --markdown       diff: a review summary for a pull-request comment
  --debug          show stack traces of internal errors
  -h, --help       show this help
  -v, --version    show the version

Exit codes: 0 clean, 1 findings or invalid input, 2 usage error, 3 internal error.
`;

const OPTIONS = {
  cluster: { type: 'string', multiple: true, default: [] },
  check: { type: 'boolean', default: false },
  from: { type: 'string' },
  days: { type: 'string' },
  now: { type: 'string' },
  only: { type: 'string', multiple: true, default: [] },
  renew: { type: 'boolean', default: false },
  dir: { type: 'string' },
  force: { type: 'boolean', default: false },
  'no-cache': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  root: { type: 'string' },
  out: { type: 'string' },
  base: { type: 'string' },
  markdown: { type: 'boolean', default: false },
  debug: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const satisfies ParseArgsConfig['options'];

/** Which options each command accepts (besides --root, --debug, --help). */
const ACCEPTS: Record<string, readonly string[]> = {
  render: ['cluster', 'check', 'force', 'json'],
  validate: ['cluster', 'json', 'no-cache'],
  diff: ['cluster', 'json', 'base', 'markdown'],
  explain: ['cluster', 'json'],
  secrets: ['cluster', 'json'],
  spec: ['cluster', 'json'],
  pins: ['cluster', 'json'],
  schema: ['out'],
  schemas: ['out'],
  pki: ['cluster', 'out', 'json', 'from', 'days', 'now', 'only', 'renew', 'dir'],
};

async function version(): Promise<string> {
  const pkg = (await import('../package.json', { with: { type: 'json' } })).default as { version: string };
  return pkg.version;
}

async function run(argv: readonly string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    // parseArgs' own wording is long and half-quoted; say it plainly.
    const e = err as NodeJS.ErrnoException;
    const option = /'(-{1,2}[^']*)'/.exec(e.message)?.[1];
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) throw new UsageError(`unknown option ${option}`);
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== undefined) throw new UsageError(`${option.split(' ')[0]} needs a value`);
    throw new UsageError(e.message);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout.write(`${await version()}\n`);
    return EXIT.ok;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    io.stdout.write(HELP);
    return command === undefined && !values.help ? EXIT.usage : EXIT.ok;
  }
  const accepts = ACCEPTS[command];
  if (accepts === undefined) throw new UsageError(`unknown command "${command}"`);
  if (command === 'schemas') {
    const sub = rest.shift();
    if (sub !== 'export') throw new UsageError(sub === undefined ? 'schemas needs a subcommand: export' : `unknown schemas subcommand "${sub}"`);
  }
  if (rest.length > 0 && command !== 'pki') throw new UsageError(`unexpected argument "${rest[0]}"`);
  for (const [name, value] of Object.entries(values)) {
    const given = Array.isArray(value) ? value.length > 0 : value !== undefined && value !== false;
    if (given && !['root', 'debug', ...accepts].includes(name)) throw new UsageError(`${command} does not take --${name}`);
  }
  const session = { cwd: io.cwd, clusters: values.cluster, env: io.env, ...(values.root === undefined ? {} : { root: values.root }) };
  // Each command's module is imported when it runs: a command pays only for what it loads
  // (validate with an unchanged tree loads neither cdk8s nor any component; --version nothing).
  switch (command) {
    case 'render':
      return (await import('./commands/render.ts')).renderCommand({ ...session, check: values.check, force: values.force, json: values.json }, io);
    case 'validate':
      return (await import('./commands/validate.ts')).validateCommand({ ...session, json: values.json, cache: !values['no-cache'] }, io);
    case 'diff':
      return (await import('./commands/diff.ts')).diffCommand(
        { ...session, json: values.json, markdown: values.markdown, ...(values.base === undefined ? {} : { base: values.base }) },
        io,
      );
    case 'explain':
      return (await import('./commands/explain.ts')).explainCommand({ ...session, json: values.json }, io);
    case 'secrets':
      return (await import('./commands/secrets.ts')).secretsCommand({ ...session, json: values.json }, io);
    case 'pins':
      return (await import('./commands/pins.ts')).pinsCommand({ ...session, json: values.json }, io);
    case 'spec':
      return (await import('./commands/spec.ts')).specCommand({ ...session, json: values.json }, io);
    case 'pki': {
      // Loaded on use: @peculiar/x509 and its polyfills cost every other command ~70 ms.
      const { pkiCommand } = await import('./commands/pki.ts');
      return pkiCommand(
        rest,
        {
          ...session,
          only: values.only,
          renew: values.renew,
          json: values.json,
          ...(values.out === undefined ? {} : { out: values.out }),
          ...(values.dir === undefined ? {} : { dir: values.dir }),
          ...(values.from === undefined ? {} : { from: values.from }),
          ...(values.days === undefined ? {} : { days: values.days }),
          ...(values.now === undefined ? {} : { now: values.now }),
        },
        io,
      );
    }
    case 'schemas':
      return (await import('./commands/schemas.ts')).schemasExportCommand(values.out === undefined ? {} : { out: values.out }, io);
    default:
      return (await import('./commands/schema.ts')).schemaCommand(values.out === undefined ? {} : { out: values.out }, io);
  }
}

/**
 * The one top-level handler: user errors print their findings (exit 1), usage
 * errors a line and the help pointer (exit 2), anything else one sentence and,
 * with --debug, the stack (exit 3). Never a raw stack trace by default.
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const debug = argv.includes('--debug');
  const paint = painter(io.stderr, io.env);
  let code: number;
  try {
    code = await run(argv, io);
  } catch (err) {
    if (err instanceof StrataError) {
      printFindings(io, err.findings);
      code = EXIT.findings;
    } else if (err instanceof UsageError) {
      io.stderr.write(`${paint('red', `strata: ${err.message}`)}\nrun \`strata --help\` for usage\n`);
      code = EXIT.usage;
    } else {
      const message = err instanceof Error ? err.message : String(err);
      io.stderr.write(`${paint('red', `strata: internal error: ${message}`)}\n`);
      if (debug) io.stderr.write(`${err instanceof Error ? (err.stack ?? '') : ''}\n`);
      else io.stderr.write('run again with --debug for the stack trace, and report it\n');
      code = EXIT.internal;
    }
  }
  process.exitCode = code;
  return code;
}

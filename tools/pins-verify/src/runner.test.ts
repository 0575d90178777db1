import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ClientMissingError, processRunner, type Recording, replayRunner } from './runner.ts';
import { needShared, sharedResource } from '@strata/core/shared';

const CLIENTS = fileURLToPath(new URL('./__fixtures__/clients/', import.meta.url));
const RECORDINGS = ['online.json', 'failing.json'].map((f) => join(CLIENTS, f));

describe('processRunner', () => {
  it('feeds stdin and returns the exit code, stdout and stderr of the real process', async () => {
    const res = await processRunner().run({ command: 'sh', args: ['-c', 'cat; echo oops >&2; exit 3'], input: 'manifest\n' });
    expect(res).toEqual({ code: 3, stdout: 'manifest\n', stderr: 'oops\n' });
  });

  it('says which client is missing instead of failing a pin', async () => {
    await expect(processRunner({ PATH: '/nonexistent' }).run({ command: 'helm', args: ['version'] })).rejects.toThrow(new ClientMissingError('helm'));
  });
});

describe('replayRunner', () => {
  it('answers with the recorded output, matching temp paths through placeholders and kubeconform by its input', async () => {
    const work = mkdtempSync(join(tmpdir(), 'strata-replay-'));
    const runner = replayRunner(RECORDINGS, { '<work>': work });
    const pull = await runner.run({
      command: 'helm',
      args: ['pull', 'oci://quay.io/jetstack/charts/cert-manager', '--version', 'v1.21.1', '--untar', '--untardir', `${work}/charts/cert-manager-v1.21.1`],
    });
    expect(pull.stdout.split('\n')[0]).toBe('Pulled: quay.io/jetstack/charts/cert-manager:v1.21.1');
    const [kc] = (JSON.parse(readFileSync(RECORDINGS[1]!, 'utf8')) as Recording[]).filter((r) => r.stdinFile !== undefined);
    const broken = await runner.run({ command: kc!.command, args: kc!.args, input: readFileSync(join(CLIENTS, kc!.stdinFile!), 'utf8') });
    expect(broken.code).toBe(1);
    expect(runner.calls[0]?.args.at(-1)).toBe('<work>/charts/cert-manager-v1.21.1');
  });

  it('refuses a command nobody recorded, so a test never reaches the network', async () => {
    await expect(replayRunner(RECORDINGS).run({ command: 'crane', args: ['digest', 'example.org/app:1'] })).rejects.toThrow('no recording for: crane digest example.org/app:1');
  });
});

describe('the recorded clients', () => {
  const kc = sharedResource('tools/kubeconform/kc-strict');

  it('record what the real kubeconform says of each recorded manifest', async (ctx) => {
    const bin = needShared(ctx, kc);
    // The recordings name the upstream schema URL; kc-strict reads the same schemas from disk.
    const schemas = (text: string) => text.replace(/'[^']*\/v1\.33\.0-standalone-strict\//g, "'<schemas>/");
    const recorded = RECORDINGS.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as Recording[]).filter((r) => r.stdinFile !== undefined);
    expect(recorded.length).toBe(3);
    for (const rec of recorded) {
      const real = await processRunner().run({ command: bin, args: ['-'], input: readFileSync(join(CLIENTS, rec.stdinFile!), 'utf8') });
      expect({ file: rec.stdinFile, code: real.code, stdout: schemas(real.stdout) }).toEqual({ file: rec.stdinFile, code: rec.exit ?? 0, stdout: schemas(rec.stdout ?? '') });
    }
  });
});

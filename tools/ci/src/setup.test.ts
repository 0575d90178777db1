import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandsOf } from './shell.ts';
import { SETUP_SCRIPTS, TEST_TOOLS } from './tools.ts';
import { loadWorkflows, REPO } from './workflows.ts';

const SETUP = 'tools/ci/setup-tools.sh';
const script = readFileSync(join(REPO, SETUP), 'utf8');

// One set-up script for the tools the tests run, called by both places that run them, before them.
describe('the same tools in .ci/run and the GitHub workflow', () => {
  it('.ci/run calls the set-up script before the test command', async () => {
    const cmds = await commandsOf(readFileSync(join(REPO, '.ci/run'), 'utf8'));
    const setup = cmds.findIndex((c) => c.name === 'bash' && c.args[0] === SETUP);
    const test = cmds.findIndex((c) => c.name === 'npm' && c.args[0] === 'test');
    expect(setup).toBeGreaterThan(-1);
    expect(test).toBeGreaterThan(setup);
  });

  it('every workflow job that runs tests calls it first (the tool check holds the order)', async () => {
    const jobs = loadWorkflows().flatMap((w) => Object.entries(w.jobs).map(([name, job]) => ({ name: `${w.file}#${name}`, job })));
    const testing: string[] = [];
    for (const { name, job } of jobs) {
      const runs = await Promise.all(job.steps.map((s) => commandsOf(s.run ?? '')));
      const setup = runs.findIndex((cmds) => cmds.some((c) => c.name === 'bash' && c.args[0] === SETUP));
      const tests = runs.findIndex((cmds) => cmds.some((c) => c.name === 'npx' && c.args[0] === 'nx' && c.args.includes('test')));
      if (tests === -1) continue;
      testing.push(name);
      expect(setup, name).toBeGreaterThan(-1);
      expect(tests, name).toBeGreaterThan(setup);
    }
    expect(testing).toEqual(['.github/workflows/ci.yml#affected']);
  });

  it('installs the apt package of every tool its row names, and the tests need no other', () => {
    const row = SETUP_SCRIPTS[SETUP];
    expect(row?.commands).toEqual(TEST_TOOLS);
    row?.aptPackages.forEach((pkg, i) => {
      const cmd = row.commands[i] ?? '';
      expect(script).toContain(`command -v ${cmd} >/dev/null 2>&1 || missing+=(${pkg})`);
    });
  });
});

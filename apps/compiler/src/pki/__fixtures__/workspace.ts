// Test support for the pki commands: a temp workspace with chromebox-lab cut
// to the core fields, its Cilium block and a pki block; real tools.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Component, defineComponent } from '@strata/core';
import { component as pki } from '@strata/pki-bootstrap';
import { parse, stringify } from 'yaml';
import type { Io } from '../../report.ts';

const REPO = fileURLToPath(new URL('../../../../../', import.meta.url));

/** Stand-in for cilium-dataplane's block: the two fields the PKI reads. */
const ciliumStub = defineComponent<unknown>({
  name: 'cilium-dataplane',
  key: 'cilium',
  description: 'stub',
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: { enabled: { type: 'boolean', default: false }, kubeProxyReplacement: { type: 'boolean', default: true } },
  },
  render: () => undefined,
});

/** The components the pki tests load specs with (no discovery: other packages may be mid-change). */
export const COMPONENTS: readonly Component[] = [pki as Component, ciliumStub];

const temps: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export function cleanTemps(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A workspace with clusters/chromebox-lab/cluster.yaml: the committed example plus `pki`. */
export function labWorkspace(pkiBlock: object = { enabled: true }): string {
  const doc = parse(readFileSync(join(REPO, 'clusters/chromebox-lab/cluster.yaml'), 'utf8')) as { spec: Record<string, unknown> };
  const keep = ['kubernetes', 'gitops', 'network'];
  const c = doc.spec.cilium as { enabled?: boolean; kubeProxyReplacement?: boolean } | undefined;
  for (const key of Object.keys(doc.spec)) if (!keep.includes(key)) delete doc.spec[key];
  if (c !== undefined) doc.spec.cilium = { enabled: c.enabled ?? false, kubeProxyReplacement: c.kubeProxyReplacement ?? true };
  doc.spec.pki = pkiBlock;
  const root = tempDir('strata-pki-ws-');
  mkdirSync(join(root, 'clusters/chromebox-lab'), { recursive: true });
  writeFileSync(join(root, 'clusters/chromebox-lab/cluster.yaml'), stringify(doc, { lineWidth: 0 }));
  return root;
}

/** An Io that records what a command writes. */
export function captureIo(cwd: string): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    env: { NO_COLOR: '1' },
    cwd,
    out: () => out,
    err: () => err,
  };
}

const CI = (process.env.CI ?? '') !== '' && process.env.CI !== 'false';

/** Whether `cmd` runs: in CI a missing tool fails the test; locally it is skipped with the reason printed. */
export function tool(cmd: string, versionArgs: readonly string[], apt: string): { readonly run: boolean; readonly missing?: string } {
  try {
    execFileSync(cmd, [...versionArgs], { stdio: 'ignore' });
    return { run: true };
  } catch {
    const missing = `${cmd} is not on PATH (Debian package ${apt})`;
    if (CI) return { run: true, missing };
    console.warn(`skipping the tests that need ${cmd}: ${missing}`);
    return { run: false, missing };
  }
}

/** Runs a tool; stdout, or throws with its stderr. */
export function run(cmd: string, args: readonly string[], cwd?: string): string {
  try {
    return execFileSync(cmd, [...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] }).toString('utf8');
  } catch (err) {
    const e = err as { stderr?: Buffer; stdout?: Buffer; message: string };
    throw new Error(`${cmd} ${args.join(' ')}: ${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}${e.message}`);
  }
}

// Test support for the pki commands: a temp workspace with chromebox-lab cut
// to the core fields, its Cilium block and a pki block; real tools (shared with
// @strata/pki-bootstrap's own tests).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Component } from '@strata/core';
import { exampleDoc } from '@strata/core/examples';
import { component as pki } from '@strata/pki-bootstrap';
import { CILIUM_FIELDS, ciliumStub } from '@strata/pki-bootstrap/testing';
import { stringify } from 'yaml';
import type { Io } from '../../report.ts';

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
  // The example with its profiles applied, written out whole: the cut-down workspace has no profiles.
  const doc = exampleDoc<{ spec: Record<string, unknown> }>('chromebox-lab');
  const keep = ['kubernetes', 'gitops', 'network'];
  const c = doc.spec.cilium as Record<string, unknown> | undefined;
  for (const key of Object.keys(doc.spec)) if (!keep.includes(key)) delete doc.spec[key];
  if (c !== undefined) doc.spec.cilium = Object.fromEntries(CILIUM_FIELDS.filter((k) => c[k] !== undefined).map((k) => [k, c[k]]));
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

export { run, tool } from '@strata/pki-bootstrap/testing';

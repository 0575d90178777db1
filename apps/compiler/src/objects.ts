import { type Finding, finding } from '@strata/core';
import { isMap, LineCounter, parseAllDocuments } from 'yaml';
import type { K8sObject } from './files.ts';

/** An object read from a rendered file, with where it came from. */
export interface Located {
  readonly obj: K8sObject;
  readonly file: string;
  readonly line: number;
}

/**
 * Parses one rendered YAML file into objects; syntax problems become findings
 * on the file. Every document must be a mapping with apiVersion and kind.
 */
export function parseObjects(file: string, text: string, findings: Finding[]): Located[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const out: Located[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const bad = doc.errors[0];
    if (bad !== undefined) {
      const pos = lineCounter.linePos(bad.pos[0]);
      findings.push(finding('OBJECT_PARSE', bad.message.split('\n')[0] ?? 'YAML error', { file, line: pos.line, column: pos.col }));
      continue;
    }
    if (doc.contents === null) continue;
    const line = doc.contents.range === undefined ? 1 : lineCounter.linePos(doc.contents.range[0]).line;
    const value = doc.toJS({ maxAliasCount: 50 }) as unknown;
    if (!isMap(doc.contents) || typeof value !== 'object' || value === null) {
      findings.push(finding('OBJECT_PARSE', 'a rendered document must be a Kubernetes object (a mapping)', { file, line, column: 1 }));
      continue;
    }
    out.push({ obj: value as K8sObject, file, line });
  }
  return out;
}

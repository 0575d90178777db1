import { type Finding, finding, readCanonical } from '@strata/core';
import { objectId } from '@strata/validate';
import { isMap, isNode, LineCounter, parseAllDocuments } from 'yaml';
import { compareReaders, type Reading, readDocuments } from './agreement.ts';
import type { K8sObject } from './files.ts';

/** An object read from a rendered file, with where it came from. */
export interface Located {
  readonly obj: K8sObject;
  readonly file: string;
  readonly line: number;
}

/** How {@link parseObjects} reads a file. */
export interface ParseObjectsOptions {
  /** Also read the file as YAML 1.1 (kubectl, Helm, kubeconform) and report every field that reads differently there. */
  readonly yaml11?: boolean;
}

/**
 * Parses one rendered YAML file into objects; syntax problems become findings
 * on the file. Every document must be a mapping with apiVersion and kind.
 */
export function parseObjects(file: string, text: string, findings: Finding[], options: ParseObjectsOptions = {}): Located[] {
  // A file as strata writes it: the fast reader reads it as the `yaml` package does, in YAML 1.1 and 1.2 alike.
  // Anything else (a hand edit, a comment, a value the versions read differently) takes the full path below.
  const fast = readCanonical(text);
  if (fast !== undefined) return [{ obj: fast as unknown as K8sObject, file, line: 1 }];
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const docs = Array.isArray(parsed) ? parsed : [parsed];
  const out: Located[] = [];
  const readings: Reading[] = [];
  for (const doc of docs) {
    const bad = doc.errors[0];
    if (bad !== undefined) {
      const pos = lineCounter.linePos(bad.pos[0]);
      findings.push(finding('OBJECT_PARSE', bad.message.split('\n')[0] ?? 'YAML error', { file, line: pos.line, column: pos.col }));
      readings.push({ error: bad.message });
      continue;
    }
    const value = doc.contents === null ? null : (doc.toJS({ maxAliasCount: 50 }) as unknown);
    readings.push({ value });
    if (doc.contents === null) continue;
    const line = doc.contents.range === undefined ? 1 : lineCounter.linePos(doc.contents.range[0]).line;
    if (!isMap(doc.contents) || typeof value !== 'object' || value === null) {
      findings.push(finding('OBJECT_PARSE', 'a rendered document must be a Kubernetes object (a mapping)', { file, line, column: 1 }));
      continue;
    }
    out.push({ obj: value as K8sObject, file, line });
  }
  if (options.yaml11 === true) {
    // The field's own line when YAML 1.2 has it, else the nearest enclosing one.
    const locate = (i: number, path: readonly (string | number)[]): { line?: number; column?: number; object?: string } => {
      const doc = docs[i];
      const reading = readings[i];
      const object = reading !== undefined && 'value' in reading && isMap(doc?.contents) ? { object: objectId(reading.value as K8sObject) } : {};
      for (let n = path.length; n >= 0 && doc !== undefined; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
        const start = isNode(node) ? node.range?.[0] : undefined;
        if (start !== undefined) {
          const pos = lineCounter.linePos(start);
          return { line: pos.line, column: pos.col, ...object };
        }
      }
      return object;
    };
    findings.push(...compareReaders(file, readDocuments(text, '1.1'), readings, locate));
  }
  return out;
}

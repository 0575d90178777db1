/**
 * One-line flow collections in a hand-written spec, for the fast spec reader.
 */
import { checkPlain, closingDoubleQuote, closingSingleQuote, coreValue, doubleQuoted, outside, singleQuoted } from './read-scalars.ts';

/** Collections nested deeper than this are left to the `yaml` package (and its depth checks). */
export const MAX_DEPTH = 64;

/**
 * One-line flow collections (`[a, b]`, `{k: v, list: [{port: 80}]}`), as
 * specs write roles, profiles and small records: plain scalars without the
 * characters that mean more in flow context, quoted scalars, nesting. No
 * trailing commas, no comments, no implicit keys beyond `key: value`.
 */
export class FlowReader {
  private i = 0;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  read(): unknown {
    const value = this.node(0);
    this.spaces();
    if (this.i !== this.text.length) outside();
    return value;
  }

  private spaces(): void {
    while (this.text[this.i] === ' ') this.i++;
  }

  private node(depth: number): unknown {
    if (depth > MAX_DEPTH) outside();
    this.spaces();
    const c = this.text[this.i];
    if (c === '[' || c === '{') return this.collection(c, depth);
    return this.scalar();
  }

  private collection(open: string, depth: number): unknown {
    const close = open === '[' ? ']' : '}';
    this.i++;
    const list: unknown[] = [];
    const map: Record<string, unknown> = {};
    this.spaces();
    if (this.text[this.i] === close) {
      this.i++;
      return open === '[' ? list : map;
    }
    for (;;) {
      if (open === '[') list.push(this.node(depth + 1));
      else {
        this.spaces();
        const key = this.scalar();
        if (typeof key !== 'string' || this.text.slice(this.i, this.i + 2) !== ': ' || Object.hasOwn(map, key) || key === '__proto__') outside();
        this.i += 2;
        map[key] = this.node(depth + 1);
      }
      this.spaces();
      const next = this.text[this.i++];
      if (next === close) return open === '[' ? list : map;
      if (next !== ',') outside();
    }
  }

  private scalar(): unknown {
    const rest = this.text.slice(this.i);
    if (rest.startsWith('"') || rest.startsWith("'")) {
      const close = rest.startsWith('"') ? closingDoubleQuote(rest) : closingSingleQuote(rest);
      if (close === -1) outside();
      this.i += close + 1;
      return rest.startsWith('"') ? doubleQuoted(rest.slice(0, close + 1)) : singleQuoted(rest.slice(0, close + 1));
    }
    const end = rest.search(/[,[\]{}]|: /);
    const token = (end === -1 ? rest : rest.slice(0, end)).trimEnd();
    if (token === '' || /[:?#"'`\t]/.test(token)) outside();
    this.i += token.length;
    return coreValue(checkPlain(token));
  }
}

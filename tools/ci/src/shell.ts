import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';

/** One simple command of a shell script: its name, its literal arguments and its 1-based line. */
export interface Command {
  readonly name: string;
  readonly args: readonly string[];
  readonly line: number;
}

const require = createRequire(import.meta.url);
let parser: Promise<Parser> | undefined;

/** tree-sitter's Bash grammar (the WASM build the grammar package ships), loaded once. */
function bashParser(): Promise<Parser> {
  parser ??= (async () => {
    await Parser.init();
    const bash = await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
    return new Parser().setLanguage(bash);
  })();
  return parser;
}

/**
 * A GitHub expression `${{ … }}` is substituted before the shell sees the script; replaced
 * here by underscores of the same length (as actionlint does), so positions stay put.
 */
export function blankExpressions(script: string): string {
  return script.replace(/\$\{\{[\s\S]*?\}\}/g, (m) => m.replace(/[^\n]/g, '_'));
}

function unquote(text: string): string {
  return /^(['"]).*\1$/s.test(text) ? text.slice(1, -1) : text;
}

/**
 * Every simple command a script runs, in source order, nested ones (`$( … )`, pipelines,
 * `if` bodies, `{ … }` groups, function bodies) included; calls of the script's own
 * functions are not commands. Throws on a script the grammar cannot parse.
 */
export async function commandsOf(script: string): Promise<Command[]> {
  const tree = (await bashParser()).parse(blankExpressions(script));
  if (tree === null) throw new Error('tree-sitter returned no tree');
  if (tree.rootNode.hasError) throw new Error(`the script does not parse as Bash:\n${script}`);
  const out: Command[] = [];
  const functions = new Set<string>();
  const walk = (n: Node): void => {
    if (n.type === 'function_definition') {
      const name = n.childForFieldName('name');
      if (name !== null) functions.add(name.text);
    }
    if (n.type === 'command') {
      const name = n.childForFieldName('name');
      if (name !== null) {
        const args = n.childrenForFieldName('argument').flatMap((a) => (a === null ? [] : [unquote(a.text)]));
        out.push({ name: unquote(name.text), args, line: n.startPosition.row + 1 });
      }
    }
    for (const c of n.namedChildren) if (c !== null) walk(c);
  };
  walk(tree.rootNode);
  tree.delete();
  return out.filter((c) => !functions.has(c.name));
}

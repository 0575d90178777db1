// A small structural check of PromQL expressions, until a real parser
// (@prometheus-io/lezer-promql) is a dev dependency: balanced brackets and
// quotes, label matchers of the form name op "value", range selectors with a
// duration, and only the functions and aggregations strata uses.

const FUNCTIONS = new Set(['rate', 'histogram_quantile', 'time', 'absent', 'vector']);
const AGGREGATIONS = new Set(['sum', 'min', 'max', 'count', 'avg']);
const KEYWORDS = new Set(['by', 'without', 'and', 'or', 'unless', 'offset', 'on', 'ignoring', 'bool']);

/** Problems of `expr`; empty when it looks like well-formed PromQL. */
export function promqlProblems(expr: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let inString = false;
  for (const ch of expr) {
    if (ch === '"') inString = !inString;
    if (inString) continue;
    if ('([{'.includes(ch)) stack.push(ch);
    else if (ch in pairs) {
      if (stack.pop() !== pairs[ch]) problems.push(`unbalanced ${ch}`);
    }
  }
  if (inString) problems.push('unterminated string');
  if (stack.length > 0) problems.push(`unclosed ${stack.join('')}`);
  for (const m of expr.matchAll(/\{([^}]*)\}/g)) {
    for (const matcher of (m[1] ?? '').split(/,\s*/)) {
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*(=~|!~|!=|=)"[^"]*"$/.test(matcher)) problems.push(`bad label matcher ${matcher}`);
    }
  }
  for (const m of expr.matchAll(/\[([^\]]*)\]/g)) {
    if (!/^[0-9]+(ms|s|m|h|d|w)$/.test(m[1] ?? '')) problems.push(`bad range [${m[1]}]`);
  }
  const outside = expr.replace(/"[^"]*"/g, '""').replace(/\{[^}]*\}/g, '{}');
  for (const m of outside.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*\(/g)) {
    const name = m[1] ?? '';
    if (!FUNCTIONS.has(name) && !AGGREGATIONS.has(name) && !KEYWORDS.has(name)) problems.push(`unknown function ${name}`);
  }
  for (const m of outside.matchAll(/\b(sum|min|max|count|avg)\s+by\s*\(([^)]*)\)/g)) {
    for (const label of (m[2] ?? '').split(/,\s*/)) if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label)) problems.push(`bad grouping label ${label}`);
  }
  return problems;
}

/** The metric names an expression reads. */
export function metricsOf(expr: string): string[] {
  const outside = expr.replace(/"[^"]*"/g, '""').replace(/\{[^}]*\}/g, '{}').replace(/by\s*\([^)]*\)/g, '').replace(/\[[^\]]*\]/g, '');
  const names = [...outside.matchAll(/\b([a-z_][a-z0-9_]*)\b(?!\s*\()/g)].map((m) => m[1] ?? '');
  return [...new Set(names.filter((n) => !KEYWORDS.has(n) && n.includes('_')))].sort();
}

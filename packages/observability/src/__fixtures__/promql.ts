// PromQL checks for the tests: the real parser of the Prometheus web UI
// (@prometheus-io/lezer-promql), so an expression that Prometheus would refuse
// to load fails here, offline, with the position of the error.
import { parser } from '@prometheus-io/lezer-promql';

const KEYWORDS = new Set(['by', 'without', 'and', 'or', 'unless', 'offset', 'on', 'ignoring', 'bool']);

/** Syntax errors of `expr` as `at N: …near "…"`; empty when the PromQL parser accepts it. */
export function promqlProblems(expr: string): string[] {
  const problems: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) problems.push(`at ${node.from}: syntax error near "${expr.slice(Math.max(0, node.from - 10), node.to + 10)}"`);
    },
  });
  return problems;
}

/** The metric names an expression reads. */
export function metricsOf(expr: string): string[] {
  const outside = expr.replace(/"[^"]*"/g, '""').replace(/\{[^}]*\}/g, '{}').replace(/by\s*\([^)]*\)/g, '').replace(/\[[^\]]*\]/g, '');
  const names = [...outside.matchAll(/\b([a-z_][a-z0-9_]*)\b(?!\s*\()/g)].map((m) => m[1] ?? '');
  return [...new Set(names.filter((n) => !KEYWORDS.has(n) && n.includes('_')))].sort();
}

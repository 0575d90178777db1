import { sortFindings, type Finding } from '@strata/core';
import { objectId } from '@strata/validate';
import { RULE_CODES } from './codes.ts';
import { RULES } from './rules/index.ts';
import type { PolicyContext, Rule, Waiver } from './types.ts';

/** The outcome of all rules over one cluster's rendered set. */
export interface PolicyResult {
  /** One per unwaived violation, sorted; the message starts with `[rule-id]`. */
  readonly findings: readonly Finding[];
  /** One per waived violation, with the waiver's reason (shown and counted in summaries). */
  readonly waived: readonly { readonly rule: string; readonly object: string; readonly reason: string }[];
  /** Waivers that matched no violation: stale, or misspelt. */
  readonly unusedWaivers: readonly Waiver[];
}

function codeOf(rule: Rule): string {
  const code = Object.hasOwn(RULE_CODES, rule.id) ? RULE_CODES[rule.id] : undefined;
  if (code === undefined) throw new Error(`policy rule ${rule.id} has no code in RULE_CODES`);
  return code;
}

/**
 * Runs every rule of `rules` (default {@link RULES}) over `ctx`. A waiver
 * accepts all violations of its rule on its object; violations not tied to an
 * object, and rules marked `waivable: false`, cannot be waived.
 */
export function runPolicies(ctx: PolicyContext, waivers: readonly Waiver[] = [], rules: readonly Rule[] = RULES): PolicyResult {
  const findings: Finding[] = [];
  const waived: { rule: string; object: string; reason: string }[] = [];
  const used = new Set<Waiver>();
  for (const rule of rules) {
    const code = codeOf(rule);
    for (const v of rule.check(ctx)) {
      const object = v.object === undefined ? undefined : objectId(v.object.obj);
      const waiver =
        object === undefined || rule.waivable === false ? undefined : waivers.find((w) => w.rule === rule.id && w.object === object);
      if (waiver !== undefined && object !== undefined) {
        used.add(waiver);
        waived.push({ rule: rule.id, object, reason: waiver.reason });
        continue;
      }
      findings.push({
        code,
        severity: rule.severity,
        message: `[${rule.id}] ${v.message}`,
        ...(v.object === undefined ? {} : { file: v.object.file }),
        ...(object === undefined ? {} : { object }),
        ...(v.path === undefined || v.path === '' ? {} : { path: v.path }),
        hint: rule.hint,
      });
    }
  }
  return { findings: sortFindings(findings), waived, unusedWaivers: waivers.filter((w) => !used.has(w)) };
}

import { isExactVersion, LAYERS } from '../component.ts';
import { checkRequirements, NO_FACTS, type Requirement } from '../facts.ts';
import type { CheckContext, CheckIssue } from './checks.ts';
import type { SpecPath } from './source.ts';

/** The fields of a `spec.releases` entry the checks read; any may be missing on a partly invalid spec. */
interface ReleaseView {
  readonly index: number;
  readonly name?: string;
  readonly repository?: string;
  readonly version?: string;
  readonly digest?: string;
  readonly layer?: string;
  readonly dependsOn: readonly string[];
  readonly kubernetes?: { readonly min?: string; readonly max?: string };
}

const RELEASES = ['spec', 'releases'] as const;

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function releasesOf(ctx: CheckContext): ReleaseView[] {
  const list = (ctx.doc as { spec?: { releases?: unknown } } | null)?.spec?.releases;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown, index): ReleaseView[] => {
    if (item === null || typeof item !== 'object' || ctx.failed([...RELEASES, index])) return [];
    const r = item as Record<string, unknown>;
    const k = r.kubernetes as { min?: unknown; max?: unknown } | undefined;
    const name = str(r.name);
    const repository = str(r.repository);
    const version = str(r.version);
    const digest = str(r.digest);
    const layer = str(r.layer);
    const min = str(k?.min);
    const max = str(k?.max);
    return [
      {
        index,
        dependsOn: Array.isArray(r.dependsOn) ? r.dependsOn.filter((d): d is string => typeof d === 'string') : [],
        ...(name === undefined ? {} : { name }),
        ...(repository === undefined ? {} : { repository }),
        ...(version === undefined ? {} : { version }),
        ...(digest === undefined ? {} : { digest }),
        ...(layer === undefined ? {} : { layer }),
        ...(k === undefined ? {} : { kubernetes: { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) } }),
      },
    ];
  });
}

const at = (r: ReleaseView, ...rest: (string | number)[]): SpecPath => [...RELEASES, r.index, ...rest];

function versionIssues(r: ReleaseView): CheckIssue[] {
  const issues: CheckIssue[] = [];
  if (r.version !== undefined && !isExactVersion(r.version)) {
    const what = /^(latest|stable|\*|x)$/i.test(r.version) ? `"${r.version}" is not a version` : `"${r.version}" is not an exact version`;
    issues.push({
      key: 'SPEC_RELEASE',
      path: at(r, 'version'),
      message: `${what}: pin the chart to one release (e.g. 1.2.3); a range or latest changes what is applied without a commit`,
    });
  }
  if (r.digest !== undefined && r.repository !== undefined && !r.repository.startsWith('oci://')) {
    issues.push({ key: 'SPEC_RELEASE', path: at(r, 'digest'), message: 'a digest pins an OCI chart artifact; this release comes from an https:// Helm repository' });
  }
  const { min, max } = r.kubernetes ?? {};
  if (min !== undefined && max !== undefined && compareMinor(min, max) > 0) {
    issues.push({ key: 'SPEC_RELEASE', path: at(r, 'kubernetes', 'max'), message: `max ${max} is older than min ${min}` });
  }
  return issues;
}

function compareMinor(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/**
 * The compatibility rows a release's `kubernetes: {min, max}` declares:
 * older than `min` is an error, newer than `max` a warning (as the vendor
 * ranges of the components).
 */
export function releaseRequirements(doc: unknown): Requirement[] {
  return releasesOf({ doc, failed: () => false }).flatMap((r) => {
    const rows: Requirement[] = [];
    const who = `release ${r.name ?? `#${r.index}`}`;
    const path = at(r, 'kubernetes');
    // No range given: the gap is on record (strata explain lists it), and never fails.
    if (r.kubernetes?.min === undefined && r.kubernetes?.max === undefined) {
      return [{ component: who, product: 'kubernetes', reason: 'its spec entry gives no kubernetes range (spec.releases[].kubernetes)', path: at(r) }];
    }
    if (r.kubernetes?.min !== undefined) {
      rows.push({ component: who, product: 'kubernetes', min: r.kubernetes.min, reason: `its spec entry says the chart supports Kubernetes >= ${r.kubernetes.min}`, path: [...path, 'min'] });
    }
    if (r.kubernetes?.max !== undefined) {
      rows.push({
        component: who,
        product: 'kubernetes',
        max: r.kubernetes.max,
        severity: 'warning',
        reason: `its spec entry says the chart is tested up to Kubernetes ${r.kubernetes.max}; check the chart's notes before upgrading`,
        path: [...path, 'max'],
      });
    }
    return rows;
  });
}

/**
 * `spec.releases`: exact versions, unique names that no enabled component
 * takes, `dependsOn` naming a known release or enabled component, no cycles,
 * and no waiting on a release of a later layer (that layer syncs only once
 * this one is ready: neither would ever start). Each issue sits at its field.
 */
export function checkReleases(ctx: CheckContext): CheckIssue[] {
  const releases = releasesOf(ctx);
  const issues: CheckIssue[] = releases.flatMap(versionIssues);
  const components = ctx.components ?? [];
  const byName = new Map<string, ReleaseView>();
  for (const r of releases) {
    if (r.name === undefined) continue;
    const first = byName.get(r.name);
    if (first !== undefined) issues.push({ key: 'SPEC_RELEASE', path: at(r, 'name'), message: `release name "${r.name}" is already used by releases[${first.index}]` });
    else if (components.includes(r.name)) {
      issues.push({ key: 'SPEC_RELEASE', path: at(r, 'name'), message: `"${r.name}" is the name of an enabled component; dependsOn could not tell them apart, so pick another release name` });
    } else byName.set(r.name, r);
  }
  const rank = (layer: string | undefined): number => LAYERS.indexOf((layer ?? 'controllers') as (typeof LAYERS)[number]);
  for (const r of releases) {
    r.dependsOn.forEach((dep, j) => {
      const target = byName.get(dep);
      if (dep === r.name) issues.push({ key: 'SPEC_RELEASE', path: at(r, 'dependsOn', j), message: `release ${dep} cannot wait for itself` });
      else if (target === undefined && !components.includes(dep)) {
        const known = [...byName.keys(), ...components].sort();
        issues.push({
          key: 'SPEC_RELEASE',
          path: at(r, 'dependsOn', j),
          message: `"${dep}" is neither a release in spec.releases nor an enabled component (known: ${known.join(', ') || 'none'})`,
        });
      } else if (target !== undefined && rank(target.layer) > rank(r.layer)) {
        issues.push({
          key: 'SPEC_RELEASE',
          path: at(r, 'dependsOn', j),
          message: `release ${dep} is in layer ${target.layer ?? 'controllers'}, which syncs after this release's layer ${r.layer ?? 'controllers'}: neither would ever be ready`,
        });
      }
    });
  }
  issues.push(...cycleIssues(releases, byName));
  const kubernetes = str((ctx.doc as { spec?: { kubernetes?: { version?: unknown } } } | null)?.spec?.kubernetes?.version);
  if (kubernetes !== undefined && !ctx.failed(['spec', 'kubernetes', 'version'])) {
    for (const b of checkRequirements({ ...NO_FACTS, requirements: releaseRequirements(ctx.doc) }, kubernetes)) {
      issues.push({ key: 'SPEC_RELEASE', path: b.requirement.path, message: b.message, ...(b.requirement.severity === undefined ? {} : { severity: b.requirement.severity }) });
    }
  }
  return issues;
}

/** Each cycle among releases once, blamed on the dependsOn entry that closes it. */
function cycleIssues(releases: readonly ReleaseView[], byName: ReadonlyMap<string, ReleaseView>): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (r: ReleaseView, stack: string[]): void => {
    state.set(r.name!, 'open');
    r.dependsOn.forEach((dep, j) => {
      const next = byName.get(dep);
      if (next === undefined || dep === r.name) return;
      if (state.get(dep) === 'open') {
        const cycle = [...stack.slice(stack.indexOf(dep)), r.name!, dep];
        issues.push({ key: 'SPEC_RELEASE', path: at(r, 'dependsOn', j), message: `dependsOn makes a cycle: ${cycle.join(' → ')}` });
      } else if (state.get(dep) === undefined) visit(next, [...stack, r.name!]);
    });
    state.set(r.name!, 'done');
  };
  for (const r of byName.values()) if (state.get(r.name!) === undefined) visit(r, []);
  return issues;
}

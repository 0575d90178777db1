// What `strata validate --json` reports, as the bench counts it: read by the harness
// (measure.ts) and by the comparison with kubeconform (bench.ts). No imports.

/** The objects validate reports, and how many clusters it checked and took from its cache. */
export interface ValidateCounts {
  readonly objects: number;
  readonly checked: number;
  readonly skipped: number;
}

/** The counts of one `strata validate --json` output. */
export function validateCounts(json: string): ValidateCounts {
  const report = JSON.parse(json) as { clusters: { cached: boolean; objects: number }[] };
  return {
    objects: report.clusters.reduce((n, c) => n + c.objects, 0),
    checked: report.clusters.filter((c) => !c.cached).length,
    skipped: report.clusters.filter((c) => c.cached).length,
  };
}

import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { namespaced } from './metadata.ts';
import type { RuleGroup } from './rules.ts';
import type { ObservabilityBlock } from './schema.ts';

/** One PrometheusRule per group, `strata-<group>` in the block's namespace. */
export function prometheusRules(cluster: string, block: ObservabilityBlock, groups: readonly RuleGroup[]): PrometheusRule[] {
  return groups.map(
    (g) =>
      new PrometheusRule({
        metadata: namespaced(cluster, block.namespace, `strata-${g.name}`),
        spec: {
          groups: [{ name: `strata.${g.name}`, rules: g.rules.map((r) => ({ ...r, labels: { ...r.labels }, annotations: { ...r.annotations } })) }],
        },
      }),
  );
}

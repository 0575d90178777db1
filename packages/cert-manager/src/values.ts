import type { CertManagerBlock } from './schema.ts';

/**
 * The subset of the cert-manager chart values strata sets (keys as in the
 * chart's values.yaml; reference/cert-manager.md §1). Keys absent here keep
 * the chart default.
 */
export interface CertManagerValues {
  /** The chart installs and upgrades the CRDs; `keep` leaves them (and every Certificate) in place on uninstall. */
  crds: { enabled: true; keep: true };
  replicaCount: number;
  webhook: { replicaCount: number };
  cainjector: { replicaCount: number };
  /** Metrics on; the monitor comes from observability (via facts), so the chart's own stays off. */
  prometheus: { enabled: true; servicemonitor: { enabled: false } };
  /**
   * File-based controller configuration. The chart validates `config` as a
   * whole, so apiVersion and kind go with `enableGatewayAPI` (the key the
   * chart reads; the reference's `config.gatewayAPI.enabled` does not exist).
   */
  config?: { apiVersion: 'controller.config.cert-manager.io/v1alpha1'; kind: 'ControllerConfiguration'; enableGatewayAPI: true };
}

/** Chart values for `spec.certManager`; `gatewaySolvers` turns on the Gateway API HTTP-01 solver. */
export function certManagerValues(block: CertManagerBlock, gatewaySolvers: boolean): CertManagerValues {
  return {
    crds: { enabled: true, keep: true },
    replicaCount: block.replicas.controller,
    webhook: { replicaCount: block.replicas.webhook },
    cainjector: { replicaCount: block.replicas.cainjector },
    prometheus: { enabled: true, servicemonitor: { enabled: false } },
    ...(gatewaySolvers
      ? { config: { apiVersion: 'controller.config.cert-manager.io/v1alpha1', kind: 'ControllerConfiguration', enableGatewayAPI: true } }
      : {}),
  };
}

import { type BlockContext, installsRelease, type RenderedObjectRef } from '@strata/core';
import { HUBBLE_UI } from './exposure.ts';
import { O } from './metadata.ts';
import type { ObservabilityBlock } from './schema.ts';
import { DASHBOARD_RELEASE, externalDNSRelease, KPS_RELEASE } from './values.ts';

/**
 * The spec entry an observability object comes from: the UI Ingresses are
 * `hubbleUI` and `dashboard`, each external-dns install its `externalDNS[i]`,
 * the dashboard and kube-prometheus-stack installs their blocks.
 */
export function observabilityOrigin({ block }: BlockContext<ObservabilityBlock>, object: RenderedObjectRef): (string | number)[] | undefined {
  const { kind, metadata } = object;
  if (kind === 'Ingress') {
    if (metadata.name === 'hubble-ui' && metadata.namespace === HUBBLE_UI.namespace && block.hubbleUI !== undefined) return [...O, 'hubbleUI'];
    if (metadata.name === 'dashboard' && metadata.namespace === block.dashboard?.namespace) return [...O, 'dashboard'];
    return undefined;
  }
  if (installsRelease(object, KPS_RELEASE)) return [...O, 'prometheus'];
  if (installsRelease(object, DASHBOARD_RELEASE) && block.dashboard !== undefined) return [...O, 'dashboard'];
  const i = block.externalDNS.findIndex((e) => installsRelease(object, externalDNSRelease(e.ingressClass)));
  return i < 0 ? undefined : [...O, 'externalDNS', i];
}

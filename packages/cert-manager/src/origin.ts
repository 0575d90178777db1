import { type BlockContext, installsRelease, type RenderedObjectRef } from '@strata/core';
import { RELEASE } from './facts.ts';
import type { CertManagerBlock } from './schema.ts';

const CM = ['spec', 'certManager'] as const;

/** The spec entry a cert-manager object comes from: a ClusterIssuer is `issuers[i]`, the install `version`. */
export function certManagerOrigin({ block }: BlockContext<CertManagerBlock>, object: RenderedObjectRef): (string | number)[] | undefined {
  const { kind, metadata } = object;
  if (kind === 'ClusterIssuer') {
    const i = block.issuers.findIndex((issuer) => issuer.name === metadata.name);
    return i < 0 ? undefined : [...CM, 'issuers', i];
  }
  if (installsRelease(object, RELEASE)) return [...CM, 'version'];
  return undefined;
}

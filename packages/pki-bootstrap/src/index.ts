import { defineComponent } from '@strata/core';
import { gitopsAddons } from './addons.ts';
import { renderPki } from './render.ts';
import type { PkiBlock } from './schema.ts';
import { componentSpec } from './spec.ts';

export type { PkiBlock } from './schema.ts';
export { schema } from './schema.ts';
export { fractionOf, formatHours, type Fraction, HOUR_MS, lifetimeHours, parseFraction } from './duration.ts';
export {
  CA,
  certByName,
  firstServiceIp,
  issuanceOrder,
  KEY,
  type PkiPlan,
  planPki,
  type PlannedCert,
  type PlannedKeyPair,
  type PlannedNode,
  type Profile,
  PROFILES,
  SERVICE_ACCOUNT,
} from './plan.ts';
export {
  iso,
  issueValidity,
  maxSlot,
  renewalDue,
  scheduleKey,
  type SimEvent,
  type SimProblem,
  type Simulation,
  simulate,
  simulationProblems,
  slotName,
  type Validity,
} from './schedule.ts';
export { type CfsslCsr, cfsslCsr, cfsslProfiles } from './cfssl.ts';
export { nixosModule, nixString } from './nix.ts';
export { checkHostNetwork, type CiliumHost, ciliumHost, HOST_NETWORK_FILE, hostNetworkModule, type HostNetworkPlan, planHostNetwork } from './host-network.ts';
export { ADDONS_FILE, type AddonFile, addonEntries, gitopsAddons } from './addons.ts';
export { csrFile, MODULE_FILE, NIXOS_DIR, PLAN_FILE, planDocument, PROFILES_FILE, pkiFiles } from './render.ts';
export { checkPki, CHECK_DAYS } from './checks.ts';
export { componentSpec } from './spec.ts';
export { stableJson } from './json.ts';

/** The pki-bootstrap component: `spec.pki`. */
export const component = defineComponent<PkiBlock>({
  ...componentSpec,
  render: renderPki,
  // k8nix addons pin the GitOps bootstrap objects by the sha256 of their rendered bytes.
  finalize: (_ctx, rendered) => gitopsAddons(rendered.files, rendered.engineFolder),
});

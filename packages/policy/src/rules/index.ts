import type { Rule } from '../types.ts';
import { backendExists } from './backend-exists.ts';
import { clientIpPreserved } from './client-ip-preserved.ts';
import { crdBeforeCr } from './crd-before-cr.ts';
import { defaultDeny } from './default-deny.ts';
import { imagePinned } from './image-pinned.ts';
import { ingressSnippets } from './ingress-snippets.ts';
import { lbIpInPool } from './lb-ip-in-pool.ts';
import { lbIpUnique } from './lb-ip-unique.ts';
import { noPrivilegedOutsideSystem } from './no-privileged-outside-system.ts';
import { noSecretData } from './no-secret-data.ts';
import { resourceRequests } from './resource-requests.ts';
import { upstreamPinned } from './upstream-pinned.ts';

/** Every policy rule, in the order findings' codes were assigned. */
export const RULES: readonly Rule[] = [
  noSecretData,
  imagePinned,
  noPrivilegedOutsideSystem,
  resourceRequests,
  ingressSnippets,
  lbIpUnique,
  lbIpInPool,
  crdBeforeCr,
  upstreamPinned,
  defaultDeny,
  backendExists,
  clientIpPreserved,
];

/**
 * Stable finding code per rule. Core's error catalog reserves the STRATA5xxx
 * range for policy (one POLICY entry there; the codes themselves live here,
 * beside the rules). Like catalog codes, never rename or reuse one: only add.
 */
export const RULE_CODES: Readonly<Record<string, string>> = {
  'no-secret-data': 'STRATA5001',
  'image-pinned': 'STRATA5002',
  'no-privileged-outside-system': 'STRATA5003',
  'resource-requests': 'STRATA5004',
  'ingress-snippets': 'STRATA5005',
  'lb-ip-unique': 'STRATA5006',
  'lb-ip-in-pool': 'STRATA5007',
  'crd-before-cr': 'STRATA5008',
  'upstream-pinned': 'STRATA5009',
  'default-deny': 'STRATA5010',
  'backend-exists': 'STRATA5011',
  'client-ip-preserved': 'STRATA5012',
};

import { defineComponentSpec } from '@strata/core';
import { checkPki } from './checks.ts';
import { type PkiBlock, schema } from './schema.ts';

/**
 * What the compiler needs of pki-bootstrap to load and check `spec.pki`
 * (the `./spec` entry): no render code, models or cdk8s.
 */
export const componentSpec = defineComponentSpec<PkiBlock>({
  name: 'pki-bootstrap',
  key: 'pki',
  description: 'ECDSA P-521 control-plane PKI: root, intermediate and leaf certificate plan with a rotation schedule, cfssl CSRs and a NixOS module (easyCerts off).',
  schema,
  check: ({ cluster, block, facts }) => checkPki(cluster, block, facts.dataplane),
});

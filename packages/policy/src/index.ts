export type { PolicyContext, PolicyObject, Rule, Violation, Waiver } from './types.ts';
export { RULE_CODES } from './codes.ts';
export { RULES } from './rules/index.ts';
export { runPolicies, type PolicyResult } from './run.ts';
export { SYSTEM_NAMESPACES } from './rules/no-privileged-outside-system.ts';
export { KNOWN_CRD_LAYERS } from './rules/crd-before-cr.ts';
export { APP_NAMESPACE_LABEL } from './rules/default-deny.ts';
export { namedBackends, type Backend } from './rules/backend-exists.ts';

export { findDuplicates, hasValidator, type ObjectIssue, objectId, validateObject } from './validate.ts';
export { MODEL_PACKAGES, type ModelPackage } from './registry.ts';

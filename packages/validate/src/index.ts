export { findDuplicates, hasValidator, type ObjectIssue, objectId, validateObject, type ValidateOptions } from './validate.ts';
export { type CrdCatalog, crdCatalog } from './crd.ts';
export { MODEL_PACKAGES, type ModelPackage } from './registry.ts';
export { type GeneratedPackage, type KindSchema, type Schema, strictSchemaOf, strictSchemas } from './strict.ts';

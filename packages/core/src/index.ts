export * from './errors.ts';
export * from './names.ts';
export * from './net/cidr.ts';
export * from './component.ts';
export * from './facts.ts';
export * from './schema/cluster.ts';
export * from './schema/compose.ts';
export * from './spec/load.ts';

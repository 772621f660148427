export { builtinStructures, DefinitionShapeError, loadDefinition } from './builtin/index.ts';
export * from './check.ts';
export * from './generate.ts';
export * from './import-sosmeta.ts';
export * from './model.ts';
export * from './registry.ts';
export * from './render-xhtml.ts';
export * from './validate.ts';
export { buildHetu, checkInstant, checkPartialDate, isValidHetu, systemMatchesOid } from './values.ts';

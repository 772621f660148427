// National code systems: the model, the shipped lists, the registry used for validation and
// display, and the importer for official exports of THL's code server.

export { BUILTIN_CODE_SYSTEM_FILES, builtinCodeRegistry, builtinCodeSystems } from './builtin.ts';
export { type CodeSystemLoadError, isIsoDate, loadCodeSystem } from './loader.ts';
export {
  CODE_SYSTEM_OIDS,
  type CodeEntry,
  type CodeSystem,
  type Completeness,
  LANGUAGES,
  type Language,
  type LocalizedNames,
  type Provenance,
} from './model.ts';
export { isOid, type ResolvedSystemReference, resolveSystemReference, stripOidUrn } from './oid.ts';
export {
  CodeRegistry,
  type FoundCode,
  isValidOn,
  type LookupError,
  type LookupFailure,
} from './registry.ts';
export type { Result } from './result.ts';
export {
  type CodeImportError,
  type CodeImportErrorCode,
  type CodeSystemExportOptions,
  normalizeKey,
  parseCodeSystemExport,
  parseExportDate,
} from './thl-export.ts';

// The code systems shipped with Varanto (data/codes/*.json). They are imported statically so the
// domain stays free of file I/O; each one passes through the same loader as an uploaded file, so
// a broken edit of the data fails loudly at startup and in the tests instead of at a lookup.

import caseState from '../../data/codes/case-state.json' with { type: 'json' };
import clientDocumentType from '../../data/codes/client-document-type.json' with { type: 'json' };
import documentGroup from '../../data/codes/document-group.json' with { type: 'json' };
import guardianDisclosure from '../../data/codes/guardian-disclosure.json' with { type: 'json' };
import omaKantaRestrictionReason from '../../data/codes/omakanta-restriction-reason.json' with {
  type: 'json',
};
import registerType from '../../data/codes/register-type.json' with { type: 'json' };
import relatedPersonRole from '../../data/codes/related-person-role.json' with { type: 'json' };
import retentionClass from '../../data/codes/retention-class.json' with { type: 'json' };
import serviceProcess from '../../data/codes/service-process.json' with { type: 'json' };
import serviceTask from '../../data/codes/service-task.json' with { type: 'json' };
import socialService from '../../data/codes/social-service.json' with { type: 'json' };
import { loadCodeSystem } from './loader.ts';
import type { CodeSystem } from './model.ts';
import { CodeRegistry } from './registry.ts';

/** The raw JSON of every shipped file, by file name (for tests and tooling). */
export const BUILTIN_CODE_SYSTEM_FILES: Readonly<Record<string, unknown>> = {
  'service-task.json': serviceTask,
  'social-service.json': socialService,
  'service-process.json': serviceProcess,
  'document-group.json': documentGroup,
  'client-document-type.json': clientDocumentType,
  'case-state.json': caseState,
  'register-type.json': registerType,
  'retention-class.json': retentionClass,
  'omakanta-restriction-reason.json': omaKantaRestrictionReason,
  'guardian-disclosure.json': guardianDisclosure,
  'related-person-role.json': relatedPersonRole,
};

/** Every shipped code system, validated. Throws if a shipped file is invalid (a build error). */
export function builtinCodeSystems(): readonly CodeSystem[] {
  return Object.entries(BUILTIN_CODE_SYSTEM_FILES).map(([file, json]) => {
    const loaded = loadCodeSystem(json);
    if (!loaded.ok) throw new Error(`data/codes/${file}: ${loaded.error.message}`);
    return loaded.value;
  });
}

/** A registry of the shipped code systems; add official exports with `withSystem`. */
export function builtinCodeRegistry(): CodeRegistry {
  return new CodeRegistry(builtinCodeSystems());
}

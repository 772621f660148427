// The access-rights regulation (THL käyttöoikeusmääräys) as data: which professional role may do
// which action on which documents. The organization's administrator edits its copy; the shipped
// default below is Varanto's reading of the regulation's intent and is PROVISIONAL until checked
// against the regulation's text (which could not be read here).
import type { Role } from '../records/types.ts';

export type DocumentAction = 'document.read' | 'document.store' | 'document.correct' | 'document.invalidate';

/**
 * Which documents a grant covers. `generalTypes` are the leading digits of the specific type code
 * (19 = client narrative entries 19001–19015, 11 = decisions, 1 = assessments, …); `groups` are
 * document groups (1 clienthood, 2 case, 5 client documents, 8 consent, 9 prohibition).
 */
export type DocumentScope =
  | '*'
  | {
      readonly types?: readonly string[];
      readonly generalTypes?: readonly string[];
      readonly groups?: readonly string[];
    };

export interface Grant {
  readonly role: Role;
  readonly actions: readonly DocumentAction[];
  readonly documents: DocumentScope;
}

export interface AccessRightsRegulation {
  readonly name: string;
  readonly version: string;
  readonly provisional: boolean;
  readonly grants: readonly Grant[];
}

const ALL: readonly DocumentAction[] = [
  'document.read',
  'document.store',
  'document.correct',
  'document.invalidate',
];

export const DEFAULT_REGULATION: AccessRightsRegulation = {
  name: 'Varanto default after THL access-rights regulation',
  version: '2026-11-22',
  provisional: true,
  grants: [
    // Social workers decide and carry the client's matter: everything.
    { role: 'social_worker', actions: ALL, documents: '*' },
    // Social instructors guide and record, but decisions are made by social workers.
    { role: 'social_instructor', actions: ['document.read'], documents: '*' },
    {
      role: 'social_instructor',
      actions: ['document.store', 'document.correct', 'document.invalidate'],
      documents: { generalTypes: ['1', '4', '15', '16', '19'], groups: ['1', '2'] },
    },
    // Practical nurses work from plans and record daily entries.
    {
      role: 'practical_nurse',
      actions: ['document.read'],
      documents: { generalTypes: ['15', '19'] },
    },
    {
      role: 'practical_nurse',
      actions: ['document.store', 'document.correct'],
      documents: { generalTypes: ['19'] },
    },
    // Office staff record received notifications and contacts; they do not read client records.
    { role: 'office_worker', actions: ['document.store'], documents: { types: ['19005', '4006', '4009'] } },
    // Archivists manage the whole register: read, correct and invalidate, never author.
    {
      role: 'archivist',
      actions: ['document.read', 'document.correct', 'document.invalidate'],
      documents: '*',
    },
  ],
};

/** The general type of a specific client document type code: its leading digits ("19005" → "19"). */
export function generalTypeOf(documentType: string): string | undefined {
  return /^\d{4,5}$/.test(documentType) ? documentType.slice(0, -3) : undefined;
}

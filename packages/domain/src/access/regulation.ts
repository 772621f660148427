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

/** Roles that can hold rights to client documents; administrators and the like never do. */
export const DOCUMENT_ROLES: readonly Role[] = [
  'social_worker',
  'social_instructor',
  'practical_nurse',
  'office_worker',
  'archivist',
];

const DOCUMENT_ACTIONS: readonly DocumentAction[] = ALL;

export interface RegulationError {
  /** JSON Pointer into the regulation. */
  readonly path: string;
  readonly message: string;
}

/**
 * Checks an organization's edited regulation before it is stored: known roles that may hold
 * document rights, known actions, scopes of well-formed codes (and existing ones, when the caller
 * passes a lookup). Separation of duties: an administrator's role never reads client documents.
 */
export function checkRegulation(
  regulation: Pick<AccessRightsRegulation, 'grants'>,
  isKnownType: (code: string) => boolean = () => true,
): RegulationError[] {
  const errors: RegulationError[] = [];
  regulation.grants.forEach((g, i) => {
    const at = `/grants/${i}`;
    if (!DOCUMENT_ROLES.includes(g.role)) {
      errors.push({
        path: `${at}/role`,
        message: `the role ${g.role} cannot hold rights to client documents`,
      });
    }
    if (g.actions.length === 0)
      errors.push({ path: `${at}/actions`, message: 'a grant names at least one action' });
    g.actions.forEach((a, k) => {
      if (!DOCUMENT_ACTIONS.includes(a))
        errors.push({ path: `${at}/actions/${k}`, message: `unknown action ${a}` });
    });
    if (g.role === 'archivist' && g.actions.includes('document.store')) {
      errors.push({ path: `${at}/actions`, message: 'an archivist manages records but never authors them' });
    }
    const scope = g.documents;
    if (scope === '*') return;
    const lists = [
      ['types', scope.types ?? [], /^\d{4,5}$|^1505\.[12]$/],
      ['generalTypes', scope.generalTypes ?? [], /^\d{1,2}$/],
      ['groups', scope.groups ?? [], /^\d{1,2}$/],
    ] as const;
    if (lists.every(([, values]) => values.length === 0)) {
      errors.push({
        path: `${at}/documents`,
        message: 'a scope names at least one type, general type or group',
      });
    }
    for (const [key, values, pattern] of lists) {
      values.forEach((v, k) => {
        if (!pattern.test(v))
          errors.push({ path: `${at}/documents/${key}/${k}`, message: `malformed code ${v}` });
        else if (key === 'types' && !isKnownType(v)) {
          errors.push({ path: `${at}/documents/${key}/${k}`, message: `unknown document type ${v}` });
        }
      });
    }
  });
  return errors;
}

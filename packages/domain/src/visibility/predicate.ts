// A visibility rule's condition on one document, as data: evaluated on a document for a single read,
// compiled to SQL for the citizen's lists and counts, so both paths apply the same rules (as in
// access/predicate.ts). Every leaf is total: a missing value is false, never SQL NULL, so NOT works
// the same on both sides.
import type { ClientKey, DocumentStatus, OmaKantaSettings } from '../records/types.ts';

/** The settings the visibility rules read: the document's `omakanta` JSON. */
export type VisibilitySettings = OmaKantaSettings;

/** What the visibility rules read of a document: its metadata (DocumentMetadata fits) and status. */
export interface VisibilityDocument {
  readonly status: DocumentStatus;
  readonly registrarOid: string;
  /** Author's organization: a producer's when written under a register usage right. */
  readonly organizationOid: string;
  readonly clients: readonly ClientKey[];
  readonly documentGroup: string;
  readonly documentType: string;
  readonly socialService?: string;
  readonly omakanta: VisibilitySettings;
}

export type VisibilityAttr = 'documentType' | 'documentGroup' | 'socialService' | 'status';
export type VisibilityFlag = 'specialContent' | 'shownToGuardian' | 'automaticHidingLifted';

export type VisibilityPredicate =
  | { readonly op: 'const'; readonly value: boolean }
  | { readonly op: 'in'; readonly attr: VisibilityAttr; readonly values: readonly string[] }
  /** The general type (leading digits) of the document type is one of `values`. */
  | { readonly op: 'general_type_in'; readonly values: readonly string[] }
  /** The document concerns this client. */
  | { readonly op: 'concerns'; readonly client: ClientKey }
  /** The setting is exactly `true`. */
  | { readonly op: 'flag'; readonly flag: VisibilityFlag }
  /** No delay, or a well-formed delay date that is `today` or earlier. */
  | { readonly op: 'delay_over'; readonly today: string }
  | { readonly op: 'and'; readonly preds: readonly VisibilityPredicate[] }
  | { readonly op: 'or'; readonly preds: readonly VisibilityPredicate[] }
  | { readonly op: 'not'; readonly pred: VisibilityPredicate };

export const V_TRUE: VisibilityPredicate = { op: 'const', value: true };
export const V_FALSE: VisibilityPredicate = { op: 'const', value: false };

export function vIn(attr: VisibilityAttr, values: readonly string[]): VisibilityPredicate {
  return values.length === 0 ? V_FALSE : { op: 'in', attr, values };
}

export function vNot(pred: VisibilityPredicate): VisibilityPredicate {
  if (pred.op === 'const') return pred.value ? V_FALSE : V_TRUE;
  return { op: 'not', pred };
}

export function vAnd(...preds: VisibilityPredicate[]): VisibilityPredicate {
  const kept: VisibilityPredicate[] = [];
  for (const p of preds) {
    if (p.op === 'const') {
      if (!p.value) return V_FALSE;
      continue;
    }
    kept.push(p);
  }
  if (kept.length === 0) return V_TRUE;
  if (kept.length === 1) return kept[0]!;
  return { op: 'and', preds: kept };
}

export function vOr(...preds: VisibilityPredicate[]): VisibilityPredicate {
  const kept: VisibilityPredicate[] = [];
  for (const p of preds) {
    if (p.op === 'const') {
      if (p.value) return V_TRUE;
      continue;
    }
    kept.push(p);
  }
  if (kept.length === 0) return V_FALSE;
  if (kept.length === 1) return kept[0]!;
  return { op: 'or', preds: kept };
}

const ISO_DATE_SHAPE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const GENERAL_TYPE_SHAPE = /^[0-9]{4,5}$/;

function attrValue(doc: VisibilityDocument, attr: VisibilityAttr): string | undefined {
  return doc[attr];
}

/**
 * The delay is over on `today`. Only the shape of the date is checked, and dates compare as text,
 * exactly as the SQL does (a stored value that is not a date keeps the document hidden).
 */
export function delayOver(settings: VisibilitySettings, today: string): boolean {
  const d: unknown = settings.delayUntil;
  if (d === undefined) return true;
  return typeof d === 'string' && ISO_DATE_SHAPE.test(d) && d <= today;
}

export function evaluateVisibility(p: VisibilityPredicate, doc: VisibilityDocument): boolean {
  switch (p.op) {
    case 'const':
      return p.value;
    case 'in': {
      const v = attrValue(doc, p.attr);
      return v !== undefined && p.values.includes(v);
    }
    case 'general_type_in':
      return GENERAL_TYPE_SHAPE.test(doc.documentType) && p.values.includes(doc.documentType.slice(0, -3));
    case 'concerns':
      return doc.clients.includes(p.client);
    case 'flag':
      return doc.omakanta[p.flag] === true;
    case 'delay_over':
      return delayOver(doc.omakanta, p.today);
    case 'and':
      return p.preds.every((q) => evaluateVisibility(q, doc));
    case 'or':
      return p.preds.some((q) => evaluateVisibility(q, doc));
    case 'not':
      return !evaluateVisibility(p.pred, doc);
  }
}

/** SQL expressions (from the store's fixed map, never from input) for what the rules read. */
export interface VisibilityColumns {
  readonly documentType: string;
  readonly documentGroup: string;
  readonly socialService: string;
  readonly status: string;
  /** uuid[] of every client the document concerns. */
  readonly clients: string;
  /** The `omakanta` jsonb. */
  readonly omakanta: string;
}

/**
 * SQL text for a predicate; values are appended to `params` as positional parameters. Dates compare
 * as text in the C collation so that the database's collation cannot reorder them.
 */
export function visibilityToSql(
  p: VisibilityPredicate,
  columns: VisibilityColumns,
  params: unknown[],
): string {
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  switch (p.op) {
    case 'const':
      return p.value ? 'TRUE' : 'FALSE';
    case 'in':
      return `COALESCE(${columns[p.attr]} = ANY(${param(p.values)}::text[]), FALSE)`;
    case 'general_type_in':
      return `COALESCE(${columns.documentType} ~ '^[0-9]{4,5}$' AND left(${columns.documentType}, -3) = ANY(${param(p.values)}::text[]), FALSE)`;
    case 'concerns':
      return `COALESCE(${param(p.client)}::text = ANY(${columns.clients}::text[]), FALSE)`;
    case 'flag':
      return `COALESCE(${columns.omakanta} @> ${param(JSON.stringify({ [p.flag]: true }))}::jsonb, FALSE)`;
    case 'delay_over': {
      const om = columns.omakanta;
      return `(jsonb_typeof(${om}->'delayUntil') IS NULL OR COALESCE(jsonb_typeof(${om}->'delayUntil') = 'string' AND (${om}->>'delayUntil') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND (${om}->>'delayUntil') COLLATE "C" <= ${param(p.today)}::text COLLATE "C", FALSE))`;
    }
    case 'and':
      return `(${p.preds.map((q) => visibilityToSql(q, columns, params)).join(' AND ')})`;
    case 'or':
      return `(${p.preds.map((q) => visibilityToSql(q, columns, params)).join(' OR ')})`;
    case 'not':
      return `(NOT ${visibilityToSql(p.pred, columns, params)})`;
  }
}

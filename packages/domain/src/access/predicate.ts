// A rule's condition on its target, as data. The same predicate is evaluated on one target
// (a single get) and compiled to SQL (lists, searches, counts), so the two paths cannot drift:
// the lesson of Medplum's REST/GraphQL and HAPI's second read paths. Facts about the client (open
// service tasks, care relations) are leaves too: evaluated over the facts given for one target,
// compiled to EXISTS over the store's projections of the same facts.
import { type ClientFacts, inForce, NO_FACTS, usageRightInForce } from './facts.ts';
import { generalTypeOf } from './regulation.ts';

/** Attributes of a document target a rule may test; the store maps each to a column. */
export type TargetAttr =
  | 'registrarOid'
  | 'serviceTask'
  | 'documentType'
  | 'documentGroup'
  | 'organizationOid'
  | 'serviceUnitOid'
  | 'status';

export type Target = Readonly<Record<TargetAttr, string>>;

export type Predicate =
  | { readonly op: 'const'; readonly value: boolean }
  | { readonly op: 'in'; readonly attr: TargetAttr; readonly values: readonly string[] }
  | { readonly op: 'and'; readonly preds: readonly Predicate[] }
  | { readonly op: 'or'; readonly preds: readonly Predicate[] }
  | { readonly op: 'not'; readonly pred: Predicate }
  /** The general type (leading digits) of the target's document type is one of `values`. */
  | { readonly op: 'general_type_in'; readonly values: readonly string[] }
  /** The target's service task is open, on `today` (with grace until `cutoff`), on the client's clienthood with the target's registrar. */
  | { readonly op: 'service_task_open'; readonly today: string; readonly cutoff: string }
  /** The professional, or one of the service units, holds a care relation to the client with the target's registrar. */
  | {
      readonly op: 'care_relation';
      readonly professionalId: string;
      readonly serviceUnitOids: readonly string[];
      readonly today: string;
      readonly cutoff: string;
    }
  /**
   * A register usage right held by one of the service units opens the target's register for the
   * client in the target's service task on `today` (no grace); `broad` asks for a broad right.
   */
  | {
      readonly op: 'usage_right';
      readonly serviceUnitOids: readonly string[];
      readonly today: string;
      readonly broad: boolean;
    };

export const TRUE: Predicate = { op: 'const', value: true };
export const FALSE: Predicate = { op: 'const', value: false };

export function isIn(attr: TargetAttr, values: readonly string[]): Predicate {
  return values.length === 0 ? FALSE : { op: 'in', attr, values };
}

/** Conjunction with constant folding, so compiled SQL stays as small as the actor allows. */
export function and(...preds: Predicate[]): Predicate {
  const kept: Predicate[] = [];
  for (const p of preds) {
    if (p.op === 'const') {
      if (!p.value) return FALSE;
      continue;
    }
    kept.push(p);
  }
  if (kept.length === 0) return TRUE;
  if (kept.length === 1) return kept[0]!;
  return { op: 'and', preds: kept };
}

export function or(...preds: Predicate[]): Predicate {
  const kept: Predicate[] = [];
  for (const p of preds) {
    if (p.op === 'const') {
      if (p.value) return TRUE;
      continue;
    }
    kept.push(p);
  }
  if (kept.length === 0) return FALSE;
  if (kept.length === 1) return kept[0]!;
  return { op: 'or', preds: kept };
}

export function not(p: Predicate): Predicate {
  if (p.op === 'const') return p.value ? FALSE : TRUE;
  if (p.op === 'not') return p.pred;
  return { op: 'not', pred: p };
}

export function evaluate(p: Predicate, target: Target, facts: ClientFacts = NO_FACTS): boolean {
  switch (p.op) {
    case 'const':
      return p.value;
    case 'in':
      return p.values.includes(target[p.attr]);
    case 'and':
      return p.preds.every((q) => evaluate(q, target, facts));
    case 'or':
      return p.preds.some((q) => evaluate(q, target, facts));
    case 'not':
      return !evaluate(p.pred, target, facts);
    case 'general_type_in': {
      const general = generalTypeOf(target.documentType);
      return general !== undefined && p.values.includes(general);
    }
    case 'service_task_open':
      return facts.serviceTasks.some(
        (t) =>
          t.registrarOid === target.registrarOid &&
          t.serviceTask === target.serviceTask &&
          inForce(t, p.today, p.cutoff),
      );
    case 'care_relation':
      return facts.careRelations.some(
        (r) =>
          r.registrarOid === target.registrarOid &&
          ((r.professionalId !== undefined && r.professionalId === p.professionalId) ||
            (r.serviceUnitOid !== undefined && p.serviceUnitOids.includes(r.serviceUnitOid))) &&
          inForce(r, p.today, p.cutoff),
      );
    case 'usage_right':
      return usageRightInForce(facts.usageRights, {
        registrarOid: target.registrarOid,
        serviceTask: target.serviceTask,
        serviceUnitOids: p.serviceUnitOids,
        today: p.today,
        broad: p.broad,
      });
  }
}

/**
 * Column of each target attribute in the searched table; `clientKey` names the column of the client
 * whose facts decide (required by the fact leaves).
 */
export type ColumnMap = Readonly<Record<TargetAttr, string>> & { readonly clientKey?: string };

/**
 * The projections the fact leaves read. The store must keep them equal to the facts it would hand
 * to `evaluate` for the same client (a differential test checks it):
 * - clienthood_service_task(client_key, clienthood_oid, service_task, start_date, end_date) joined to
 *   clienthood(client_key, clienthood_oid, registrar_oid);
 * - care_relation(client_key, registrar_oid, professional_id, service_unit_oid, start_date, end_date);
 * - register_usage_right(client_key, registrar_oid, service_task, service_unit_oid, start_date,
 *   end_date), broad when the organizer's organization row says broad_usage_rights.
 */
function clientColumn(columns: ColumnMap): string {
  if (!columns.clientKey) throw new Error('this filter needs the client key column');
  return columns.clientKey;
}

/**
 * SQL text for a predicate. Values become positional parameters appended to `params` (never
 * inlined); column names come from the caller's fixed map, never from input.
 */
export function toSql(p: Predicate, columns: ColumnMap, params: unknown[]): string {
  switch (p.op) {
    case 'const':
      return p.value ? 'TRUE' : 'FALSE';
    case 'in':
      params.push(p.values);
      return `${columns[p.attr]} = ANY($${params.length}::text[])`;
    case 'and':
      return `(${p.preds.map((q) => toSql(q, columns, params)).join(' AND ')})`;
    case 'or':
      return `(${p.preds.map((q) => toSql(q, columns, params)).join(' OR ')})`;
    case 'not':
      return `(NOT ${toSql(p.pred, columns, params)})`;
    case 'general_type_in':
      params.push(p.values);
      return `(${columns.documentType} ~ '^[0-9]{4,5}$' AND left(${columns.documentType}, -3) = ANY($${params.length}::text[]))`;
    case 'service_task_open': {
      params.push(p.today, p.cutoff);
      const today = `$${params.length - 1}::date`;
      const cutoff = `$${params.length}::date`;
      return `EXISTS (SELECT 1 FROM clienthood_service_task st JOIN clienthood ch ON ch.client_key = st.client_key AND ch.clienthood_oid = st.clienthood_oid WHERE st.client_key = ${clientColumn(columns)} AND ch.registrar_oid = ${columns.registrarOid} AND st.service_task = ${columns.serviceTask} AND st.start_date <= ${today} AND (st.end_date IS NULL OR st.end_date >= ${cutoff}))`;
    }
    case 'care_relation': {
      params.push(p.professionalId, p.serviceUnitOids, p.today, p.cutoff);
      const n = params.length;
      return `EXISTS (SELECT 1 FROM care_relation cr WHERE cr.client_key = ${clientColumn(columns)} AND cr.registrar_oid = ${columns.registrarOid} AND (cr.professional_id = $${n - 3} OR cr.service_unit_oid = ANY($${n - 2}::text[])) AND cr.start_date <= $${n - 1}::date AND (cr.end_date IS NULL OR cr.end_date >= $${n}::date))`;
    }
    case 'usage_right': {
      // An actor holding no unit can hold no right: no subquery at all.
      if (p.serviceUnitOids.length === 0) return 'FALSE';
      params.push(p.serviceUnitOids, p.today);
      const n = params.length;
      const broad = p.broad
        ? ' AND EXISTS (SELECT 1 FROM organization o WHERE o.oid = ur.registrar_oid AND o.broad_usage_rights)'
        : '';
      return `EXISTS (SELECT 1 FROM register_usage_right ur WHERE ur.client_key = ${clientColumn(columns)} AND ur.registrar_oid = ${columns.registrarOid} AND ur.service_task = ${columns.serviceTask} AND ur.service_unit_oid = ANY($${n - 1}::text[]) AND ur.start_date <= $${n}::date AND (ur.end_date IS NULL OR ur.end_date >= $${n}::date)${broad})`;
    }
  }
}

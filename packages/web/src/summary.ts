// The client data summary (asiakastiedon kooste) groups the documents of a page by service task,
// case or process phase. Groups come in the order of their newest document, and documents in a
// group newest first: by the date the document concerns, then by when it was stored.
import type { DocumentSummary } from './api/index.ts';

export type GroupBy = 'serviceTask' | 'case' | 'phase';

export interface DocumentGroup {
  /** The service task code, case OID or process phase code; undefined for "none". */
  key: string | undefined;
  items: DocumentSummary[];
}

export function newestFirst(a: DocumentSummary, b: DocumentSummary): number {
  return (
    b.metadata.documentDate.localeCompare(a.metadata.documentDate) ||
    b.recordedAt.localeCompare(a.recordedAt) ||
    a.setId.localeCompare(b.setId)
  );
}

function keyOf(d: DocumentSummary, by: GroupBy): string | undefined {
  if (by === 'serviceTask') return d.metadata.serviceTask;
  if (by === 'case') return d.metadata.caseOid;
  return d.metadata.processPhase;
}

export function groupDocuments(items: readonly DocumentSummary[], by: GroupBy): DocumentGroup[] {
  const groups = new Map<string | undefined, DocumentSummary[]>();
  for (const d of [...items].sort(newestFirst)) {
    const k = keyOf(d, by);
    const list = groups.get(k);
    if (list) list.push(d);
    else groups.set(k, [d]);
  }
  // Map keeps insertion order, and items were inserted newest first: groups follow their newest.
  return [...groups].map(([key, list]) => ({ key, items: list }));
}

// Links between a client known by a temporary identifier and the same person's identity code. A
// link is versions in `client_link` (append-only); `client_link_member` holds the links in force
// both ways. While a link is in force, each person's own documents are also indexed under the
// other in `document_client`, so a search by either finds everything; unlinking removes exactly
// those index rows, and no document itself is ever touched.
import { randomUUID } from 'node:crypto';
import type { ClientKey } from '@varanto/domain/records';
import type { Tx } from './api.ts';
import { isUuid } from './sql.ts';

export type ClientLinkStatus = 'linked' | 'unlinked';

export interface ClientLink {
  linkId: string;
  version: number;
  temporaryClientKey: ClientKey;
  identifiedClientKey: ClientKey;
  status: ClientLinkStatus;
  reason: string;
  recordedBy: string;
  recordedAt: string;
}

interface LinkRow {
  link_id: string;
  version: number;
  temporary_client_key: string;
  identified_client_key: string;
  status: ClientLinkStatus;
  reason: string;
  recorded_by: string;
  recorded_at: string;
}

function linkOf(r: LinkRow): ClientLink {
  return {
    linkId: r.link_id,
    version: r.version,
    temporaryClientKey: r.temporary_client_key,
    identifiedClientKey: r.identified_client_key,
    status: r.status,
    reason: r.reason,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
  };
}

/** The newest version of every link the client is part of (either side), newest first. */
export async function currentLinks(tx: Tx, clientKey: ClientKey): Promise<ClientLink[]> {
  if (!isUuid(clientKey)) return [];
  const r = await tx.query<LinkRow>(
    `SELECT DISTINCT ON (link_id) * FROM client_link
      WHERE temporary_client_key = $1 OR identified_client_key = $1
      ORDER BY link_id, version DESC`,
    [clientKey],
  );
  return r.rows.map(linkOf).sort((a, b) => (a.recordedAt < b.recordedAt ? 1 : -1));
}

/** Every version of the client's links, oldest first: the history a wrong link leaves. */
export async function linkHistory(tx: Tx, clientKey: ClientKey): Promise<ClientLink[]> {
  if (!isUuid(clientKey)) return [];
  const r = await tx.query<LinkRow>(
    `SELECT * FROM client_link WHERE temporary_client_key = $1 OR identified_client_key = $1
      ORDER BY recorded_at, link_id, version`,
    [clientKey],
  );
  return r.rows.map(linkOf);
}

/** The clients linked to this one by links in force. */
export async function linkedClientKeys(tx: Tx, clientKey: ClientKey): Promise<ClientKey[]> {
  if (!isUuid(clientKey)) return [];
  const r = await tx.query<{ linked_key: string }>(
    'SELECT linked_key FROM client_link_member WHERE client_key = $1 ORDER BY linked_key',
    [clientKey],
  );
  return r.rows.map((x) => x.linked_key);
}

/** Serializes linking of one temporary client: of two concurrent links, the second sees the first. */
export async function lockClientLinking(tx: Tx, temporaryClientKey: ClientKey): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('client_link_of:' || $1, 0))", [
    temporaryClientKey,
  ]);
}

/** Locks the newest version of a link (or of the temporary client's link) for its next version. */
export async function lockLink(tx: Tx, linkId: string): Promise<ClientLink | undefined> {
  if (!isUuid(linkId)) return undefined;
  // The versions are append-only (no UPDATE grant, so no FOR UPDATE): a transaction-scoped
  // advisory lock serializes two changes of one link, and the second sees the first's version.
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('client_link:' || $1, 0))", [linkId]);
  const r = await tx.query<LinkRow>(
    'SELECT * FROM client_link WHERE link_id = $1 ORDER BY version DESC LIMIT 1',
    [linkId],
  );
  return r.rows[0] && linkOf(r.rows[0]);
}

/** Indexes each person's own documents under the other (both ways). */
async function indexBothWays(tx: Tx, a: ClientKey, b: ClientKey): Promise<void> {
  await tx.query(
    `INSERT INTO document_client (client_key, set_id, owner_client_key)
     SELECT x.target, dc.set_id, dc.owner_client_key
       FROM (VALUES ($1::uuid, $2::uuid), ($2::uuid, $1::uuid)) AS x(source, target)
       JOIN document_client dc ON dc.client_key = x.source
       JOIN document_current c ON c.client_key = dc.owner_client_key AND c.set_id = dc.set_id
      WHERE x.source = ANY(c.clients)
     ON CONFLICT DO NOTHING`,
    [a, b],
  );
}

/** Removes the index rows a link added: a document stays indexed under the clients it names. */
async function unindexBothWays(tx: Tx, a: ClientKey, b: ClientKey): Promise<void> {
  await tx.query(
    `DELETE FROM document_client dc USING document_current c
      WHERE c.client_key = dc.owner_client_key AND c.set_id = dc.set_id
        AND ((dc.client_key = $1 AND $2 = ANY(c.clients)) OR (dc.client_key = $2 AND $1 = ANY(c.clients)))
        AND NOT (dc.client_key = ANY(c.clients))`,
    [a, b],
  );
}

/** Records a new link (version 1, linked): the projection and the index both ways. */
export async function recordLink(
  tx: Tx,
  l: { temporaryClientKey: ClientKey; identifiedClientKey: ClientKey; reason: string; recordedBy: string },
): Promise<ClientLink> {
  const linkId = randomUUID();
  const r = await tx.query<LinkRow>(
    `INSERT INTO client_link (link_id, version, temporary_client_key, identified_client_key, status, reason, recorded_by)
     VALUES ($1, 1, $2, $3, 'linked', $4, $5) RETURNING *`,
    [linkId, l.temporaryClientKey, l.identifiedClientKey, l.reason, l.recordedBy],
  );
  await tx.query(
    `INSERT INTO client_link_member (client_key, linked_key, link_id) VALUES ($1, $2, $3), ($2, $1, $3)
     ON CONFLICT (client_key, linked_key) DO NOTHING`,
    [l.temporaryClientKey, l.identifiedClientKey, linkId],
  );
  await indexBothWays(tx, l.temporaryClientKey, l.identifiedClientKey);
  return linkOf(r.rows[0]!);
}

/** The next version of a link, unlinked: the projection and the index rows it added go. */
export async function recordUnlink(
  tx: Tx,
  current: ClientLink,
  u: { reason: string; recordedBy: string },
): Promise<ClientLink> {
  const r = await tx.query<LinkRow>(
    `INSERT INTO client_link (link_id, version, temporary_client_key, identified_client_key, status, reason, recorded_by)
     VALUES ($1, $2, $3, $4, 'unlinked', $5, $6) RETURNING *`,
    [
      current.linkId,
      current.version + 1,
      current.temporaryClientKey,
      current.identifiedClientKey,
      u.reason,
      u.recordedBy,
    ],
  );
  await tx.query('DELETE FROM client_link_member WHERE link_id = $1', [current.linkId]);
  await unindexBothWays(tx, current.temporaryClientKey, current.identifiedClientKey);
  return linkOf(r.rows[0]!);
}

/**
 * Indexes a document just written under the clients linked to its clients, so that documents
 * stored for either person after the link are found by both. One statement; nothing when no
 * client of the document is linked.
 */
export async function indexLinkedClients(
  tx: Tx,
  setId: string,
  clients: readonly ClientKey[],
): Promise<void> {
  await tx.query(
    `INSERT INTO document_client (client_key, set_id, owner_client_key)
     SELECT DISTINCT m.linked_key, l.set_id, l.owner_client_key
       FROM client_link_member m JOIN document_locator l ON l.set_id = $1
      WHERE m.client_key = ANY($2::uuid[]) AND NOT (m.linked_key = ANY($2::uuid[]))
     ON CONFLICT DO NOTHING`,
    [setId, [...clients]],
  );
}

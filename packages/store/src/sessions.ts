// Revoked sessions (migration 021). Session tokens are checked without the database; these rows
// are what authentication reads to refuse one before it expires: a single session ended by its
// logout, or every session of a person issued before a moment. Append-only.
import type { Tx } from './api.ts';
import { isUuid } from './sql.ts';

export type SessionSubjectKind = 'professional' | 'citizen';

export interface SessionRevocation {
  readonly revocationId: string;
  readonly subjectKind: SessionSubjectKind;
  readonly subjectId: string;
  readonly scope: 'session' | 'all';
  readonly sessionId?: string;
  readonly sessionExpiresAt?: string;
  readonly issuedBefore?: string;
  readonly revokedAt: string;
  readonly revokedBy: string;
  readonly reason: string;
}

interface Row {
  revocation_id: string;
  subject_kind: SessionSubjectKind;
  subject_id: string;
  scope: 'session' | 'all';
  session_id: string | null;
  session_expires_at: string | null;
  issued_before: string | null;
  revoked_at: string;
  revoked_by: string;
  reason: string;
}

function revocationOf(r: Row): SessionRevocation {
  return {
    revocationId: r.revocation_id,
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    scope: r.scope,
    ...(r.session_id !== null ? { sessionId: r.session_id } : {}),
    ...(r.session_expires_at !== null ? { sessionExpiresAt: r.session_expires_at } : {}),
    ...(r.issued_before !== null ? { issuedBefore: r.issued_before } : {}),
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
    reason: r.reason,
  };
}

/**
 * Holds, until the transaction ends, the lock on one person's revocations. Every revocation takes
 * it before writing, so a transaction that takes it and then reads the revocations sees each one
 * committed before, and none is written until it ends: what it decides about a session (renewing
 * it) cannot be overtaken by a revocation committing meanwhile.
 */
export async function lockSessionRevocations(
  tx: Tx,
  subjectKind: SessionSubjectKind,
  subjectId: string,
): Promise<void> {
  await tx.query(
    "SELECT pg_advisory_xact_lock(hashtextextended('session_revocation:' || $1 || ':' || $2, 0))",
    [subjectKind, subjectId],
  );
}

/**
 * Ends one session (logout). Returns false when it was already ended: a second logout with the
 * same token records nothing more.
 */
export async function revokeSession(
  tx: Tx,
  input: {
    subjectKind: SessionSubjectKind;
    subjectId: string;
    sessionId: string;
    expiresAt: Date;
    revokedBy: string;
    reason: string;
  },
): Promise<boolean> {
  await lockSessionRevocations(tx, input.subjectKind, input.subjectId);
  const r = await tx.query(
    `INSERT INTO session_revocation
       (subject_kind, subject_id, scope, session_id, session_expires_at, revoked_by, reason)
     VALUES ($1, $2, 'session', $3, $4, $5, $6)
     ON CONFLICT (session_id) WHERE scope = 'session' DO NOTHING`,
    [input.subjectKind, input.subjectId, input.sessionId, input.expiresAt, input.revokedBy, input.reason],
  );
  return (r.rowCount ?? 0) > 0;
}

/** Revokes every session of the person issued before `issuedBefore`. */
export async function revokeSessionsBefore(
  tx: Tx,
  input: {
    subjectKind: SessionSubjectKind;
    subjectId: string;
    issuedBefore: Date;
    revokedBy: string;
    reason: string;
  },
): Promise<SessionRevocation> {
  await lockSessionRevocations(tx, input.subjectKind, input.subjectId);
  const r = await tx.query<Row>(
    `INSERT INTO session_revocation (subject_kind, subject_id, scope, issued_before, revoked_by, reason)
     VALUES ($1, $2, 'all', $3, $4, $5) RETURNING *`,
    [input.subjectKind, input.subjectId, input.issuedBefore, input.revokedBy, input.reason],
  );
  return revocationOf(r.rows[0]!);
}

/** What authentication checks a session against: the shape of the domain's `SessionRevocations`. */
export interface StoredSessionRevocations {
  /** The latest revocation of all sessions, in epoch milliseconds. */
  readonly issuedBefore?: number;
  /** The person's sessions ended one by one that have not expired by `now`. */
  readonly sessionIds: ReadonlySet<string>;
}

/** One query: the latest revocation of all and the ended sessions still unexpired at `now`. */
export async function loadSessionRevocations(
  tx: Tx,
  subjectKind: SessionSubjectKind,
  subjectId: string,
  now: Date,
): Promise<StoredSessionRevocations> {
  if (!isUuid(subjectId)) return { sessionIds: new Set() };
  const r = await tx.query<{ issued_before: number | null; session_ids: string[] | null }>(
    `SELECT (SELECT floor(extract(epoch FROM max(issued_before)) * 1000)::bigint
               FROM session_revocation
              WHERE subject_kind = $1 AND subject_id = $2 AND scope = 'all') AS issued_before,
            (SELECT array_agg(session_id::text)
               FROM session_revocation
              WHERE subject_kind = $1 AND subject_id = $2 AND scope = 'session'
                AND session_expires_at > $3) AS session_ids`,
    [subjectKind, subjectId, now],
  );
  const row = r.rows[0];
  return {
    ...(row?.issued_before != null ? { issuedBefore: Number(row.issued_before) } : {}),
    sessionIds: new Set(row?.session_ids ?? []),
  };
}

/** A person's revocations, newest first (for the administrator and the tests). */
export async function sessionRevocations(
  tx: Tx,
  subjectKind: SessionSubjectKind,
  subjectId: string,
): Promise<SessionRevocation[]> {
  if (!isUuid(subjectId)) return [];
  const r = await tx.query<Row>(
    `SELECT * FROM session_revocation WHERE subject_kind = $1 AND subject_id = $2
      ORDER BY revoked_at DESC, revocation_id`,
    [subjectKind, subjectId],
  );
  return r.rows.map(revocationOf);
}

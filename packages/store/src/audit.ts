// The access log: who did what to whose data, append-only and hash-chained. Entries fall into
// 32 chains by client (or by actor when no client is concerned), so concurrent writers rarely
// wait for the same chain head. Each entry's hash covers its fields and the previous entry's
// hash; hashes are computed here, not in SQL, so no database extension is needed and the
// verifier recomputes them with the same code.
import type { ClientKey } from '@varanto/domain/records';
import type {
  AuditEntry,
  AuditEntryInput,
  AuditProblem,
  AuditQuery,
  AuditVerification,
  AuditBreak as Break,
  Tx,
} from './api.ts';
import type { Store } from './db.ts';
import { isUuid, sha256Hex } from './sql.ts';

export const AUDIT_CHAINS = 32;
export const GENESIS_HASH = '0'.repeat(64);

/** Recording time as stored and hashed: UTC with microseconds, a fixed-width text. */
const TIME_SQL = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The chain an entry belongs to: all entries about one client share a chain. */
export function chainOf(input: Pick<AuditEntryInput, 'actor' | 'clientKey'>): number {
  const a = input.actor;
  const key = input.clientKey
    ? `client:${input.clientKey.toLowerCase()}`
    : a.kind === 'professional'
      ? `actor:${a.professionalId}`
      : a.kind === 'system'
        ? `system:${a.name}`
        : a.kind === 'citizen'
          ? `citizen:${a.personKey}`
          : 'anonymous';
  return Number.parseInt(sha256Hex(key).slice(0, 8), 16) % AUDIT_CHAINS;
}

/**
 * The hashed text of an entry: a JSON array of its fields in a fixed order, absent fields as
 * null. The sequence number is left out on purpose: order is carried by the previous hash, so a
 * moved entry still verifies on its own and its broken link shows it was reordered.
 */
export function canonicalEntry(e: Omit<AuditEntry, 'seq' | 'hash'>): string {
  return JSON.stringify([
    'varanto-audit-1',
    e.chain,
    e.recordedAt,
    e.actorKind,
    e.actorId ?? null,
    e.actorLogin ?? null,
    e.actorName ?? null,
    e.organizationOid ?? null,
    e.serviceUnitOids ?? null,
    e.role ?? null,
    e.strongAuth ?? null,
    e.clientKey ?? null,
    e.action,
    e.documents.map((d) => [d.setId, d.version]),
    e.outcome,
    e.rule ?? null,
    e.reason ?? null,
    e.purpose ?? null,
    e.requestId ?? null,
    e.prevHash,
  ]);
}

export function entryHash(e: Omit<AuditEntry, 'seq' | 'hash'>): string {
  return sha256Hex(canonicalEntry(e));
}

function actorFields(
  actor: AuditEntryInput['actor'],
): Pick<
  AuditEntry,
  | 'actorKind'
  | 'actorId'
  | 'actorLogin'
  | 'actorName'
  | 'organizationOid'
  | 'serviceUnitOids'
  | 'role'
  | 'strongAuth'
> {
  switch (actor.kind) {
    case 'professional':
      return {
        actorKind: 'professional',
        actorId: actor.professionalId,
        actorLogin: actor.login,
        actorName: actor.name,
        organizationOid: actor.organizationOid,
        serviceUnitOids: [...actor.serviceUnitOids],
        role: actor.role,
        strongAuth: actor.strongAuth,
      };
    case 'system':
      return { actorKind: 'system', actorName: actor.name };
    case 'anonymous':
      return { actorKind: 'anonymous' };
    case 'citizen':
      return {
        actorKind: 'citizen',
        actorId: actor.personKey,
        actorName: actor.name,
        strongAuth: actor.strongAuth,
      };
  }
}

function validateInput(input: AuditEntryInput): void {
  if (input.clientKey !== undefined && !isUuid(input.clientKey)) {
    throw new Error(`invalid client key ${input.clientKey}`);
  }
}

/** The entry `input` becomes as entry `seq` of `chain` after `prevHash`, recorded at `recordedAt`. */
function sealEntry(
  input: AuditEntryInput,
  chain: number,
  seq: number,
  prevHash: string,
  recordedAt: string,
): AuditEntry {
  const partial: Omit<AuditEntry, 'seq' | 'hash'> = {
    chain,
    recordedAt,
    ...actorFields(input.actor),
    ...(input.clientKey !== undefined ? { clientKey: input.clientKey.toLowerCase() as ClientKey } : {}),
    action: input.action,
    documents: (input.documents ?? []).map((d) => ({ setId: d.setId, version: d.version })),
    outcome: input.outcome,
    ...(input.rule !== undefined ? { rule: input.rule } : {}),
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
    ...(input.purpose !== undefined ? { purpose: input.purpose } : {}),
    ...(input.requestId !== undefined ? { requestId: input.requestId } : {}),
    prevHash,
  };
  return { ...partial, seq, hash: entryHash(partial) };
}

/** The columns Varanto writes; an entry reaches them as JSON (one parameter however many entries). */
const INSERT_COLUMNS = `chain, seq, recorded_at, actor_kind, actor_id, actor_login, actor_name, organization_oid,
  service_unit_oids, role, strong_auth, client_key, action, documents, outcome, rule, reason, purpose, request_id,
  prev_hash, hash`;

/** An entry as a row of audit_entry, for jsonb_populate_record(set). */
function rowOf(entry: AuditEntry): Record<string, unknown> {
  return {
    chain: entry.chain,
    seq: entry.seq,
    recorded_at: entry.recordedAt,
    actor_kind: entry.actorKind,
    actor_id: entry.actorId ?? null,
    actor_login: entry.actorLogin ?? null,
    actor_name: entry.actorName ?? null,
    organization_oid: entry.organizationOid ?? null,
    service_unit_oids: entry.serviceUnitOids ?? null,
    role: entry.role ?? null,
    strong_auth: entry.strongAuth ?? null,
    client_key: entry.clientKey ?? null,
    action: entry.action,
    documents: entry.documents,
    outcome: entry.outcome,
    rule: entry.rule ?? null,
    reason: entry.reason ?? null,
    purpose: entry.purpose ?? null,
    request_id: entry.requestId ?? null,
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
}

/**
 * Appends an entry in the caller's transaction, so the entry commits with the action or not at
 * all. Call it last: it holds the chain head's row lock until the transaction ends.
 */
export async function appendAudit(tx: Tx, input: AuditEntryInput): Promise<AuditEntry> {
  validateInput(input);
  const chain = chainOf(input);
  const head = await tx.query<{ seq: number; prev_hash: string; now: string }>({
    name: 'varanto_audit_lock_head',
    text: `UPDATE audit_chain_head SET seq = seq + 1 WHERE chain = $1
           RETURNING seq, hash AS prev_hash, ${TIME_SQL('clock_timestamp()')} AS now`,
    values: [chain],
  });
  const h = head.rows[0];
  if (!h) throw new Error(`audit chain ${chain} has no head`);
  const entry = sealEntry(input, chain, h.seq, h.prev_hash, h.now);
  await tx.query({
    name: 'varanto_audit_append',
    text: `WITH e AS (
       INSERT INTO audit_entry (${INSERT_COLUMNS})
       SELECT ${INSERT_COLUMNS} FROM jsonb_populate_record(NULL::audit_entry, $1::jsonb)
       RETURNING chain, hash)
     UPDATE audit_chain_head SET hash = e.hash FROM e WHERE audit_chain_head.chain = e.chain`,
    values: [JSON.stringify(rowOf(entry))],
  });
  return entry;
}

/**
 * Appends several entries in the caller's transaction with two statements whatever their number:
 * the heads of the chains they fall into are locked in chain order (so two batches cannot
 * deadlock), the entries are sealed here and inserted together. Entries of one chain follow each
 * other in the order given.
 */
export async function appendAuditBatch(tx: Tx, inputs: readonly AuditEntryInput[]): Promise<AuditEntry[]> {
  if (inputs.length === 0) return [];
  for (const input of inputs) validateInput(input);
  const chains = inputs.map(chainOf);
  const distinct = [...new Set(chains)].sort((a, b) => a - b);
  // The time is taken above the row locks (outside the locking subquery), so every entry is
  // recorded after the entry it follows in its chain committed.
  const heads = await tx.query<{ chain: number; seq: number; hash: string; now: string }>({
    name: 'varanto_audit_lock_heads',
    text: `WITH h AS (SELECT chain, seq, hash FROM audit_chain_head WHERE chain = ANY($1::smallint[])
                       ORDER BY chain FOR UPDATE)
           SELECT chain, seq, hash, ${TIME_SQL('clock_timestamp()')} AS now FROM h`,
    values: [distinct],
  });
  const byChain = new Map(heads.rows.map((h) => [h.chain, { seq: h.seq, hash: h.hash, now: h.now }]));
  const entries = inputs.map((input, i) => {
    const chain = chains[i]!;
    const head = byChain.get(chain);
    if (!head) throw new Error(`audit chain ${chain} has no head`);
    const entry = sealEntry(input, chain, head.seq + 1, head.hash, head.now);
    head.seq = entry.seq;
    head.hash = entry.hash;
    return entry;
  });
  await tx.query({
    name: 'varanto_audit_append_batch',
    text: `WITH e AS (
       INSERT INTO audit_entry (${INSERT_COLUMNS})
       SELECT ${INSERT_COLUMNS} FROM jsonb_populate_recordset(NULL::audit_entry, $1::jsonb))
     UPDATE audit_chain_head h SET seq = n.seq, hash = n.hash
       FROM unnest($2::smallint[], $3::bigint[], $4::text[]) AS n(chain, seq, hash)
      WHERE h.chain = n.chain`,
    values: [
      JSON.stringify(entries.map(rowOf)),
      [...byChain.keys()],
      [...byChain.values()].map((h) => h.seq),
      [...byChain.values()].map((h) => h.hash),
    ],
  });
  return entries;
}

/**
 * Group commit of audit entries that are written in a transaction of their own (reads, refusals,
 * logins): entries that arrive while a batch is committing are appended together in the next
 * one — one transaction, one WAL flush — instead of one fsync each. `append` resolves only when
 * the entry's transaction has committed, so a caller that awaits it before answering never
 * answers with an unlogged action. An idle writer commits an entry at once; batching comes only
 * from concurrency, never from waiting.
 */
export class AuditGroupWriter {
  private queue: {
    input: AuditEntryInput;
    resolve: (e: AuditEntry) => void;
    reject: (e: unknown) => void;
  }[] = [];
  private running = 0;

  constructor(
    private readonly store: Store,
    private readonly opts: { maxBatch?: number; concurrency?: number } = {},
  ) {}

  append(input: AuditEntryInput): Promise<AuditEntry> {
    // A bad entry is refused alone rather than failing the batch it would join.
    validateInput(input);
    return new Promise<AuditEntry>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (this.running < (this.opts.concurrency ?? 1)) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running++;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.opts.maxBatch ?? 500);
        try {
          const entries = await this.store.transaction((tx) =>
            appendAuditBatch(
              tx,
              batch.map((b) => b.input),
            ),
          );
          for (const [i, b] of batch.entries()) b.resolve(entries[i]!);
        } catch (e) {
          for (const b of batch) b.reject(e);
        }
      }
    } finally {
      this.running--;
    }
  }
}

interface EntryRow {
  chain: number;
  seq: number;
  recorded_at: string;
  actor_kind: AuditEntry['actorKind'];
  actor_id: string | null;
  actor_login: string | null;
  actor_name: string | null;
  organization_oid: string | null;
  service_unit_oids: string[] | null;
  role: string | null;
  strong_auth: boolean | null;
  client_key: string | null;
  action: string;
  documents: { setId: string; version: number }[];
  outcome: AuditEntry['outcome'];
  rule: string | null;
  reason: string | null;
  purpose: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

const ENTRY_COLUMNS = `chain, seq, ${TIME_SQL('recorded_at')} AS recorded_at, actor_kind, actor_id, actor_login,
  actor_name, organization_oid, service_unit_oids, role, strong_auth, client_key, action, documents, outcome, rule,
  reason, purpose, request_id, prev_hash, hash`;

function entryOf(r: EntryRow): AuditEntry {
  const e: AuditEntry = {
    chain: r.chain,
    seq: r.seq,
    recordedAt: r.recorded_at,
    actorKind: r.actor_kind,
    action: r.action,
    documents: r.documents,
    outcome: r.outcome,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
  if (r.actor_id !== null) e.actorId = r.actor_id;
  if (r.actor_login !== null) e.actorLogin = r.actor_login;
  if (r.actor_name !== null) e.actorName = r.actor_name;
  if (r.organization_oid !== null) e.organizationOid = r.organization_oid;
  if (r.service_unit_oids !== null) e.serviceUnitOids = r.service_unit_oids;
  if (r.role !== null) e.role = r.role;
  if (r.strong_auth !== null) e.strongAuth = r.strong_auth;
  if (r.client_key !== null) e.clientKey = r.client_key;
  if (r.rule !== null) e.rule = r.rule;
  if (r.reason !== null) e.reason = r.reason;
  if (r.purpose !== null) e.purpose = r.purpose;
  if (r.request_id !== null) e.requestId = r.request_id;
  return e;
}

/** Entries newest first, by client and/or actor and time window. */
export async function listAudit(tx: Tx, q: AuditQuery): Promise<AuditEntry[]> {
  if (q.clientKey !== undefined && !isUuid(q.clientKey)) return [];
  const params: unknown[] = [];
  const where: string[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (q.clientKey !== undefined) where.push(`client_key = ${p(q.clientKey)}::uuid`);
  if (q.actorId !== undefined) where.push(`actor_id = ${p(q.actorId)}`);
  if (q.from !== undefined) where.push(`recorded_at >= ${p(q.from)}::timestamptz`);
  if (q.to !== undefined) where.push(`recorded_at < ${p(q.to)}::timestamptz`);
  const r = await tx.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM audit_entry
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY recorded_at DESC, chain, seq DESC
      LIMIT ${p(Math.max(0, Math.min(q.limit, 10000)))}`,
    params,
  );
  return r.rows.map(entryOf);
}

/**
 * Recomputes every chain from its first entry, in one consistent snapshot. An entry whose own
 * hash does not match was edited; a missing sequence number or a link to an entry that no
 * longer exists means entries were deleted; a link to an entry elsewhere in the chain means
 * entries were moved. The heads catch a removed tail — unless the heads were rewritten too,
 * which only an anchor outside the database (a published head hash) can reveal.
 */
export async function verifyAudit(store: Store, opts: { batch?: number } = {}): Promise<AuditVerification> {
  const batch = opts.batch ?? 5000;
  const client = await store.pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const heads = (
      await client.query<{ chain: number; seq: number; hash: string }>(
        'SELECT chain, seq, hash FROM audit_chain_head ORDER BY chain',
      )
    ).rows;
    let entries = 0;
    const breaks: Break[] = [];
    for (const head of heads) {
      let expectedSeq = 1;
      let prevHash = GENESIS_HASH;
      let lastSeq = 0;
      let broken: Break | undefined;
      const fail = (seq: number, problem: AuditProblem, detail: string) => {
        broken = { chain: head.chain, seq, problem, detail };
      };
      for (;;) {
        const rows = (
          await client.query<EntryRow>(
            `SELECT ${ENTRY_COLUMNS} FROM audit_entry WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
            [head.chain, lastSeq, batch],
          )
        ).rows;
        for (const row of rows) {
          entries++;
          if (broken) continue;
          const e = entryOf(row);
          const { seq: _seq, hash: _hash, ...hashed } = e;
          if (entryHash(hashed) !== e.hash) {
            fail(e.seq, 'edited', 'the entry no longer matches its hash');
          } else if (e.seq !== expectedSeq) {
            fail(expectedSeq, 'deleted', `entries ${expectedSeq}..${e.seq - 1} are missing`);
          } else if (e.prevHash !== prevHash) {
            const elsewhere = await client.query<{ seq: number }>(
              'SELECT seq FROM audit_entry WHERE chain = $1 AND hash = $2',
              [head.chain, e.prevHash],
            );
            const at = elsewhere.rows[0]?.seq;
            if (at !== undefined)
              fail(e.seq, 'reordered', `the entry follows entry ${at}, not entry ${e.seq - 1}`);
            else fail(e.seq, 'deleted', 'the entry it follows is missing');
          }
          prevHash = e.hash;
          expectedSeq = e.seq + 1;
        }
        if (rows.length < batch) break;
        lastSeq = rows[rows.length - 1]!.seq;
      }
      if (!broken && (head.seq !== expectedSeq - 1 || head.hash !== prevHash)) {
        if (head.seq > expectedSeq - 1) {
          fail(
            expectedSeq,
            'deleted',
            `entries ${expectedSeq}..${head.seq} at the end of the chain are missing`,
          );
        } else {
          fail(head.seq, 'head_mismatch', 'the chain head does not match the last entry');
        }
      }
      if (broken) breaks.push(broken);
    }
    await client.query('COMMIT');
    const result: AuditVerification = { entries, chains: heads.length, breaks };
    if (breaks[0]) result.firstBreak = breaks[0];
    return result;
  } finally {
    client.release();
  }
}

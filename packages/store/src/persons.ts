// Persons (clients). A person is reached by an opaque client key; identifiers (henkilötunnus or
// a temporary id) map to it. Every change of a person's details is a new version.
import { randomUUID } from 'node:crypto';
import type { ClientKey } from '@varanto/domain/records';
import type { Person, PersonInput, Tx } from './api.ts';
import { ConflictError } from './errors.ts';
import { isUuid, likePrefix, opt } from './sql.ts';

/** Code system of the Finnish personal identity code (henkilötunnus). */
export const HETU_SYSTEM = '1.2.246.21';

interface PersonRow {
  client_key: string;
  version: number;
  hetu: string | null;
  temporary_id_system: string | null;
  temporary_id_value: string | null;
  family_name: string;
  given_names: string;
  birth_date: string | null;
  sex: PersonInput['sex'] | null;
  home_municipality: string | null;
  turvakielto: boolean;
  address: PersonInput['address'] | null;
  recorded_at: string;
}

function personOf(r: PersonRow): Person {
  return {
    clientKey: r.client_key,
    version: r.version,
    recordedAt: r.recorded_at,
    ...opt('hetu', r.hetu),
    ...(r.temporary_id_system !== null && r.temporary_id_value !== null
      ? { temporaryId: { system: r.temporary_id_system, value: r.temporary_id_value } }
      : {}),
    familyName: r.family_name,
    givenNames: r.given_names,
    ...opt('birthDate', r.birth_date),
    ...opt('sex', r.sex),
    ...opt('homeMunicipality', r.home_municipality),
    turvakielto: r.turvakielto,
    ...opt('address', r.address),
  };
}

function identifiers(p: PersonInput): { system: string; value: string }[] {
  const out: { system: string; value: string }[] = [];
  if (p.hetu) out.push({ system: HETU_SYSTEM, value: p.hetu.toUpperCase() });
  if (p.temporaryId) out.push({ system: p.temporaryId.system, value: p.temporaryId.value });
  return out;
}

/** Binds the person's identifiers to the client key; an identifier of another person is a conflict. */
async function claimIdentifiers(tx: Tx, clientKey: ClientKey, p: PersonInput): Promise<void> {
  for (const id of identifiers(p)) {
    const ins = await tx.query(
      `INSERT INTO client_identifier (system, value, client_key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [id.system, id.value, clientKey],
    );
    if (ins.rowCount === 1) continue;
    // A separate statement: its snapshot sees a row a concurrent transaction committed while
    // the insert waited for it.
    const r = await tx.query<{ client_key: string }>(
      'SELECT client_key FROM client_identifier WHERE system = $1 AND value = $2',
      [id.system, id.value],
    );
    const owner = r.rows[0]?.client_key;
    if (owner !== clientKey) {
      throw new ConflictError(
        id.system === HETU_SYSTEM
          ? 'a person with this henkilötunnus already exists'
          : 'a person with this temporary identifier already exists',
        'person.identifier',
      );
    }
  }
}

async function insertVersion(
  tx: Tx,
  clientKey: ClientKey,
  version: number,
  p: PersonInput,
  recordedBy: string | undefined,
): Promise<Person> {
  const r = await tx.query<PersonRow>(
    `INSERT INTO person (client_key, version, hetu, temporary_id_system, temporary_id_value, family_name,
                         given_names, birth_date, sex, home_municipality, turvakielto, address, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
    [
      clientKey,
      version,
      p.hetu?.toUpperCase() ?? null,
      p.temporaryId?.system ?? null,
      p.temporaryId?.value ?? null,
      p.familyName,
      p.givenNames,
      p.birthDate ?? null,
      p.sex ?? null,
      p.homeMunicipality ?? null,
      p.turvakielto,
      p.address ?? null,
      recordedBy ?? null,
    ],
  );
  await tx.query(
    `INSERT INTO person_current (client_key, version, search_name) VALUES ($1, $2, $3)
     ON CONFLICT (client_key) DO UPDATE SET version = EXCLUDED.version, search_name = EXCLUDED.search_name`,
    [clientKey, version, searchName(p)],
  );
  return personOf(r.rows[0]!);
}

function searchName(p: PersonInput): string {
  return `${p.familyName} ${p.givenNames}`.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Creates a person with a new client key. A henkilötunnus already known is a ConflictError. */
export async function createPerson(tx: Tx, input: PersonInput, recordedBy?: string): Promise<Person> {
  const clientKey = randomUUID();
  await claimIdentifiers(tx, clientKey, input);
  return await insertVersion(tx, clientKey, 1, input, recordedBy);
}

/** Records changed details (a name change, a temporary id replaced by a henkilötunnus, ...). */
export async function recordPersonVersion(
  tx: Tx,
  clientKey: ClientKey,
  input: PersonInput,
  recordedBy?: string,
): Promise<Person> {
  if (!isUuid(clientKey)) throw new Error(`no person ${clientKey}`);
  const cur = await tx.query<{ version: number }>(
    'SELECT version FROM person_current WHERE client_key = $1 FOR UPDATE',
    [clientKey],
  );
  const current = cur.rows[0];
  if (!current) throw new Error(`no person ${clientKey}`);
  await claimIdentifiers(tx, clientKey, input);
  return await insertVersion(tx, clientKey, current.version + 1, input, recordedBy);
}

export async function getPerson(tx: Tx, clientKey: ClientKey): Promise<Person | undefined> {
  if (!isUuid(clientKey)) return undefined;
  const r = await tx.query<PersonRow>(
    'SELECT * FROM person WHERE client_key = $1 ORDER BY version DESC LIMIT 1',
    [clientKey],
  );
  return r.rows[0] && personOf(r.rows[0]);
}

export async function personHistory(tx: Tx, clientKey: ClientKey): Promise<Person[]> {
  if (!isUuid(clientKey)) return [];
  const r = await tx.query<PersonRow>('SELECT * FROM person WHERE client_key = $1 ORDER BY version', [
    clientKey,
  ]);
  return r.rows.map(personOf);
}

export async function findClientKey(tx: Tx, system: string, value: string): Promise<ClientKey | undefined> {
  const v = system === HETU_SYSTEM ? value.toUpperCase() : value;
  const r = await tx.query<{ client_key: string }>(
    'SELECT client_key FROM client_identifier WHERE system = $1 AND value = $2',
    [system, v],
  );
  return r.rows[0]?.client_key;
}

/**
 * Persons whose identifier equals the text, or every word of which begins some word of the
 * name. Access to persons is the server's concern; this only finds.
 */
export async function searchPersons(tx: Tx, q: { text?: string; limit: number }): Promise<Person[]> {
  const text = (q.text ?? '').trim();
  const terms = text
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => `% ${likePrefix(t)}`);
  const r = await tx.query<PersonRow>(
    `WITH hit AS (
       SELECT client_key FROM client_identifier WHERE $1 <> '' AND value IN (upper($1), $1)
       UNION
       SELECT client_key FROM person_current pc
        WHERE NOT EXISTS (SELECT 1 FROM unnest($2::text[]) AS t(pattern)
                           WHERE (' ' || pc.search_name) NOT LIKE t.pattern)
     )
     SELECT p.* FROM hit
       JOIN person_current pc ON pc.client_key = hit.client_key
       JOIN person p ON p.client_key = pc.client_key AND p.version = pc.version
      ORDER BY pc.search_name, p.client_key
      LIMIT $3`,
    [text, terms, q.limit],
  );
  return r.rows.map(personOf);
}

/** The newest version of each listed person (unknown keys are left out), in the order given. */
export async function listPersons(tx: Tx, clientKeys: readonly ClientKey[]): Promise<Person[]> {
  const keys = clientKeys.filter(isUuid);
  if (keys.length === 0) return [];
  const r = await tx.query<PersonRow>(
    `SELECT p.* FROM person_current pc
       JOIN person p ON p.client_key = pc.client_key AND p.version = pc.version
      WHERE pc.client_key = ANY($1::uuid[])`,
    [keys],
  );
  const byKey = new Map(r.rows.map((row) => [row.client_key, personOf(row)]));
  return keys.flatMap((k) => {
    const p = byKey.get(k.toLowerCase());
    return p ? [p] : [];
  });
}

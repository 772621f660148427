// History cannot be rewritten: the application role lacks the privileges, and the trigger
// refuses even the owner.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { recordRegulation } from './access-regulation.ts';
import { appendAudit } from './audit.ts';
import { recordPersonRelation, recordProfessionalContact } from './citizen.ts';
import { recordLink } from './client-links.ts';
import { insertDocumentVersion } from './documents.ts';
import { fileErrorFlag } from './error-flags.ts';
import { APPEND_ONLY_SQLSTATE, sqlState } from './errors.ts';
import { saveImportedCodeSystem, saveImportedStructure } from './imports.ts';
import { recordLegacyImportRun } from './legacy.ts';
import { APPEND_ONLY_TABLES } from './migrate.ts';
import { createPerson } from './persons.ts';
import { createOrganization, createProfessional, grantRight } from './registry.ts';
import { revokeSession, revokeSessionsBefore } from './sessions.ts';
import { metadata, newDocument, professionalActor, REGISTRAR_A } from './test-fixtures.ts';
import { createTestStore, type TestStore, testEngines } from './testing.ts';
import { acknowledgeUsageRightNotice, appendUsageRightNotice } from './usage-rights.ts';

/** An UPDATE, a DELETE and a TRUNCATE of every row; the UPDATE rewrites the primary key's first column. */
async function changes(t: TestStore, table: string): Promise<string[]> {
  const r = await t.owner.pool.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position LIMIT 1`,
    [table],
  );
  const col = r.rows[0]?.column_name;
  assert.ok(col, table);
  return [`UPDATE ${table} SET ${col} = ${col}`, `DELETE FROM ${table}`, `TRUNCATE ${table}`];
}

for (const engine of await testEngines()) {
  describe(`append-only tables (${engine.name})`, async () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(engine);
      await t.store.transaction(async (tx) => {
        await createOrganization(tx, {
          oid: REGISTRAR_A,
          name: 'Hyvinvointialue A',
          kind: 'wellbeing_county',
        });
        const p = await createProfessional(tx, { login: 'sanna', givenNames: 'Sanna', familyName: 'S' });
        await grantRight(tx, {
          professionalId: p.id,
          organizationOid: REGISTRAR_A,
          serviceUnitOids: [],
          role: 'social_worker',
          serviceTasks: ['2'],
          validFrom: '2025-01-01',
          grantedBy: 'admin',
        });
        const person = await createPerson(tx, {
          familyName: 'Virtanen',
          givenNames: 'Ville',
          turvakielto: false,
        });
        await insertDocumentVersion(tx, newDocument({ metadata: metadata({ clients: [person.clientKey] }) }));
        // A legacy document's file reference (migration 024), bound to that version.
        await tx.query(
          `INSERT INTO document_file (client_key, set_id, version, sha256, media_type, byte_size, file_name)
           SELECT client_key, set_id, version, repeat('a', 64), 'application/pdf', 1, 'x.pdf' FROM document_version LIMIT 1`,
        );
        await recordLegacyImportRun(tx, {
          runId: randomUUID(),
          registrarOid: REGISTRAR_A,
          manifestSha256: 'b'.repeat(64),
          manifestPath: '/archive/manifest.ndjson',
          documents: 1,
          forced: false,
          importedBy: 'cli:test',
        });
        await saveImportedStructure(tx, {
          oid: '1.2.246.537.6.12.2002.348',
          typeCode: '72',
          version: '1',
          definition: {},
          source: 'test',
          importedBy: 'admin',
        });
        await saveImportedCodeSystem(tx, {
          oid: '1.2.246.537.6.1221',
          codeSystem: {},
          source: 'test',
          importedBy: 'admin',
        });
        await recordRegulation(tx, {
          organizationOid: REGISTRAR_A,
          expectedVersion: 0,
          name: 'Käyttöoikeusmääräys',
          grants: [{ role: 'social_worker', actions: ['document.read'], documents: '*' }],
          recordedBy: p.id,
          reason: 'test',
        });
        const notice = await appendUsageRightNotice(tx, {
          clientKey: person.clientKey,
          kind: 'opened',
          registrarOid: REGISTRAR_A,
          registerId: `${REGISTRAR_A}.reg`,
          clienthoodOid: '1.2.246.10.1.97.1',
          clienthoodSetId: '1.2.246.10.1.95.1',
          clienthoodVersion: 2,
          serviceTask: '24',
          serviceUnitOid: '1.2.246.10.2.10.1',
          holderOrganizationOid: '1.2.246.10.2',
          start: '2025-02-01',
          recordedBy: p.id,
        });
        await acknowledgeUsageRightNotice(tx, notice, p.id);
        const identified = await createPerson(tx, {
          familyName: 'Virtanen',
          givenNames: 'Veli',
          turvakielto: false,
        });
        await recordLink(tx, {
          temporaryClientKey: person.clientKey,
          identifiedClientKey: identified.clientKey,
          reason: 'test',
          recordedBy: p.id,
        });
        await recordPersonRelation(tx, {
          clientKey: person.clientKey,
          kind: 'guardianship',
          holderKey: randomUUID(),
          start: '2020-01-01',
          source: 'test',
          recordedBy: 'admin',
        });
        await fileErrorFlag(tx, {
          clientKey: person.clientKey,
          setId: '1.2.246.10.1.95.2',
          documentVersion: 1,
          registrarOid: REGISTRAR_A,
          serviceUnitOid: '1.2.246.10.1.10.1',
          description: 'Virhe',
          flaggedBy: person.clientKey,
          flaggedBasis: 'self',
          recordedBy: `citizen:${person.clientKey}`,
        });
        await recordProfessionalContact(tx, {
          professionalId: p.id,
          phone: '029 000 0000',
          recordedBy: 'admin',
        });
        await revokeSessionsBefore(tx, {
          subjectKind: 'professional',
          subjectId: p.id,
          issuedBefore: new Date(),
          revokedBy: 'admin',
          reason: 'lost certificate card',
        });
        await revokeSession(tx, {
          subjectKind: 'citizen',
          subjectId: person.clientKey,
          sessionId: randomUUID(),
          expiresAt: new Date(Date.now() + 3_600_000),
          revokedBy: `citizen:${person.clientKey}`,
          reason: 'logout',
        });
        await appendAudit(tx, {
          actor: professionalActor(),
          action: 'document.store',
          outcome: 'allowed',
          clientKey: randomUUID(),
        });
      });
    });
    after(() => t.close());

    test('every append-only table has rows to protect', async () => {
      for (const table of APPEND_ONLY_TABLES) {
        const r = await t.owner.pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
        assert.ok((r.rows[0]?.n ?? 0) > 0, table);
      }
    });

    test('the application role may not UPDATE, DELETE or TRUNCATE them (permission denied)', async () => {
      assert.equal(t.store.role, 'varanto_app');
      for (const table of APPEND_ONLY_TABLES) {
        for (const sql of await changes(t, table)) {
          await assert.rejects(
            t.store.transaction((tx) => tx.query(sql)),
            (e) => sqlState(e) === '42501',
            sql,
          );
        }
      }
    });

    test('the owner is refused by the trigger', async () => {
      assert.notEqual(t.owner.role, 'varanto_app');
      for (const table of APPEND_ONLY_TABLES) {
        for (const sql of await changes(t, table)) {
          await assert.rejects(
            t.owner.transaction((tx) => tx.query(sql)),
            (e) => sqlState(e) === APPEND_ONLY_SQLSTATE && /append-only table/.test(String(e)),
            sql,
          );
        }
        const r = await t.owner.pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
        assert.ok((r.rows[0]?.n ?? 0) > 0, `${table} still has its rows`);
      }
    });

    test('the application role can still insert and read them', async () => {
      const n = await t.store.transaction(async (tx) => {
        await appendAudit(tx, {
          actor: { kind: 'system', name: 'test' },
          action: 'probe',
          outcome: 'allowed',
        });
        return (await tx.query<{ n: number }>('SELECT count(*) AS n FROM audit_entry')).rows[0]?.n;
      });
      assert.equal(n, 2);
    });
  });
}

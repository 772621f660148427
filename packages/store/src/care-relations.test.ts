import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { decideAccess, toSql } from '@varanto/domain/access';
import type { Case, Clienthood } from './api.ts';
import { loadClientFacts, recordCareReason } from './care-relations.ts';
import { recordCase, recordClienthood } from './records.ts';
import { professionalActor, REGISTRAR_A, REGISTRAR_B, testOid } from './test-fixtures.ts';
import { createTestStore, type TestStore, testEngines } from './testing.ts';

const UNIT = '1.2.246.10.1111111.11.1';
const OTHER_UNIT = '1.2.246.10.1111111.11.2';

function clienthood(client: string, over: Partial<Clienthood> = {}): Clienthood {
  return {
    clientKey: client,
    clienthoodOid: testOid(),
    registrarOid: REGISTRAR_A,
    registerId: `${REGISTRAR_A}.r`,
    setId: testOid(),
    version: 1,
    started: '2025-01-10',
    serviceTasks: [{ serviceTask: '2', start: '2025-01-10' }],
    ...over,
  };
}

for (const engine of await testEngines()) {
  describe(`care relations (${engine.name})`, async () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(engine);
    });
    after(() => t.close());

    test('a personal worker holds a relation from the start until replaced; the replacement from the change', async () => {
      const client = randomUUID();
      const h = clienthood(client, { personalWorkerId: 'w1' });
      await t.store.transaction((tx) => recordClienthood(tx, h, { changedOn: '2025-01-10' }));
      // The same worker in a newer version keeps one relation.
      await t.store.transaction((tx) =>
        recordClienthood(tx, { ...h, version: 2 }, { changedOn: '2025-02-01' }),
      );
      await t.store.transaction((tx) =>
        recordClienthood(tx, { ...h, version: 3, personalWorkerId: 'w2' }, { changedOn: '2025-03-05' }),
      );
      const facts = await t.store.transaction((tx) => loadClientFacts(tx, client));
      assert.deepEqual(facts.serviceTasks, [
        { registrarOid: REGISTRAR_A, serviceTask: '2', start: '2025-01-10' },
      ]);
      assert.deepEqual(facts.careRelations, [
        {
          kind: 'personal_worker',
          registrarOid: REGISTRAR_A,
          professionalId: 'w1',
          start: '2025-01-10',
          end: '2025-03-05',
        },
        { kind: 'personal_worker', registrarOid: REGISTRAR_A, professionalId: 'w2', start: '2025-03-05' },
      ]);
      // Ending the clienthood ends the current worker's relation on the same day.
      await t.store.transaction((tx) =>
        recordClienthood(
          tx,
          { ...h, version: 4, personalWorkerId: 'w2', ended: '2025-06-30' },
          { changedOn: '2025-06-30' },
        ),
      );
      const ended = await t.store.transaction((tx) => loadClientFacts(tx, client));
      assert.equal(ended.careRelations[1]?.end, '2025-06-30');
      // An older version replayed changes nothing.
      await t.store.transaction((tx) => recordClienthood(tx, { ...h, version: 1, personalWorkerId: 'w9' }));
      assert.deepEqual(await t.store.transaction((tx) => loadClientFacts(tx, client)), ended);
    });

    test("each case member is related to the case's service unit until leaving or the case's end", async () => {
      const [a, b] = [randomUUID(), randomUUID()];
      const kase: Case = {
        caseOid: testOid(),
        registrarOid: REGISTRAR_A,
        serviceTask: '2',
        state: '1',
        opened: '2025-02-01',
        shared: true,
        members: [
          { clientKey: a, joinedAt: '2025-02-01' },
          { clientKey: b, joinedAt: '2025-02-03' },
        ],
        setId: testOid(),
        version: 1,
        serviceUnitOid: UNIT,
      };
      await t.store.transaction((tx) => recordCase(tx, kase));
      const rel = async (k: string) =>
        (await t.store.transaction((tx) => loadClientFacts(tx, k))).careRelations;
      assert.deepEqual(await rel(b), [
        { kind: 'case', registrarOid: REGISTRAR_A, serviceUnitOid: UNIT, start: '2025-02-03' },
      ]);
      // A later version without the unit keeps it; b leaves, then the case closes.
      const { serviceUnitOid: _u, ...withoutUnit } = kase;
      await t.store.transaction((tx) =>
        recordCase(tx, {
          ...withoutUnit,
          version: 2,
          members: [
            { clientKey: a, joinedAt: '2025-02-01' },
            { clientKey: b, joinedAt: '2025-02-03', leftAt: '2025-04-01' },
          ],
        }),
      );
      assert.equal((await rel(b))[0]?.end, '2025-04-01');
      assert.equal((await rel(a))[0]?.end, undefined);
      await t.store.transaction((tx) =>
        recordCase(tx, {
          ...withoutUnit,
          version: 3,
          ended: '2025-05-01',
          state: '3',
          members: [
            { clientKey: a, joinedAt: '2025-02-01' },
            { clientKey: b, joinedAt: '2025-02-03', leftAt: '2025-04-01' },
          ],
        }),
      );
      assert.deepEqual(await rel(a), [
        {
          kind: 'case',
          registrarOid: REGISTRAR_A,
          serviceUnitOid: UNIT,
          start: '2025-02-01',
          end: '2025-05-01',
        },
      ]);
      assert.equal((await rel(b))[0]?.end, '2025-04-01');
    });

    test('a recorded reason holds for its day, with its purpose; an empty purpose is refused', async () => {
      const client = randomUUID();
      await t.store.transaction((tx) =>
        recordCareReason(tx, {
          clientKey: client,
          registrarOid: REGISTRAR_B,
          professionalId: 'w3',
          purpose: 'first contact: emergency call',
          date: '2025-03-10',
        }),
      );
      assert.deepEqual((await t.store.transaction((tx) => loadClientFacts(tx, client))).careRelations, [
        {
          kind: 'recorded_reason',
          registrarOid: REGISTRAR_B,
          professionalId: 'w3',
          start: '2025-03-10',
          end: '2025-03-10',
          purpose: 'first contact: emergency call',
        },
      ]);
      await assert.rejects(
        t.store.transaction((tx) =>
          recordCareReason(tx, {
            clientKey: client,
            registrarOid: REGISTRAR_B,
            professionalId: 'w3',
            purpose: ' ',
            date: '2025-03-10',
          }),
        ),
      );
    });

    test('the compiled fact leaves read the projection exactly as decideAccess reads the loaded facts', async () => {
      const client = randomUUID();
      await t.store.transaction(async (tx) => {
        await recordClienthood(tx, clienthood(client, { personalWorkerId: 'pw' }), {
          changedOn: '2025-01-10',
        });
        await recordCase(tx, {
          caseOid: testOid(),
          registrarOid: REGISTRAR_A,
          serviceTask: '2',
          state: '1',
          opened: '2025-02-01',
          shared: false,
          members: [{ clientKey: client, joinedAt: '2025-02-01', leftAt: '2025-03-01' }],
          setId: testOid(),
          version: 1,
          serviceUnitOid: OTHER_UNIT,
        });
      });
      const facts = await t.store.transaction((tx) => loadClientFacts(tx, client));
      let checked = 0;
      for (const professionalId of ['pw', 'nobody']) {
        for (const units of [[UNIT], [OTHER_UNIT]]) {
          for (const today of ['2025-01-01', '2025-02-15', '2025-03-20', '2025-04-15']) {
            for (const task of ['2', '5']) {
              const actor = professionalActor({
                professionalId,
                serviceUnitOids: units,
                serviceTasks: ['2', '5'],
              });
              const target = {
                registrarOid: REGISTRAR_A,
                serviceTask: task,
                documentType: '72',
                documentGroup: '5',
                organizationOid: REGISTRAR_A,
                serviceUnitOid: UNIT,
                status: 'active',
              };
              const ctx = { today, graceDays: 30 };
              const expected = decideAccess(actor, 'document.read', target, facts, ctx).effect === 'allow';
              const pred = {
                op: 'and' as const,
                preds: [
                  { op: 'service_task_open' as const, today, cutoff: '' },
                  { op: 'care_relation' as const, professionalId, serviceUnitOids: units, today, cutoff: '' },
                ],
              };
              // Same cutoff as the rules use (today − 30 days).
              const cutoff = new Date(`${today}T00:00:00Z`);
              cutoff.setUTCDate(cutoff.getUTCDate() - 30);
              const c = cutoff.toISOString().slice(0, 10);
              for (const p of pred.preds) p.cutoff = c;
              const params: unknown[] = [client, REGISTRAR_A, task];
              const sql = toSql(
                pred,
                {
                  registrarOid: '$2::text',
                  serviceTask: '$3::text',
                  documentType: "'72'",
                  documentGroup: "'5'",
                  organizationOid: '$2::text',
                  serviceUnitOid: "''",
                  status: "'active'",
                  clientKey: '$1::uuid',
                },
                params,
              );
              const got = (
                await t.store.transaction((tx) => tx.query<{ ok: boolean }>(`SELECT ${sql} AS ok`, params))
              ).rows[0]!.ok;
              assert.equal(got, expected, `${professionalId} ${units} ${today} ${task}`);
              checked++;
            }
          }
        }
      }
      assert.equal(checked, 32);
    });
  });
}

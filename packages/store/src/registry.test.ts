import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { administeringOrganization, rightInForce } from '@varanto/domain/access';
import type { ProfessionalRight } from './api.ts';
import { ConflictError } from './errors.ts';
import {
  createOrganization,
  createProfessional,
  createRegister,
  createServiceUnit,
  currentRight,
  getOrganization,
  getProfessional,
  getProfessionalByLogin,
  getRegister,
  grantRight,
  listOrganizations,
  listProfessionals,
  listProfessionalsAdministeredIn,
  listRegisters,
  listServiceUnits,
  listStaff,
  rightsHistory,
} from './registry.ts';
import { REGISTRAR_A, REGISTRAR_B } from './test-fixtures.ts';
import { createTestStore, type TestStore, testEngines } from './testing.ts';

for (const engine of await testEngines()) {
  describe(`reference data and the user register (${engine.name})`, async () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(engine);
      await t.store.transaction(async (tx) => {
        await createOrganization(tx, {
          oid: REGISTRAR_A,
          name: 'Alue A',
          kind: 'wellbeing_county',
          businessId: '1234567-8',
        });
        await createOrganization(tx, { oid: REGISTRAR_B, name: 'Alue B', kind: 'wellbeing_county' });
        await createServiceUnit(tx, {
          oid: `${REGISTRAR_A}.1`,
          organizationOid: REGISTRAR_A,
          nameFi: 'Lastensuojelu',
        });
        await createServiceUnit(tx, {
          oid: `${REGISTRAR_B}.1`,
          organizationOid: REGISTRAR_B,
          nameFi: 'Aikuissosiaalityö',
          nameSv: 'Socialt arbete för vuxna',
        });
        await createRegister(tx, {
          id: `${REGISTRAR_A}.r`,
          registrarOid: REGISTRAR_A,
          registerType: '1',
          name: 'Sosiaalihuolto',
        });
      });
    });
    after(() => t.close());

    test('organizations, service units and registers read back; duplicates are conflicts', async () => {
      await t.store.transaction(async (tx) => {
        assert.deepEqual(await getOrganization(tx, REGISTRAR_A), {
          oid: REGISTRAR_A,
          name: 'Alue A',
          kind: 'wellbeing_county',
          businessId: '1234567-8',
        });
        assert.deepEqual(
          (await listOrganizations(tx)).map((o) => o.oid),
          [REGISTRAR_A, REGISTRAR_B],
        );
        assert.deepEqual(
          (await listServiceUnits(tx, REGISTRAR_B)).map((u) => [u.nameFi, u.nameSv]),
          [['Aikuissosiaalityö', 'Socialt arbete för vuxna']],
        );
        assert.equal((await listServiceUnits(tx)).length, 2);
        assert.equal((await getRegister(tx, `${REGISTRAR_A}.r`))?.registrarOid, REGISTRAR_A);
        assert.equal((await listRegisters(tx, REGISTRAR_B)).length, 0);
        assert.equal((await listRegisters(tx)).length, 1);
      });
      await assert.rejects(
        t.store.transaction((tx) => createOrganization(tx, { oid: REGISTRAR_A, name: 'x', kind: 'state' })),
        ConflictError,
      );
    });

    test('professionals are found by id and login; a login is unique', async () => {
      const p = await t.store.transaction((tx) =>
        createProfessional(tx, {
          login: 'maija',
          givenNames: 'Maija',
          familyName: 'Meikäläinen',
          registrationNumber: '123',
        }),
      );
      await t.store.transaction(async (tx) => {
        assert.deepEqual(await getProfessional(tx, p.id), p);
        assert.deepEqual(await getProfessionalByLogin(tx, 'maija'), p);
        assert.equal(await getProfessional(tx, 'not-a-uuid'), undefined);
        assert.ok((await listProfessionals(tx)).some((x) => x.id === p.id));
      });
      await assert.rejects(
        t.store.transaction((tx) =>
          createProfessional(tx, { login: 'maija', givenNames: 'M', familyName: 'M' }),
        ),
        (e) => e instanceof ConflictError && e.what === 'professional',
      );
    });

    test('rights are versions: a change or an end is a new version, and the newest begun decides', async () => {
      const p = await t.store.transaction((tx) =>
        createProfessional(tx, { login: `u${randomUUID()}`, givenNames: 'A', familyName: 'B' }),
      );
      const base = {
        professionalId: p.id,
        organizationOid: REGISTRAR_A,
        serviceUnitOids: [`${REGISTRAR_A}.1`],
        role: 'social_worker' as const,
        serviceTasks: ['2'],
        validFrom: '2025-01-01',
        grantedBy: 'admin',
      };
      const v1 = await t.store.transaction((tx) => grantRight(tx, base));
      assert.equal(v1.version, 1);
      assert.match(v1.grantedAt, /Z$/);
      // Moves to another organization from July.
      await t.store.transaction((tx) =>
        grantRight(tx, { ...base, organizationOid: REGISTRAR_B, validFrom: '2025-07-01' }),
      );
      // Ended at the end of September (a new version; the earlier ones are untouched).
      await t.store.transaction((tx) =>
        grantRight(tx, {
          ...base,
          organizationOid: REGISTRAR_B,
          validFrom: '2025-07-01',
          validTo: '2025-09-30',
          reason: 'left',
        }),
      );
      const on = (d: string) => t.store.transaction((tx) => currentRight(tx, p.id, d));
      assert.equal(await on('2024-12-31'), undefined);
      assert.equal((await on('2025-03-01'))?.organizationOid, REGISTRAR_A);
      assert.equal((await on('2025-08-01'))?.version, 3);
      assert.equal((await on('2025-09-30'))?.organizationOid, REGISTRAR_B);
      assert.equal(await on('2025-10-01'), undefined);
      const history = await t.store.transaction((tx) => rightsHistory(tx, p.id));
      assert.deepEqual(
        history.map((r) => [r.version, r.organizationOid, r.validTo ?? null, r.reason ?? null]),
        [
          [1, REGISTRAR_A, null, null],
          [2, REGISTRAR_B, null, null],
          [3, REGISTRAR_B, '2025-09-30', 'left'],
        ],
      );
    });

    test('the staff of an organization on a date are those whose current right is there', async () => {
      const mk = (familyName: string) =>
        t.store.transaction((tx) =>
          createProfessional(tx, { login: `s${randomUUID()}`, givenNames: 'Staff', familyName }),
        );
      const [stays, moves, ends] = [await mk('Stays'), await mk('Moves'), await mk('Ends')];
      const right = (professionalId: string, over: object = {}) =>
        t.store.transaction((tx) =>
          grantRight(tx, {
            professionalId,
            organizationOid: REGISTRAR_A,
            serviceUnitOids: [`${REGISTRAR_A}.1`],
            role: 'social_worker',
            serviceTasks: ['24'],
            validFrom: '2026-01-01',
            grantedBy: 'admin',
            ...over,
          }),
        );
      await right(stays.id, { serviceTasks: ['24', '10'] });
      await right(moves.id);
      await right(moves.id, {
        organizationOid: REGISTRAR_B,
        serviceUnitOids: [`${REGISTRAR_B}.1`],
        validFrom: '2026-03-01',
      });
      await right(ends.id, { role: 'practical_nurse' });
      await right(ends.id, { role: 'practical_nurse', validTo: '2026-02-28' });
      const names = async (org: string, d: string, filter = {}) =>
        (await t.store.transaction((tx) => listStaff(tx, org, d, filter)))
          .map((m) => m.familyName)
          .filter((n) => ['Stays', 'Moves', 'Ends'].includes(n));
      assert.deepEqual(await names(REGISTRAR_A, '2025-12-31'), []);
      assert.deepEqual(await names(REGISTRAR_A, '2026-02-28'), ['Ends', 'Moves', 'Stays']);
      assert.deepEqual(await names(REGISTRAR_A, '2026-03-01'), ['Stays']);
      assert.deepEqual(await names(REGISTRAR_B, '2026-03-01'), ['Moves']);
      assert.deepEqual(await names(REGISTRAR_A, '2026-02-01', { serviceTask: '10' }), ['Stays']);
      assert.deepEqual(await names(REGISTRAR_A, '2026-02-01', { serviceUnitOid: `${REGISTRAR_B}.1` }), []);
      // The same rule as currentRight, for everyone listed on any of these dates.
      for (const d of ['2026-01-15', '2026-02-28', '2026-03-01']) {
        for (const org of [REGISTRAR_A, REGISTRAR_B]) {
          for (const m of await t.store.transaction((tx) => listStaff(tx, org, d))) {
            const current = await t.store.transaction((tx) => currentRight(tx, m.id, d));
            assert.equal(current?.organizationOid, org, `${m.familyName} on ${d}`);
            assert.equal(current?.role, m.role);
          }
        }
      }
      const member = (
        await t.store.transaction((tx) =>
          listStaff(tx, REGISTRAR_B, '2026-03-01', { serviceUnitOid: `${REGISTRAR_B}.1` }),
        )
      ).find((m) => m.id === moves.id);
      assert.deepEqual(member?.serviceUnits, [
        { oid: `${REGISTRAR_B}.1`, nameFi: 'Aikuissosiaalityö', nameSv: 'Socialt arbete för vuxna' },
      ]);
      assert.ok(member && !('login' in member));
    });

    test('concurrent grants for one professional get consecutive versions', async () => {
      const p = await t.store.transaction((tx) =>
        createProfessional(tx, { login: `c${randomUUID()}`, givenNames: 'A', familyName: 'B' }),
      );
      const granted = await Promise.all(
        Array.from({ length: 6 }, () =>
          t.store.transaction((tx) =>
            grantRight(tx, {
              professionalId: p.id,
              organizationOid: REGISTRAR_A,
              serviceUnitOids: [],
              role: 'practical_nurse',
              serviceTasks: ['5'],
              validFrom: '2025-01-01',
              grantedBy: 'admin',
            }),
          ),
        ),
      );
      assert.deepEqual(granted.map((g) => g.version).sort(), [1, 2, 3, 4, 5, 6]);
    });

    test("the lists place everyone stored as the domain's rules over their histories do", async () => {
      // Never granted a right, and a transfer to B that has not begun by March.
      const mk = (login: string) =>
        t.store.transaction((tx) => createProfessional(tx, { login, givenNames: 'L', familyName: login }));
      await mk(`none${randomUUID()}`);
      const moving = await mk(`moving${randomUUID()}`);
      for (const [organizationOid, validFrom] of [
        [REGISTRAR_A, '2026-01-01'],
        [REGISTRAR_B, '2026-04-01'],
      ] as const) {
        await t.store.transaction((tx) =>
          grantRight(tx, {
            professionalId: moving.id,
            organizationOid,
            serviceUnitOids: [],
            role: 'social_worker',
            serviceTasks: ['24'],
            validFrom,
            grantedBy: 'admin',
          }),
        );
      }
      await t.store.transaction(async (tx) => {
        const everyone = await listProfessionals(tx);
        // One transaction is one connection: its queries run one after another.
        const histories = new Map<string, ProfessionalRight[]>();
        for (const p of everyone) histories.set(p.id, await rightsHistory(tx, p.id));
        const ids = (list: { id: string }[]) => list.map((p) => p.id).sort();
        const where = (keep: (h: ProfessionalRight[]) => boolean) =>
          [...histories].flatMap(([id, h]) => (keep(h) ? [id] : [])).sort();
        for (const d of [
          '2024-12-31',
          '2025-08-01',
          '2025-10-01',
          '2026-02-28',
          '2026-03-01',
          '2026-04-01',
        ]) {
          for (const org of [REGISTRAR_A, REGISTRAR_B]) {
            assert.deepEqual(
              ids(await listProfessionalsAdministeredIn(tx, [org], d)),
              where((h) => [org, undefined].includes(administeringOrganization(h, d))),
              `administered in ${org} on ${d}`,
            );
            assert.deepEqual(
              ids(await listStaff(tx, org, d)),
              where((h) => rightInForce(h, d)?.organizationOid === org),
              `staff of ${org} on ${d}`,
            );
          }
        }
        assert.ok(
          ids(await listProfessionalsAdministeredIn(tx, [REGISTRAR_A], '2026-03-01')).includes(moving.id),
        );
        assert.ok(
          ids(await listProfessionalsAdministeredIn(tx, [REGISTRAR_B], '2026-04-01')).includes(moving.id),
        );
      });
    });
  });
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { DocumentSummary } from './api/index.ts';
import { groupDocuments, newestFirst } from './summary.ts';

function doc(
  setId: string,
  date: string,
  task: string,
  extra: { caseOid?: string; phase?: string; at?: string } = {},
): DocumentSummary {
  return {
    setId,
    version: 1,
    versionOid: `${setId}.1`,
    status: 'active',
    recordedAt: extra.at ?? `${date}T10:00:00Z`,
    recordedBy: 'p',
    metadata: {
      registerId: 'r',
      registrarOid: '1.2',
      organizationOid: '1.2',
      serviceUnitOid: '1.2.3',
      authorId: 'p',
      authorName: 'P',
      clients: ['c'],
      serviceTask: task,
      documentGroup: '5',
      documentType: '19005',
      structureOid: '1.2.3',
      documentDate: date,
      language: 'fi',
      omakanta: {},
      ...(extra.caseOid ? { caseOid: extra.caseOid } : {}),
      ...(extra.phase ? { processPhase: extra.phase } : {}),
    },
  };
}

test('groups follow their newest document and documents are newest first inside a group', () => {
  const items = [
    doc('a', '2024-01-10', '10'),
    doc('b', '2024-03-01', '20'),
    doc('c', '2024-02-01', '10'),
    doc('d', '2023-12-01', '20'),
  ];
  const groups = groupDocuments(items, 'serviceTask');
  assert.deepEqual(
    groups.map((g) => [g.key, g.items.map((d) => d.setId)]),
    [
      ['20', ['b', 'd']],
      ['10', ['c', 'a']],
    ],
  );
});

test('documents without a case or phase form their own group', () => {
  const items = [doc('a', '2024-01-10', '10', { caseOid: '1.9' }), doc('b', '2024-01-11', '10')];
  assert.deepEqual(
    groupDocuments(items, 'case').map((g) => g.key),
    [undefined, '1.9'],
  );
  assert.deepEqual(
    groupDocuments([doc('x', '2024-01-01', '10', { phase: '3' })], 'phase').map((g) => g.key),
    ['3'],
  );
});

test('the same day is ordered by storing time', () => {
  const items = [
    doc('a', '2024-01-10', '10', { at: '2024-01-10T08:00:00Z' }),
    doc('b', '2024-01-10', '10', { at: '2024-01-10T09:00:00Z' }),
  ];
  assert.deepEqual(
    groupDocuments(items, 'serviceTask')[0]!.items.map((d) => d.setId),
    ['b', 'a'],
  );
});

test('grouping keeps every document exactly once, and each group is sorted', () => {
  const arb = fc.array(
    fc.record({
      date: fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
      task: fc.constantFrom('10', '20', '30'),
      phase: fc.option(fc.constantFrom('1', '2'), { nil: undefined }),
    }),
    { maxLength: 30 },
  );
  fc.assert(
    fc.property(
      arb,
      fc.constantFrom('serviceTask' as const, 'case' as const, 'phase' as const),
      (rows, by) => {
        const items = rows.map((r, i) =>
          doc(`s${i}`, r.date.toISOString().slice(0, 10), r.task, r.phase ? { phase: r.phase } : {}),
        );
        const groups = groupDocuments(items, by);
        const ids = groups.flatMap((g) => g.items.map((d) => d.setId)).sort();
        assert.deepEqual(ids, items.map((d) => d.setId).sort());
        for (const g of groups) {
          for (let i = 1; i < g.items.length; i++) assert.ok(newestFirst(g.items[i - 1]!, g.items[i]!) <= 0);
        }
        for (let i = 1; i < groups.length; i++) {
          assert.ok(newestFirst(groups[i - 1]!.items[0]!, groups[i]!.items[0]!) <= 0);
        }
      },
    ),
  );
});

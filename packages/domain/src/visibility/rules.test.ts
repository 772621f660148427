import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { HIDDEN_KINDS } from './kinds.ts';
import { evaluateVisibility, type VisibilityDocument, type VisibilitySettings } from './predicate.ts';
import { MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS, type Relations } from './relations.ts';
import {
  DEFAULT_VISIBILITY_POLICY,
  decideVisibility,
  explainVisibility,
  type Viewer,
  type VisibilityContext,
  type VisibilityPolicy,
  visibilityFilter,
} from './rules.ts';

// A family: mother and father (both guardians), their 10-year-old, the mother's adult sister who
// holds the mother's mandate. The father is barred from the child for part of the time.
const MOTHER = 'mother';
const FATHER = 'father';
const CHILD = 'child';
const SISTER = 'sister';
const STRANGER = 'stranger';

const FAMILY: Relations = {
  persons: [
    { key: MOTHER, birthDate: '1988-03-10' },
    { key: FATHER, birthDate: '1986-11-02' },
    { key: CHILD, birthDate: '2016-05-20' },
    { key: SISTER, birthDate: '1990-08-08' },
    { key: STRANGER, birthDate: '1970-01-01' },
  ],
  guardianships: [
    { guardian: MOTHER, child: CHILD, start: '2016-05-20' },
    { guardian: FATHER, child: CHILD, start: '2016-05-20' },
  ],
  guardianBars: [],
  mandates: [
    {
      principal: MOTHER,
      agent: SISTER,
      scopes: [MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS],
      start: '2026-01-01',
      end: '2026-12-31',
    },
  ],
};

function doc(over: Partial<VisibilityDocument> & { omakanta?: VisibilitySettings } = {}): VisibilityDocument {
  return {
    status: 'active',
    registrarOid: '1.2.246.10.1',
    organizationOid: '1.2.246.10.1',
    clients: [CHILD],
    documentGroup: '5',
    documentType: '15007',
    omakanta: {},
    ...over,
  };
}

const ctx = (today: string, relations: Relations = FAMILY): VisibilityContext => ({ today, relations });
const seen = (viewer: Viewer, d: VisibilityDocument, today: string, relations?: Relations) =>
  decideVisibility(viewer, d, ctx(today, relations));

describe('OmaKanta visibility: the family', () => {
  test('a shelter home document never appears to the other parent, whatever it is marked', () => {
    // The mother and the child went to a shelter home; the document concerns both.
    for (const omakanta of [
      {},
      { shownToGuardian: true },
      { shownToGuardian: true, automaticHidingLifted: true },
    ]) {
      for (const type of ['1011', '15019']) {
        const d = doc({ clients: [MOTHER, CHILD], documentType: type, omakanta });
        const father = seen({ person: FATHER, subject: CHILD }, d, '2026-06-01');
        assert.equal(father.visible, false);
        assert.equal(!father.visible && father.rule, 'hidden_shelter_home');
        assert.equal(seen({ person: FATHER, subject: MOTHER }, d, '2026-06-01').visible, false);
        // Nor to the mother herself: the kind is hidden from everyone in OmaKanta.
        assert.equal(seen({ person: MOTHER, subject: MOTHER }, d, '2026-06-01').visible, false);
      }
    }
  });

  test('a delayed document appears on its date, not a day earlier', () => {
    const d = doc({ clients: [MOTHER], documentType: '11003', omakanta: { delayUntil: '2026-09-01' } });
    const mother = { person: MOTHER, subject: MOTHER };
    assert.deepEqual(seen(mother, d, '2026-08-31'), {
      visible: false,
      rule: 'delayed',
      reason: 'a professional delayed showing the document until a later date',
      reasonFi: 'Ammattilainen on viivästyttänyt asiakirjan näyttämistä myöhempään päivään',
    });
    assert.deepEqual(seen(mother, d, '2026-09-01'), { visible: true, basis: 'self' });
    assert.deepEqual(seen({ person: SISTER, subject: MOTHER }, d, '2026-09-01'), {
      visible: true,
      basis: 'mandate',
    });
  });

  test("a guardian sees a 10-year-old's marked documents and not the unmarked ones", () => {
    const marked = doc({ omakanta: { shownToGuardian: true } });
    const unmarked = doc();
    const hidden = doc({ omakanta: { shownToGuardian: false } });
    const father = { person: FATHER, subject: CHILD };
    assert.deepEqual(seen(father, marked, '2026-06-01'), { visible: true, basis: 'guardian' });
    for (const d of [unmarked, hidden]) {
      const r = seen(father, d, '2026-06-01');
      assert.equal(!r.visible && r.rule, 'not_shown_to_guardian');
    }
  });

  test('a barred guardian sees nothing of the child while the bar holds', () => {
    const barred: Relations = {
      ...FAMILY,
      guardianBars: [
        { guardian: FATHER, child: CHILD, start: '2026-05-01', basis: 'child_welfare_restriction' },
      ],
    };
    const marked = doc({ omakanta: { shownToGuardian: true } });
    const r = seen({ person: FATHER, subject: CHILD }, marked, '2026-06-01', barred);
    assert.equal(!r.visible && r.rule, 'guardian_barred');
    assert.equal(seen({ person: MOTHER, subject: CHILD }, marked, '2026-06-01', barred).visible, true);
    assert.equal(seen({ person: FATHER, subject: CHILD }, marked, '2026-04-30', barred).visible, true);
  });

  test('the mandate ends with its period; a stranger never gets in', () => {
    const d = doc({ clients: [MOTHER], documentType: '11003' });
    const r = seen({ person: SISTER, subject: MOTHER }, d, '2027-01-01');
    assert.equal(!r.visible && r.rule, 'mandate_not_in_force');
    const s = seen({ person: STRANGER, subject: MOTHER }, d, '2026-06-01');
    assert.equal(!s.visible && s.rule, 'no_mandate');
    const c = seen(
      { person: STRANGER, subject: CHILD },
      doc({ omakanta: { shownToGuardian: true } }),
      '2026-06-01',
    );
    assert.equal(!c.visible && c.rule, 'not_guardian');
  });

  test('adoption counselling is hidden until a worker lifts it; other kinds cannot be lifted', () => {
    const mother = { person: MOTHER, subject: MOTHER };
    const adoption = doc({ clients: [MOTHER], documentType: '15000' });
    assert.equal(seen(mother, adoption, '2026-06-01').visible, false);
    assert.equal(
      seen(mother, { ...adoption, omakanta: { automaticHidingLifted: true } }, '2026-06-01').visible,
      true,
    );
    const custody = doc({
      clients: [MOTHER],
      documentType: '7005',
      omakanta: { automaticHidingLifted: true },
    });
    const r = seen(mother, custody, '2026-06-01');
    assert.equal(!r.visible && r.rule, 'hidden_custody_investigation');
  });

  test('explain lists every refusing rule; decide names the first', () => {
    const d = doc({
      clients: [MOTHER],
      documentType: '1017',
      status: 'invalidated',
      omakanta: { specialContent: true, delayUntil: '2030-01-01' },
    });
    const viewer = { person: MOTHER, subject: MOTHER };
    assert.deepEqual(
      explainVisibility(viewer, d, ctx('2026-06-01')).map((r) => r.rule),
      ['invalidated', 'hidden_violence_prevention', 'special_content', 'delayed'],
    );
    const r = seen(viewer, d, '2026-06-01');
    assert.equal(!r.visible && r.rule, 'invalidated');
    assert.deepEqual(
      explainVisibility({ person: STRANGER, subject: MOTHER }, d, ctx('2026-06-01')).map((x) => x.rule),
      ['no_mandate'],
    );
  });

  test('a policy with imported social service codes hides narrative entries of those services', () => {
    const policy: VisibilityPolicy = {
      ...DEFAULT_VISIBILITY_POLICY,
      hiddenKinds: HIDDEN_KINDS.map((k) =>
        k.name === 'shelter_home' ? { ...k, socialServices: ['T1'] } : k,
      ),
    };
    const entry = doc({ clients: [MOTHER, CHILD], documentType: '19005', socialService: 'T1' });
    const mother = { person: MOTHER, subject: MOTHER };
    assert.equal(decideVisibility(mother, entry, { ...ctx('2026-06-01'), policy }).visible, false);
    assert.equal(decideVisibility(mother, entry, ctx('2026-06-01')).visible, true);
  });
});

// --- properties -------------------------------------------------------------------------------

const dayArb = fc
  .integer({ min: 0, max: 1500 })
  .map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10));

// Weighted towards what a client does see, so that both outcomes are common.
const settingsArb: fc.Arbitrary<VisibilitySettings> = fc.record(
  {
    delayUntil: fc.oneof(
      { weight: 3, arbitrary: dayArb },
      { weight: 1, arbitrary: fc.constantFrom('2026-6-1', 'soon', '') },
    ),
    specialContent: fc.boolean(),
    shownToGuardian: fc.boolean(),
    automaticHidingLifted: fc.boolean(),
  },
  { requiredKeys: [] },
);

const docArb: fc.Arbitrary<VisibilityDocument> = fc.record({
  status: fc.oneof(
    { weight: 5, arbitrary: fc.constant('active' as const) },
    { weight: 1, arbitrary: fc.constant('invalidated' as const) },
  ),
  registrarOid: fc.constant('1.2.246.10.1'),
  organizationOid: fc.constant('1.2.246.10.1'),
  clients: fc.subarray([MOTHER, FATHER, CHILD, SISTER], { minLength: 1 }),
  documentGroup: fc.oneof(
    { weight: 6, arbitrary: fc.constant('5') },
    { weight: 1, arbitrary: fc.constantFrom('1', '2', '3', '8', '9') },
  ),
  documentType: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('11003', '15007', '19005', '13001', '1505.1') },
    { weight: 1, arbitrary: fc.constantFrom('9', '9002', ...HIDDEN_KINDS.flatMap((k) => k.documentTypes)) },
  ),
  omakanta: settingsArb,
});

const viewerArb: fc.Arbitrary<Viewer> = fc.record({
  person: fc.constantFrom(MOTHER, FATHER, CHILD, SISTER, STRANGER),
  subject: fc.constantFrom(MOTHER, FATHER, CHILD),
});

/** Mostly viewers with a basis on some dates, so that the rules after the basis are reached. */
const likelyViewerArb: fc.Arbitrary<Viewer> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom<Viewer>(
      { person: MOTHER, subject: MOTHER },
      { person: MOTHER, subject: CHILD },
      { person: FATHER, subject: CHILD },
      { person: SISTER, subject: MOTHER },
    ),
  },
  { weight: 1, arbitrary: viewerArb },
);

const barArb = fc.option(
  fc.record({ start: dayArb, end: fc.option(dayArb, { nil: undefined }) }).map((p) => ({
    guardian: FATHER,
    child: CHILD,
    basis: 'child_welfare_restriction',
    start: p.start,
    ...(p.end === undefined ? {} : { end: p.end }),
  })),
  { nil: undefined },
);

describe('OmaKanta visibility: properties', () => {
  test('a delayed document is never visible before its date, to anyone', () => {
    fc.assert(
      fc.property(viewerArb, docArb, dayArb, dayArb, (viewer, d, today, until) => {
        fc.pre(today < until);
        const delayed = { ...d, omakanta: { ...d.omakanta, delayUntil: until } };
        assert.equal(seen(viewer, delayed, today).visible, false);
      }),
      { numRuns: 3000 },
    );
  });

  test('special content, an unlifted hidden kind, another client, a legacy group: never visible', () => {
    fc.assert(
      fc.property(viewerArb, docArb, dayArb, (viewer, d, today) => {
        const variants: VisibilityDocument[] = [
          { ...d, omakanta: { ...d.omakanta, specialContent: true } },
          { ...d, clients: d.clients.filter((c) => c !== viewer.subject).concat(STRANGER) },
          { ...d, documentGroup: '3' },
          { ...d, status: 'invalidated' },
          ...HIDDEN_KINDS.map((k) => ({
            ...d,
            documentType: k.documentTypes[0]!,
            omakanta: {
              ...d.omakanta,
              automaticHidingLifted: !k.liftable && d.omakanta.automaticHidingLifted,
            },
          })),
        ];
        for (const v of variants) assert.equal(seen(viewer, v, today).visible, false, JSON.stringify(v));
      }),
      { numRuns: 2000 },
    );
  });

  test('a guardian sees only documents marked shown, and nothing at all while barred', () => {
    fc.assert(
      fc.property(docArb, dayArb, barArb, (d, today, bar) => {
        const relations = { ...FAMILY, guardianBars: bar ? [bar] : [] };
        const r = seen({ person: FATHER, subject: CHILD }, d, today, relations);
        if (r.visible) {
          assert.equal(r.basis, 'guardian');
          assert.equal(d.omakanta.shownToGuardian, true);
          assert.ok(!bar || !(bar.start <= today && (bar.end === undefined || today <= bar.end)));
        }
      }),
      { numRuns: 3000 },
    );
  });

  test('restricting never reveals: adding a restriction to a hidden document keeps it hidden', () => {
    fc.assert(
      fc.property(viewerArb, docArb, dayArb, settingsArb, (viewer, d, today, extra) => {
        const before = seen(viewer, d, today).visible;
        const restricted = {
          ...d,
          omakanta: {
            ...d.omakanta,
            ...(extra.specialContent ? { specialContent: true } : {}),
            ...(extra.delayUntil !== undefined && extra.delayUntil > today
              ? { delayUntil: extra.delayUntil }
              : {}),
            ...(extra.shownToGuardian === false ? { shownToGuardian: false } : {}),
          },
        };
        if (!before) assert.equal(seen(viewer, restricted, today).visible, false);
      }),
      { numRuns: 3000 },
    );
  });

  test('the filter and the decision agree on random viewers, documents, dates and bars', (t) => {
    let runs = 0;
    let visible = 0;
    fc.assert(
      fc.property(
        likelyViewerArb,
        docArb,
        dayArb,
        barArb,
        fc.boolean(),
        (viewer, drawn, today, bar, concerns) => {
          const d = concerns
            ? { ...drawn, clients: [...new Set([...drawn.clients, viewer.subject])] }
            : drawn;
          const c = ctx(today, { ...FAMILY, guardianBars: bar ? [bar] : [] });
          const decided = decideVisibility(viewer, d, c).visible;
          assert.equal(evaluateVisibility(visibilityFilter(viewer, c), d), decided);
          runs++;
          if (decided) visible++;
        },
      ),
      { numRuns: 5000 },
    );
    t.diagnostic(`filter/decision agreement: ${runs} random cases, ${visible} visible`);
    assert.ok(visible > runs / 50, `only ${visible} of ${runs} visible`);
  });
});

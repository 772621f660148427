import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClientFacts } from '../access/facts.ts';
import type { Actor } from '../records/types.ts';
import {
  decideVisibilityChange,
  isAutomaticallyHidden,
  needsVisibilityDecision,
  type VisibilityChange,
  type VisibilityChangeContext,
  visibilityUnchanged,
} from './change.ts';
import type { VisibilityDocument } from './predicate.ts';
import type { Relations } from './relations.ts';
import { decideVisibility } from './rules.ts';

const COUNTY = '1.2.246.10.1';
const PRODUCER = '1.2.246.10.7';
const COUNTY_UNIT = `${COUNTY}.10.1`;
const CHILD = 'child';
const PARENT = 'parent';
const TODAY = '2026-06-01';

const actor = (over: Partial<Actor> = {}): Actor => ({
  kind: 'professional',
  professionalId: 'sw-1',
  login: 'sw1',
  name: 'Sosiaalityöntekijä',
  role: 'social_worker',
  organizationOid: COUNTY,
  serviceUnitOids: [COUNTY_UNIT],
  serviceTasks: ['10'],
  registrarOids: [COUNTY],
  strongAuth: true,
  ...over,
});
// The producer's worker writes into the county's register under a register usage right.
const producerWorker = actor({
  professionalId: 'pr-1',
  organizationOid: PRODUCER,
  serviceUnitOids: [`${PRODUCER}.10.1`],
  registrarOids: [PRODUCER, COUNTY],
});
const personalWorker = actor({ professionalId: 'pw-1', role: 'social_instructor', serviceUnitOids: [] });
const otherCountyWorker = actor({ professionalId: 'sw-9', serviceUnitOids: [`${COUNTY}.10.9`] });

const facts: ClientFacts = {
  serviceTasks: [{ registrarOid: COUNTY, serviceTask: '10', start: '2025-01-01' }],
  careRelations: [
    { kind: 'personal_worker', registrarOid: COUNTY, professionalId: 'pw-1', start: '2025-01-01' },
    { kind: 'case', registrarOid: COUNTY, serviceUnitOid: COUNTY_UNIT, start: '2025-01-01' },
  ],
};
const ctx: VisibilityChangeContext = { today: TODAY, facts };

const doc = (over: Partial<VisibilityDocument> = {}): VisibilityDocument => ({
  status: 'active',
  registrarOid: COUNTY,
  organizationOid: PRODUCER,
  clients: [CHILD],
  documentGroup: '5',
  documentType: '19005',
  omakanta: {},
  ...over,
});

function outcome(a: Actor, change: VisibilityChange, d: VisibilityDocument = doc()): string {
  const r = decideVisibilityChange(a, change, d, ctx);
  return r.allowed ? (r.needsConfirmation ? 'pending' : 'ok') : r.rule;
}

const relations: Relations = {
  persons: [
    { key: CHILD, birthDate: '2015-01-01' },
    { key: PARENT, birthDate: '1985-01-01' },
  ],
  guardianships: [{ guardian: PARENT, child: CHILD, start: '2015-01-01' }],
  guardianBars: [],
  mandates: [],
};

describe('visibility changes', () => {
  test('a producer cannot alone hide from the guardian: hidden at once, pending the responsible worker', () => {
    const hide: VisibilityChange = { kind: 'guardian', shown: false, reasonText: 'lapsen etu' };
    const r = decideVisibilityChange(producerWorker, hide, doc({ omakanta: { shownToGuardian: true } }), ctx);
    assert.ok(r.allowed);
    assert.equal(r.needsConfirmation, true);
    assert.equal(r.settings.shownToGuardian, false);
    assert.equal(r.settings.guardianHidingConfirmedBy, undefined);
    const pending = doc({ omakanta: r.settings });
    assert.deepEqual(
      needsVisibilityDecision(pending, { today: TODAY, relations, caseDocumentTypes: [] }).map((n) => n.need),
      ['guardian_hiding_unconfirmed'],
    );
    // Hidden from the guardian while pending: protection first.
    const seen = decideVisibility({ person: PARENT, subject: CHILD }, pending, { today: TODAY, relations });
    assert.equal(!seen.visible && seen.rule, 'not_shown_to_guardian');
    // The producer's and a non-responsible county worker's confirmation is refused; the personal worker's counts.
    assert.equal(
      outcome(producerWorker, { kind: 'confirm_guardian_hiding' }, pending),
      'responsible_worker_required',
    );
    assert.equal(
      outcome(otherCountyWorker, { kind: 'confirm_guardian_hiding' }, pending),
      'responsible_worker_required',
    );
    const c = decideVisibilityChange(personalWorker, { kind: 'confirm_guardian_hiding' }, pending, ctx);
    assert.ok(c.allowed && !c.needsConfirmation);
    assert.equal(c.settings.guardianHidingConfirmedBy, 'pw-1');
    const confirmed = doc({ omakanta: c.settings });
    assert.deepEqual(
      needsVisibilityDecision(confirmed, { today: TODAY, relations, caseDocumentTypes: [] }),
      [],
    );
    // Once confirmed, the producer cannot show it to the guardian again; the responsible worker can.
    assert.equal(
      outcome(producerWorker, { kind: 'guardian', shown: true }, confirmed),
      'guardian_hiding_confirmed',
    );
    assert.equal(outcome(actor(), { kind: 'guardian', shown: true }, confirmed), 'ok');
  });

  test("the organizer's responsible worker hides from the guardian with immediate effect", () => {
    const r = decideVisibilityChange(
      actor(),
      { kind: 'guardian', shown: false, reasonText: 'turvallisuus' },
      doc(),
      ctx,
    );
    assert.ok(r.allowed && !r.needsConfirmation);
    assert.equal(r.settings.guardianHidingConfirmedBy, 'sw-1');
    assert.equal(r.settings.restrictionText, 'turvallisuus');
    // A county social worker with no tie to the client is not responsible: pending.
    assert.equal(outcome(otherCountyWorker, { kind: 'guardian', shown: false, reasonText: 'x' }), 'pending');
    // An ended relation does not make a responsible worker.
    const ended: VisibilityChangeContext = {
      today: TODAY,
      facts: { ...facts, careRelations: facts.careRelations.map((r) => ({ ...r, end: '2026-05-31' })) },
    };
    const e = decideVisibilityChange(
      personalWorker,
      { kind: 'guardian', shown: false, reasonText: 'x' },
      doc(),
      ended,
    );
    assert.ok(e.allowed && e.needsConfirmation);
  });

  test('producers may delay and mark special content; reasons are required', () => {
    const delay = decideVisibilityChange(
      producerWorker,
      { kind: 'delay', until: '2026-09-01', reasonCode: '1', reasonText: ' kesken oleva arvio ' },
      doc(),
      ctx,
    );
    assert.ok(delay.allowed && !delay.needsConfirmation);
    assert.deepEqual(delay.settings, {
      delayUntil: '2026-09-01',
      restrictionReason: '1',
      restrictionText: 'kesken oleva arvio',
      visibilityDecidedBy: 'pr-1',
    });
    assert.equal(outcome(producerWorker, { kind: 'mark_special_content', reasonText: 'vaarantaa' }), 'ok');
    assert.equal(
      outcome(producerWorker, { kind: 'mark_special_content', reasonText: '  ' }),
      'reason_required',
    );
    assert.equal(
      outcome(producerWorker, { kind: 'mark_special_content', reasonText: 'x'.repeat(2001) }),
      'reason_too_long',
    );
    assert.equal(outcome(producerWorker, { kind: 'guardian', shown: false }), 'reason_required');
    assert.equal(
      outcome(producerWorker, { kind: 'delay', until: '2026-02-30', reasonText: 'x' }),
      'delay_date_invalid',
    );
    assert.equal(
      outcome(producerWorker, { kind: 'delay', until: TODAY, reasonText: 'x' }),
      'delay_not_future',
    );
    assert.equal(outcome(producerWorker, { kind: 'end_delay', reasonText: 'x' }), 'no_delay');
    const ended = decideVisibilityChange(
      producerWorker,
      { kind: 'end_delay', reasonText: 'arvio valmis' },
      doc({ omakanta: { delayUntil: '2026-09-01' } }),
      ctx,
    );
    assert.ok(ended.allowed);
    assert.equal(ended.settings.delayUntil, undefined);
  });

  test('removing a special-content marking is for the responsible worker only', () => {
    const marked = doc({ omakanta: { specialContent: true } });
    const change: VisibilityChange = { kind: 'remove_special_content', reasonText: 'virheellinen merkintä' };
    assert.equal(outcome(producerWorker, change, marked), 'responsible_worker_required');
    assert.equal(outcome(personalWorker, change, marked), 'ok');
    assert.equal(outcome(personalWorker, change, doc()), 'no_special_content');
  });

  test('who may change at all: roles, register, status', () => {
    const ok: VisibilityChange = { kind: 'mark_special_content', reasonText: 'x' };
    for (const role of ['practical_nurse', 'office_worker', 'archivist', 'admin'] as const) {
      assert.equal(outcome(actor({ role }), ok), 'change_role', role);
    }
    assert.equal(outcome(actor({ registrarOids: [PRODUCER] }), ok), 'change_registrar');
    assert.equal(outcome(actor(), ok, doc({ status: 'invalidated' })), 'change_invalidated');
  });

  test('only adoption counselling hiding can be lifted, and lifting shows it', () => {
    const lift: VisibilityChange = { kind: 'lift_automatic_hiding', reasonText: 'asiakas pyysi' };
    const adoption = doc({ documentType: '7000', clients: [PARENT] });
    assert.ok(isAutomaticallyHidden(adoption));
    const r = decideVisibilityChange(actor(), lift, adoption, ctx);
    assert.ok(r.allowed);
    const lifted = { ...adoption, omakanta: r.settings };
    assert.equal(isAutomaticallyHidden(lifted), false);
    assert.equal(
      decideVisibility({ person: PARENT, subject: PARENT }, lifted, { today: TODAY, relations }).visible,
      true,
    );
    for (const type of ['1011', '7005', '9002', '19005']) {
      assert.equal(outcome(actor(), lift, doc({ documentType: type })), 'not_liftable', type);
    }
  });
});

describe('needs a visibility decision', () => {
  const nctx = (caseDocumentTypes: string[]) => ({ today: TODAY, relations, caseDocumentTypes });

  test('a narrative entry of a custody investigation case is flagged, not hidden, until the worker decides', () => {
    const entry = doc({ clients: [PARENT], documentType: '19005' });
    assert.deepEqual(
      needsVisibilityDecision(entry, nctx(['7005', '19005'])).map((n) => n.need),
      ['custody_investigation_entry'],
    );
    // Still shown to the client meanwhile (the seed: not hidden automatically).
    assert.equal(
      decideVisibility({ person: PARENT, subject: PARENT }, entry, { today: TODAY, relations }).visible,
      true,
    );
    assert.deepEqual(needsVisibilityDecision(entry, nctx(['11003'])), []);
    assert.deepEqual(
      needsVisibilityDecision(doc({ clients: [PARENT], documentType: '11003' }), nctx(['7005'])),
      [],
    );
    const kept = decideVisibilityChange(actor(), { kind: 'keep_shown' }, entry, ctx);
    assert.ok(kept.allowed);
    assert.deepEqual(needsVisibilityDecision({ ...entry, omakanta: kept.settings }, nctx(['7005'])), []);
    const hidden = decideVisibilityChange(
      actor(),
      { kind: 'mark_special_content', reasonText: 'x' },
      entry,
      ctx,
    );
    assert.ok(hidden.allowed);
    assert.deepEqual(needsVisibilityDecision({ ...entry, omakanta: hidden.settings }, nctx(['7005'])), []);
  });

  test("a minor's document without a guardian marking is flagged; an adult's is not", () => {
    assert.deepEqual(
      needsVisibilityDecision(doc(), nctx([])).map((n) => n.need),
      ['guardian_marking_missing'],
    );
    assert.deepEqual(needsVisibilityDecision(doc({ omakanta: { shownToGuardian: true } }), nctx([])), []);
    assert.deepEqual(needsVisibilityDecision(doc({ clients: [PARENT] }), nctx([])), []);
    // Unknown birth date: asked, as if a minor.
    assert.deepEqual(
      needsVisibilityDecision(doc({ clients: ['unknown'] }), nctx([])).map((n) => n.need),
      ['guardian_marking_missing'],
    );
  });
});

test('a correction leaves visibility unchanged only with the same settings', () => {
  assert.equal(visibilityUnchanged({ specialContent: false }, { specialContent: false }), true);
  assert.equal(visibilityUnchanged({}, { guardianHidingConfirmedBy: 'x' } as never), true);
  assert.equal(visibilityUnchanged({ specialContent: true }, {}), false);
  assert.equal(visibilityUnchanged({}, { delayUntil: '2027-01-01' }), false);
});

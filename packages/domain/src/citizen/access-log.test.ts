import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HIDDEN_KINDS } from '../visibility/kinds.ts';
import { evaluateVisibility, type VisibilityDocument } from '../visibility/predicate.ts';
import { type CitizenViewBasis, citizenLogDisclosure, neverShownPredicate } from './access-log.ts';

describe('citizen access log disclosure', () => {
  test('every combination: documents hidden from the viewer take the details; on behalf, also the actor', () => {
    let cases = 0;
    for (const basis of ['self', 'guardian', 'mandate'] as CitizenViewBasis[])
      for (const hiddenDocuments of [0, 1, 3])
        for (const actorDidNeverShownWork of [false, true]) {
          const d = citizenLogDisclosure({ basis, hiddenDocuments, actorDidNeverShownWork });
          const onBehalf = basis !== 'self';
          // Oracle written out: what each viewer may learn.
          const actor = onBehalf ? hiddenDocuments === 0 && !actorDidNeverShownWork : true;
          const details = hiddenDocuments === 0 && (!onBehalf || !actorDidNeverShownWork);
          assert.equal(d.actor, actor, `${basis} ${hiddenDocuments} ${actorDidNeverShownWork}`);
          assert.equal(d.details, details, `${basis} ${hiddenDocuments} ${actorDidNeverShownWork}`);
          assert.equal(d.rule === undefined, actor && details);
          if (d.rule) assert.ok(d.reason && d.reasonFi);
          cases++;
        }
    assert.equal(cases, 18);
  });

  test('the self viewer sees who did never-shown work: they know where they were', () => {
    assert.deepEqual(
      citizenLogDisclosure({ basis: 'self', hiddenDocuments: 0, actorDidNeverShownWork: true }),
      {
        actor: true,
        details: true,
      },
    );
  });
});

describe('never-shown documents', () => {
  const doc = (documentType: string, omakanta: VisibilityDocument['omakanta'] = {}): VisibilityDocument => ({
    status: 'active',
    registrarOid: '1.2.246.10.1',
    organizationOid: '1.2.246.10.1',
    clients: ['c'],
    documentGroup: '5',
    documentType,
    omakanta,
  });
  const never = neverShownPredicate();

  test('every hidden kind and special content; not a delay or a guardian marking', () => {
    for (const kind of HIDDEN_KINDS) {
      for (const type of kind.documentTypes)
        assert.ok(evaluateVisibility(never, doc(type)), `${kind.name} ${type}`);
    }
    assert.ok(evaluateVisibility(never, doc('11003', { specialContent: true })));
    assert.ok(!evaluateVisibility(never, doc('11003')));
    assert.ok(!evaluateVisibility(never, doc('11003', { delayUntil: '2099-01-01', shownToGuardian: false })));
  });

  test('a lifted adoption counselling document is shown, so no longer never-shown work', () => {
    assert.ok(evaluateVisibility(never, doc('7000')));
    assert.ok(!evaluateVisibility(never, doc('7000', { automaticHidingLifted: true })));
    // Lifting applies only to the liftable kind.
    assert.ok(evaluateVisibility(never, doc('1011', { automaticHidingLifted: true })));
  });
});

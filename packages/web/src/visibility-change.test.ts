import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Visibility } from './api/index.ts';
import { changeOf, offeredKinds } from './visibility-change.ts';

const view = (omakanta: Visibility['omakanta'], more: Partial<Visibility> = {}): Visibility => ({
  setId: '1.2.3',
  version: 1,
  omakanta,
  automaticallyHidden: false,
  needs: [],
  client: [],
  guardian: [],
  ...more,
});

test('the changes offered follow the settings as they are', () => {
  assert.deepEqual(offeredKinds(view({})), [
    'delay',
    'mark_special_content',
    'guardian_hide',
    'guardian_show',
  ]);
  assert.deepEqual(
    offeredKinds(view({ delayUntil: '2030-01-01', specialContent: true, shownToGuardian: true })),
    ['delay', 'end_delay', 'remove_special_content', 'guardian_hide'],
  );
  // Hidden from the guardian by someone who is not the responsible worker: confirm or show.
  assert.deepEqual(offeredKinds(view({ shownToGuardian: false })), [
    'delay',
    'mark_special_content',
    'guardian_show',
    'confirm_guardian_hiding',
  ]);
  assert.ok(
    !offeredKinds(view({ shownToGuardian: false, guardianHidingConfirmedBy: 'p' })).includes(
      'confirm_guardian_hiding',
    ),
  );
  const adoption = view(
    {},
    {
      hiddenKind: { name: 'adoption', rule: 'adoption_counselling', liftable: true },
      automaticallyHidden: true,
    },
  );
  assert.ok(offeredKinds(adoption).includes('lift_automatic_hiding'));
  const flagged = view({}, { needs: [{ need: 'custody_investigation_entry', reason: 'r', reasonFi: 'r' }] });
  assert.ok(offeredKinds(flagged).includes('keep_shown'));
});

test('each change is the body the API takes', () => {
  const values = { until: ' 2030-01-01 ', reasonCode: '1', reasonText: ' Kerrotaan ensin. ' };
  assert.deepEqual(changeOf('delay', values), {
    kind: 'delay',
    until: '2030-01-01',
    reasonCode: '1',
    reasonText: 'Kerrotaan ensin.',
  });
  assert.deepEqual(changeOf('mark_special_content', { ...values, reasonCode: '' }), {
    kind: 'mark_special_content',
    reasonText: 'Kerrotaan ensin.',
  });
  assert.deepEqual(changeOf('guardian_hide', values), {
    kind: 'guardian',
    shown: false,
    reasonText: 'Kerrotaan ensin.',
  });
  assert.deepEqual(changeOf('guardian_show', { ...values, reasonText: '  ' }), {
    kind: 'guardian',
    shown: true,
  });
  assert.deepEqual(changeOf('end_delay', values), { kind: 'end_delay', reasonText: 'Kerrotaan ensin.' });
  assert.deepEqual(changeOf('keep_shown', values), { kind: 'keep_shown' });
  // An empty reason is sent as it is: the domain refuses it at the field (reason_required).
  assert.deepEqual(changeOf('lift_automatic_hiding', { ...values, reasonText: '' }), {
    kind: 'lift_automatic_hiding',
    reasonText: '',
  });
});

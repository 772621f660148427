import assert from 'node:assert/strict';
import { test } from 'node:test';
import { helsinkiOffset, instantOfDay } from './instant.ts';

test('the Finnish offset follows daylight saving time', () => {
  assert.equal(helsinkiOffset('2025-01-15'), '+02:00');
  assert.equal(helsinkiOffset('2025-07-15'), '+03:00');
  // The last Sunday of March 2025 (30th) is already summer time at noon.
  assert.equal(helsinkiOffset('2025-03-30'), '+03:00');
  assert.equal(helsinkiOffset('2025-03-29'), '+02:00');
});

test('a chosen day becomes the start of that day in Finland, today the server now', () => {
  assert.equal(instantOfDay('2025-11-20', '2025-11-23'), '2025-11-20T00:00:00+02:00');
  assert.equal(instantOfDay('2025-06-01', '2025-11-23'), '2025-06-01T00:00:00+03:00');
  assert.equal(instantOfDay(' 2025-11-23 ', '2025-11-23'), undefined);
  // The day stays the same when read back as a date.
  assert.equal(instantOfDay('2025-06-01', '2025-11-23')!.slice(0, 10), '2025-06-01');
});

test('what is not a date is sent as typed for the server to refuse at the field', () => {
  assert.equal(instantOfDay('2025-13-01', '2025-11-23'), '2025-13-01');
  assert.equal(instantOfDay('2025-02-30', '2025-11-23'), '2025-02-30');
  assert.equal(instantOfDay('eilen', '2025-11-23'), 'eilen');
});

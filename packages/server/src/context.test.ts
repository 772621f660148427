import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finnishDate } from './context.ts';

const fresh = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

test('finnishDate, which keeps the last UTC hour, agrees with Intl every 5 minutes across both 2026 DST changes and midnights', () => {
  // 2026-03-29 01:00 UTC (+2 → +3) and 2026-10-25 01:00 UTC (+3 → +2), with the midnights around them.
  for (const [from, to] of [
    [Date.UTC(2026, 2, 27, 18), Date.UTC(2026, 2, 30, 6)],
    [Date.UTC(2026, 9, 23, 18), Date.UTC(2026, 9, 26, 6)],
  ] as const) {
    for (let ms = from; ms <= to; ms += 5 * 60_000) {
      const at = new Date(ms);
      assert.equal(finnishDate(at), fresh.format(at), at.toISOString());
    }
  }
  // Finnish midnight in winter is 22:00 UTC, in summer 21:00 UTC.
  assert.equal(finnishDate(new Date('2026-01-15T21:59:59.999Z')), '2026-01-15');
  assert.equal(finnishDate(new Date('2026-01-15T22:00:00.000Z')), '2026-01-16');
  assert.equal(finnishDate(new Date('2026-07-15T20:59:59.999Z')), '2026-07-15');
  assert.equal(finnishDate(new Date('2026-07-15T21:00:00.000Z')), '2026-07-16');
});

test('finnishDate before 1921-05-01 (Helsinki mean time, +1:39:49) is formatted every time, not kept by the hour', () => {
  // 22:20:11 UTC is midnight in Helsinki mean time: the same UTC hour holds two Finnish dates.
  assert.equal(finnishDate(new Date('1920-06-01T22:10:00Z')), fresh.format(new Date('1920-06-01T22:10:00Z')));
  assert.equal(finnishDate(new Date('1920-06-01T22:30:00Z')), fresh.format(new Date('1920-06-01T22:30:00Z')));
  assert.notEqual(
    finnishDate(new Date('1920-06-01T22:10:00Z')),
    finnishDate(new Date('1920-06-01T22:30:00Z')),
  );
});

test('finnishDate of an invalid date still throws', () => {
  assert.throws(() => finnishDate(new Date(Number.NaN)), RangeError);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDate, formatInstant, nameIn, personIdentifier } from './format.ts';

test('dates are shown in each language without shifting the day', () => {
  assert.equal(formatDate('2024-03-05', 'fi'), '5.3.2024');
  assert.equal(formatDate('2024-03-05', 'en'), '05/03/2024');
  assert.match(formatDate('2024-03-05', 'sv'), /^(5\.3\.2024|2024-03-05)$/);
  assert.equal(formatDate('2024-03', 'fi'), '3/2024');
  assert.equal(formatDate('2024', 'sv'), '2024');
  assert.equal(formatDate(undefined, 'fi'), '');
});

test('recording times are shown in Finnish time', () => {
  // 22:30 UTC on 31 December is already the next day in Helsinki (UTC+2).
  assert.match(formatInstant('2023-12-31T22:30:00Z', 'fi'), /^1\.1\.2024/);
});

test('names fall back to Finnish and identifiers to the temporary one', () => {
  assert.equal(nameIn({ fi: 'Lastensuojelu', sv: 'Barnskydd' }, 'en'), 'Lastensuojelu');
  assert.equal(nameIn({ fi: 'Lastensuojelu', sv: 'Barnskydd' }, 'sv'), 'Barnskydd');
  assert.equal(personIdentifier({ temporaryId: { value: 'T1' } }), 'T1');
  assert.equal(personIdentifier({ hetu: '010101-123N', temporaryId: { value: 'T1' } }), '010101-123N');
});

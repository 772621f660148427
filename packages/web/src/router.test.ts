import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { href, parseRoute } from './router.ts';

test('every link the app makes parses back to its route', () => {
  const key = fc.string({ minLength: 1, maxLength: 40 });
  fc.assert(
    fc.property(key, key, fc.integer({ min: 1, max: 999 }), (clientKey, setId, version) => {
      assert.deepEqual(parseRoute(href.client(clientKey)), { name: 'client', clientKey });
      assert.deepEqual(parseRoute(href.record(clientKey)), { name: 'record', clientKey });
      assert.deepEqual(parseRoute(href.document(clientKey, setId)), { name: 'document', clientKey, setId });
      assert.deepEqual(parseRoute(href.document(clientKey, setId, version)), {
        name: 'document',
        clientKey,
        setId,
        version,
      });
      assert.deepEqual(parseRoute(href.correct(clientKey, setId)), { name: 'correct', clientKey, setId });
      assert.deepEqual(parseRoute(href.compare(clientKey, setId, version, version + 1)), {
        name: 'compare',
        clientKey,
        setId,
        from: version,
        to: version + 1,
      });
    }),
  );
});

test("the producer's rights page has its own address", () => {
  assert.deepEqual(parseRoute(href.rights()), { name: 'rights' });
  assert.deepEqual(parseRoute('#/usage-rights/x'), { name: 'search' });
});

test('anything else is the search page', () => {
  for (const h of [
    '',
    '#',
    '#/',
    '#/nothing',
    '#/clients',
    '#/clients/a/b',
    '#/clients/a/documents/s/versions/x',
    '#/clients/a/documents/s/compare/1',
    '#/clients/a/documents/s/compare/1/x',
    '#/%E0%A4%A',
  ]) {
    assert.deepEqual(parseRoute(h), { name: 'search' }, h);
  }
});

test('the error reports page has its own address', () => {
  assert.deepEqual(parseRoute(href.flags()), { name: 'flags' });
  assert.deepEqual(parseRoute('#/error-flags/x'), { name: 'search' });
});

test('the own settings and the staff pages have their own addresses', () => {
  assert.deepEqual(parseRoute(href.settings()), { name: 'settings' });
  assert.deepEqual(parseRoute(href.staff()), { name: 'staff' });
  assert.deepEqual(parseRoute('#/settings/x'), { name: 'search' });
  assert.deepEqual(parseRoute('#/staff/x'), { name: 'search' });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CitizenPage, citizenHref, parseCitizenRoute } from './route.ts';

const KEY = '0b6f3a52-4c1e-4d7a-9a55-0d7c2f1e9b10';

test('every portal route survives its own link, for oneself and on behalf', () => {
  const views: CitizenPage[] = [
    { page: 'documents' },
    { page: 'document', setId: '1.2.246.10.1.95.2026.7' },
    { page: 'services' },
    { page: 'log' },
    { page: 'reports' },
  ];
  for (const as of [undefined, KEY]) {
    for (const view of views) {
      assert.deepEqual(parseCitizenRoute(citizenHref(as, view)), { ...(as ? { as } : {}), view });
    }
  }
});

test('anything else is the document list; a malformed person is ignored', () => {
  assert.deepEqual(parseCitizenRoute('#/oma/nonsense/x/y'), { view: { page: 'documents' } });
  assert.deepEqual(parseCitizenRoute('#/oma/as/not-a-key/log'), { view: { page: 'documents' } });
  assert.deepEqual(parseCitizenRoute(`#/oma/as/${KEY.toUpperCase()}/log`), {
    as: KEY,
    view: { page: 'log' },
  });
});

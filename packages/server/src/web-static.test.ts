import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { migrate, openStore } from '@varanto/store';
import { createTestDatabase, testEngines } from '@varanto/store/testing';
import { buildServer } from './server.ts';

const [engine] = await testEngines();

describe('the web UI served beside the API', async () => {
  const db = await createTestDatabase(engine!);
  await migrate(db.url);
  const store = await openStore({ url: db.url });
  const root = mkdtempSync(join(tmpdir(), 'varanto-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><title>Varanto</title><script src="/assets/app.js"></script>',
  );
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log("varanto")');
  const app = await buildServer({ store, config: { sessionSecret: 'w'.repeat(40) }, webRoot: root });
  after(async () => {
    await app.close();
    await store.close();
    await db.drop();
  });

  test('the bundle loads without a login, under a CSP that lets it run its own scripts', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /<title>Varanto<\/title>/);
    assert.match(page.headers['content-security-policy'] as string, /default-src 'self'/);
    const js = await app.inject({ method: 'GET', url: '/assets/app.js' });
    assert.equal(js.statusCode, 200);
  });

  test('the API keeps its own rules: authentication, problem+json 404s, its strict CSP', async () => {
    const docs = await app.inject({ method: 'GET', url: '/documents' });
    assert.equal(docs.statusCode, 401);
    const missing = await app.inject({ method: 'GET', url: '/assets/nope.js' });
    assert.equal(missing.statusCode, 404);
    assert.match(missing.headers['content-type'] as string, /application\/problem\+json/);
    const health = await app.inject({ method: 'GET', url: '/health' });
    assert.match(health.headers['content-security-policy'] as string, /default-src 'none'/);
  });
});

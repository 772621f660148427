// Statements prepared by the connection handlers are given: the same results, the session holds
// the statement after its second use, and what cannot or should not be prepared passes through.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createTestStore, type TestStore, testEngines } from '@varanto/store/testing';
import { preparing, statementName } from './prepared.ts';

test('a text gets a name from its second use on, always the same', () => {
  const text = `SELECT $1::text AS x /* ${randomUUID()} */`;
  assert.equal(statementName(text), undefined);
  const name = statementName(text);
  assert.match(name ?? '', /^varanto_q_[0-9a-f]{24}$/);
  assert.equal(statementName(text), name);
  assert.notEqual(statementName(`${text} `) ?? statementName(`${text} `), name);
});

for (const engine of await testEngines()) {
  describe(`prepared statements (${engine.name})`, async () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(engine);
    });
    after(() => t.close());

    test('parameterized queries are prepared and answer as before; others pass through', async () => {
      const client = await t.store.pool.connect();
      try {
        const tx = preparing(client);
        const text = `SELECT $1::int + 1 AS n, $2::text AS s /* ${randomUUID()} */`;
        const answers = [];
        for (let i = 0; i < 3; i++) answers.push((await tx.query(text, [i, 'ä'])).rows[0]);
        assert.deepEqual(answers, [
          { n: 1, s: 'ä' },
          { n: 2, s: 'ä' },
          { n: 3, s: 'ä' },
        ]);
        const configured = await tx.query<{ n: number }>({ text, values: [41, 'x'] });
        assert.equal(configured.rows[0]?.n, 42);
        const held = await client.query<{ statement: string }>(
          'SELECT statement FROM pg_prepared_statements WHERE name = $1',
          [statementName(text)],
        );
        assert.equal(held.rows[0]?.statement, text);
        // Several statements without parameters cannot be prepared: they run as sent.
        const multi = await tx.query('SELECT 1 AS a; SELECT 2 AS b');
        assert.equal((multi as unknown as { rows: unknown[] }[]).length, 2);
        // An explicitly named statement keeps its name.
        await tx.query({ name: 'caller_named', text: 'SELECT $1::int AS v', values: [7] });
        const named = await client.query('SELECT 1 FROM pg_prepared_statements WHERE name = $1', [
          'caller_named',
        ]);
        assert.equal(named.rowCount, 1);
        // An error leaves the connection usable and the statement preparable later.
        const failing = `SELECT 1 / $1::int AS q /* ${randomUUID()} */`;
        await assert.rejects(tx.query(failing, [0]), /division by zero/);
        await assert.rejects(tx.query(failing, [0]), /division by zero/);
        assert.equal((await tx.query(failing, [1])).rows[0]?.q, 1);
      } finally {
        client.release();
      }
    });
  });
}

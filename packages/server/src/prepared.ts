// Prepared statements for every query a request runs. PostgreSQL parses and plans an unnamed
// statement on every execution; for the short lookups of a request that is most of the cost
// (bench/statements.ts: a client list's search 3.3 ms unnamed, 1.4 ms prepared; a document
// lookup 0.29 ms against 0.17 ms). The handlers and store functions write plain parameterized SQL;
// the connection they are given names each statement by the hash of its text, once the text has
// been seen before (a text that never recurs is not worth a slot), up to a bound per process, so a
// statement shape that varies without end cannot make every session grow.
import { createHash } from 'node:crypto';
import type { Tx } from '@varanto/store';

const PREPARE_AFTER_USES = 2;
const MAX_PREPARED = 500;
const MAX_CANDIDATES = 10_000;
const prepared = new Map<string, string>();
const candidates = new Map<string, number>();

/** The name to prepare `text` under, or undefined to run it unnamed. */
export function statementName(text: string): string | undefined {
  const known = prepared.get(text);
  if (known !== undefined) return known;
  if (prepared.size >= MAX_PREPARED) return undefined;
  const uses = (candidates.get(text) ?? 0) + 1;
  if (uses < PREPARE_AFTER_USES) {
    if (candidates.size >= MAX_CANDIDATES) candidates.clear();
    candidates.set(text, uses);
    return undefined;
  }
  candidates.delete(text);
  const name = `varanto_q_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
  prepared.set(text, name);
  return name;
}

interface QueryConfigLike {
  text?: unknown;
  name?: unknown;
  values?: unknown;
  submit?: unknown;
  rowMode?: unknown;
  types?: unknown;
}

/**
 * `client` with its parameterized queries prepared. Only queries with parameters are touched: a
 * text without them may hold several statements, which cannot be prepared. Named statements,
 * cursors and streams (submittables) and callback calls pass through as they are.
 */
export function preparing(client: Tx): Tx {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'query') {
        return (config: unknown, values?: unknown, callback?: unknown) => {
          if (callback === undefined && typeof values !== 'function') {
            if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
              const name = statementName(config);
              if (name) return target.query({ name, text: config, values });
            } else if (typeof config === 'object' && config !== null && values === undefined) {
              const c = config as QueryConfigLike;
              if (
                typeof c.text === 'string' &&
                c.name === undefined &&
                c.submit === undefined &&
                c.types === undefined &&
                Array.isArray(c.values) &&
                c.values.length > 0
              ) {
                const name = statementName(c.text);
                if (name) return target.query({ ...(c as object), name } as never);
              }
            }
          }
          return (target.query as (...a: unknown[]) => unknown)(
            ...[config, values, callback].slice(0, callback !== undefined ? 3 : values !== undefined ? 2 : 1),
          );
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

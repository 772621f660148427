// Input that is valid JSON but cannot be kept faithfully is refused before anything else looks at
// it: PostgreSQL cannot store a NUL character in text or jsonb, a lone UTF-16 surrogate is not a
// character at all, and nesting deeper than any document structure only serves to exhaust a stack
// somewhere downstream. Refusing here turns each into a 400 with its JSON Pointer instead of a 500
// from the database or a RangeError from a recursive walk.
import type { FastifyInstance } from 'fastify';
import { ProblemError, type ProblemFieldError, problem } from './problem.ts';

/** Deeper than any THL structure (about ten levels) by a wide margin. */
export const MAX_JSON_DEPTH = 64;

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function unstorableText(s: string): boolean {
  return s.includes('\u0000') || LONE_SURROGATE.test(s);
}

function pointerSegment(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** The first unstorable thing in a parsed JSON value, found without recursion. */
export function findUnstorable(
  value: unknown,
  maxDepth = MAX_JSON_DEPTH,
): { path: string; code: 'nul_or_surrogate' | 'too_deep'; message: string } | undefined {
  const stack: [unknown, string, number][] = [[value, '', 0]];
  while (stack.length > 0) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (unstorableText(v)) {
        return {
          path,
          code: 'nul_or_surrogate',
          message: 'text contains a NUL character or a lone surrogate',
        };
      }
    } else if (typeof v === 'object' && v !== null) {
      if (depth >= maxDepth)
        return { path, code: 'too_deep', message: `nested deeper than ${maxDepth} levels` };
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}/${i}`, depth + 1]);
      } else {
        for (const [k, child] of Object.entries(v)) {
          const at = `${path}/${pointerSegment(k)}`;
          if (unstorableText(k)) {
            return {
              path: at,
              code: 'nul_or_surrogate',
              message: 'a property name contains a NUL or a lone surrogate',
            };
          }
          stack.push([child, at, depth + 1]);
        }
      }
    }
  }
  return undefined;
}

export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const parts: [unknown, ProblemFieldError['in']][] = [
      [request.params, 'path'],
      [request.query, 'query'],
      [request.body, 'body'],
    ];
    for (const [value, part] of parts) {
      const bad = findUnstorable(value);
      if (bad) {
        throw new ProblemError(
          problem('bad-request', `The request cannot be stored as sent: ${bad.message}.`, {
            errors: [{ path: bad.path, code: bad.code, message: bad.message, in: part }],
          }),
        );
      }
    }
  });
}

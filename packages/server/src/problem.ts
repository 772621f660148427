// Every error the API returns is an RFC 9457 problem document (application/problem+json), whoever
// raised it: a handler, the access policy, Fastify's own body parser and schema validation, the
// router's 404, the rate limiter. Bad input never becomes a 5xx; a 5xx never shows internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://varanto.fi/problems/';

/** One thing wrong with the input: where (JSON Pointer), what, and a stable code for programs. */
export interface ProblemFieldError {
  /** RFC 6901 pointer into the part named by `in` (the JSON body unless said otherwise). */
  path: string;
  message: string;
  code: string;
  in?: 'body' | 'query' | 'path' | 'header';
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: ProblemFieldError[];
  /** The version now current, for a 409 on a stale correction. */
  currentVersion?: number;
  /** The access or lifecycle rule that refused, when naming it reveals nothing hidden. */
  rule?: string;
}

export type ProblemKind =
  | 'bad-request'
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'strong-authentication-required'
  | 'not-found'
  | 'conflict'
  | 'version-conflict'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'unprocessable'
  | 'rate-limited'
  | 'unavailable'
  | 'internal';

const TITLES: Record<ProblemKind, [number, string]> = {
  'bad-request': [400, 'Bad request'],
  validation: [400, 'The request does not match the API schema'],
  unauthenticated: [401, 'Authentication required'],
  forbidden: [403, 'Forbidden'],
  'strong-authentication-required': [403, 'Strong authentication required'],
  'not-found': [404, 'Not found'],
  conflict: [409, 'Conflict'],
  'version-conflict': [409, 'The document has a newer version'],
  'payload-too-large': [413, 'Request body too large'],
  'unsupported-media-type': [415, 'Unsupported media type'],
  unprocessable: [422, 'The content is not valid'],
  'rate-limited': [429, 'Too many requests'],
  unavailable: [503, 'Service unavailable'],
  internal: [500, 'Internal error'],
};

export function problem(
  kind: ProblemKind,
  detail?: string,
  extra: Partial<Omit<Problem, 'type' | 'title' | 'status'>> = {},
): Problem {
  const [status, title] = TITLES[kind];
  return {
    type: `${TYPE_BASE}${kind}`,
    title,
    status,
    ...(detail !== undefined ? { detail } : {}),
    ...extra,
  };
}

/** Thrown by handlers to answer with a problem; the error handler sends it as is. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  get statusCode(): number {
    return this.problem.status;
  }
}

export function fail(kind: ProblemKind, detail?: string, extra?: Partial<Problem>): never {
  throw new ProblemError(problem(kind, detail, extra));
}

/**
 * The one answer for "not found" and "not yours". A caller must not learn that a document exists
 * by being refused it, so both produce exactly this body.
 */
export function notFound(): ProblemError {
  return new ProblemError(problem('not-found', 'No such resource, or it is not available to you.'));
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, p: Problem): FastifyReply {
  return reply
    .code(p.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ ...p, instance: p.instance ?? request.url });
}

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

const PARTS: Record<string, ProblemFieldError['in']> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

function fieldErrors(issues: readonly ValidationIssue[], context: string | undefined): ProblemFieldError[] {
  const part = PARTS[context ?? 'body'] ?? 'body';
  const out: ProblemFieldError[] = [];
  for (const i of issues) {
    const path = i.instancePath ?? '';
    // Name the offending property itself, not the object that holds it.
    const extra = i.params?.additionalProperties;
    if (i.keyword === 'additionalProperties' && Array.isArray(extra)) {
      for (const k of extra)
        out.push({
          path: `${path}/${String(k)}`,
          message: 'unknown property',
          code: 'unknown_property',
          in: part,
        });
      continue;
    }
    const missing = i.params?.requiredProperties ?? i.params?.missingProperty;
    if (i.keyword === 'required' && missing !== undefined) {
      for (const k of Array.isArray(missing) ? missing : [missing]) {
        out.push({
          path: `${path}/${String(k)}`,
          message: 'required property is missing',
          code: 'required',
          in: part,
        });
      }
      continue;
    }
    // TypeBox reports an unknown property twice (once as "schema is false" on the property).
    if (i.keyword === 'boolean') continue;
    out.push({ path, message: i.message ?? 'invalid', code: i.keyword ?? 'invalid', in: part });
  }
  return out;
}

function isFastifyError(e: unknown): e is FastifyError {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string';
}

const BY_CODE: Record<string, ProblemKind> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad-request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad-request',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad-request',
};

/** Maps anything thrown during a request to its problem document. */
export function toProblem(error: unknown): { problem: Problem; internal: boolean } {
  if (error instanceof ProblemError) return { problem: error.problem, internal: false };
  if (isFastifyError(error)) {
    if (error.validation) {
      return {
        problem: problem('validation', error.message, {
          errors: fieldErrors(error.validation as ValidationIssue[], error.validationContext),
        }),
        internal: false,
      };
    }
    const kind = BY_CODE[error.code];
    if (kind) return { problem: problem(kind, error.message), internal: false };
    // Other client errors Fastify or a plugin raises (their messages describe the request only).
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return {
        problem: { type: `${TYPE_BASE}client-error`, title: 'Bad request', status, detail: error.message },
        internal: false,
      };
    }
  } else if (error instanceof SyntaxError) {
    return {
      problem: problem('bad-request', `The body is not valid JSON: ${error.message}`),
      internal: false,
    };
  }
  return { problem: problem('internal', 'An internal error occurred; it has been logged.'), internal: true };
}

/** Installs the error and 404 handlers so that every failure answers with problem+json. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { problem: p, internal } = toProblem(error);
    if (internal) request.log.error({ err: error }, 'internal error');
    return sendProblem(reply, request, p);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, request, notFound().problem));
}

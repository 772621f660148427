// buildServer wires the API: security headers, cookies, login rate limit, the OpenAPI generator,
// request and response validation by the route schemas, problem+json for every failure,
// authentication, and the routes. It never listens by itself: tests use `inject` or `listen`.
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { Type, type TypeBoxTypeProvider, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import { builtinCodeRegistry, type CodeRegistry } from '@varanto/domain/codes';
import { defaultRegistry, type StructureRegistry } from '@varanto/domain/structures';
import type { Store } from '@varanto/store';
import Fastify, { type FastifyInstance, type FastifySchema } from 'fastify';
import type { FastifyRouteSchemaDef } from 'fastify/types/schema.js';
import { AuthFactsCache } from './actor-cache.ts';
import { authRoutes, installAuthentication } from './auth.ts';
import {
  DEFAULT_REGISTRAR_SOURCES,
  defaultRandomBytes,
  type RegistrarEntitlementSource,
  type ServerConfig,
  type ServerContext,
} from './context.ts';
import { installInputGuard } from './input.ts';
import { installProblemHandlers, ProblemError, problem } from './problem.ts';
import { accessRoutes } from './routes/access.ts';
import { auditLogRoutes } from './routes/audit-log.ts';
import { caseRoutes } from './routes/cases.ts';
import { citizenRoutes } from './routes/citizen.ts';
import { clienthoodRoutes } from './routes/clienthoods.ts';
import { documentRoutes } from './routes/documents.ts';
import { errorFlagRoutes } from './routes/error-flags.ts';
import { joiningRoutes } from './routes/joining.ts';
import { legacyRoutes } from './routes/legacy.ts';
import { personRelationRoutes } from './routes/person-relations.ts';
import { personRoutes } from './routes/persons.ts';
import { referenceRoutes } from './routes/reference.ts';
import { registryRoutes } from './routes/registry.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { usageRightRoutes } from './routes/usage-rights.ts';
import { visibilityRoutes } from './routes/visibility.ts';
import { sessionKey } from './session.ts';
import type { TypedApp } from './typed.ts';

export interface BuildServerOptions {
  store: Store;
  config: ServerConfig;
  codes?: CodeRegistry;
  structures?: StructureRegistry;
  /** The clock; tests fix it. */
  now?: () => Date;
  /** Randomness for minted OIDs; node:crypto by default. */
  randomBytes?: (n: number) => Uint8Array;
  /** Folder of the built web UI to serve at `/` (packages/web/dist); none by default. */
  webRoot?: string;
  /** Where registrar entitlements come from; default: own organization and register usage rights. */
  registrarSources?: readonly RegistrarEntitlementSource[];
}

export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

/** A response that does not match its declared schema is our bug: it fails loudly as a 500. */
export class ResponseSchemaError extends Error {}

/**
 * Serializes a response after checking it against the route's response schema, so the OpenAPI
 * document cannot promise what the API does not send.
 */
export function checkedSerializer({
  schema,
  method,
  url,
  httpStatus,
}: FastifyRouteSchemaDef<unknown>): (data: unknown) => string {
  const check = TypeBoxValidatorCompiler({ schema, method, url, httpPart: 'body' } as Parameters<
    typeof TypeBoxValidatorCompiler
  >[0]);
  return (data: unknown) => {
    const r = check(data) as { error?: unknown };
    if (r.error) {
      throw new ResponseSchemaError(
        `response of ${method} ${url} (${httpStatus ?? '?'}) does not match its schema: ${JSON.stringify(r.error)}`,
      );
    }
    return JSON.stringify(data);
  };
}

export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const ctx: ServerContext = {
    store: options.store,
    config: options.config,
    codes: options.codes ?? builtinCodeRegistry(),
    structures: options.structures ?? defaultRegistry(),
    now: options.now ?? (() => new Date()),
    randomBytes: options.randomBytes ?? defaultRandomBytes,
    registrarSources: options.registrarSources ?? DEFAULT_REGISTRAR_SOURCES,
    sessionKey: sessionKey(options.config.sessionSecret),
    authFacts: new AuthFactsCache(options.config.authCacheMs ?? 0),
  };

  const app = Fastify({
    logger: options.config.logger ?? false,
    bodyLimit: options.config.bodyLimit ?? DEFAULT_BODY_LIMIT,
    genReqId: () => randomUUID(),
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.setSerializerCompiler(checkedSerializer);

  installProblemHandlers(app);
  // Only JSON is accepted; anything else is 415, not a string the schema then rejects.
  app.removeContentTypeParser('text/plain');

  await app.register(helmet, {
    // The API serves JSON only; nothing it returns is meant to run or be framed.
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, c) =>
      new ProblemError(
        problem('rate-limited', `Too many attempts; try again in ${Math.ceil(c.ttl / 1000)} s.`),
      ),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Varanto API',
        version: '0.1.0',
        description:
          'Social welfare client data repository. Errors are RFC 9457 problem+json. Forbidden and ' +
          'missing answer the same 404. Every action is written to the audit log.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'varanto_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });

  installAuthentication(app, ctx);
  installInputGuard(app);

  const typed = app as unknown as TypedApp;
  typed.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['meta'],
        summary: 'Liveness with a database round trip',
        security: [],
        response: { 200: HealthSchema, 503: HealthSchema },
      } satisfies FastifySchema,
    },
    async (_request, reply) => {
      try {
        await ctx.store.pool.query('SELECT 1');
        return { status: 'ok' as const, database: 'reachable' as const };
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const, database: 'unreachable' as const });
      }
    },
  );
  typed.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  authRoutes(typed, ctx);
  registryRoutes(typed, ctx);
  sessionRoutes(typed, ctx);
  personRoutes(typed, ctx);
  personRelationRoutes(typed, ctx);
  documentRoutes(typed, ctx);
  legacyRoutes(typed, ctx);
  clienthoodRoutes(typed, ctx);
  caseRoutes(typed, ctx);
  referenceRoutes(typed, ctx);
  auditLogRoutes(typed, ctx);
  accessRoutes(typed, ctx);
  usageRightRoutes(typed, ctx);
  joiningRoutes(typed, ctx);
  visibilityRoutes(typed, ctx);
  errorFlagRoutes(typed, ctx);
  citizenRoutes(typed, ctx);

  if (options.webRoot) {
    // The web UI: a static bundle at `/` beside the API (hash routes, so no fallback route is
    // needed). Its pages load their own scripts and styles, so they get a CSP of their own instead
    // of the API's `default-src 'none'`; styled-components inserts style elements.
    await app.register(async (web) => {
      // The bundle is public: the login page must load before anyone is logged in.
      web.addHook('onRoute', (route) => {
        route.config = { ...(route.config as object), public: true } as typeof route.config;
      });
      await web.register(fastifyStatic, {
        root: options.webRoot,
        prefix: '/',
        wildcard: false,
        index: 'index.html',
        setHeaders: (res) => {
          res.header(
            'content-security-policy',
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; object-src 'none'; base-uri 'none'",
          );
        },
      });
    });
  }
  await app.ready();
  return app;
}

const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  database: Type.Union([Type.Literal('reachable'), Type.Literal('unreachable')]),
});

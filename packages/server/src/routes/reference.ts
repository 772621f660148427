// Reference data: document structures and code sets. National, public and free of personal data,
// so served without a login and not written to the access log.
import { Type } from '@fastify/type-provider-typebox';
import type { CodeSystem } from '@varanto/domain/codes';
import type { StructureDefinition, StructureSummary as Summary } from '@varanto/domain/structures';
import type { ServerContext } from '../context.ts';
import { notFound } from '../problem.ts';
import {
  CodeSetSchema,
  CodeSetSummary,
  Oid,
  problemResponses,
  StructureDefinitionSchema,
  StructureSummary,
} from '../schemas.ts';
import type { TypedApp } from '../typed.ts';

function summaryView(s: Summary) {
  return {
    oid: s.oid,
    typeCode: s.typeCode,
    version: s.version,
    name: { ...s.name },
    documentType: s.documentType,
    source: s.source,
  };
}

function definitionView(d: StructureDefinition) {
  return {
    oid: d.oid,
    typeCode: d.typeCode,
    version: d.version,
    name: { ...d.name },
    documentType: d.documentType,
    ...(d.source !== undefined ? { source: d.source } : {}),
    rootKey: d.rootKey,
    fields: [...d.fields],
  };
}

function codeSetSummary(s: CodeSystem) {
  return {
    oid: s.oid,
    ...(s.version !== undefined ? { version: s.version } : {}),
    names: { ...s.names },
    completeness: s.completeness,
    provisional: s.provenance.status === 'provisional',
    size: s.codes.length,
  };
}

function codeSetView(s: CodeSystem) {
  return {
    ...codeSetSummary(s),
    codes: s.codes.map((c) => ({
      code: c.code,
      names: { ...c.names },
      ...(c.validFrom !== undefined ? { validFrom: c.validFrom } : {}),
      ...(c.validTo !== undefined ? { validTo: c.validTo } : {}),
      ...(c.parent !== undefined ? { parent: c.parent } : {}),
      provisional: c.provenance.status === 'provisional',
    })),
  };
}

export function referenceRoutes(app: TypedApp, ctx: ServerContext): void {
  app.get(
    '/structures',
    {
      config: { public: true },
      schema: {
        tags: ['reference'],
        summary: 'Document structures, optionally searched by name, type code or OID',
        security: [],
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 200 })),
            lang: Type.Optional(Type.Union([Type.Literal('fi'), Type.Literal('sv')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(StructureSummary), ...problemResponses(400) },
      },
    },
    async (request) => {
      const { q, lang } = request.query;
      const found = q === undefined ? ctx.structures.list() : ctx.structures.search(q, lang ?? 'fi');
      return found.map(summaryView);
    },
  );
  app.get(
    '/structures/:oid',
    {
      config: { public: true },
      schema: {
        tags: ['reference'],
        summary: 'A structure definition',
        security: [],
        params: Type.Object({ oid: Type.String({ minLength: 1, maxLength: 128 }) }),
        response: { 200: StructureDefinitionSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      // A type code ("19005") names the newest definition of the type; an OID names one version.
      const d = ctx.structures.get(request.params.oid) ?? ctx.structures.latestForType(request.params.oid);
      if (!d) throw notFound();
      return definitionView(d);
    },
  );
  app.get(
    '/code-sets',
    {
      config: { public: true },
      schema: {
        tags: ['reference'],
        summary: 'Code sets (classifications) the repository knows',
        security: [],
        response: { 200: Type.Array(CodeSetSummary) },
      },
    },
    async () => ctx.codes.systems().map(codeSetSummary),
  );
  app.get(
    '/code-sets/:oid',
    {
      config: { public: true },
      schema: {
        tags: ['reference'],
        summary: 'A code set with its codes; `provisional` marks codes not read from an official export',
        security: [],
        params: Type.Object({ oid: Oid }),
        response: { 200: CodeSetSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const s = ctx.codes.system(request.params.oid);
      if (!s) throw notFound();
      return codeSetView(s);
    },
  );
}

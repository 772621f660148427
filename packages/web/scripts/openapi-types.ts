// The web's API types, generated from the server's own OpenAPI document so that they cannot drift
// from what the server validates and sends. The document is read from buildServer by inject (no
// network, no database: /openapi.json is public and answered from the route schemas), turned into
// TypeScript and formatted with Biome. `npm run -w @varanto/web gen:api` (or this file run with
// tsx) rewrites src/api/openapi.gen.ts; a test regenerates it and fails when it differs.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildServer } from '../../server/src/server.ts';

export const GENERATED = fileURLToPath(new URL('../src/api/openapi.gen.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
  title?: string;
  description?: string;
};

interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema: Schema }[];
  requestBody?: { content?: Record<string, { schema: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

interface OpenApiDocument {
  components?: { schemas?: Record<string, Schema> };
  paths: Record<string, Record<string, Operation>>;
}

/** The server's OpenAPI document, asked of a server that is built but never listens. */
export async function openApiDocument(): Promise<OpenApiDocument> {
  const app = await buildServer({
    // Nothing here touches the database: the document is made from the route schemas.
    store: {} as never,
    config: { sessionSecret: 'openapi-types-generator-not-a-real-secret' },
  });
  try {
    const r = await app.inject({ method: 'GET', url: '/openapi.json' });
    if (r.statusCode !== 200) throw new Error(`/openapi.json answered ${r.statusCode}`);
    return JSON.parse(r.body) as OpenApiDocument;
  } finally {
    await app.close();
  }
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (k: string) => (IDENT.test(k) ? k : `'${k.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`);

function comment(text: string | undefined, pad: string): string {
  if (!text) return '';
  return `${pad}/** ${text.replaceAll('*/', '* /').replace(/\s+/g, ' ').trim()} */\n`;
}

/** TypeScript for a JSON Schema; `names` maps component names to their type names. */
function typeOf(s: Schema | undefined, names: Map<string, string>, pad: string): string {
  if (!s) return 'unknown';
  if (s.$ref) {
    const name = names.get(s.$ref.slice(s.$ref.lastIndexOf('/') + 1));
    return name ? `Schemas['${name}']` : 'unknown';
  }
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.map((a) => wrap(typeOf(a, names, pad))).join(' | ');
  if (s.allOf) return s.allOf.map((a) => wrap(typeOf(a, names, pad))).join(' & ');
  if (s.const !== undefined) return JSON.stringify(s.const).replaceAll('"', "'");
  if (s.enum) return s.enum.map((v) => JSON.stringify(v).replaceAll('"', "'")).join(' | ');
  switch (s.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `${wrap(typeOf(s.items, names, pad))}[]`;
    case 'object': {
      const props = Object.entries(s.properties ?? {});
      if (props.length === 0) {
        if (s.additionalProperties && typeof s.additionalProperties === 'object')
          return `Record<string, ${typeOf(s.additionalProperties, names, pad)}>`;
        return s.additionalProperties === false ? 'Record<string, never>' : 'Record<string, unknown>';
      }
      const inner = `${pad}  `;
      const required = new Set(s.required ?? []);
      const lines = props.map(
        ([k, v]) =>
          `${comment(v.description, inner)}${inner}${key(k)}${required.has(k) ? '' : '?'}: ${typeOf(v, names, inner)};\n`,
      );
      return `{\n${lines.join('')}${pad}}`;
    }
    default:
      return 'unknown';
  }
}

function wrap(t: string): string {
  return /^[\w'$[\]]+$/.test(t) || t.startsWith('{') || t.startsWith('Record<') ? t : `(${t})`;
}

const jsonSchema = (c: Record<string, { schema: Schema }> | undefined) =>
  c?.['application/json']?.schema ?? c?.['application/problem+json']?.schema;

/** The TypeScript text of the document: component schemas and, per path and method, its shapes. */
export function renderTypes(doc: OpenApiDocument): string {
  const names = new Map<string, string>();
  for (const [id, s] of Object.entries(doc.components?.schemas ?? {})) names.set(id, s.title ?? id);
  const out: string[] = [
    "// Generated from the server's OpenAPI document by packages/web/scripts/openapi-types.ts: do not edit.",
    '// Regenerate with `node --import tsx packages/web/scripts/openapi-types.ts`.',
    '',
    'export interface Schemas {',
  ];
  for (const [id, s] of Object.entries(doc.components?.schemas ?? {})) {
    out.push(`${comment(s.description, '  ')}  ${key(names.get(id)!)}: ${typeOf(s, names, '  ')};`);
  }
  out.push('}', '', 'export interface Paths {');
  for (const [path, methods] of Object.entries(doc.paths)) {
    out.push(`  ${key(path)}: {`);
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []).filter((p) => p.in === 'path');
      const query = (op.parameters ?? []).filter((p) => p.in === 'query');
      const shape = (ps: typeof params) =>
        ps.length === 0
          ? 'Record<string, never>'
          : `{ ${ps.map((p) => `${key(p.name)}${p.required ? '' : '?'}: ${typeOf(p.schema, names, '      ')}`).join('; ')} }`;
      const body = jsonSchema(op.requestBody?.content);
      const ok = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      out.push(
        `    ${method}: {`,
        `      params: ${shape(params)};`,
        `      query: ${shape(query)};`,
        `      body: ${body ? typeOf(body, names, '      ') : 'never'};`,
        '      responses: {',
        ...ok.map(([status, r]) => {
          const s = jsonSchema(r.content);
          return `        ${status}: ${s ? typeOf(s, names, '        ') : 'unknown'};`;
        }),
        '      };',
        '    };',
      );
    }
    out.push('  };');
  }
  out.push('}', '');
  return out.join('\n');
}

/** Biome's formatting of the text, as the repository's check expects it. */
export function formatted(text: string): string {
  const r = spawnSync(`${ROOT}node_modules/.bin/biome`, ['format', `--stdin-file-path=${GENERATED}`], {
    input: text,
    encoding: 'utf8',
    cwd: ROOT,
  });
  if (r.status !== 0) throw new Error(`biome format failed: ${r.stderr}`);
  return r.stdout;
}

export async function generatedText(): Promise<string> {
  return formatted(renderTypes(await openApiDocument()));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(GENERATED, await generatedText());
  console.log(`wrote ${GENERATED}`);
}

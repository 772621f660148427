// Fuzzing the HTTP API with bad input. Every endpoint in /openapi.json is attacked with requests
// that fast-check builds from its schema or from a known-valid request (a stored document, a
// correction, a person, a case …) and then breaks: fields dropped, duplicated or retyped, hostile
// strings (NUL, lone surrogates, SQL, huge), invalid UTF-8 bytes, malformed or deeply nested JSON,
// wrong media types, garbage identity codes, OIDs, dates and codes, hostile path parameters and
// query strings, and broken Idempotency-Key, Authorization and cookie headers, as several users.
//
// Any answer is fine except a 5xx, a reset connection, a hang or a crash: each of those is a
// failure, printed with the request that reproduces it. Between batches the server must still
// answer GET /health, and fixed probes check that the body-size and nesting limits hold.
import { createHash } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { makeHetu } from '@varanto/domain/identity';
import fc from 'fast-check';

// --- requests ----------------------------------------------------------------------------------------

export type Headers = Record<string, string | string[]>;

export interface FuzzRequest {
  /** Which generator made it (for the counts). */
  kind: string;
  method: string;
  /** Path and query, already encoded as they go on the wire. */
  path: string;
  headers: Headers;
  body?: Buffer;
  /** A fixed probe's own expectation beyond "no 5xx"; returns what is wrong, if anything. */
  expect?: (status: number) => string | undefined;
}

export interface Response {
  status: number;
  body: string;
  ms: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

/** Sends a request as given (node:http lets through what fetch would refuse). */
export function send(base: URL, r: FuzzRequest, timeoutMs = 30_000, fresh = false): Promise<Response> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        method: r.method,
        path: r.path,
        headers: { ...r.headers, ...(r.body ? { 'content-length': String(r.body.length) } : {}) },
        agent: fresh ? false : agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size < 64 * 1024) chunks.push(c);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: Date.now() - t0,
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    if (r.body) req.end(r.body);
    else req.end();
  });
}

/** Raw bytes on a fresh socket, for requests node:http will not form; resolves with the status line. */
export function sendRaw(base: URL, bytes: Buffer, timeoutMs = 10_000): Promise<Response> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const s = connect(Number(base.port), base.hostname);
    let got = '';
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`no answer in ${timeoutMs} ms`));
    }, timeoutMs);
    s.on('connect', () => s.write(bytes));
    s.on('data', (d: Buffer) => {
      got += d.toString('latin1');
    });
    const done = () => {
      clearTimeout(timer);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(got);
      // Closing without an answer is an acceptable way to refuse garbage (status 0 here).
      resolve({ status: m ? Number(m[1]) : 0, body: got.slice(0, 2000), ms: Date.now() - t0 });
    };
    s.on('end', done);
    s.on('close', done);
    s.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (e.code === 'ECONNRESET' && got === '') resolve({ status: 0, body: '', ms: Date.now() - t0 });
      else reject(e);
    });
  });
}

// --- the API under test, and what is in it ------------------------------------------------------------------

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

export interface Endpoint {
  method: string;
  /** OpenAPI template, e.g. /documents/{setId}. */
  path: string;
  pathParams: string[];
  query: Record<string, JsonSchema>;
  body?: JsonSchema;
}

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string; schema: JsonSchema }[];
        requestBody?: { content?: Record<string, { schema: JsonSchema }> };
      }
    >
  >;
}

export function endpointsOf(doc: unknown): Endpoint[] {
  const out: Endpoint[] = [];
  for (const [path, ops] of Object.entries((doc as OpenApi).paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = op.parameters ?? [];
      const body = op.requestBody?.content?.['application/json']?.schema;
      out.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, p.schema])),
        ...(body ? { body } : {}),
      });
    }
  }
  return out;
}

/** Who the fuzzer acts as: names of logins, or none, or garbage. */
export type TokenName = string;

/** A request known to be valid (or nearly), to be broken by mutation. */
export interface Template {
  method: string;
  path: string;
  params: Record<string, string>;
  as: TokenName;
  body: unknown;
}

export interface Fixtures {
  /** Token by name; '' for none. */
  tokens: Record<TokenName, string>;
  /** Real values of path parameters and fields, by parameter or field name. */
  values: Record<string, string[]>;
  templates: Template[];
  /** Valid document contents, for `content` fields. */
  contents: unknown[];
}

interface Http {
  status: number;
  body: unknown;
}

async function api(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<Http> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed };
}

const LOGINS: [TokenName, string, 'password' | 'certificate-card-demo'][] = [
  ['leena', 'leena.laine', 'certificate-card-demo'],
  ['leena-weak', 'leena.laine', 'password'],
  ['admin', 'admin', 'certificate-card-demo'],
  ['archivist', 'tuula.niemi', 'certificate-card-demo'],
  ['producer', 'elina.mattila', 'certificate-card-demo'],
  ['mikko', 'mikko.heikkinen', 'certificate-card-demo'],
];

interface DocView {
  setId: string;
  version: number;
  content?: unknown;
  metadata: {
    clients: string[];
    serviceTask: string;
    documentType: string;
    structureOid: string;
    documentDate: string;
    caseOid?: string;
    serviceUnitOid: string;
    registerId: string;
    organizationOid: string;
    registrarOid: string;
  };
}

/** Logs in as several users and collects real identifiers and valid requests from the server. */
/** Logs every fuzz identity in, into `tokens`. */
async function logIn(base: string, password: string, tokens: Record<TokenName, string>): Promise<void> {
  for (const [name, login, method] of LOGINS) {
    const r = await api(base, 'POST', '/auth/login', undefined, {
      login,
      method,
      ...(method === 'password' ? { password } : {}),
    });
    if (r.status !== 200)
      throw new Error(`fuzz: login ${login} failed: ${r.status} ${JSON.stringify(r.body)}`);
    tokens[name] = (r.body as { token: string }).token;
  }
}

export async function discover(base: string, password: string): Promise<Fixtures> {
  const tokens: Record<TokenName, string> = { none: '' };
  await logIn(base, password, tokens);
  const leena = tokens.leena!;
  const admin = tokens.admin!;
  const values: Record<string, Set<string>> = {};
  const add = (k: string, v: unknown) => {
    if (typeof v !== 'string' && typeof v !== 'number') return;
    values[k] ??= new Set();
    values[k].add(String(v));
  };
  const docs = (await api(base, 'GET', '/documents?limit=200', leena)).body as { items: DocView[] };
  const full: DocView[] = [];
  for (const d of docs.items) {
    add('setId', d.setId);
    add('version', d.version);
    for (const c of d.metadata.clients) add('clientKey', c);
    add('caseOid', d.metadata.caseOid);
    add('serviceUnitOid', d.metadata.serviceUnitOid);
    add('registerId', d.metadata.registerId);
    add('structureOid', d.metadata.structureOid);
    add('documentType', d.metadata.documentType);
    add('serviceTask', d.metadata.serviceTask);
    add('organizationOid', d.metadata.organizationOid);
    if (full.length < 12) {
      const one = await api(base, 'GET', `/documents/${d.setId}`, leena);
      if (one.status === 200) full.push(one.body as DocView);
    }
  }
  for (const o of ((await api(base, 'GET', '/organizations', admin)).body as { oid: string }[]) ?? []) {
    add('oid', o.oid);
    add('organizationOid', o.oid);
  }
  for (const r of ((await api(base, 'GET', '/registers', admin)).body as {
    id: string;
    registrarOid: string;
  }[]) ?? []) {
    add('registerId', r.id);
    add('id', r.id);
    add('registrarOid', r.registrarOid);
  }
  for (const p of ((await api(base, 'GET', '/professionals', admin)).body as { id: string }[]) ?? []) {
    add('id', p.id);
    add('professionalId', p.id);
    add('personalWorkerId', p.id);
  }
  const structures = (await api(base, 'GET', '/structures', leena)).body as { oid: string }[];
  for (const s of structures.slice(0, 30)) add('oid', s.oid);
  const codeSets = (await api(base, 'GET', '/code-sets', leena)).body as { oid: string }[];
  for (const s of codeSets.slice(0, 30)) add('oid', s.oid);
  for (const c of ['24', '10', '20', '15']) add('serviceTask', c);
  // Identity codes: valid ones (new and existing persons) beside the broken ones.
  for (const h of HETUS) add('hetu', h);
  for (let n = 0; n < 5; n++) add('hetu', probeHetu(n * 7));

  // Documents are stored in one's own service unit: the templates write as leena, in hers.
  const me = (await api(base, 'GET', '/auth/me', leena)).body as { serviceUnitOids?: string[] } | undefined;
  const leenaUnit = me?.serviceUnitOids?.[0];
  if (!leenaUnit) throw new Error('fuzz: GET /auth/me did not name a service unit');
  const register = [...(values.registerId ?? [])][0] ?? 'missing';
  const templates: Template[] = [];
  const contents: unknown[] = [];
  for (const d of full) {
    const m = d.metadata;
    contents.push(d.content);
    templates.push({
      method: 'POST',
      path: '/registers/{registerId}/documents',
      params: { registerId: m.registerId },
      as: 'leena',
      body: {
        metadata: {
          clients: m.clients,
          serviceTask: m.serviceTask,
          documentType: m.documentType,
          structureOid: m.structureOid,
          documentDate: m.documentDate,
          serviceUnitOid: leenaUnit,
          ...(m.caseOid ? { caseOid: m.caseOid } : {}),
        },
        content: d.content,
      },
    });
    templates.push({
      method: 'POST',
      path: '/documents/{setId}/versions',
      params: { setId: d.setId },
      as: 'leena',
      body: { correctsVersion: d.version, reason: 'Korjattu päivämäärä.', content: d.content },
    });
    templates.push({
      method: 'POST',
      path: '/documents/{setId}/invalidation',
      params: { setId: d.setId },
      as: 'leena',
      body: { invalidatesVersion: d.version, reason: 'Kirjattu väärälle asiakkaalle.' },
    });
    templates.push({
      method: 'POST',
      path: '/registers/{registerId}/cases',
      params: { registerId: m.registerId },
      as: 'leena',
      body: {
        serviceTask: m.serviceTask,
        subject: { code: '1' },
        members: m.clients.slice(0, 1),
        opened: '2025-01-15',
      },
    });
    templates.push({
      method: 'POST',
      path: '/registers/{registerId}/clienthoods',
      params: { registerId: m.registerId },
      as: 'leena',
      body: { clientKey: m.clients[0], started: '2025-02-01', serviceTask: m.serviceTask },
    });
  }
  const hetu = makeHetu({ birthDate: '1990-05-17', individualNumber: 987 });
  templates.push({
    method: 'POST',
    path: '/persons',
    params: {},
    as: 'leena',
    body: {
      ...(hetu.ok ? { hetu: hetu.value.value } : {}),
      familyName: 'Testinen',
      givenNames: 'Tiina Maria',
      birthDate: '1990-05-17',
      sex: 'female',
      homeMunicipality: '091',
      address: { street: 'Kuusikuja 1', postalCode: '00100', postOffice: 'Helsinki' },
    },
  });
  templates.push({
    method: 'POST',
    path: '/auth/login',
    params: {},
    as: 'none',
    body: { login: 'leena.laine', method: 'password', password },
  });
  templates.push({
    method: 'POST',
    path: '/registers',
    params: {},
    as: 'admin',
    body: { registrarOid: [...(values.organizationOid ?? [])][0], name: 'Fuzz register' },
  });
  if (register === 'missing') throw new Error('fuzz: no register found');
  return {
    tokens,
    values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, [...v]])),
    templates,
    contents,
  };
}

// --- generators ----------------------------------------------------------------------------------------------

/** Strings that have broken servers before. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ufeff',
  '\u202eevil',
  'e\u0301',
  '\u00c5',
  'A\u030a',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢😀',
  '\r\n\t',
  "Robert'); DROP TABLE person;--",
  "' OR '1'='1",
  '%s%s%n',
  `$${'{'}jndi:ldap://127.0.0.1/a}`,
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  'null',
  'true',
  'NaN',
  '-0',
  '1e309',
  '9'.repeat(400),
  '١٢٣',
  '１２３',
  '٢٠٢٤-٠١-٠١',
  'x'.repeat(10_000),
  'ä'.repeat(70_000),
];

const HETUS: readonly string[] = [
  '010101-123N',
  '010101A123N',
  '010101a123n',
  '010101-9000',
  '311299-999Y',
  '290223A9993',
  '300203-123A',
  '000000-0000',
  '131052-308T',
  '131052+308T',
  '010199Y123N',
  '0101011-23N',
  '010101-12',
  '01 01 01-123N',
];

const OIDS: readonly string[] = [
  '1.2.246.',
  '1..2',
  '01.2.3',
  '3.1.2',
  '2.999999999999999999999999999999',
  '1.2.246.10.30123458.1264.1',
  '1.2.246.537.6.1221',
  `1.${'2.'.repeat(60)}3`,
  '1.2.-3',
  '1.2.3 ',
  'urn:oid:1.2.3',
];

const DATES: readonly string[] = [
  '2024-02-29',
  '2023-02-29',
  '2024-13-01',
  '2024-00-10',
  '2024-1-1',
  '+002024-01-01',
  '-000001-01-01',
  '0000-01-01',
  '9999-12-31',
  '10000-01-01',
  '2024-01-01T00:00:00Z',
  '2024-01-01T25:61:61+99:00',
  '1970-01-01',
  '2024-06-31',
];

const CODES: readonly string[] = [
  '24',
  '10',
  '19005',
  '1505.1',
  '0',
  '-1',
  '99999999',
  'ÄÖ',
  '24 ',
  ' 24',
  '24\n',
];

const hostile = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.constantFrom(...HETUS, ...OIDS, ...DATES, ...CODES) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

/** A value of a JSON schema, mostly valid, drawing real identifiers from the fixtures by name. */
function valueArb(s: JsonSchema, name: string, fx: Fixtures, depth = 0): fc.Arbitrary<unknown> {
  if (s.anyOf) return fc.oneof(...s.anyOf.map((x) => valueArb(x, name, fx, depth)));
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.const !== undefined) return fc.constant(s.const);
  const real = fx.values[name];
  switch (s.type) {
    case 'string': {
      const options: fc.Arbitrary<unknown>[] = [];
      if (real && real.length > 0) options.push(fc.constantFrom(...real));
      if (s.format === 'uuid') options.push(fc.uuid());
      else if (s.format === 'date')
        options.push(fc.constantFrom(...DATES), fc.date({ noInvalidDate: true }).map(isoDay));
      else if (s.format === 'date-time')
        options.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
      else if (s.pattern) {
        const max = Math.min(s.maxLength ?? 40, 40);
        options.push(
          fc
            .stringMatching(new RegExp(s.pattern))
            .filter((x) => x.length <= max && x.length >= (s.minLength ?? 0)),
        );
      } else
        options.push(fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 30, 30) }));
      return fc.oneof(...options);
    }
    case 'integer':
      return fc.oneof(
        fc.integer({ min: s.minimum ?? -5, max: Math.min(s.maximum ?? 1000, 1_000_000) }),
        fc.constantFrom(0, 1, 2, -1, 2 ** 31, 2 ** 53 + 1),
      );
    case 'number':
      return fc.double();
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(s.items ? valueArb(s.items, name, fx, depth + 1) : fc.jsonValue(), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 3, 3),
      });
    case 'object': {
      const props = s.properties ?? {};
      if (Object.keys(props).length === 0 || depth > 6) return fc.dictionary(fc.string(), fc.jsonValue());
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) model[k] = valueArb(v, k, fx, depth + 1);
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    default:
      // Unknown ({}): document content takes the structure's JSON; anything else any JSON.
      if (name === 'content' && fx.contents.length > 0) return fc.constantFrom(...fx.contents);
      return fc.jsonValue({ maxDepth: 3 });
  }
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

type Path = (string | number)[];

function pathsOf(v: unknown, at: Path = [], out: Path[] = [], limit = 400): Path[] {
  if (out.length >= limit) return out;
  out.push(at);
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) pathsOf(x, [...at, i], out, limit);
  } else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) pathsOf(x, [...at, k], out, limit);
  return out;
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

function nested(depth: number, leaf: unknown): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
  return v;
}

type Mutation =
  | { op: 'delete' }
  | { op: 'replace'; value: unknown }
  | { op: 'duplicate' }
  | { op: 'add'; key: string; value: unknown };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Mutation>({ op: 'delete' }) },
  { weight: 4, arbitrary: hostile.map((value): Mutation => ({ op: 'replace', value })) },
  {
    weight: 3,
    arbitrary: fc
      .oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom<unknown>(null, true, 0, -1, 1.5, 2 ** 63, -(2 ** 63), [], {}, [null], { '': '' }),
      )
      .map((value): Mutation => ({ op: 'replace', value })),
  },
  { weight: 1, arbitrary: fc.constant<Mutation>({ op: 'duplicate' }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.oneof(fc.constantFrom('__proto__', 'constructor', 'extra', '', 'metadata'), fc.string()),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([key, value]): Mutation => ({ op: 'add', key, value })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(50, 500, 1_500)
      .map((d): Mutation => ({ op: 'replace', value: nested(d, 'x') })),
  },
);

/** Applies a mutation at a path; the root itself can be replaced. */
function applyMutation(root: unknown, at: Path, m: Mutation): unknown {
  if (at.length === 0) {
    if (m.op === 'replace') return m.value;
    if (m.op === 'add' && root !== null && typeof root === 'object' && !Array.isArray(root)) {
      const o = root as Record<string, unknown>;
      // defineProperty, so that a key named __proto__ becomes an own property and reaches the wire.
      Object.defineProperty(o, m.key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return o;
    }
    return root;
  }
  let parent = root as Record<string | number, unknown>;
  for (const k of at.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = at[at.length - 1]!;
  const cur = parent[last];
  switch (m.op) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
      break;
    case 'replace':
      parent[last] = m.value;
      break;
    case 'duplicate':
      if (Array.isArray(parent)) parent.splice(Number(last), 0, clone(cur));
      else if (Array.isArray(cur)) cur.push(clone(cur[0]));
      else parent[last] = [cur, clone(cur)];
      break;
    case 'add':
      if (cur !== null && typeof cur === 'object' && !Array.isArray(cur))
        Object.defineProperty(cur, m.key, {
          value: m.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else parent[last] = { [m.key]: m.value };
      break;
  }
  return root;
}

/** Whether every step of the path goes through an object or array that has that key. */
function reachable(root: unknown, p: Path): boolean {
  let x: unknown = root;
  for (const k of p) {
    if (x === null || typeof x !== 'object' || !Object.hasOwn(x, k)) return false;
    x = (x as Record<string | number, unknown>)[k];
  }
  return true;
}

function mutatedArb(base: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(base);
  return fc
    .array(fc.tuple(fc.nat({ max: paths.length - 1 }), mutationArb), { minLength: 0, maxLength: 3 })
    .map((ms) => {
      let v = clone(base);
      for (const [i, m] of ms) {
        const p = paths[i]!;
        // A path may have vanished by an earlier mutation; then the mutation lands on the root.
        v = applyMutation(v, reachable(v, p) ? p : [], m);
      }
      return v;
    });
}

interface Base {
  method: string;
  path: string;
  params: Record<string, string>;
  query: [string, string][];
  as: TokenName;
  body: unknown;
  hasBody: boolean;
}

function paramArb(name: string, fx: Fixtures): fc.Arbitrary<string> {
  const real = fx.values[name] ?? [];
  const options: fc.Arbitrary<string>[] = [fc.constantFrom(...OIDS, ...CODES), fc.uuid()];
  if (real.length > 0) options.unshift(fc.constantFrom(...real), fc.constantFrom(...real));
  if (name === 'version') options.push(fc.integer({ min: -2, max: 5 }).map(String));
  return fc.oneof(...options);
}

function baseArb(ep: Endpoint, fx: Fixtures): fc.Arbitrary<Base> {
  const templates = fx.templates.filter((t) => t.method === ep.method && t.path === ep.path);
  const params = fc.record(Object.fromEntries(ep.pathParams.map((p) => [p, paramArb(p, fx)])));
  const queryModel = Object.fromEntries(Object.entries(ep.query).map(([k, s]) => [k, valueArb(s, k, fx)]));
  const query = fc
    .record(queryModel, { requiredKeys: [] })
    .map((q) => Object.entries(q).map(([k, v]): [string, string] => [k, String(v)]));
  const token = fc.oneof(
    { weight: 6, arbitrary: fc.constant(defaultUser(ep)) },
    { weight: 3, arbitrary: fc.constantFrom(...Object.keys(fx.tokens)) },
  );
  const fromSchema: fc.Arbitrary<Base> = fc
    .record({
      params,
      query,
      as: token,
      body: ep.body ? valueArb(ep.body, 'body', fx) : fc.constant(undefined),
    })
    .map((r) => ({ method: ep.method, path: ep.path, hasBody: ep.body !== undefined, ...r }));
  if (templates.length === 0) return fromSchema;
  const fromTemplate: fc.Arbitrary<Base> = fc
    .record({ t: fc.constantFrom(...templates), params, query, as: token })
    .map(({ t, params: p, query: q, as }) => ({
      method: t.method,
      path: t.path,
      // Mostly the template's own parameters: a valid body on a random path only tests the path.
      params: { ...p, ...t.params },
      query: q,
      as: as === defaultUser(ep) ? t.as : as,
      body: t.body,
      hasBody: true,
    }));
  return fc.oneof({ weight: 3, arbitrary: fromTemplate }, { weight: 2, arbitrary: fromSchema });
}

function defaultUser(ep: Endpoint): TokenName {
  if (/^\/(organizations|registers|professionals)/.test(ep.path) && !ep.path.includes('{registerId}'))
    return 'admin';
  if (ep.path === '/auth/login' || ep.path === '/health') return 'none';
  return 'leena';
}

/** encodeURIComponent, except that a lone surrogate goes out as the bytes Node makes of it. */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
}

function fillPath(template: string, params: Record<string, string>, encode = true): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k] ?? 'x';
    return encode ? enc(v) : v;
  });
}

function queryString(q: [string, string][]): string {
  if (q.length === 0) return '';
  return `?${q.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')}`;
}

function finish(kind: string, b: Base, fx: Fixtures, extra: Partial<FuzzRequest> = {}): FuzzRequest {
  const headers: Headers = {};
  const token = fx.tokens[b.as];
  if (token) headers.authorization = `Bearer ${token}`;
  let body: Buffer | undefined;
  if (b.hasBody && b.body !== undefined) {
    body = Buffer.from(JSON.stringify(b.body), 'utf8');
    headers['content-type'] = 'application/json';
  }
  return {
    kind,
    method: b.method,
    path: `${fillPath(b.path, b.params)}${queryString(b.query)}`,
    headers,
    ...(body ? { body } : {}),
    ...extra,
    ...(extra.headers ? { headers: { ...headers, ...extra.headers } } : {}),
  };
}

/** Invalid UTF-8 and other byte-level damage to a JSON text. */
const byteDamage: fc.Arbitrary<(json: Buffer) => Buffer> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        [0xff],
        [0xfe, 0xff],
        [0xc0, 0x80],
        [0xc3],
        [0xe2, 0x82],
        [0xed, 0xa0, 0x80],
        [0xf4, 0x90, 0x80, 0x80],
        [0xf8, 0x88, 0x80, 0x80, 0x80],
        [0x00],
      ),
      fc.nat(),
    )
    .map(([bytes, at]) => (json: Buffer) => {
      // Inside a string value where possible: that is where a lenient decoder lets bytes through.
      const quote = json.indexOf(0x22, at % Math.max(1, json.length));
      const i = quote >= 0 ? quote + 1 : at % (json.length + 1);
      return Buffer.concat([json.subarray(0, i), Buffer.from(bytes), json.subarray(i)]);
    }),
  fc.constant((json: Buffer) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json])),
  fc.constant((json: Buffer) => Buffer.from(json.toString('utf8'), 'utf16le')),
  fc.constant((json: Buffer) => Buffer.from(json.toString('utf8'), 'latin1')),
  fc.nat().map((n) => (json: Buffer) => json.subarray(0, n % Math.max(1, json.length))),
  fc
    .constantFrom(
      '',
      'null',
      '[]',
      '"x"',
      '1e999',
      '{"a":1,}',
      "{'a':1}",
      '{"a":NaN}',
      '{"a":1 /* c */}',
      '{"metadata":{},"metadata":{}}',
      '{"__proto__":{"polluted":true},"metadata":1}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '\u0000',
      `{"a":"${'\\u0000'.repeat(10)}"}`,
      '{"a":"\\ud800"}',
      '{"a":"\\uDFFF\\uD800"}',
      '{"a":"\\x41"}',
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
      `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`,
      `[${'1,'.repeat(50_000)}1]`,
      `{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`,
    )
    .map((text) => () => Buffer.from(text, 'utf8')),
);

const CONTENT_TYPES: readonly string[] = [
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/json;;',
  'application/json, text/plain',
  'application/jsonx',
  'application/problem+json',
  'application/merge-patch+json',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/octet-stream',
  '*/*',
  '',
  ' ',
  'application/json; charset="\u00e4"',
];

function authorizationJunk(fx: Fixtures): fc.Arbitrary<Headers> {
  const real = Object.values(fx.tokens).filter((t) => t !== '');
  const some = real[0] ?? 'x.y.z';
  const flip = (t: string, i: number) => {
    const at = i % t.length;
    return `${t.slice(0, at)}${t[at] === 'A' ? 'B' : 'A'}${t.slice(at + 1)}`;
  };
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const [, payload] = some.split('.');
  return fc
    .oneof(
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        'bearer x',
        'Basic dXNlcjpwYXNz',
        'Bearer a.b.c',
        'Bearer ....',
        `Bearer ${some}.`,
        `Bearer ${some} ${some}`,
        `Bearer ${'a'.repeat(20_000)}`,
        `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${payload ?? ''}.`,
        `Bearer ${b64({ alg: 'HS256' })}.${b64({ sub: 'x', exp: 9e15 })}.AAAA`,
        `Bearer ${b64({ alg: 'RS256', kid: '../../x' })}.${payload ?? ''}.AAAA`,
        'Bearer \u00e4\u00f6',
        'Negotiate x',
      ),
      fc.tuple(fc.constantFrom(...real), fc.nat()).map(([t, i]) => `Bearer ${flip(t, i)}`),
      hostile.map((s) => `Bearer ${s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '')}`),
    )
    .map((v) => ({ authorization: v }));
}

const headerJunk = (fx: Fixtures): fc.Arbitrary<Headers> =>
  fc.oneof(
    fc.constantFrom(...CONTENT_TYPES).map((v): Headers => ({ 'content-type': v })),
    authorizationJunk(fx),
    fc
      .oneof(
        fc.constantFrom(
          '',
          ' ',
          'a'.repeat(201),
          'a'.repeat(100_000),
          '\u00e4\u00e4',
          'key with spaces',
          'ok-1',
        ),
        fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '')),
      )
      .map((v): Headers => ({ 'idempotency-key': v })),
    fc.constant<Headers>({ 'idempotency-key': ['dup-1', 'dup-2'] }),
    fc
      .constantFrom(
        'varanto_session=garbage',
        'varanto_session=%',
        'varanto_session=%E0%A4%A',
        'varanto_session=%00',
        `varanto_session=${'x'.repeat(5000)}`,
        'varanto_session',
        '=; ;;=x',
        'a=1; a=2; varanto_session="unterminated',
      )
      .map((v): Headers => ({ cookie: v })),
    fc.constantFrom('application/xml', 'text/html', '*/*;q=0', '').map((v): Headers => ({ accept: v })),
    fc.constantFrom('gzip', 'br', 'deflate', 'x-unknown').map((v): Headers => ({ 'content-encoding': v })),
    fc.constantFrom('1.2.3.4, x', '\u00ff', '').map((v): Headers => ({ 'x-forwarded-for': v })),
  );

const PATH_JUNK: readonly string[] = [
  '%',
  '%zz',
  '%00',
  '%c0%af',
  '%ff%fe',
  '..',
  '..%2F..%2F',
  '%2e%2e',
  '%E2%80%AE',
  'a%2Fb',
  'x'.repeat(5000),
  '1'.repeat(300),
  '%F0%9F%98%80',
  ';',
  '*',
  '%20',
];

const QUERY_JUNK: readonly string[] = [
  'limit=1&limit=2',
  'limit=1e3',
  'limit=-1',
  'limit=0x10',
  'limit=',
  'offset=99999999999999999999',
  'includeInvalidated=maybe',
  'includeInvalidated=',
  'from=2024-02-30',
  'to=0000-00-00',
  'client=not-a-uuid',
  'client[]=x',
  'client[a]=b',
  '__proto__[x]=1',
  'constructor=x',
  'a=%',
  '%=%',
  'hetu=%00',
  `text=${'%E4'.repeat(20)}`,
  `text=${'x'.repeat(50_000)}`,
  'q=%F0%9F%98%80&lang=xx',
  'registrarOid=1..2',
  '&&&=&=',
];

export function requestArb(endpoints: Endpoint[], fx: Fixtures): fc.Arbitrary<FuzzRequest> {
  const base = fc.constantFrom(...endpoints).chain((ep) => baseArb(ep, fx));
  const mutated = base.chain((b) =>
    b.hasBody && b.body !== undefined
      ? mutatedArb(b.body).map((body) => finish('body-mutation', { ...b, body }, fx))
      : fc.constant(finish('valid-ish', b, fx)),
  );
  const raw = fc.tuple(base, byteDamage).map(([b, damage]) => {
    const r = finish('raw-body', { ...b, hasBody: true, body: b.body ?? {} }, fx);
    return {
      ...r,
      body: damage(r.body ?? Buffer.from('{}')),
      headers: { ...r.headers, 'content-type': 'application/json' },
    };
  });
  const headers = fc.tuple(base, headerJunk(fx)).map(([b, h]) => finish('headers', b, fx, { headers: h }));
  const path = fc
    .tuple(base, fc.oneof(fc.constantFrom(...PATH_JUNK), hostile.map(enc)), fc.nat())
    .map(([b, junk, i]) => {
      const names = Object.keys(b.params);
      const r = finish('path', b, fx);
      if (names.length === 0) return { ...r, path: `${r.path.split('?')[0]}/${junk}` };
      const name = names[i % names.length]!;
      const params = Object.fromEntries(Object.entries(b.params).map(([k, v]) => [k, enc(v)]));
      params[name] = junk;
      return { ...r, path: fillPath(b.path, params, false) };
    });
  const query = fc
    .tuple(
      base,
      fc.oneof(
        fc.constantFrom(...QUERY_JUNK),
        hostile.map((s) => `hetu=${enc(s)}`),
      ),
    )
    .map(([b, junk]) => {
      const r = finish('query', { ...b, query: [] }, fx);
      return { ...r, path: `${r.path}?${junk}` };
    });
  const route = fc
    .tuple(
      fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND'),
      fc.oneof(
        fc.constantFrom(...endpoints.map((e) => e.path)),
        fc.constantFrom(
          '/',
          '//documents',
          '/documents/',
          '/DOCUMENTS',
          '/api',
          '/.env',
          '/%2e%2e/etc',
          '/%C3%A4',
        ),
        fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }).map((s) => `/${s.map(enc).join('/')}`),
      ),
    )
    .map(([method, p]) =>
      finish(
        'route',
        { method, path: p, params: {}, query: [], as: 'leena', body: undefined, hasBody: false },
        fx,
      ),
    );
  return fc.oneof(
    { weight: 40, arbitrary: mutated },
    { weight: 12, arbitrary: raw },
    { weight: 12, arbitrary: headers },
    { weight: 10, arbitrary: path },
    { weight: 10, arbitrary: query },
    { weight: 4, arbitrary: route },
  );
}

function probeHetu(n: number): string {
  const h = makeHetu({ birthDate: '1991-02-03', individualNumber: 900 + (n % 100) });
  return h.ok ? h.value.value : '030291-900A';
}

// --- fixed probes: limits and protocol garbage ----------------------------------------------------------------

export function probes(
  fx: Fixtures,
  bodyLimit: number,
): { http: FuzzRequest[]; raw: { name: string; bytes: Buffer }[] } {
  const store = fx.templates.find((t) => t.path === '/registers/{registerId}/documents');
  if (!store) throw new Error('fuzz: no document template');
  const path = fillPath(store.path, store.params);
  const auth = { authorization: `Bearer ${fx.tokens.leena}`, 'content-type': 'application/json' };
  // Spliced as text: JSON.stringify itself cannot write the deepest nestings.
  const withContent = (contentJson: string) =>
    Buffer.from(
      JSON.stringify({ ...(store.body as Record<string, unknown>), content: '@C@' }).replace(
        '"@C@"',
        contentJson,
      ),
      'utf8',
    );
  const deep = (depth: number, leaf: string) => {
    let open = '';
    let close = '';
    for (let i = 0; i < depth; i++) {
      open += i % 2 === 0 ? '[' : '{"a":';
      close = (i % 2 === 0 ? ']' : '}') + close;
    }
    return `${open}${leaf}${close}`;
  };
  const is4xx = (s: number) => (s >= 400 && s < 500 ? undefined : `expected a 4xx, got ${s}`);
  const exactly = (want: number) => (s: number) => (s === want ? undefined : `expected ${want}, got ${s}`);
  const oversized = Buffer.alloc(bodyLimit + 1, 0x20);
  oversized.write('{"content":"', 0);
  oversized.write('"}', bodyLimit - 1);
  const http: FuzzRequest[] = [
    {
      kind: 'probe: body 1 byte over the limit',
      method: 'POST',
      path,
      headers: auth,
      body: oversized,
      expect: exactly(413),
    },
    {
      kind: 'probe: body 8× the limit',
      method: 'POST',
      path,
      headers: auth,
      body: Buffer.alloc(8 * bodyLimit, 0x20),
      expect: exactly(413),
    },
    {
      kind: 'probe: content nested 10,000 deep',
      method: 'POST',
      path,
      headers: auth,
      body: withContent(deep(10_000, '"x"')),
      expect: is4xx,
    },
    {
      kind: 'probe: content nested 100,000 deep',
      method: 'POST',
      path,
      headers: auth,
      body: withContent(deep(100_000, '1')),
      expect: is4xx,
    },
    {
      kind: 'probe: body nested 200,000 deep',
      method: 'POST',
      path,
      headers: auth,
      body: Buffer.from(`${'['.repeat(200_000)}${']'.repeat(200_000)}`),
      expect: is4xx,
    },
    {
      kind: 'probe: invalid UTF-8 bytes in the body',
      method: 'POST',
      path,
      headers: auth,
      body: Buffer.from('{"metadata":"\xff\xfe"}', 'latin1'),
      expect: exactly(400),
    },
    {
      kind: 'probe: text/plain body',
      method: 'POST',
      path,
      headers: { ...auth, 'content-type': 'text/plain' },
      body: Buffer.from('x'),
      expect: exactly(415),
    },
    {
      kind: 'probe: garbage bearer token',
      method: 'GET',
      path: '/documents',
      headers: { authorization: 'Bearer garbage' },
      expect: exactly(401),
    },
    {
      kind: 'probe: content string just under the limit',
      method: 'POST',
      path,
      headers: auth,
      body: withContent(JSON.stringify('x'.repeat(bodyLimit - 20_000))),
      expect: (s) => (s < 500 ? undefined : `got ${s}`),
    },
  ];
  http.push({
    kind: 'probe: the valid document the probes start from',
    method: 'POST',
    path,
    headers: auth,
    body: Buffer.from(JSON.stringify(store.body), 'utf8'),
    expect: exactly(201),
  });
  // NUL and a lone surrogate in every place where text reaches the database, one at a time.
  const leena = { authorization: `Bearer ${fx.tokens.leena}`, 'content-type': 'application/json' };
  const json = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8');
  for (const bad of ['a\u0000b', 'a\ud800b']) {
    const name = bad.includes('\u0000') ? 'NUL' : 'lone surrogate';
    const doc = store.body as { metadata: Record<string, unknown>; content: unknown };
    const content = clone(doc.content);
    // The longest piece of prose in the document: free text, where any character is allowed.
    const valueAt = (p: Path) => {
      let x: unknown = content;
      for (const k of p) x = (x as Record<string | number, unknown>)[k];
      return x;
    };
    const prose = pathsOf(content).filter((p) => {
      const x = valueAt(p);
      return typeof x === 'string' && x.includes(' ');
    });
    const leaf = prose.sort((a, b) => String(valueAt(b)).length - String(valueAt(a)).length)[0];
    const textProbes: [string, string, string, Headers, Buffer | undefined][] = [
      [
        'document content text',
        'POST',
        path,
        leena,
        leaf
          ? json({ ...doc, content: applyMutation(content, leaf, { op: 'replace', value: bad }) })
          : undefined,
      ],
      [
        'document metadata documentType',
        'POST',
        path,
        leena,
        json({ ...doc, metadata: { ...doc.metadata, documentType: bad } }),
      ],
      [
        'login name',
        'POST',
        '/auth/login',
        { 'content-type': 'application/json' },
        json({ login: bad, method: 'certificate-card-demo' }),
      ],
      [
        'person name',
        'POST',
        '/persons',
        leena,
        json({ familyName: bad, givenNames: 'Testi', hetu: probeHetu(bad.length + bad.charCodeAt(1)) }),
      ],
      [
        'person hetu',
        'POST',
        '/persons',
        leena,
        json({ hetu: bad, familyName: 'Testi', givenNames: 'Testi' }),
      ],
      ['register id in path', 'GET', `/registers/${enc(bad)}`, leena, undefined],
      ['register id in a document store path', 'POST', `/registers/${enc(bad)}/documents`, leena, json(doc)],
      ['person search text', 'GET', `/persons?text=${enc(bad)}`, leena, undefined],
      ['person search hetu', 'GET', `/persons?hetu=${enc(bad)}`, leena, undefined],
      ['structure search', 'GET', `/structures?q=${enc(bad)}`, leena, undefined],
      [
        'Idempotency-Key (valid otherwise)',
        'POST',
        path,
        { ...leena, 'idempotency-key': `probe-${name.replace(/ /g, '-')}` },
        json(doc),
      ],
    ];
    for (const [what, method, p, headers, body] of textProbes) {
      http.push({ kind: `probe: ${name} in ${what}`, method, path: p, headers, ...(body ? { body } : {}) });
    }
  }
  const host = 'Host: 127.0.0.1\r\n';
  const raw = [
    [
      'duplicate content-length',
      `POST ${path} HTTP/1.1\r\n${host}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
    ],
    [
      'content-length and chunked',
      `POST ${path} HTTP/1.1\r\n${host}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    ],
    ['negative content-length', `POST ${path} HTTP/1.1\r\n${host}Content-Length: -1\r\n\r\n`],
    ['garbage request line', 'GARBAGE\r\n\r\n'],
    ['NUL in header', `GET /health HTTP/1.1\r\n${host}X-A: a\u0000b\r\n\r\n`],
    ['header of 64 KiB', `GET /health HTTP/1.1\r\n${host}X-A: ${'a'.repeat(65_536)}\r\n\r\n`],
    [
      'bad chunk size',
      `POST ${path} HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    ],
    ['HTTP/0.9', 'GET /health\r\n\r\n'],
    ['latin1 in path', 'GET /documents/\u00e4\u00f6 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
  ].map(([name, text]) => ({ name: name!, bytes: Buffer.from(text!, 'latin1') }));
  return { http, raw };
}

// --- the run -------------------------------------------------------------------------------------------------

export interface Failure {
  request: FuzzRequest;
  /** Status, or the connection error. */
  outcome: string;
  /** What the server logged while answering it, when known. */
  serverErrors: string[];
}

export interface FuzzOptions {
  base: string;
  fixtures: Fixtures;
  endpoints: Endpoint[];
  bodyLimit: number;
  cases: number;
  seed: number;
  concurrency: number;
  /** Server errors logged since the last call. */
  takeErrors?: () => string[];
  log: (line: string) => void;
  /** The identities' password, to log them in again after a case ended their sessions. */
  password: string;
}

export interface FuzzResult {
  cases: number;
  byStatus: Map<number, number>;
  byKind: Map<string, number>;
  failures: Failure[];
  /** Reset connections, hangs and crashes (uncaught errors in this process). */
  crashes: number;
  /** Broken expectations of the fixed probes, and an unresponsive /health. */
  limitProblems: string[];
  /** Answers that took longer than 5 s. */
  slow: { request: FuzzRequest; ms: number }[];
  /** Requests that failed on a reused keep-alive socket and were answered on a fresh one. */
  staleConnections: number;
  /** Cases that ended sessions (logout, revocation), after each of which the identities logged in again. */
  sessionsEnded: number;
}

/**
 * Routes whose success ends sessions: the caller's (logout) or all of a professional's earlier ones
 * (revocation, perhaps another identity's). Without logging in again after them, every later case
 * of the ended identities would test only the 401 of a revoked session.
 */
const ENDS_SESSIONS = /^\/(auth\/logout|professionals\/[^/?]+\/sessions\/revoke)(\?|$)/;

/**
 * Keeps the identities logged in: after a case ended sessions, logs everyone in again (one re-login
 * at a time, shared by the workers that ask meanwhile) and sends each request sampled earlier with
 * its identity's current token instead of the ended one.
 */
class Identities {
  /** An ended token → the token that replaced it (chains are followed). */
  private readonly replaced = new Map<string, string>();
  private pending: Promise<void> | undefined;

  constructor(
    private readonly base: string,
    private readonly password: string,
    private readonly tokens: Record<TokenName, string>,
  ) {}

  /** The request as it should be sent now: its bearer token made current. */
  current(r: FuzzRequest): FuzzRequest {
    const auth = r.headers.authorization;
    if (typeof auth !== 'string' || !auth.startsWith('Bearer ')) return r;
    let token = auth.slice('Bearer '.length);
    const start = token;
    for (let next = this.replaced.get(token); next !== undefined; next = this.replaced.get(token))
      token = next;
    return token === start ? r : { ...r, headers: { ...r.headers, authorization: `Bearer ${token}` } };
  }

  /** After a case: if it ended sessions, log everyone in again. Returns whether it did. */
  async after(r: FuzzRequest, status: number): Promise<boolean> {
    if (r.method !== 'POST' || status >= 300 || !ENDS_SESSIONS.test(r.path)) return false;
    this.pending ??= this.relogin().finally(() => {
      this.pending = undefined;
    });
    await this.pending;
    return true;
  }

  private async relogin(): Promise<void> {
    const before = { ...this.tokens };
    await logIn(this.base, this.password, this.tokens);
    for (const [name, old] of Object.entries(before) as [TokenName, string][]) {
      const now = this.tokens[name];
      if (old !== '' && now !== undefined && now !== old) this.replaced.set(old, now);
    }
  }
}

/** How a request is shown for reproduction: tokens by name, bodies as text or base64. */
export function describe(r: FuzzRequest, fx: Fixtures, base: string): string {
  const names = new Map(Object.entries(fx.tokens).map(([k, v]) => [v, k]));
  const headers = Object.entries(r.headers).map(([k, v]) => {
    let text = Array.isArray(v) ? v.join(' | ') : v;
    for (const [token, name] of names) if (token) text = text.split(token).join(`<token:${name}>`);
    return `${k}: ${text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text}`;
  });
  let body = '';
  if (r.body) {
    const text = r.body.toString('utf8');
    const clean = Buffer.from(text, 'utf8').equals(r.body);
    if (clean && r.body.length <= 3000) body = `\n  body: ${text}`;
    else
      body = `\n  body (${r.body.length} bytes${clean ? '' : ', not UTF-8'}; sha256 ${createHash('sha256').update(r.body).digest('hex').slice(0, 16)}): base64 ${r.body.subarray(0, 600).toString('base64')}${r.body.length > 600 ? '…' : ''}`;
  }
  const path = r.path.length > 300 ? `${r.path.slice(0, 300)}… (${r.path.length} chars)` : r.path;
  return `${r.method} ${base}${path}\n  ${headers.join('\n  ')}${body}`;
}

async function healthy(base: URL): Promise<string | undefined> {
  try {
    const r = await send(base, { kind: 'health', method: 'GET', path: '/health', headers: {} }, 5_000);
    return r.status === 200 ? undefined : `GET /health answered ${r.status}`;
  } catch (e) {
    return `GET /health failed: ${String(e)}`;
  }
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzResult> {
  const base = new URL(o.base);
  const result: FuzzResult = {
    cases: 0,
    byStatus: new Map(),
    byKind: new Map(),
    failures: [],
    crashes: 0,
    limitProblems: [],
    slow: [],
    staleConnections: 0,
    sessionsEnded: 0,
  };
  const identities = new Identities(o.base, o.password, o.fixtures.tokens);
  const inFlight = new Set<FuzzRequest>();
  const onCrash = (e: unknown) => {
    result.crashes++;
    o.log(
      `CRASH (uncaught in this process): ${String(e)}; in flight: ${[...inFlight].map((r) => `${r.method} ${r.path.slice(0, 120)}`).join(', ')}`,
    );
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  const count = (status: number) => result.byStatus.set(status, (result.byStatus.get(status) ?? 0) + 1);

  try {
    // Fixed probes first, one at a time, so a failure names its own server error.
    const { http, raw } = probes(o.fixtures, o.bodyLimit);
    const probeStatus: string[] = [];
    for (const p of http) {
      o.takeErrors?.();
      try {
        const r = await send(base, p);
        count(r.status);
        result.cases++;
        probeStatus.push(`${p.kind.replace(/^probe: /, '')} → ${r.status}`);
        const wrong = p.expect?.(r.status);
        if (wrong)
          result.limitProblems.push(
            `${p.kind}: ${wrong}: ${describe(p, o.fixtures, o.base)}\n  answer: ${r.body.slice(0, 300)}`,
          );
        if (r.status >= 500)
          result.failures.push({
            request: p,
            outcome: `${r.status} ${r.body.slice(0, 300)}`,
            serverErrors: o.takeErrors?.() ?? [],
          });
      } catch (e) {
        // A body over the limit may be cut off by the server's 413 before it is all sent.
        const oversize = (p.body?.length ?? 0) > o.bodyLimit;
        if (!oversize) {
          result.crashes++;
          result.failures.push({ request: p, outcome: String(e), serverErrors: o.takeErrors?.() ?? [] });
        }
      }
      const h = await healthy(base);
      if (h) result.limitProblems.push(`after a probe: ${h}`);
    }
    for (const p of raw) {
      o.takeErrors?.();
      try {
        const r = await sendRaw(base, p.bytes);
        result.cases++;
        count(r.status);
        if (r.status >= 500)
          result.failures.push({
            request: { kind: 'raw', method: 'RAW', path: p.name, headers: {}, body: p.bytes },
            outcome: `${r.status} ${r.body.slice(0, 200)}`,
            serverErrors: o.takeErrors?.() ?? [],
          });
      } catch (e) {
        result.limitProblems.push(`raw probe "${p.name}": ${String(e)}`);
      }
      const h = await healthy(base);
      if (h) result.limitProblems.push(`after raw probe "${p.name}": ${h}`);
    }
    o.log(`probes: ${http.length + raw.length} sent, ${result.limitProblems.length} problems`);
    o.log(`  ${probeStatus.join('\n  ')}`);

    const arb = requestArb(o.endpoints, o.fixtures);
    const batch = 500;
    let done = 0;
    let batchNo = 0;
    while (done < o.cases) {
      const n = Math.min(batch, o.cases - done);
      const requests = fc.sample(arb, { numRuns: n, seed: o.seed + batchNo++ });
      let next = 0;
      await Promise.all(
        Array.from({ length: o.concurrency }, async () => {
          while (next < requests.length) {
            const r = identities.current(requests[next++]!);
            inFlight.add(r);
            try {
              const res = await send(base, r);
              if (await identities.after(r, res.status)) result.sessionsEnded++;
              count(res.status);
              result.byKind.set(r.kind, (result.byKind.get(r.kind) ?? 0) + 1);
              if (res.ms > 5_000) result.slow.push({ request: r, ms: res.ms });
              if (res.status >= 500)
                result.failures.push({
                  request: r,
                  outcome: `${res.status} ${res.body.slice(0, 300)}`,
                  serverErrors: [],
                });
            } catch (e) {
              // A kept-alive socket the server closed after its previous answer fails on reuse; that
              // is the client's race, not the server's. Only a failure on a fresh connection counts.
              try {
                const res = await send(base, r, 30_000, true);
                result.staleConnections++;
                count(res.status);
                result.byKind.set(r.kind, (result.byKind.get(r.kind) ?? 0) + 1);
                if (res.status >= 500)
                  result.failures.push({
                    request: r,
                    outcome: `${res.status} ${res.body.slice(0, 300)}`,
                    serverErrors: [],
                  });
              } catch (again) {
                result.crashes++;
                result.failures.push({
                  request: r,
                  outcome: `${String(e)}; on a fresh connection: ${String(again)}`,
                  serverErrors: [],
                });
              }
            } finally {
              inFlight.delete(r);
            }
          }
        }),
      );
      done += n;
      result.cases += n;
      const h = await healthy(base);
      if (h) {
        result.limitProblems.push(`after ${done} cases: ${h}`);
        o.log(`server unresponsive after ${done} cases: ${h}`);
        break;
      }
      if (done % 5000 === 0 || done === o.cases) {
        const fails = result.failures.length;
        o.log(`${done}/${o.cases} cases, ${fails} failures, statuses ${statusLine(result.byStatus)}`);
      }
    }

    // Each failure once more, alone, to confirm it and to catch what the server logged for it.
    if (o.takeErrors) {
      for (const f of result.failures.slice(0, 200)) {
        if (f.serverErrors.length > 0) continue;
        o.takeErrors();
        try {
          const again = await send(base, f.request);
          f.outcome += ` (again: ${again.status})`;
        } catch (e) {
          f.outcome += ` (again: ${String(e)})`;
        }
        f.serverErrors = o.takeErrors();
      }
    }
  } finally {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  }
  return result;
}

export function statusLine(m: Map<number, number>): string {
  return [...m.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `${s}:${n}`)
    .join(' ');
}

/** Failures grouped by route shape, outcome and server error, so one bug is one line. */
export function groupFailures(fs: Failure[]): { key: string; count: number; example: Failure }[] {
  const groups = new Map<string, { key: string; count: number; example: Failure }>();
  for (const f of fs) {
    const route = f.request.path.split('?')[0]!.replace(/\/[^/]*[0-9.-]{6,}[^/]*/g, '/:id');
    const status = f.outcome.split(' ')[0];
    const cause = (f.serverErrors[0] ?? '').replace(/\s+at\s.*$/, '').slice(0, 160);
    const key = `${f.request.method} ${route.slice(0, 80)} → ${status} ${cause}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { key, count: 1, example: f });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

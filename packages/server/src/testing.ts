// Test support for the HTTP API: a running server on a fresh migrated database, a small fetch
// client, and the bootstrap of the first administrators (the only rows not written through the
// API: someone has to be able to log in first).
import { makeHetu } from '@varanto/domain/identity';
import type { Store } from '@varanto/store';
import { createTestStore, type TestEngine, type TestStore } from '@varanto/store/testing';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from './context.ts';
import { type BuildServerOptions, buildServer } from './server.ts';
import { seedWorld } from './test-world.ts';

export const TEST_SECRET = 'test-session-secret-of-at-least-32-bytes!';
export const DEMO_PASSWORD = 'demo-password';

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface Call {
  token?: string;
  body?: unknown;
  /** Sent as is (for malformed JSON and wrong media types). */
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
}

/** A minimal API client over fetch: JSON in, JSON (or problem+json) out. */
export class ApiClient {
  constructor(readonly base: string) {}

  async call<T = unknown>(method: string, path: string, c: Call = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...c.headers };
    if (c.token) headers.authorization = `Bearer ${c.token}`;
    let body: string | Uint8Array | undefined;
    if (c.raw !== undefined) body = c.raw;
    else if (c.body !== undefined) {
      body = JSON.stringify(c.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    if (/^application\/(problem\+)?json/.test(res.headers.get('content-type') ?? '') && text !== '')
      parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  get<T = unknown>(path: string, token?: string) {
    return this.call<T>('GET', path, token !== undefined ? { token } : {});
  }

  post<T = unknown>(
    path: string,
    token: string | undefined,
    body: unknown,
    headers?: Record<string, string>,
  ) {
    return this.call<T>('POST', path, {
      ...(token !== undefined ? { token } : {}),
      body,
      ...(headers ? { headers } : {}),
    });
  }

  async login(
    login: string,
    method: 'password' | 'certificate-card-demo' = 'certificate-card-demo',
  ): Promise<string> {
    const r = await this.post<{ token: string }>('/auth/login', undefined, {
      login,
      method,
      ...(method === 'password' ? { password: DEMO_PASSWORD } : {}),
    });
    if (r.status !== 200) throw new Error(`login ${login} failed: ${r.status} ${r.text}`);
    return r.body.token;
  }
}

export interface Bootstrap {
  organizationOid: string;
  name: string;
  unitOid: string;
  adminLogin: string;
}

/** The first organization, one unit and its administrator with a right from `validFrom`. */
export async function bootstrapOrganization(
  store: Store,
  b: Bootstrap,
  validFrom = '2020-01-01',
): Promise<void> {
  await seedWorld(store, {
    organizations: [
      {
        oid: b.organizationOid,
        name: b.name,
        admin: { login: b.adminLogin, unitOid: b.unitOid, validFrom },
      },
    ],
  });
}

export interface RunningTestServer {
  app: FastifyInstance;
  api: ApiClient;
  db: TestStore;
  close(): Promise<void>;
}

/** A real server on a free port over a fresh database of `engine`. */
export async function startTestServer(
  engine: TestEngine,
  config: Partial<ServerConfig> = {},
  extra: Omit<BuildServerOptions, 'store' | 'config'> = {},
): Promise<RunningTestServer> {
  const db = await createTestStore(engine);
  const app = await buildServer({
    store: db.store,
    config: {
      sessionSecret: TEST_SECRET,
      demoLogins: true,
      demoPassword: DEMO_PASSWORD,
      // A suite logs in more often than a person could; the limit itself is tested on its own.
      loginRateLimit: { max: 1000, timeWindowMs: 60_000 },
      ...config,
    },
    ...extra,
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    api: new ApiClient(address),
    db,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/** A valid henkilötunnus for a birth date and individual number (test persons use 900–999). */
export function hetu(birthDate: string, individualNumber: number): string {
  const r = makeHetu({ birthDate, individualNumber });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.value;
}

/**
 * A narrative entry of a visit or contact (19005) about Anna Virtanen under a service task (family
 * services unless said), the document content the server suites store; `author` is the recording
 * worker's family name.
 */
export function narrativeEntry(text: string, o: { task?: string; author?: string } = {}) {
  return {
    merkinta_tapaamisesta_tai_yhteydenotosta: {
      asiakas: [{ sukunimi: 'Virtanen', etunimet: 'Anna' }],
      asiakaskertomusmerkinta: {
        palvelutehtava: {
          system: 'urn:oid:1.2.246.537.6.1221',
          code: o.task ?? '24',
          display: 'Lapsiperheiden palvelut',
        },
      },
      sovitut_asiat: text,
      laatija: { sukunimi: o.author ?? 'Sosiaali', etunimet: 'Sari' },
    },
  };
}

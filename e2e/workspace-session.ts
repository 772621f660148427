// What every browser suite of the workspace shares: a real server over a fresh database with the
// tiny world of world.ts, the built bundle, one chromium page, and the small steps the suites
// repeat (log in as someone, read a text, check axe, switch language). Each suite file calls
// `workspaceSuite()` once inside its describe(); the hooks it registers start and stop everything.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before } from 'node:test';
import type { TestEngine } from '@varanto/store/testing';
import type { Page } from 'playwright-core';
import { type RunningTestServer, startTestServer } from '../packages/server/src/testing.ts';
import {
  type Browser,
  launchBrowser,
  renderingState,
  screenshot,
  seriousAxeViolations,
  webBundle,
} from './harness.ts';
import { seed, type World } from './world.ts';

export interface Workspace {
  server: RunningTestServer;
  base: string;
  page: Page;
  world: World;
}

/**
 * Registers before/after hooks that start the server, seed the world and open chromium; the
 * returned object is filled in by the time the first test runs. Uncaught errors in the page fail
 * the test during which they happened.
 */
export function workspaceSuite(
  engine: TestEngine,
  config: Parameters<typeof startTestServer>[1] = {},
): Workspace {
  const ws = {} as Workspace;
  let browser: Browser | undefined;
  const pageErrors: string[] = [];
  before(async () => {
    mkdirSync(new URL('./screenshots/', import.meta.url), { recursive: true });
    const dist = await webBundle();
    ws.server = await startTestServer(engine, config, { webRoot: dist });
    ws.world = await seed(ws.server);
    ws.base = ws.server.api.base;
    browser = await launchBrowser();
    ws.page = browser.page;
    ws.page.on('pageerror', (e) => pageErrors.push(e.message));
    // React reports an error that unmounts the app through reportError, which playwright does not
    // count as uncaught: the page forwards every error event to the console, marked.
    await browser.context.addInitScript(() => {
      const g = globalThis as unknown as {
        addEventListener(type: 'error', f: (e: { message: string }) => void): void;
        console: { error(m: string): void };
      };
      g.addEventListener('error', (e) => g.console.error(`[uncaught] ${e.message}`));
    });
    ws.page.on('console', (m) => {
      if (m.type() === 'error' && m.text().startsWith('[uncaught] ')) pageErrors.push(m.text());
    });
  });
  afterEach(async (t) => {
    // A failed test leaves a picture of the page it failed on, for whoever reads the run.
    if (!(t as { passed?: boolean }).passed && ws.page) {
      console.log(`page state after "${t.name}": ${await renderingState(ws.page)}`);
      const slug = t.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
      await screenshot(ws.page, `failed-${slug}`, 5_000).catch(() => undefined);
    }
    const seen = pageErrors.splice(0);
    assert.deepEqual(seen, [], 'errors in the page');
  });
  after(async () => {
    await browser?.close();
    await ws.server?.close();
  });
  return ws;
}

export async function expectNoSeriousAxe(page: Page, view: string): Promise<void> {
  const t0 = Date.now();
  const found = await seriousAxeViolations(page);
  if (process.env.E2E_TIMING) console.log(`axe ${view}: ${Date.now() - t0} ms`);
  assert.deepEqual(found, [], `${view}: ${JSON.stringify(found, null, 2)}`);
}

/** The trimmed text of the first element matching `selector`. */
export const text = async (page: Page, selector: string): Promise<string> =>
  ((await page.locator(selector).first().textContent()) ?? '').trim();

/**
 * Logs in as `login` with the certificate-card stand-in (Finnish UI), ending any earlier session
 * by dropping its cookie, and lands on the search page.
 */
export async function loginAs(ws: Workspace, login: string, to = '/'): Promise<void> {
  const { page, base } = ws;
  await page.context().clearCookies();
  await page.goto(`${base}${to}`);
  // The page's storage: the root typecheck has no DOM library, so it is reached through globalThis.
  await page.evaluate(() => {
    const g = globalThis as unknown as {
      localStorage: { setItem(k: string, v: string): void };
      sessionStorage: { clear(): void };
    };
    g.localStorage.setItem('varanto.language', 'fi');
    g.sessionStorage.clear();
  });
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Kirjaudu sisään' }).waitFor();
  await page.getByLabel('Käyttäjätunnus').fill(login);
  await page.getByRole('button', { name: 'Kirjaudu' }).click();
  await page.locator('[data-testid=header-user]').waitFor();
}

/** Opens a client's overview straight by its address and waits for the name heading. */
export async function openClient(ws: Workspace, clientKey: string, name: RegExp): Promise<void> {
  await ws.page.goto(`${ws.base}/#/clients/${encodeURIComponent(clientKey)}`);
  await ws.page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Switches the UI language through the header's menu; `menu` is the menu's name in the current one. */
export async function switchLanguage(page: Page, menu: RegExp, to: RegExp): Promise<void> {
  await page.getByRole('button', { name: menu }).click();
  await page.getByRole('menuitem', { name: to }).click();
}

/**
 * Logs in to the citizen portal (#/oma) with the Suomi.fi stand-in as the person with `hetu`,
 * ending the professional session of the page, and waits for the portal to name them.
 */
export async function citizenLoginAs(ws: Workspace, hetu: string, name: string): Promise<void> {
  const { page, base } = ws;
  await page.context().clearCookies();
  await page.goto(`${base}/#/oma`);
  await page.getByRole('heading', { level: 1, name: 'Kirjaudu omiin tietoihisi' }).waitFor();
  await page.getByLabel('Henkilötunnus').fill(hetu);
  await page.getByRole('button', { name: 'Tunnistaudu' }).click();
  await page.getByText(`Kirjautunut: ${name}`).waitFor();
}

// A social worker's steps in the demo world (packages/cli/src/seed, the Mäkinen family) in a real
// browser against a real server: clients leave the family's shared case (yhteinen asia) until the
// last one, whom the server keeps, with its rule shown. Each step's stored version is announced
// and checked through the API as well; each new view is checked with axe.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { testEngines } from '@varanto/store/testing';
import type { Page } from 'playwright-core';
import { citizenDemoLogins } from '../packages/cli/src/seed/family.ts';
import { DEMO_PASSWORD, seedDemoWorld } from '../packages/cli/src/seed/seed.ts';
import { type RunningTestServer, startTestServer } from '../packages/server/src/testing.ts';
import { type Browser, browserAvailable, launchBrowser, screenshot, webBundle } from './harness.ts';
import { expectNoSeriousAxe, loginAs, type Workspace } from './workspace-session.ts';

const run = browserAvailable("a worker's steps in the demo world");
const [engine] = run ? await testEngines() : [];

/** Today in Finland (the server runs on the real clock). */
const TODAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
}).format(new Date());

const hetuOf = (name: string) => citizenDemoLogins().find((l) => l.name === name)!.hetu;

interface CaseView {
  caseOid: string;
  setId: string;
  version: number;
  ended?: string;
  members: { clientKey: string; joinedAt: string; leftAt?: string }[];
}

describe("a worker's steps in the demo world, in chromium", { skip: !run }, () => {
  let server: RunningTestServer;
  let browser: Browser;
  let page: Page;
  let ws: Workspace;
  let leena = '';
  const keys: Record<string, string> = {};
  const pageErrors: string[] = [];

  const ok = async <T>(p: Promise<{ status: number; body: T; text: string }>, what: string) => {
    const r = await p;
    assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${r.text}`);
    return r.body;
  };

  before(async () => {
    mkdirSync(new URL('./screenshots/', import.meta.url), { recursive: true });
    const dist = await webBundle();
    server = await startTestServer(engine!, { demoPassword: DEMO_PASSWORD }, { webRoot: dist });
    await seedDemoWorld(server.app, server.db.store, { clients: 4, documentsPerClient: 1, today: TODAY });
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await browser.context.addInitScript(() => {
      const g = globalThis as unknown as {
        addEventListener(type: 'error', f: (e: { message: string }) => void): void;
        console: { error(m: string): void };
      };
      g.addEventListener('error', (e) => g.console.error(`[uncaught] ${e.message}`));
    });
    page.on('console', (m) => {
      if (m.type() === 'error' && m.text().startsWith('[uncaught] ')) pageErrors.push(m.text());
    });
    ws = { server, base: server.api.base, page } as Workspace;
    leena = await server.api.login('leena.laine');
    for (const name of ['Sari Mäkinen', 'Eetu Mäkinen', 'Oona Mäkinen']) {
      const found = await ok(
        server.api.get<{ clientKey: string }[]>(`/persons?hetu=${encodeURIComponent(hetuOf(name))}`, leena),
        name,
      );
      keys[name] = found[0]!.clientKey;
    }
  });
  afterEach(async (t) => {
    if (!(t as { passed?: boolean }).passed && page) {
      await screenshot(page, `failed-steps-${t.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 50)}`).catch(
        () => undefined,
      );
    }
    assert.deepEqual(pageErrors.splice(0), [], 'errors in the page');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const notice = () => page.locator('[data-testid=record-notice]');
  /** Chooses a radio button by its label (the label covers the design system's input). */
  const choose = (dialog: ReturnType<Page['getByRole']>, label: string | RegExp) =>
    dialog.locator('label.fi-radio-button_label', { hasText: label }).click();

  /** The family's shared case, as the API has it now. */
  async function familyCase(): Promise<CaseView> {
    const cases = await ok(
      server.api.get<CaseView[]>(`/persons/${encodeURIComponent(keys['Oona Mäkinen']!)}/cases`, leena),
      'cases',
    );
    const kase = cases.find((c) => c.members.length >= 3);
    assert.ok(kase, 'the family case');
    return kase;
  }

  test('clients leave the shared case one by one; the last one cannot, and the rule says why', async () => {
    const before = await familyCase();
    await loginAs(ws, 'leena.laine');
    await page.goto(`${ws.base}/#/clients/${encodeURIComponent(keys['Oona Mäkinen']!)}`);
    await page.getByRole('heading', { level: 1, name: /Mäkinen, Oona/ }).waitFor();
    // Oona's only case is the family's.
    const kase = page.locator('[data-testid=open-case]', { hasText: 'Yhteinen asia' });
    await kase.getByText('Yhteinen asia · 3 asiakasta').waitFor();

    // Eetu leaves; first on a day before he joined, which the domain refuses at the date.
    await kase.getByRole('button', { name: /Poista asiakas asiasta/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: /Poista asiakas asiasta/ }).waitFor();
    const oona = dialog.getByRole('radio', { name: /Mäkinen, Oona/ });
    await oona.waitFor();
    assert.ok(await oona.isChecked(), "the overview's client is offered first");
    await choose(dialog, /Mäkinen, Eetu/);
    const date = dialog.getByRole('textbox', { name: 'Poistumispäivä' });
    assert.equal(await date.inputValue(), TODAY);
    await date.fill('2020-01-01');
    await dialog.getByRole('button', { name: 'Poista asiakas asiasta' }).click();
    await page.locator('#leave-case-date[aria-invalid=true]').waitFor();
    await dialog.getByText('a client cannot leave before joining').waitFor();
    await expectNoSeriousAxe(page, 'leave case dialog with an error');
    await screenshot(page, 'steps-01-leave-case-error');

    await date.fill(TODAY);
    await dialog.getByRole('button', { name: 'Poista asiakas asiasta' }).click();
    await notice().waitFor();
    assert.equal(
      await notice().textContent(),
      `Asia-asiakirjasta tallennettiin versio ${before.version + 1}.`,
    );
    await page.getByText('Asiakas poistui asiasta').waitFor();
    await kase.getByText('Yhteinen asia · 2 asiakasta').waitFor();
    let stored = await familyCase();
    assert.equal(stored.version, before.version + 1);
    const eetu = stored.members.find((m) => m.clientKey === keys['Eetu Mäkinen']);
    assert.equal(eetu?.leftAt, TODAY);
    assert.equal(stored.members.filter((m) => m.leftAt === undefined).length, 2);
    await expectNoSeriousAxe(page, 'overview after a client left');

    // The announced version opens the case document's new version.
    const link = page.getByRole('link', { name: `Avaa versio ${before.version + 1}` });
    assert.match(
      (await link.getAttribute('href')) ?? '',
      new RegExp(`/documents/[^/]+/versions/${before.version + 1}$`),
    );

    // Sari leaves today (the day as chosen: the server's now).
    await kase.getByRole('button', { name: /Poista asiakas asiasta/ }).click();
    await choose(dialog, /Mäkinen, Sari/);
    await dialog.getByRole('button', { name: 'Poista asiakas asiasta' }).click();
    await page.getByText(`Asia-asiakirjasta tallennettiin versio ${before.version + 2}.`).waitFor();
    stored = await familyCase();
    assert.equal(stored.members.filter((m) => m.leftAt === undefined).length, 1);

    // Oona is the last: the server refuses, and the dialog names the rule.
    await kase.getByRole('button', { name: /Poista asiakas asiasta/ }).click();
    assert.equal(await dialog.getByRole('radio').count(), 1);
    await dialog.getByRole('button', { name: 'Poista asiakas asiasta' }).click();
    await dialog.locator('[data-rule=last_member]').waitFor();
    await dialog.getByText('Viimeinen asiakas ei voi poistua asiasta; sulje asia.').waitFor();
    await expectNoSeriousAxe(page, 'leave case refused');
    await screenshot(page, 'steps-02-leave-case-refused');
    await dialog.getByRole('button', { name: 'Peruuta' }).click();
    assert.equal((await familyCase()).version, before.version + 2, 'nothing stored by the refusal');
  });
});

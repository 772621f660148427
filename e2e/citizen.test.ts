// The citizen portal (#/oma) in a real browser against a real server seeded with the demo world's
// family (packages/cli/src/seed/family.ts): the other parent logs in, reads his 10-year-old's marked
// documents and never the shelter home's, sees who handled the child's data without the shelter
// home being named; the mother reports an error and follows it; the portal speaks Swedish; every
// main view is checked with axe.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { testEngines } from '@varanto/store/testing';
import type { Page } from 'playwright-core';
import { citizenDemoLogins } from '../packages/cli/src/seed/family.ts';
import { DEMO_PASSWORD, seedDemoWorld } from '../packages/cli/src/seed/seed.ts';
import { type RunningTestServer, startTestServer } from '../packages/server/src/testing.ts';
import { type Browser, browserAvailable, launchBrowser, screenshot, webBundle } from './harness.ts';
import { expectNoSeriousAxe } from './workspace-session.ts';

const run = browserAvailable('citizen portal');
const [engine] = run ? await testEngines() : [];
const TODAY = '2026-11-22';

const hetuOf = (name: string) => citizenDemoLogins().find((l) => l.name === name)!.hetu;

describe('citizen portal in chromium', { skip: !run }, () => {
  let server: RunningTestServer;
  let browser: Browser;
  let page: Page;
  let base = '';
  const pageErrors: string[] = [];

  before(async () => {
    mkdirSync(new URL('./screenshots/', import.meta.url), { recursive: true });
    const dist = await webBundle();
    server = await startTestServer(
      engine!,
      { demoPassword: DEMO_PASSWORD, sessionTtlSeconds: 30 * 86_400 },
      { webRoot: dist, now: () => new Date(`${TODAY}T10:00:00Z`) },
    );
    await seedDemoWorld(server.app, server.db.store, { clients: 4, documentsPerClient: 1, today: TODAY });
    base = server.api.base;
    browser = await launchBrowser();
    page = browser.page;
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  afterEach(async (t) => {
    if (!(t as { passed?: boolean }).passed && page) {
      await screenshot(page, `failed-citizen-${t.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 50)}`).catch(
        () => undefined,
      );
    }
    assert.deepEqual(pageErrors.splice(0), [], 'errors in the page');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function loginAs(name: string): Promise<void> {
    await page.context().clearCookies();
    await page.goto(`${base}/#/oma`);
    await page.evaluate(() => {
      const g = globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } };
      g.localStorage.setItem('varanto.language', 'fi');
    });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Kirjaudu omiin tietoihisi' }).waitFor();
    await page.getByLabel('Henkilötunnus').fill(hetuOf(name));
    await page.getByRole('button', { name: 'Tunnistaudu' }).click();
    await page.getByText(`Kirjautunut: ${name}`).waitFor();
  }

  test('the portal has its own login; a wrong identity code is refused', async () => {
    await page.goto(`${base}/#/oma`);
    await page.getByRole('heading', { level: 1, name: 'Kirjaudu omiin tietoihisi' }).waitFor();
    await expectNoSeriousAxe(page, 'citizen login');
    await screenshot(page, 'citizen-01-login');
    await page.getByLabel('Henkilötunnus').fill('010101-999X');
    await page.getByRole('button', { name: 'Tunnistaudu' }).click();
    await page.getByText('Tunnistautuminen ei onnistunut.').waitFor();
  });

  test("the other parent reads the 10-year-old's marked documents, never the shelter home's", async () => {
    await loginAs('Janne Mäkinen');
    await page.getByRole('heading', { level: 1, name: 'Asiakirjat' }).waitFor();
    await page.getByLabel('Kenen tietoja katselet').selectOption({ label: 'Eetu Mäkinen (huoltajana)' });
    await page.getByText('Katselet henkilön Eetu Mäkinen tietoja').waitFor();
    await page.locator('.citizen-document').first().waitFor();
    const names = await page.locator('.citizen-document-link').allTextContents();
    assert.ok(names.length >= 2, names.join(' | '));
    assert.ok(!names.some((n) => /Turvakoti/i.test(n)), names.join(' | '));
    const body = (await page.locator('main').textContent()) ?? '';
    assert.ok(!/Turvakoti|Majakka/.test(body.replace(/turvakotipalvelun, lähisuhdeväkivallan/i, '')));
    await expectNoSeriousAxe(page, 'citizen documents on behalf');
    await screenshot(page, 'citizen-02-guardian-documents');

    await page.locator('.citizen-document-link').first().click();
    await page.locator('iframe.document-frame').waitFor();
    assert.match(
      (await page.locator('iframe.document-frame').getAttribute('title')) ?? '',
      /^Asiakirjan sisältö: /,
    );
    await expectNoSeriousAxe(page, 'citizen document');
    await screenshot(page, 'citizen-03-document');

    await page.getByRole('link', { name: 'Asiakkuudet ja asiat' }).click();
    await page.getByText('Omatyöntekijä').waitFor();
    await page.getByText('Leena Laine').first().waitFor();
    await page.getByRole('link', { name: /029 123 4501/ }).waitFor();
    await expectNoSeriousAxe(page, 'citizen services');

    await page.getByRole('link', { name: 'Kuka käsitteli tietojani' }).click();
    await page.locator('table.citizen-log tbody tr').first().waitFor();
    const log = (await page.locator('table.citizen-log').textContent()) ?? '';
    assert.ok(log.includes('Käsittelijää ei näytetä'), 'the shelter work is there without who did it');
    assert.ok(!/Turva|Majakka/.test(log), 'the shelter home is never named');
    const csv = await page.getByRole('link', { name: 'Lataa CSV-tiedostona' }).getAttribute('href');
    assert.match(csv ?? '', /^\/citizen\/access-log\.csv\?as=/);
    await expectNoSeriousAxe(page, 'citizen access log');
    await screenshot(page, 'citizen-04-access-log');
  });

  test('the mother reports an error in her own entry and follows it; the portal speaks Swedish', async () => {
    await loginAs('Sari Mäkinen');
    await page.locator('.citizen-document-link').first().click();
    await page.getByRole('heading', { level: 2, name: 'Ilmoita virheestä' }).waitFor();
    await page.getByRole('button', { name: 'Lähetä ilmoitus' }).click();
    await page.getByText('Kuvaa virhe.').waitFor();
    await page.getByLabel('Mikä on virheellistä?').fill('Tapaamisen aika on väärin.');
    await page.getByRole('button', { name: 'Lähetä ilmoitus' }).click();
    await page.getByText(/Ilmoitus lähetettiin yksikölle/).waitFor();
    await page.getByRole('link', { name: 'Virheilmoitukset' }).click();
    await page.getByText('Tapaamisen aika on väärin.').waitFor();
    assert.ok((await page.locator('.citizen-status-open').count()) >= 1);
    await expectNoSeriousAxe(page, 'citizen error reports');
    await screenshot(page, 'citizen-05-reports');

    await page
      .getByRole('button', { name: /Kieli|FI/ })
      .first()
      .click();
    await page.getByRole('menuitem', { name: /Svenska/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Felanmälningar' }).waitFor();
    await page.getByRole('link', { name: 'Handlingar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Handlingar' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
    await expectNoSeriousAxe(page, 'citizen documents in Swedish');
    await screenshot(page, 'citizen-06-swedish');
  });
});

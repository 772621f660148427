// A social worker's steps in the demo world (packages/cli/src/seed, the Mäkinen family) in a real
// browser against a real server: clients leave the family's shared case (yhteinen asia) until the
// last one, whom the server keeps, with its rule shown; a minor's entry is delayed and hidden from
// the guardian in OmaKanta, the server's refusals shown at their fields (a colleague's hiding
// awaits the child's worker, and her confirming is refused with its rule); the mother's error report
// is taken in hand, refused as corrected until the entry is corrected, then closed (another is
// rejected with a response). Each step's stored version is announced and checked through the API
// as well; each new view is checked with axe.
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

  /** Today plus `days`, ISO. */
  const later = (days: number) => {
    const d = new Date(`${TODAY}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };

  interface DocRow {
    setId: string;
    version: number;
    metadata: { documentDate: string; documentType: string };
  }

  async function documentOf(client: string, text: RegExp): Promise<DocRow> {
    const page1 = await ok(
      server.api.get<{ items: DocRow[] }>(
        `/documents?client=${encodeURIComponent(keys[client]!)}&limit=200`,
        leena,
      ),
      'documents',
    );
    for (const d of page1.items) {
      const full = await ok(server.api.get<{ content: unknown }>(`/documents/${d.setId}`, leena), 'document');
      if (text.test(JSON.stringify(full.content))) return d;
    }
    throw new Error(`no document of ${client} matching ${text}`);
  }

  test("a minor's entry: the worker sees its OmaKanta visibility, delays it and hides it from the guardian", async () => {
    const doc = await documentOf('Eetu Mäkinen', /keskusteltiin kahden kesken/);
    await loginAs(ws, 'leena.laine');
    await page.goto(
      `${ws.base}/#/clients/${encodeURIComponent(keys['Eetu Mäkinen']!)}/documents/${encodeURIComponent(doc.setId)}`,
    );
    const panel = page.locator('[data-testid=visibility]');
    await panel.getByRole('heading', { level: 2, name: 'Näkyvyys OmaKannassa' }).waitFor();
    assert.equal(
      await panel.locator('[data-testid=visibility-guardian-marking]').textContent(),
      'Ei merkitty',
    );
    await panel.locator('[data-need=guardian_marking_missing]').waitFor();
    await panel.locator('[data-testid=visibility-guardian] [data-rule=not_shown_to_guardian]').waitFor();
    assert.equal(await panel.locator('[data-testid=visibility-delay]').textContent(), 'Ei viivästetty');
    await expectNoSeriousAxe(page, 'document with its visibility');
    await screenshot(page, 'steps-03-visibility');

    // A delay: the server's 422s are shown at their fields, one after another.
    await panel.getByRole('button', { name: 'Muuta näkyvyyttä' }).click();
    const dialog = page.getByRole('dialog');
    await choose(dialog, 'Viivästä näyttämistä');
    await dialog.getByRole('textbox', { name: 'Viivästetään päivään' }).fill('2020-01-01');
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await page.locator('#visibility-reason[aria-invalid=true]').waitFor();
    await dialog.getByText('a visibility change must state its reason').waitFor();
    await dialog.getByRole('textbox', { name: /^Perustelu/ }).fill('Kerrotaan ensin tapaamisessa.');
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await page.locator('#visibility-until[aria-invalid=true]').waitFor();
    await dialog.getByText('a delay must end after today').waitFor();
    await expectNoSeriousAxe(page, 'visibility dialog with an error');
    await screenshot(page, 'steps-04-visibility-error');
    const until = later(30);
    await dialog.getByRole('textbox', { name: 'Viivästetään päivään' }).fill(until);
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await page.locator('[data-testid=record-notice]').waitFor();
    assert.equal(
      await page.locator('[data-testid=record-notice]').textContent(),
      `Asiakirjasta tallennettiin versio ${doc.version + 1}.`,
    );
    await page.getByText('Näkyvyyttä muutettiin').waitFor();
    const [y, m, d] = until.split('-').map(Number);
    await panel.locator('[data-testid=visibility-delay]', { hasText: `${d}.${m}.${y}` }).waitFor();
    await panel.locator('[data-testid=visibility-client] [data-rule=delayed]').waitFor();

    // Hidden from the guardian by the child's personal worker: confirmed at once.
    await panel.getByRole('button', { name: 'Muuta näkyvyyttä' }).click();
    await choose(dialog, 'Piilota huoltajalta');
    await dialog.getByRole('textbox', { name: /^Perustelu/ }).fill('Lapsen oma toive.');
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await page.getByText(`Asiakirjasta tallennettiin versio ${doc.version + 2}.`).waitFor();
    await panel
      .locator('[data-testid=visibility-guardian-marking]', {
        hasText: 'Piilotettu huoltajalta (vahvistettu)',
      })
      .waitFor();
    assert.equal(await panel.locator('[data-need=guardian_marking_missing]').count(), 0);
    const link = page.getByRole('link', { name: `Avaa versio ${doc.version + 2}` });
    assert.match((await link.getAttribute('href')) ?? '', new RegExp(`/versions/${doc.version + 2}$`));
    // The history re-renders while the document loads: poll until it settles.
    const rows = page.locator('[data-testid=version-row]');
    for (let i = 0; i < 100 && (await rows.count()) !== doc.version + 2; i++) await page.waitForTimeout(100);
    assert.equal(await rows.count(), doc.version + 2);

    const stored = await ok(
      server.api.get<{ version: number; omakanta: Record<string, unknown> }>(
        `/documents/${doc.setId}/visibility`,
        leena,
      ),
      'visibility',
    );
    assert.equal(stored.version, doc.version + 2);
    assert.equal(stored.omakanta.delayUntil, until);
    assert.equal(stored.omakanta.shownToGuardian, false);
    assert.ok(stored.omakanta.guardianHidingConfirmedBy, 'confirmed by the personal worker');
  });

  test("a colleague's hiding from the guardian awaits the child's worker, who alone may confirm it", async () => {
    const doc = await documentOf('Eetu Mäkinen', /koulun alkaneen hyvin/);
    const open = async () => {
      await page.goto(
        `${ws.base}/#/clients/${encodeURIComponent(keys['Eetu Mäkinen']!)}/documents/${encodeURIComponent(doc.setId)}`,
      );
      await page
        .locator('[data-testid=visibility]')
        .getByRole('button', { name: 'Muuta näkyvyyttä' })
        .waitFor();
    };
    const panel = page.locator('[data-testid=visibility]');
    const dialog = page.getByRole('dialog');
    // A social instructor of the same unit, not the child's personal worker.
    await loginAs(ws, 'sanna.koskinen');
    await open();
    assert.equal(
      await panel.locator('[data-testid=visibility-guardian-marking]').textContent(),
      'Näytetään huoltajalle',
    );
    await panel.getByRole('button', { name: 'Muuta näkyvyyttä' }).click();
    await choose(dialog, 'Piilota huoltajalta');
    await dialog.getByRole('textbox', { name: /^Perustelu/ }).fill('Lapsi pyysi, ettei vanhemmille kerrota.');
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await page
      .getByText('Näkyvyyttä muutettiin; huoltajalta piilottaminen odottaa vastuutyöntekijän vahvistusta')
      .waitFor();
    await panel
      .locator('[data-testid=visibility-guardian-marking]', {
        hasText: 'odottaa vastuutyöntekijän vahvistusta',
      })
      .waitFor();
    await panel.locator('[data-need=guardian_hiding_unconfirmed]').waitFor();
    // She may not confirm it herself: 403 with the rule.
    await panel.getByRole('button', { name: 'Muuta näkyvyyttä' }).click();
    await choose(dialog, 'Vahvista huoltajalta piilottaminen');
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await dialog.locator('[data-rule=responsible_worker_required]').waitFor();
    const refusal = (await dialog.locator('.error-message').textContent()) ?? '';
    assert.match(refusal, /Sinulla ei ole oikeutta tähän toimintoon\./, 'a 403');
    assert.match(refusal, /Tästä voi päättää vain palvelunjärjestäjän vastuutyöntekijä/);
    await expectNoSeriousAxe(page, 'visibility change refused');
    await screenshot(page, 'steps-05-visibility-refused');
    await dialog.getByRole('button', { name: 'Peruuta' }).click();

    // The child's personal worker confirms.
    await loginAs(ws, 'leena.laine');
    await open();
    await panel.getByRole('button', { name: 'Muuta näkyvyyttä' }).click();
    await choose(dialog, 'Vahvista huoltajalta piilottaminen');
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await page.getByText(`Asiakirjasta tallennettiin versio ${doc.version + 2}.`).waitFor();
    await panel
      .locator('[data-testid=visibility-guardian-marking]', {
        hasText: 'Piilotettu huoltajalta (vahvistettu)',
      })
      .waitFor();
    const stored = await ok(
      server.api.get<{ version: number; omakanta: Record<string, unknown>; needs: unknown[] }>(
        `/documents/${doc.setId}/visibility`,
        leena,
      ),
      'visibility',
    );
    assert.equal(stored.version, doc.version + 2);
    assert.equal(stored.omakanta.shownToGuardian, false);
    assert.ok(stored.omakanta.guardianHidingConfirmedBy);
    assert.deepEqual(stored.needs, []);
  });

  interface Flag {
    flagId: string;
    version: number;
    setId: string;
    status: string;
    description: string;
    response?: string;
    documentVersion: number;
    currentDocumentVersion?: number;
  }

  test('error reports: the unit sees the open one, takes it in hand, and closes it as corrected only after a correction', async () => {
    const seeded = (await ok(server.api.get<{ items: Flag[] }>('/error-flags', leena), 'flags')).items.find(
      (f) => f.description.startsWith('Tapaamisen päivämäärä on väärä'),
    );
    assert.ok(seeded, 'the demo world has a report');
    await loginAs(ws, 'leena.laine');
    await page.getByRole('link', { name: 'Virheilmoitukset' }).click();
    await page.getByRole('heading', { level: 1, name: 'Virheilmoitukset' }).waitFor();
    const row = page.locator('[data-testid=flag-row]', { hasText: 'Tapaamisen päivämäärä on väärä' });
    await row.waitFor();
    await row.getByText('Avoin').waitFor();
    await row.getByRole('link', { name: /Mäkinen, Sari/ }).waitFor();
    await expectNoSeriousAxe(page, 'error reports');
    await screenshot(page, 'steps-05-error-reports');

    await row.getByRole('button', { name: /Käsittele virheilmoitus/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Ilmoituksen jälkeen ei ole tallennettu uutta versiota.').waitFor();
    assert.ok(await dialog.getByRole('radio', { name: 'Käsittelyssä' }).isChecked());
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await page.locator('[data-testid=flag-notice]').waitFor();
    assert.equal(
      await page.locator('[data-testid=flag-notice]').textContent(),
      'Virheilmoituksesta tallennettiin versio 2.',
    );
    await row.locator('[data-status=in_progress], .flag-status-in_progress').first().waitFor();

    // Corrected before any correction: refused at the status.
    await row.getByRole('button', { name: /Käsittele virheilmoitus/ }).click();
    await choose(dialog, 'Korjattu');
    await dialog.getByRole('textbox', { name: 'Vastaus' }).fill('Päivämäärä korjattiin.');
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await dialog.getByText(/a report is corrected by a new version of the document/).waitFor();
    await expectNoSeriousAxe(page, 'error report dialog refused');
    await screenshot(page, 'steps-06-error-report-refused');
    await dialog.getByRole('button', { name: 'Peruuta' }).click();

    // The worker corrects the document (a new version), then closes the report as corrected.
    const current = await ok(
      server.api.get<{
        version: number;
        content: { merkinta_tapaamisesta_tai_yhteydenotosta: Record<string, unknown> };
      }>(`/documents/${seeded.setId}`, leena),
      'document',
    );
    const content = structuredClone(current.content);
    content.merkinta_tapaamisesta_tai_yhteydenotosta.sovitut_asiat =
      'Sarin kanssa sovittiin asumisen tuesta; tapaaminen oli viikkoa myöhemmin.';
    const corrected = await ok(
      server.api.post<{ version: number }>(`/documents/${seeded.setId}/versions`, leena, {
        correctsVersion: current.version,
        reason: 'Asiakkaan virheilmoitus: tapaamisen päivämäärä.',
        content,
      }),
      'correction',
    );
    await row.getByRole('button', { name: /Käsittele virheilmoitus/ }).click();
    await dialog.getByRole('link', { name: `Korjaus: versio ${corrected.version}` }).waitFor();
    await choose(dialog, 'Korjattu');
    await dialog.getByRole('textbox', { name: 'Vastaus' }).fill('Päivämäärä korjattiin.');
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await page.getByText('Virheilmoituksesta tallennettiin versio 3.').waitFor();
    const link = page.getByRole('link', { name: `Avaa korjattu versio ${corrected.version}` });
    assert.match(
      (await link.getAttribute('href')) ?? '',
      new RegExp(`/documents/${seeded.setId}/versions/${corrected.version}$`),
    );
    await page.getByText('Ei avoimia virheilmoituksia.').waitFor();
    await page.getByText('Näytä myös käsitellyt').click();
    const closed = page.locator('[data-testid=flag-row][data-status=corrected]');
    await closed.getByText('Vastaus: Päivämäärä korjattiin.').waitFor();
    const detail = await ok(
      server.api.get<{ flag: Flag; history: Flag[] }>(`/error-flags/${seeded.flagId}`, leena),
      'flag',
    );
    assert.equal(detail.flag.status, 'corrected');
    assert.equal(detail.flag.response, 'Päivämäärä korjattiin.');
    assert.deepEqual(
      detail.history.map((h) => h.status),
      ['open', 'in_progress', 'corrected'],
    );
    await link.click();
    await page.getByRole('heading', { level: 2, name: 'Näkyvyys OmaKannassa' }).waitFor();
    await page
      .locator('[data-testid=version-row][aria-current=true]', { hasText: String(corrected.version) })
      .waitFor();
  });

  test('a report rejected: the response is required and shown', async () => {
    // The mother reports another error through the citizen API (demo logins are on in the test server).
    const citizen = await ok(
      server.api.post<{ token: string }>('/citizen/auth/login', undefined, { hetu: hetuOf('Sari Mäkinen') }),
      'citizen login',
    );
    const [seeded] = (
      await ok(server.api.get<{ items: Flag[] }>('/error-flags?status=corrected', leena), 'flags')
    ).items;
    const flag = await ok(
      server.api.post<Flag>(`/citizen/documents/${seeded!.setId}/error-flags`, citizen.token, {
        description: 'Asumisen tuesta ei sovittu näin.',
      }),
      'report',
    );
    await page.getByRole('link', { name: 'Virheilmoitukset' }).click();
    await page.reload();
    const row = page.locator('[data-testid=flag-row]', { hasText: 'Asumisen tuesta ei sovittu näin.' });
    await row.getByRole('button', { name: /Käsittele virheilmoitus/ }).click();
    const dialog = page.getByRole('dialog');
    await choose(dialog, 'Hylätty');
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await page.locator('#flag-response[aria-invalid=true]').waitFor();
    await dialog.getByText('the client is told how the report was handled: write a response').waitFor();
    await dialog.getByRole('textbox', { name: 'Vastaus' }).fill('Merkintä vastaa tapaamisessa sovittua.');
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await page.getByText('Virheilmoituksesta tallennettiin versio 2.').waitFor();
    const stored = await ok(server.api.get<{ flag: Flag }>(`/error-flags/${flag.flagId}`, leena), 'flag');
    assert.equal(stored.flag.status, 'rejected');
    assert.equal(stored.flag.response, 'Merkintä vastaa tapaamisessa sovittua.');
  });
});

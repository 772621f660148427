// The professional's workspace in a real browser against a real server: a tiny world seeded
// through the API, then log in, read the header, find a client by identity code, open the
// overview and the client data summary, switch languages, record a document through the
// structure-driven form (with a server validation error shown at its field), and invalidate it.
// Every main view is checked with axe for serious and critical violations.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testEngines } from '@varanto/store/testing';
import { browserAvailable, screenshot } from './harness.ts';
import { expectNoSeriousAxe, text, workspaceSuite } from './workspace-session.ts';
import { ANNA_HETU } from './world.ts';

const run = browserAvailable('professional workspace');
// At the top level, so that the embedded PostgreSQL a lone run starts lives until the file ends.
const [engine] = run ? await testEngines() : [];

describe('professional workspace in chromium', { skip: !run }, () => {
  const ws = workspaceSuite(engine!);

  test('log in with the certificate-card stand-in; the header shows who, where, role and strength', async () => {
    const { page, base } = ws;
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 1, name: 'Kirjaudu sisään' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'fi');
    await expectNoSeriousAxe(page, 'login');
    await screenshot(page, '01-login');

    await page.getByLabel('Käyttäjätunnus').fill('nobody');
    await page.getByRole('button', { name: 'Kirjaudu' }).click();
    await page.getByText('Kirjautuminen epäonnistui').waitFor();

    await page.getByLabel('Käyttäjätunnus').fill('sari');
    await page.getByRole('button', { name: 'Kirjaudu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Asiakkaan haku' }).waitFor();
    assert.equal(await text(page, '[data-testid=header-user]'), 'Sari Sosiaali');
    await page
      .locator('[data-testid=header-organization]', { hasText: 'Itä-Uudenmaan hyvinvointialue' })
      .waitFor();
    await page.locator('[data-testid=header-unit]', { hasText: 'Perhekeskus' }).waitFor();
    assert.equal(await text(page, '[data-testid=header-role]'), 'Sosiaalityöntekijä');
    assert.equal(await text(page, '[data-testid=header-auth]'), 'Vahva (varmennekortin demokorvike)');
    await expectNoSeriousAxe(page, 'search');
    await screenshot(page, '02-search');
  });

  test('the identity code is checked while typing, and the search finds the client', async () => {
    const { page } = ws;
    const input = page.getByRole('textbox', { name: 'Henkilötunnus' });
    // The same code with a wrong check character: the domain's parseHetu names the problem.
    const wrong = `${ANNA_HETU.slice(0, 10)}${ANNA_HETU[10] === 'A' ? 'B' : 'A'}`;
    await input.fill(wrong);
    await page.getByText('Tarkistusmerkki ei täsmää').waitFor();
    await input.fill(ANNA_HETU);
    await page.getByText('Henkilötunnus on oikeanmuotoinen.').waitFor();
    await page.getByRole('button', { name: 'Hae', exact: true }).click();
    await page.getByText('Löytyi 1 asiakas.').waitFor();
    const row = page.getByRole('row', { name: /Virtanen, Anna/ });
    assert.match((await row.textContent()) ?? '', new RegExp(ANNA_HETU.replace('-', '\\-')));
    assert.match((await row.textContent()) ?? '', /1\.1\.1990/);
    await screenshot(page, '03-search-results');
    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: /Virtanen, Anna/ }).waitFor();
  });

  test('the overview shows the protected-address marker, clienthood, worker, shared case and the summary', async () => {
    const { page } = ws;
    const h1 = await text(page, 'h1');
    assert.match(h1, /Turvakielto/);
    // Sari is the organizer's own case worker (personal worker, open case, the service task): the
    // protected address is shown to her, with the warning not to pass it on. Workers who are not
    // are shown the withheld marker instead (access.test.ts).
    await page.getByText(/Asiakkaalla on turvakielto\. Näet osoitteen asiakkaan asiaa hoitavana/).waitFor();
    assert.equal(await text(page, '[data-testid=client-address]'), 'Salainen katu 1, 00100 Helsinki');
    assert.equal(await page.locator('[data-testid=withheld]').count(), 0);
    await page.locator('.service-tasks', { hasText: 'Lapsiperheiden palvelut' }).waitFor();
    await page.locator('[data-testid=personal-worker]', { hasText: 'Sari Sosiaali' }).waitFor();
    const kase = page.locator('[data-testid=open-case]');
    await kase.first().waitFor();
    assert.match((await kase.first().textContent()) ?? '', /Yhteinen asia · 2 asiakasta/);

    // Three narrative entries, the clienthood document and the case document, newest first.
    await page.getByText('Näytetään 1–5 / 5').waitFor();
    const rows = page.locator('[data-testid=document-row]');
    assert.equal(await rows.count(), 5);
    const dates = await rows.locator('td:first-child').allTextContents();
    assert.deepEqual(dates, ['1.3.2025', '1.2.2025', '10.1.2025', '1.2.2024', '1.2.2024']);
    const titles = await rows.locator('td:nth-child(2)').allTextContents();
    assert.deepEqual(titles.slice(0, 3), Array(3).fill('Merkintä tapaamisesta tai yhteydenotosta'));
    assert.deepEqual(titles.slice(3).sort(), ['Asia-asiakirja', 'Asiakkuusasiakirja']);
    assert.match((await rows.first().textContent()) ?? '', /Sari Sosiaali/);
    await expectNoSeriousAxe(page, 'overview');
    await screenshot(page, '04-overview');

    // Grouped by case: the two case documents together, the third under "no case".
    await page.getByRole('button', { name: /Ryhmittely/ }).click();
    await page.getByRole('option', { name: 'Asia' }).click();
    await page.getByRole('heading', { level: 3, name: 'Ei asiaa' }).waitFor();
    assert.equal(await page.locator('.document-group').count(), 2);
  });

  test('texts switch to Swedish and English and back, and <html lang> follows', async () => {
    const { page } = ws;
    await page.getByRole('button', { name: /Vaihda kieltä/ }).click();
    await page.getByRole('menuitem', { name: /Svenska/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Sammanställning av klientuppgifter' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
    assert.equal(await text(page, '[data-testid=header-role]'), 'Socialarbetare');
    await page.getByText('Spärrmarkering').first().waitFor();
    await page.locator('[data-testid=personal-worker]', { hasText: 'Sari Sosiaali' }).waitFor();
    await expectNoSeriousAxe(page, 'overview (sv)');
    await screenshot(page, '05-overview-sv');

    await page.getByRole('button', { name: /Byt språk/ }).click();
    await page.getByRole('menuitem', { name: /English/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Client data summary' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(
      await text(page, '[data-testid=header-auth]'),
      'Strong (demo stand-in for the certificate card)',
    );

    await page.getByRole('button', { name: /Change language/ }).click();
    await page.getByRole('menuitem', { name: /Suomi/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Asiakastiedon kooste' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'fi');
  });

  test('a document opens with its stored XHTML in a sandboxed frame and its version history', async () => {
    const { page } = ws;
    await page.locator('[data-testid=document-row]').first().getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Merkintä tapaamisesta tai yhteydenotosta' }).waitFor();
    const frame = page.locator('iframe.document-frame');
    assert.equal(await frame.getAttribute('sandbox'), 'allow-same-origin');
    // The frame's title names the structure, which loads after the document itself.
    await page
      .locator('iframe.document-frame[title="Asiakirjan Merkintä tapaamisesta tai yhteydenotosta sisältö"]')
      .waitFor();
    await page.frameLocator('iframe.document-frame').getByText('Puhelu: tilanne on rauhoittunut.').waitFor();
    await page.locator('[data-testid=version-row]').first().waitFor();
    assert.equal(await page.locator('[data-testid=version-row]').count(), 1);
    await expectNoSeriousAxe(page, 'document');
    await screenshot(page, '06-document');
  });

  test('recording: the structure is searchable, a missing required field is shown at the field, then stored', async () => {
    const { page, base, world } = ws;
    await page.goto(`${base}/#/clients/${world.anna}/new-document`);
    await page.getByRole('heading', { level: 1, name: 'Kirjaa asiakirja' }).waitFor();
    // The server's search ignores diacritics: "merkinta" finds "Merkintä".
    await page.getByRole('textbox', { name: 'Asiakirjarakenne' }).fill('merkinta tapaamisesta');
    // Clicked as a person does, on its label (the design system draws the radio under it).
    await page.getByText('Merkintä tapaamisesta tai yhteydenotosta (19005)', { exact: true }).click();
    assert.ok(
      await page.getByRole('radio', { name: 'Merkintä tapaamisesta tai yhteydenotosta (19005)' }).isChecked(),
    );
    await page.getByRole('heading', { level: 2, name: /\(19005\)/ }).waitFor();
    await expectNoSeriousAxe(page, 'record form');

    // The form starts with one client item (the field is required and repeatable).
    await page.getByRole('group', { name: 'Asiakas 1' }).waitFor();
    await page.getByRole('group', { name: 'Asiakas 1' }).getByLabel('Sukunimi').fill('Virtanen');
    await page.getByRole('button', { name: 'Tallenna', exact: true }).click();
    // The server's message appears at the field it concerns and in the summary.
    await page.getByText('Tallennus ei onnistunut. Korjaa seuraavat kohdat:').waitFor();
    const given = page.getByRole('group', { name: 'Asiakas 1' }).getByLabel('Etunimet');
    const describedBy = await given.getAttribute('aria-describedby');
    assert.ok(describedBy, 'the error is tied to the input');
    await screenshot(page, '07-record-errors');

    await given.fill('Anna');
    // The entry's own service task (a coded field: chosen from the code set the server names).
    await page.getByRole('button', { name: 'Ei kirjattu Palvelutehtävä' }).click();
    await page.getByRole('option', { name: 'Lapsiperheiden palvelut (24)' }).click();
    const groups = page.getByRole('group', { name: /Laatija/ });
    if ((await groups.count()) > 0) {
      await groups.first().getByLabel('Sukunimi').fill('Sosiaali');
      await groups.first().getByLabel('Etunimet').fill('Sari');
    }
    await page.getByRole('button', { name: 'Esikatsele' }).click();
    await page.frameLocator('.preview iframe').getByText('Virtanen').first().waitFor();
    await page.getByRole('button', { name: 'Tallenna', exact: true }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Merkintä tapaamisesta tai yhteydenotosta' })
      .waitFor({ timeout: 15_000 });
    await page.frameLocator('iframe.document-frame').getByText('Anna').first().waitFor();
    await screenshot(page, '08-recorded');
  });

  test('invalidation needs a reason and leaves a marked version in the history', async () => {
    const { page } = ws;
    await page.getByRole('button', { name: 'Mitätöi' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Mitätöi asiakirja' }).click();
    await dialog.getByText('Perustelu on pakollinen.').waitFor();
    await expectNoSeriousAxe(page, 'invalidate dialog');
    await dialog.getByLabel('Perustelu').fill('Kirjattu väärälle asiakkaalle.');
    await dialog.getByRole('button', { name: 'Mitätöi asiakirja' }).click();
    await page.getByText('Perustelu: Kirjattu väärälle asiakkaalle.').waitFor();
    const versions = page.locator('[data-testid=version-row]');
    await versions.nth(1).waitFor();
    assert.equal(await versions.count(), 2);
    assert.match((await versions.first().textContent()) ?? '', /Mitätöity/);
    // The rendering of the invalidated version says so itself, first, with the reason.
    const notice = page.frameLocator('iframe.document-frame').locator('.soc-invalidated');
    await notice.waitFor();
    assert.match(
      (await notice.textContent()) ?? '',
      /^Mitätöity \d{1,2}\.\d{1,2}\.\d{4}Syy: Kirjattu väärälle asiakkaalle\.$/,
    );
    await screenshot(page, '09-invalidated');
  });
});

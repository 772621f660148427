// The register usage right in the browser: the county's social worker opens a right for a private
// producer's family home on the client's clienthood (a new version), the producer's instructor logs
// in, finds the organizer's notice and acknowledges it, opens the client and records a narrative
// entry straight into the county's register (registrar the county, author's organization the
// producer); the producer's attempt to close the county's case is refused with the rule's name;
// the county ends the right (another version).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testEngines } from '@varanto/store/testing';
import { browserAvailable, screenshot } from './harness.ts';
import { expectNoSeriousAxe, loginAs, openClient, text, workspaceSuite } from './workspace-session.ts';

const run = browserAvailable('register usage rights');
const [engine] = run ? await testEngines() : [];

describe('register usage rights in chromium', { skip: !run }, () => {
  const ws = workspaceSuite(engine!);

  test("the organizer opens a producer unit's right on the clienthood", async () => {
    const { page } = ws;
    await loginAs(ws, 'sari');
    await openClient(ws, ws.world.anna, /Virtanen, Anna/);
    await page.getByText('Ei rekisterinkäyttöoikeuksia.').waitFor();
    await page.getByRole('button', { name: 'Avaa rekisterinkäyttöoikeus' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /Tuottaja/ }).click();
    await page.getByRole('option', { name: 'Hoivapolku Oy' }).click();
    await dialog.getByRole('button', { name: /Palveluyksikkö/ }).click();
    await page.getByRole('option', { name: 'Perhekoti Kuusela' }).click();
    await dialog.getByRole('button', { name: /Asia, jota oikeus koskee/ }).click();
    await page.getByRole('option', { name: /Perheen tuen tarve/ }).click();
    await expectNoSeriousAxe(page, 'open a register usage right');
    await dialog.getByRole('button', { name: 'Avaa rekisterinkäyttöoikeus' }).click();
    await page.getByText('Asiakkuusasiakirjasta tallennettiin versio 2.').waitFor();
    await page.getByText('Rekisterinkäyttöoikeus avattiin; tuottajalle lähti ilmoitus').waitFor();
    // Names come from the registry after the list: wait for them rather than read once.
    const right = page.locator('[data-testid=usage-right]', {
      hasText: /Perhekoti Kuusela \(Hoivapolku Oy\)\s*Voimassa/,
    });
    await right.waitFor();
    assert.equal(await right.getAttribute('data-in-force'), 'true');
    await screenshot(page, '19-usage-right-opened');
  });

  test("the producer is notified, and writes into the organizer's register", async () => {
    const { page } = ws;
    await loginAs(ws, 'elina');
    await page.getByRole('link', { name: 'Rekisterinkäyttöoikeudet' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rekisterinkäyttöoikeudet' }).waitFor();
    const notice = page.locator('[data-testid=notice][data-kind=opened]', {
      hasText:
        /Oikeus avattu: Virtanen, Anna · Itä-Uudenmaan hyvinvointialue · Lapsiperheiden palvelut .* asia nimetty/,
    });
    await notice.waitFor();
    await page.locator('[data-testid=held-right]', { hasText: 'Virtanen, Anna' }).waitFor();
    await expectNoSeriousAxe(page, 'held rights');
    await screenshot(page, '20-producer-notices');
    await notice.getByRole('button', { name: 'Kuittaa' }).click();
    await page.getByText('Ei kuittaamattomia ilmoituksia.').waitFor();

    await page.locator('[data-testid=held-right]').getByRole('link', { name: 'Virtanen, Anna' }).click();
    await page.getByRole('heading', { level: 1, name: /Virtanen, Anna/ }).waitFor();
    // The producer reads the documents of the service task, but never the protected address.
    await page.getByText('Näytetään 1–5 / 5').waitFor();
    await page.locator('[data-testid=withheld][data-rule=turvakielto_not_organizer]').waitFor();
    assert.equal(await page.getByText('Salainen katu').count(), 0);

    await page.getByRole('link', { name: 'Kirjaa asiakirja' }).click();
    await page.getByRole('textbox', { name: 'Asiakirjarakenne' }).fill('19005');
    await page.getByText('Merkintä tapaamisesta tai yhteydenotosta (19005)', { exact: true }).click();
    const client = page.getByRole('group', { name: 'Asiakas 1' });
    await client.getByLabel('Sukunimi').fill('Virtanen');
    await client.getByLabel('Etunimet').fill('Anna');
    await page.getByRole('button', { name: 'Ei kirjattu Palvelutehtävä' }).click();
    await page.getByRole('option', { name: 'Lapsiperheiden palvelut (24)' }).click();
    await page.getByRole('textbox', { name: /Sovitut asiat/ }).fill('Perhekodin aloitustapaaminen.');
    const author = page.getByRole('group', { name: /Laatija/ });
    if ((await author.count()) > 0) {
      await author.first().getByLabel('Sukunimi').fill('Ohjaaja');
      await author.first().getByLabel('Etunimet').fill('Elina');
    }
    await page.getByRole('button', { name: 'Tallenna', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Merkintä tapaamisesta tai yhteydenotosta' }).waitFor();
    await page.frameLocator('iframe.document-frame').getByText('Perhekodin aloitustapaaminen.').waitFor();
    await page.locator('[data-testid=doc-author-org]', { hasText: 'Hoivapolku Oy' }).waitFor();
    assert.equal(await text(page, '[data-testid=doc-registrar]'), 'Itä-Uudenmaan hyvinvointialue');
    await screenshot(page, '21-producer-entry');
  });

  test("the producer may not close the organizer's case: refused with the rule", async () => {
    const { page } = ws;
    await openClient(ws, ws.world.anna, /Virtanen, Anna/);
    const kase = page.locator('[data-testid=open-case]', { hasText: 'Perheen tuen tarve' });
    await kase.getByRole('button', { name: /Sulje asia/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Sulje asia' }).click();
    const refusal = dialog.locator('.refusal-rule[data-rule=organizer_records]');
    await refusal.waitFor();
    assert.match((await refusal.textContent()) ?? '', /Vain järjestäjä kirjaa asiakkuus- ja asia-asiakirjat/);
    await screenshot(page, '22-producer-refused');
    await dialog.getByRole('button', { name: 'Peruuta' }).click();
  });

  test('the organizer ends the right: a new version of the clienthood document', async () => {
    const { page } = ws;
    await loginAs(ws, 'sari');
    await openClient(ws, ws.world.anna, /Virtanen, Anna/);
    await page
      .getByRole('button', { name: 'Päätä yksikön Perhekoti Kuusela (Hoivapolku Oy) rekisterinkäyttöoikeus' })
      .click();
    const dialog = page.getByRole('dialog');
    assert.match(
      await dialog.getByRole('textbox', { name: 'Viimeinen voimassaolopäivä' }).inputValue(),
      /^\d{4}-\d{2}-\d{2}$/,
    );
    await dialog.getByRole('button', { name: 'Päätä oikeus' }).click();
    await page.getByText('Asiakkuusasiakirjasta tallennettiin versio 3.').waitFor();
    await page.getByText('Rekisterinkäyttöoikeuden päättyminen kirjattiin').waitFor();
    // The last day is today: the right is still in force until the day ends, now with its end.
    const right = page.locator('[data-testid=usage-right]');
    assert.doesNotMatch((await right.textContent()) ?? '', /jatkuu/);
  });
});

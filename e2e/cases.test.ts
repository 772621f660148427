// Cases and clienthood in the browser: a social worker opens a clienthood for a client with no
// records, adds and ends a service task, opens a case and makes it a shared case, names a
// colleague personal worker (picked from the organization's staff) and removes them, and closes
// the case. Each step shows the version of the clienthood or case document it stored, and a server
// field error is shown at its input.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testEngines } from '@varanto/store/testing';
import { browserAvailable, screenshot } from './harness.ts';
import { expectNoSeriousAxe, loginAs, openClient, workspaceSuite } from './workspace-session.ts';

const run = browserAvailable('cases and clienthood');
const [engine] = run ? await testEngines() : [];

describe('cases and clienthood in chromium', { skip: !run }, () => {
  const ws = workspaceSuite(engine!);
  const notice = () => ws.page.locator('[data-testid=record-notice]');

  test('opening a clienthood: a bad date is refused at its field, then version 1 is stored', async () => {
    const { page } = ws;
    await loginAs(ws, 'sari');
    await openClient(ws, ws.world.mikko, /Mäkinen, Mikko/);
    await page.getByText('Asiakkaalla ei ole asiakkuutta rekisterissä, jota voit käyttää.').waitFor();
    await page.getByRole('button', { name: 'Avaa asiakkuus' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Avaa asiakkuus' }).waitFor();
    await dialog.getByRole('textbox', { name: 'Alkamispäivä' }).fill('2025-13-01');
    assert.ok(await dialog.getByRole('checkbox', { name: /Olen asiakkaan omatyöntekijä/ }).isChecked());
    await dialog.getByRole('button', { name: 'Avaa asiakkuus' }).click();
    // The server's schema check names the field; the message is shown at it.
    const started = dialog.getByRole('textbox', { name: 'Alkamispäivä' });
    await page.locator('#open-clienthood-started[aria-invalid=true]').waitFor();
    assert.ok(((await started.getAttribute('aria-describedby')) ?? '').length > 0);
    await expectNoSeriousAxe(page, 'open clienthood dialog with an error');
    await screenshot(page, '13-open-clienthood-error');

    await started.fill('2025-03-01');
    await dialog.getByRole('button', { name: 'Avaa asiakkuus' }).click();
    await notice().waitFor();
    assert.equal(await notice().textContent(), 'Asiakkuusasiakirjasta tallennettiin versio 1.');
    await page.getByText('Asiakkuus avattiin').waitFor();
    await page.locator('[data-testid=service-task]', { hasText: 'Lapsiperheiden palvelut' }).waitFor();
    await page.locator('[data-testid=personal-worker]', { hasText: 'Sari Sosiaali' }).waitFor();
  });

  test('a service task is added (version 2, with what changed) and ended (version 3)', async () => {
    const { page } = ws;
    await page.getByRole('button', { name: 'Lisää palvelutehtävä' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /Palvelutehtävä/ }).click();
    await page.getByRole('option', { name: 'Lastensuojelu (10)' }).click();
    await dialog.getByRole('textbox', { name: 'Alkamispäivä' }).fill('2025-04-01');
    await dialog.getByRole('button', { name: 'Lisää palvelutehtävä' }).click();
    await page.getByText('Asiakkuusasiakirjasta tallennettiin versio 2.').waitFor();
    await page.locator('[data-testid=service-task]', { hasText: 'Lastensuojelu' }).waitFor();

    await page.getByRole('link', { name: 'Mitä muuttui' }).click();
    await page.getByRole('heading', { level: 1, name: 'Versioiden vertailu' }).waitFor();
    await page.locator('[data-testid=diff-row]').first().waitFor();
    const added = await page.locator('[data-testid=diff-row].diff-added').allTextContents();
    assert.ok(
      added.some((r) => /Lastensuojelu \(10\)/.test(r)),
      `the new service task is among the added rows: ${added.join(' | ')}`,
    );
    assert.ok(added.some((r) => /2025-04-01/.test(r)));
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: /Mäkinen, Mikko/ }).waitFor();

    await page.getByRole('button', { name: 'Päätä palvelutehtävä Lastensuojelu' }).click();
    const end = page.getByRole('dialog');
    const date = end.getByRole('textbox', { name: 'Päättymispäivä' });
    // Before the task started: the domain rule refuses, at the field.
    await date.fill('2025-03-15');
    await end.getByRole('button', { name: 'Päätä' }).click();
    await end.getByText('a service task cannot end before it started').waitFor();
    await date.fill('2025-05-01');
    await end.getByRole('button', { name: 'Päätä' }).click();
    await page.getByText('Asiakkuusasiakirjasta tallennettiin versio 3.').waitFor();
    await page.locator('[data-testid=service-task]', { hasText: /Lastensuojelu.*1\.5\.2025/ }).waitFor();
  });

  test('a case is opened and shared, a colleague named personal worker and then removed, the case closed', async () => {
    const { page } = ws;
    await page.getByRole('button', { name: 'Avaa asia' }).click();
    const open = page.getByRole('dialog');
    await open.getByRole('textbox', { name: 'Asian nimikkeen koodi' }).fill('1');
    await open.getByRole('textbox', { name: /^Asian nimike/ }).fill('Perheen tuen tarve');
    await open.getByRole('textbox', { name: 'Avauspäivä' }).fill('2025-03-02');
    await open.getByRole('button', { name: 'Avaa asia' }).click();
    await page.getByText('Asia-asiakirjasta tallennettiin versio 1.').waitFor();
    const kase = page.locator('[data-testid=open-case]', { hasText: 'Perheen tuen tarve' });
    await kase.waitFor();

    await kase.getByRole('button', { name: /Lisää asiakas asiaan/ }).click();
    const add = page.getByRole('dialog');
    await add.getByRole('textbox', { name: 'Henkilötunnus tai nimi' }).fill('Virtanen');
    await add.getByRole('button', { name: 'Hae', exact: true }).click();
    await add.getByText(/Virtanen, Eero/).click();
    await add.getByRole('button', { name: 'Lisää asiakas' }).click();
    await page.getByText('Asia-asiakirjasta tallennettiin versio 2.').waitFor();
    await kase.getByText('Yhteinen asia · 2 asiakasta').waitFor();
    assert.match(
      (await kase.textContent()) ?? '',
      /Mikko Mäkinen, Eero Virtanen|Eero Virtanen, Mikko Mäkinen/,
    );
    await expectNoSeriousAxe(page, 'overview after steps');
    await screenshot(page, '14-shared-case');

    // The picker lists the organization's staff in the clienthood's open service task (GET
    // /staff): colleagues found by name, with role and unit; never the producer's worker.
    await page.getByRole('button', { name: 'Nimeä omatyöntekijä' }).click();
    const picker = page.getByRole('dialog');
    const radios = picker.getByRole('radio');
    await picker.getByRole('radio', { name: 'Pirjo Perälä' }).waitFor();
    const labels = (await picker.locator('label').allTextContents()).filter((l) => l !== 'Hae nimellä');
    assert.deepEqual(labels, [
      'Pirjo Perälä',
      'Pekka Päivystäjä',
      'Sari Sosiaali (minä)',
      'Ei omatyöntekijää',
    ]);
    assert.equal(await radios.count(), 4);
    // The one named now is the current choice; role and unit are shown with each name.
    assert.ok(await picker.getByRole('radio', { name: 'Sari Sosiaali (minä)' }).isChecked());
    await picker.getByText('Lähihoitaja, Perhekeskus').waitFor();
    assert.ok(!/Elina|Ohjaaja|Admin/.test((await picker.textContent()) ?? ''), 'no other organization');
    // Typing part of a name narrows the list.
    await picker.getByRole('textbox', { name: 'Hae nimellä' }).fill('pirj');
    for (let i = 0; i < 100 && (await radios.count()) !== 2; i++) await page.waitForTimeout(100);
    assert.equal(await radios.count(), 2, 'Pirjo, and the choice of no personal worker');
    await picker.getByText('Pirjo Perälä', { exact: true }).click();
    assert.ok(await picker.getByRole('radio', { name: 'Pirjo Perälä' }).isChecked());
    await expectNoSeriousAxe(page, 'personal worker picker');
    await screenshot(page, '14b-personal-worker-picker');
    await picker.getByRole('button', { name: 'Tallenna' }).click();
    await page.getByText('Asiakkuusasiakirjasta tallennettiin versio 4.').waitFor();
    await page.locator('[data-testid=personal-worker]', { hasText: 'Pirjo Perälä' }).waitFor();

    // Removing the personal worker is a choice of its own.
    await page.getByRole('button', { name: 'Nimeä omatyöntekijä' }).click();
    const worker = page.getByRole('dialog');
    await worker.getByText('Ei omatyöntekijää').click();
    await worker.getByRole('button', { name: 'Tallenna' }).click();
    await page.getByText('Asiakkuusasiakirjasta tallennettiin versio 5.').waitFor();
    await page.locator('[data-testid=personal-worker]', { hasText: 'Ei nimetty' }).waitFor();

    await kase.getByRole('button', { name: /Sulje asia/ }).click();
    const close = page.getByRole('dialog');
    // Today, the dialog's default: the client who joined today is in the case until it closes.
    assert.match(
      await close.getByRole('textbox', { name: 'Sulkemispäivä' }).inputValue(),
      /^\d{4}-\d{2}-\d{2}$/,
    );
    await close.getByRole('button', { name: 'Sulje asia' }).click();
    await page.getByText('Asia-asiakirjasta tallennettiin versio 3.').waitFor();
    await page.getByText('Ei avoimia asioita, jotka voit nähdä.').waitFor();
    // The closed case's document keeps every version.
    await page.getByRole('link', { name: 'Avaa versio 3' }).click();
    // The history re-renders while the document loads (rows can vanish for a moment under load,
    // even right after all three were drawn): poll, and judge the count the poll saw.
    const rows = page.locator('[data-testid=version-row]');
    let shown = 0;
    for (let i = 0; i < 100; i++) {
      shown = await rows.count();
      if (shown === 3) break;
      await page.waitForTimeout(100);
    }
    assert.equal(shown, 3);
  });
});

// Recording a needs assessment (Sosiaalihuollon palvelutarpeen arvio, 1019) in the browser: a
// structure other than the narrative entry, with a repeating group, a code picker, partial dates,
// a date checked while typing and required fields the server names; then a correction, and the
// version history's diff between the two versions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testEngines } from '@varanto/store/testing';
import { browserAvailable, screenshot } from './harness.ts';
import { expectNoSeriousAxe, loginAs, workspaceSuite } from './workspace-session.ts';
import { ANNA_HETU } from './world.ts';

const run = browserAvailable('recording a needs assessment');
const [engine] = run ? await testEngines() : [];

describe('recording a needs assessment in chromium', { skip: !run }, () => {
  const ws = workspaceSuite(engine!);

  test('repeating groups, a code picker and partial dates; the server names the missing fields', async () => {
    const { page } = ws;
    await loginAs(ws, 'sari', `/#/clients/${ws.world.anna}/new-document`);
    await page.getByRole('heading', { level: 1, name: 'Kirjaa asiakirja' }).waitFor();
    await page.getByRole('textbox', { name: 'Asiakirjarakenne' }).fill('palvelutarpeen arvio');
    await page.getByText('Sosiaalihuollon palvelutarpeen arvio (1019)', { exact: true }).click();
    await page.getByRole('heading', { level: 2, name: /\(1019\)/ }).waitFor();

    const client = page.getByRole('group', { name: 'Asiakas 1' });
    await client.getByLabel('Sukunimi').fill('Virtanen');
    await client.getByLabel('Etunimet').fill('Anna');
    await client.getByLabel('Henkilötunnus').fill(ANNA_HETU);

    // A code picker over the code set the server names.
    await page.getByRole('button', { name: 'Ei kirjattu Palvelutehtävä' }).click();
    await page.getByRole('option', { name: 'Lapsiperheiden palvelut (24)' }).click();

    // A date that does not exist is caught while typing; a partial date (year and month) is fine.
    const pending = page.getByRole('group', { name: 'Asian vireilletuloa koskevat tiedot' });
    const pendingDate = pending.getByRole('textbox', { name: 'Vireilletulopäivä' });
    await pendingDate.fill('2025-02-30');
    await pendingDate.blur();
    await pending.getByText('Anna päivämäärä muodossa VVVV-KK-PP, VVVV-KK tai VVVV.').waitFor();
    await pendingDate.fill('2025-02');
    await pending.getByRole('textbox', { name: /Vireilletulon syyt/ }).fill('Koulun yhteydenotto.');
    assert.equal(await pending.getByText('Anna päivämäärä muodossa').count(), 0);

    // The repeating group: two items added, the first removed again, one kept.
    const add = page.getByRole('button', { name: 'Lisää: Asiakkaan elämäntilanne' });
    await add.click();
    await add.click();
    await page.getByRole('group', { name: 'Asiakkaan elämäntilanne 2' }).waitFor();
    await page
      .getByRole('group', { name: 'Asiakkaan elämäntilanne 1' })
      .getByRole('textbox', { name: /Kuvaus/ })
      .fill('Poistettava.');
    await page.getByRole('button', { name: 'Poista: Asiakkaan elämäntilanne 1' }).click();
    assert.equal(await page.getByRole('group', { name: 'Asiakkaan elämäntilanne 2' }).count(), 0);
    const life = page.getByRole('group', { name: 'Asiakkaan elämäntilanne 1' });
    assert.equal(await life.getByRole('textbox', { name: /Kuvaus/ }).inputValue(), '');
    await life.getByRole('textbox', { name: 'Koodi' }).fill('3');
    await life.getByRole('textbox', { name: 'Selite' }).fill('Asuminen');
    await life.getByRole('textbox', { name: /Kuvaus/ }).fill('Asunto on ahdas perheen koolle.');

    // Conclusions started but their required fields left out: the server names each one.
    const conclusions = page.getByRole('group', { name: /Johtopäätökset ja jatkotoimet/ });
    await conclusions
      .getByRole('textbox', { name: /Jatkosuunnitelma/ })
      .fill('Uusi tapaaminen kuukauden päästä.');
    const author = page.getByRole('group', { name: 'Laatija 1' });
    await author.getByLabel('Sukunimi').fill('Sosiaali');
    await author.getByLabel('Etunimet').fill('Sari');
    await page.getByRole('button', { name: 'Tallenna', exact: true }).click();

    const summary = page.locator('.error-summary');
    await summary.getByText('Tallennus ei onnistunut. Korjaa seuraavat kohdat:').waitFor();
    const summaryText = (await summary.textContent()) ?? '';
    for (const label of [
      'Ammattihenkilön johtopäätökset',
      'Asiakkuus jatkuu palvelutarpeen arvioinnin jälkeen',
      'Asiakas tarvitsee omatyöntekijän',
    ]) {
      assert.match(summaryText, new RegExp(label), `the summary names ${label}`);
    }
    // The message sits at the field too, tied to its input.
    const conclusionsField = conclusions.getByRole('textbox', { name: /Ammattihenkilön johtopäätökset/ });
    const describedBy = (await conclusionsField.getAttribute('aria-describedby')) ?? '';
    assert.ok(describedBy.length > 0, 'the error is tied to the input');
    const described = await page.evaluate(
      (ids) =>
        ids
          .split(' ')
          .map(
            (id) =>
              (
                globalThis as unknown as {
                  document: { getElementById(i: string): { textContent: string } | null };
                }
              ).document.getElementById(id)?.textContent ?? '',
          )
          .join(' '),
      describedBy,
    );
    assert.ok(described.trim().length > 0, 'the input is described by the server message');
    // A link in the summary moves focus to the field.
    await summary.getByRole('link', { name: /Ammattihenkilön johtopäätökset/ }).click();
    assert.equal(await conclusionsField.evaluate((el) => el === el.ownerDocument.activeElement), true);
    // One axe run covers the whole form, in its error state (axe on a form this size takes seconds).
    await expectNoSeriousAxe(page, 'needs assessment errors');
    await screenshot(page, '10-assessment-errors');

    await conclusionsField.fill('Perhe tarvitsee tukea asumiseen.');
    await conclusions
      .getByRole('button', { name: /Asiakkuus jatkuu palvelutarpeen arvioinnin jälkeen/ })
      .click();
    await page.getByRole('option', { name: 'Kyllä' }).click();
    await conclusions.getByRole('button', { name: /Asiakas tarvitsee omatyöntekijän/ }).click();
    await page.getByRole('option', { name: 'Ei', exact: true }).click();
    await page.getByRole('button', { name: 'Tallenna', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Sosiaalihuollon palvelutarpeen arvio' }).waitFor();
    const frame = page.frameLocator('iframe.document-frame');
    await frame.getByText('Asunto on ahdas perheen koolle.').waitFor();
    await frame.getByText('Perhe tarvitsee tukea asumiseen.').waitFor();
    await screenshot(page, '11-assessment');
  });

  test('a correction needs a reason, and the version history shows what changed', async () => {
    const { page } = ws;
    await page.getByRole('link', { name: 'Korjaa' }).click();
    await page.getByRole('heading', { level: 1, name: 'Korjaa asiakirja' }).waitFor();
    const conclusions = page.getByRole('group', { name: /Johtopäätökset ja jatkotoimet/ });
    await conclusions
      .getByRole('textbox', { name: /Ammattihenkilön johtopäätökset/ })
      .fill('Perhe tarvitsee tukea asumiseen ja talouteen.');
    await page.getByRole('button', { name: 'Tallenna korjaus' }).click();
    await page.locator('.error-summary').getByText('Perustelu on pakollinen.').waitFor();
    await page.getByRole('textbox', { name: 'Korjauksen perustelu' }).fill('Talous unohtui.');
    await page.getByRole('button', { name: 'Tallenna korjaus' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sosiaalihuollon palvelutarpeen arvio' }).waitFor();
    await page.locator('[data-testid=version-row]').nth(1).waitFor();
    assert.equal(await page.locator('[data-testid=version-row]').count(), 2);
    assert.match(
      (await page.locator('[data-testid=version-row]').first().textContent()) ?? '',
      /Talous unohtui\./,
    );

    await page.getByRole('link', { name: 'Vertaa versiota 2 edelliseen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Versioiden vertailu' }).waitFor();
    const rows = page.locator('[data-testid=diff-row]');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1);
    const row = rows.first();
    assert.equal(
      (await row.locator('th').textContent())?.trim(),
      'Johtopäätökset ja jatkotoimet › Ammattihenkilön johtopäätökset',
    );
    assert.equal((await row.locator('.diff-kind').textContent())?.trim(), 'Muutettu');
    assert.equal((await row.locator('del').textContent())?.trim(), 'Perhe tarvitsee tukea asumiseen.');
    assert.equal(
      (await row.locator('ins').textContent())?.trim(),
      'Perhe tarvitsee tukea asumiseen ja talouteen.',
    );
    await expectNoSeriousAxe(page, 'version diff');
    await screenshot(page, '12-version-diff');
  });
});

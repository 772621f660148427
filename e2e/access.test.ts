// "Why can't I see it?" in the browser. A social worker of another unit finds a client whose
// documents they may not see: the overview says so and offers the explanation endpoint's answer,
// rule by rule in the UI language (switched to Swedish and back), and the worker records a
// first-contact reason, after which the documents are shown. A practical nurse's refused action
// (opening a case) shows the rule that refused it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testEngines } from '@varanto/store/testing';
import { browserAvailable, screenshot } from './harness.ts';
import {
  expectNoSeriousAxe,
  loginAs,
  openClient,
  switchLanguage,
  workspaceSuite,
} from './workspace-session.ts';

const run = browserAvailable('why cannot I see it');
const [engine] = run ? await testEngines() : [];

describe('why cannot I see it, in chromium', { skip: !run }, () => {
  const ws = workspaceSuite(engine!);

  test('hidden documents are said to be hidden, and the rules that hide them are named', async () => {
    const { page } = ws;
    await loginAs(ws, 'pekka');
    await openClient(ws, ws.world.anna, /Virtanen, Anna/);
    await page
      .getByText(
        'Et näe tämän asiakkaan asiakirjoja. Joko niitä ei ole, tai käyttöoikeutesi eivät ulotu niihin.',
      )
      .waitFor();
    await page.getByText('Asiakkaalla ei ole asiakkuutta rekisterissä, jota voit käyttää.').waitFor();
    assert.equal(await page.locator('[data-testid=document-row]').count(), 0);
    // Under turvakielto the address is withheld from a worker with no care relation, and the marker
    // names the rule.
    await page.locator('[data-testid=withheld][data-rule=turvakielto_care_relation]').waitFor();
    assert.equal(await page.getByText('Salainen katu').count(), 0);

    // The explanation under the summary is open when nothing is shown.
    const why = page.locator('#why-documents');
    await why.getByRole('button', { name: 'Selvitä' }).click();
    const answer = why.locator('[data-testid=explanation]');
    await answer.getByText('Säännöt estävät tämän.').waitFor();
    const state = async (rule: string) =>
      answer.locator(`[data-testid=rule][data-rule=${rule}]`).getAttribute('data-state');
    assert.equal(await state('care_relation'), 'refuses');
    assert.equal(await state('role_regulation'), 'passes');
    assert.equal(await state('strong_authentication'), 'passes');
    await answer
      .getByText(
        'Sinulla ei ole voimassa olevaa asiayhteyttä asiakkaaseen (avoin asia, omatyöntekijyys tai kirjattu peruste).',
      )
      .waitFor();
    await expectNoSeriousAxe(page, 'why hidden');
    await screenshot(page, '15-why-hidden');

    await switchLanguage(page, /Vaihda kieltä/, /Svenska/);
    await answer.getByText('Reglerna hindrar detta.').waitFor();
    await answer
      .getByText(
        'Du har ingen gällande vårdrelation till klienten (öppet ärende, egen kontaktperson eller en registrerad grund).',
      )
      .waitFor();
    await why.getByRole('heading', { name: 'Registrera en grund för den första kontakten' }).waitFor();
    await screenshot(page, '16-why-hidden-sv');
    await switchLanguage(page, /Byt språk/, /Suomi/);
    await answer.getByText('Säännöt estävät tämän.').waitFor();
  });

  test('a first-contact reason opens a care relation for today, and the documents are shown', async () => {
    const { page } = ws;
    const why = page.locator('#why-documents');
    const purpose = why.getByRole('textbox', { name: 'Käyttötarkoitus' });
    await purpose.fill('Soitto');
    await why.getByRole('button', { name: 'Kirjaa peruste' }).click();
    await why.getByText('Kerro käyttötarkoitus vähintään 10 merkillä.').waitFor();
    await purpose.fill('Asiakas soitti sosiaalipäivystykseen.');
    await why.getByRole('button', { name: 'Kirjaa peruste' }).click();
    await page.getByText('Asiayhteys kirjattiin').waitFor();
    // The overview reads everything again: the summary and the clienthood are shown now.
    await page.getByText('Näytetään 1–5 / 5').waitFor();
    await page.locator('[data-testid=personal-worker]', { hasText: 'Sari Sosiaali' }).waitFor();
    assert.equal(await page.locator('[data-testid=document-row]').count(), 5);
    // A first-contact reason is not a relation that shows a protected address.
    await page.locator('[data-testid=withheld][data-rule=turvakielto_care_relation]').waitFor();
    assert.equal(await page.getByText('Salainen katu').count(), 0);
    await screenshot(page, '17-after-care-reason');
  });

  test("a practical nurse's refused action shows the rule that refused it", async () => {
    const { page } = ws;
    await loginAs(ws, 'pirjo');
    await openClient(ws, ws.world.anna, /Virtanen, Anna/);
    // The nurse reads narrative entries but not the clienthood document: the overview says so
    // and the explanation names the regulation.
    await page.getByText('Näytetään 1–3 / 3').waitFor();
    const whyClienthood = page.locator('#why-clienthood');
    await whyClienthood.getByRole('button', { name: 'Miksi en näe?' }).click();
    await whyClienthood.getByRole('button', { name: 'Selvitä' }).click();
    await whyClienthood
      .locator('[data-testid=rule][data-rule=role_regulation][data-state=refuses]')
      .waitFor();

    await page.getByRole('button', { name: 'Avaa asia', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Asian nimikkeen koodi' }).fill('1');
    await dialog.getByRole('button', { name: 'Avaa asia' }).click();
    const refusal = dialog.locator('.refusal-rule[data-rule=role_regulation]');
    await refusal.waitFor();
    assert.match(
      (await refusal.textContent()) ?? '',
      /Käyttöoikeusmääräys ei anna ammattiroolillesi tätä oikeutta tämän tyyppiseen asiakirjaan\./,
    );
    await dialog.getByText('Sinulla ei ole oikeutta tähän toimintoon.').waitFor();
    await dialog.getByText(/Palvelimen perustelu: the access-rights regulation/).waitFor();
    await expectNoSeriousAxe(page, 'refused action');
    await screenshot(page, '18-refused-action');
  });
});

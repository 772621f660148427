// Person relations recorded in the workspace, in a real browser against a real server (the tiny world
// of world.ts, plus the child Emma, a client in child welfare with Sari as her personal worker): the
// administrator records Anna as Emma's guardian on Emma's page, and Anna's citizen view then offers
// Emma's records; the social worker bars Anna's access, and the citizen view closes; a
// weak login's attempt is refused and the refusal's rule is shown. Checked through the API and
// with axe.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { testEngines } from '@varanto/store/testing';
import { hetu } from '../packages/server/src/testing.ts';
import { browserAvailable, screenshot } from './harness.ts';
import {
  citizenLoginAs,
  expectNoSeriousAxe,
  loginAs,
  openClient,
  text,
  workspaceSuite,
} from './workspace-session.ts';
import { ANNA_HETU, UNIT } from './world.ts';

const run = browserAvailable('person relations');
const [engine] = run ? await testEngines() : [];
const CHILD_WELFARE = '10';

describe('person relations in chromium', { skip: !run }, () => {
  const ws = workspaceSuite(engine!);

  let emma = '';
  before(async () => {
    // Emma, 7, becomes a client in child welfare with Sari as her personal worker: her care
    // relation. (Eero of the world has only a temporary identifier, so no age the portal can know.)
    const api = ws.server.api;
    const admin = await api.login('admin');
    const staff = await api.get<{ id: string; login: string }[]>('/professionals', admin);
    const sari = staff.body.find((p) => p.login === 'sari')!;
    const token = await api.login('sari');
    const person = await api.post<{ clientKey: string }>('/persons', token, {
      hetu: hetu('2018-06-06', 907),
      familyName: 'Virtanen',
      givenNames: 'Emma',
    });
    assert.equal(person.status, 201, person.text);
    emma = person.body.clientKey;
    const r = await api.post('/registers/reg/clienthoods', token, {
      clientKey: emma,
      started: '2025-01-02',
      serviceTask: CHILD_WELFARE,
      serviceUnitOid: UNIT,
      personalWorkerId: sari.id,
    });
    assert.equal(r.status, 201, r.text);
  });

  /** Anna's citizen login, and whose records she is offered (the API's own answer). */
  async function annaViewable(): Promise<{ clientKey: string; basis: string }[]> {
    const login = await ws.server.api.post<{ token: string }>('/citizen/auth/login', undefined, {
      hetu: ANNA_HETU,
    });
    assert.equal(login.status, 200, login.text);
    const me = await ws.server.api.get<{ viewable: { clientKey: string; basis: string }[] }>(
      '/citizen/me',
      login.body.token,
    );
    assert.equal(me.status, 200, me.text);
    return me.body.viewable;
  }

  const panel = () => ws.page.locator('section.relations-panel');

  test("the administrator records Anna as Emma's guardian; Anna's citizen view opens Emma's records", async () => {
    const { page } = ws;
    assert.ok(!(await annaViewable()).some((v) => v.clientKey === emma));
    await loginAs(ws, 'admin');
    await openClient(ws, emma, /Virtanen, Emma/);
    await panel().getByRole('heading', { name: 'Huoltajat, valtuutukset ja rajaukset' }).waitFor();
    await panel().getByText('Henkilölle ei ole kirjattu huoltajuuksia').waitFor();
    // An administrator records guardianships and mandates, not bars.
    assert.equal(await panel().getByRole('button', { name: 'Rajaa huoltajan tiedonsaantia' }).count(), 0);
    await expectNoSeriousAxe(page, 'relations panel');

    await panel().getByRole('button', { name: 'Kirjaa huoltajuus' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Kirjaa huoltajuus' }).waitFor();
    // Someone nobody knows: the error is at the identity code.
    await dialog.getByRole('textbox', { name: 'Huoltajan henkilötunnus' }).fill(hetu('1970-01-01', 905));
    await dialog.getByRole('textbox', { name: 'Alkamispäivä' }).fill('2025-01-01');
    await dialog.getByRole('textbox', { name: 'Kirjauksen peruste' }).fill('väestötietojärjestelmän ote');
    await dialog.getByRole('button', { name: 'Kirjaa huoltajuus' }).click();
    await page.locator('#record-guardianship-holder[aria-invalid=true]').waitFor();
    await dialog.getByText('Tällä henkilötunnuksella ei löydy henkilöä.').waitFor();
    await expectNoSeriousAxe(page, 'guardianship dialog with an error');
    // The child himself: the server's 422 at the field.
    await dialog.getByRole('textbox', { name: 'Huoltajan henkilötunnus' }).fill(ANNA_HETU);
    await dialog.getByRole('button', { name: 'Kirjaa huoltajuus' }).click();
    await page.locator('[data-testid=relation-stored]').waitFor();
    assert.equal(await text(page, '[data-testid=relation-stored]'), 'Huoltaja tallennettiin (versio 1).');
    const item = panel().locator('[data-testid=relation][data-kind=guardianship]');
    await item.getByText('Virtanen, Anna').waitFor();
    await screenshot(page, 'relations-01-guardianship');

    // The API has it, and Anna's citizen view now offers Emma as her guardian.
    const stored = await ws.server.api.get<{ kind: string; holderKey: string; recordedBy: string }[]>(
      `/persons/${emma}/relations`,
      await ws.server.api.login('admin'),
    );
    assert.deepEqual(
      stored.body.map((r) => [r.kind, r.holderKey]),
      [['guardianship', ws.world.anna]],
    );
    assert.ok((await annaViewable()).some((v) => v.clientKey === emma && v.basis === 'guardian'));

    // In the portal itself: Anna logs in and chooses Emma.
    await citizenLoginAs(ws, ANNA_HETU, 'Anna Virtanen');
    await page.getByLabel('Kenen tietoja katselet').selectOption({ label: 'Emma Virtanen (huoltajana)' });
    await page.getByText('Katselet henkilön Emma Virtanen tietoja.').waitFor();
    await expectNoSeriousAxe(page, "guardian's citizen view");
    await screenshot(page, 'relations-02-guardian-view');
  });

  test("a weak login's bar is refused with its rule; Sari bars Anna and the citizen view closes", async () => {
    const { page } = ws;
    // Sari with a password login: the server refuses the bar and says why.
    await page.context().clearCookies();
    await page.goto(`${ws.base}/`);
    await page.getByRole('heading', { level: 1, name: 'Kirjaudu sisään' }).waitFor();
    await page.getByLabel('Käyttäjätunnus').fill('sari');
    await page.locator('label', { hasText: 'Salasana' }).first().click();
    await page.getByRole('textbox', { name: 'Salasana' }).fill('demo-password');
    await page.getByRole('button', { name: 'Kirjaudu' }).click();
    await page.locator('[data-testid=header-user]').waitFor();
    await openClient(ws, emma, /Virtanen, Emma/);
    await panel().getByRole('button', { name: 'Rajaa huoltajan tiedonsaantia' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Rajaa huoltajan tiedonsaantia' }).waitFor();
    // The relations are not readable to a weak login: the guardian is given by identity code.
    await dialog.getByRole('textbox', { name: 'Huoltajan henkilötunnus' }).fill(ANNA_HETU);
    await dialog.getByRole('textbox', { name: 'Kirjauksen peruste' }).fill('päätös 12/2025');
    await dialog.getByRole('button', { name: 'Rajaa huoltajan tiedonsaantia' }).click();
    await dialog.locator('[data-rule=strong_authentication]').waitFor();
    await expectNoSeriousAxe(page, 'guardian bar dialog with a refusal');
    await screenshot(page, 'relations-03-bar-refused');
    await dialog.getByRole('button', { name: 'Peruuta' }).click();

    // With the certificate card she records it, choosing the guardian from those recorded.
    await loginAs(ws, 'sari');
    await openClient(ws, emma, /Virtanen, Emma/);
    await panel().locator('[data-testid=relation][data-kind=guardianship]').waitFor();
    await panel().getByRole('button', { name: 'Rajaa huoltajan tiedonsaantia' }).click();
    await dialog.getByRole('heading', { name: 'Rajaa huoltajan tiedonsaantia' }).waitFor();
    await dialog.getByRole('textbox', { name: 'Kirjauksen peruste' }).fill('päätös 12/2025');
    await expectNoSeriousAxe(page, 'guardian bar dialog');
    await dialog.getByRole('button', { name: 'Rajaa huoltajan tiedonsaantia' }).click();
    await page.locator('[data-testid=relation-stored]').waitFor();
    await panel()
      .locator('[data-testid=relation][data-kind=guardian_bar]')
      .getByText('Virtanen, Anna')
      .waitFor();
    await screenshot(page, 'relations-04-bar');
    assert.ok(!(await annaViewable()).some((v) => v.clientKey === emma), 'the bar closes the view');
  });

  test('the administrator withdraws the guardianship as recorded in error; an end before its start is refused at the date', async () => {
    const { page } = ws;
    await loginAs(ws, 'admin');
    await openClient(ws, emma, /Virtanen, Emma/);
    const item = panel().locator('[data-testid=relation][data-kind=guardianship]');
    await item.getByRole('button', { name: 'Päätä tai peru: Huoltaja, alkaen 1.1.2025' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Päätä tai peru: Huoltaja, alkaen 1.1.2025' }).waitFor();
    await dialog.getByRole('textbox', { name: 'Viimeinen voimassaolopäivä' }).fill('2024-12-31');
    await dialog.getByRole('textbox', { name: 'Kirjauksen peruste' }).fill('väestötietojärjestelmän korjaus');
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await dialog.locator('[aria-invalid=true][id$=-end]').waitFor();
    await expectNoSeriousAxe(page, 'relation change dialog with an error');
    await dialog.locator('label', { hasText: 'Peru virheellisenä kirjattuna' }).click();
    await dialog.getByRole('button', { name: 'Tallenna' }).click();
    await page.locator('[data-testid=relation-stored]').waitFor();
    assert.equal(await text(page, '[data-testid=relation-stored]'), 'Huoltaja tallennettiin (versio 2).');
    await item.getByText('peruttu virheellisenä').waitFor();
    // Withdrawn, it takes no further step here.
    assert.equal(await item.getByRole('button').count(), 0);
    const versions = await ws.server.api.get<{ version: number; cancelled?: boolean; end?: string }[]>(
      `/persons/${emma}/relations`,
      await ws.server.api.login('admin'),
    );
    const g = versions.body.find((r) => r.version === 2);
    assert.deepEqual([g?.cancelled, g?.end], [true, undefined]);
  });
});

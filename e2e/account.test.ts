// Sessions and a professional's own details in a real browser against a real server (the tiny world
// of world.ts): logging out revokes the session on the server; a worker ends all her other
// sessions and keeps working in this browser; an administrator ends a worker's sessions from the
// staff view after a confirmation, and the worker's next API call is refused; a worker records
// her service address, and her client sees it in the citizen portal beside her name. Each outcome is checked through the API as well; each view with axe.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testEngines } from '@varanto/store/testing';
import { browserAvailable, screenshot } from './harness.ts';
import {
  citizenLoginAs,
  expectNoSeriousAxe,
  loginAs,
  switchLanguage,
  text,
  workspaceSuite,
} from './workspace-session.ts';
import { ANNA_HETU } from './world.ts';

const run = browserAvailable('sessions and own details');
const [engine] = run ? await testEngines() : [];

describe('sessions and own details in chromium', { skip: !run }, () => {
  const ws = workspaceSuite(engine!);
  const me = (token: string) => ws.server.api.get('/auth/me', token);
  /** The browser's own session cookie, to ask the API with it as the browser would. */
  const browserCookie = async () => {
    const c = (await ws.page.context().cookies()).find((x) => x.name === 'varanto_session');
    assert.ok(c, 'the session cookie');
    return `${c.name}=${c.value}`;
  };
  const meWithCookie = async (cookie: string) =>
    (await ws.server.api.call('GET', '/auth/me', { headers: { cookie } })).status;

  test('logging out revokes the session on the server, not only the cookie', async () => {
    const { page } = ws;
    await loginAs(ws, 'pirjo');
    const cookie = await browserCookie();
    assert.equal(await meWithCookie(cookie), 200);
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kirjaudu sisään' }).waitFor();
    assert.equal(await meWithCookie(cookie), 401, 'the old cookie no longer opens a session');
  });

  test('a worker ends all her other sessions; this browser keeps working', async () => {
    const { page, base } = ws;
    const elsewhere = await ws.server.api.login('pirjo');
    assert.equal((await me(elsewhere)).status, 200);
    await loginAs(ws, 'pirjo');
    await page.getByRole('link', { name: 'Omat tiedot' }).click();
    await page.getByRole('heading', { level: 1, name: 'Omat tiedot' }).waitFor();
    await expectNoSeriousAxe(page, 'own details');

    await page.getByRole('button', { name: 'Päätä kaikki muut istuntoni' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Päätä kaikki muut istuntoni' }).waitFor();
    // Without a reason nothing is asked of the server; the error is at the field.
    await dialog.getByRole('button', { name: 'Päätä muut istunnot' }).click();
    await page.locator('#end-other-sessions-reason[aria-invalid=true]').waitFor();
    assert.equal((await me(elsewhere)).status, 200);
    await expectNoSeriousAxe(page, 'end other sessions dialog');
    await dialog.getByRole('textbox', { name: 'Syy' }).fill('istunto jäi auki toiselle koneelle');
    await dialog.getByRole('button', { name: 'Päätä muut istunnot' }).click();
    await page.locator('[data-testid=sessions-ended]').waitFor();
    assert.match(await text(page, '[data-testid=sessions-ended]'), /^Muut istuntosi päätettiin /);
    await screenshot(page, 'account-01-other-sessions-ended');

    assert.equal((await me(elsewhere)).status, 401, 'the session elsewhere is refused');
    // This browser got a new session: a reload stays logged in, and the API answers its cookie.
    assert.equal(await meWithCookie(await browserCookie()), 200);
    await page.goto(`${base}/#/`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Asiakkaan haku' }).waitFor();
    assert.equal(await text(page, '[data-testid=header-user]'), 'Pirjo Perälä');
  });

  test("an administrator ends a worker's sessions after confirming; her next call is refused", async () => {
    const { page } = ws;
    const sari = await ws.server.api.login('sari');
    assert.equal((await me(sari)).status, 200);
    // A worker sees no staff view.
    await loginAs(ws, 'sari');
    assert.equal(await page.getByRole('link', { name: 'Henkilöstö' }).count(), 0);

    await loginAs(ws, 'admin');
    await page.getByRole('link', { name: 'Henkilöstö' }).click();
    await page.getByRole('heading', { level: 1, name: 'Henkilöstö' }).waitFor();
    const row = page.locator('tr[data-login=sari]');
    await row.getByRole('rowheader', { name: 'Sosiaali, Sari' }).waitFor();
    await expectNoSeriousAxe(page, 'staff view');
    await screenshot(page, 'account-02-staff');

    await row.getByRole('button', { name: 'Päätä henkilön istunnot: Sosiaali, Sari' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Päätä henkilön istunnot: Sosiaali, Sari' }).waitFor();
    // Cancelling ends nothing.
    await dialog.getByRole('button', { name: 'Peruuta' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await me(sari)).status, 200);

    await row.getByRole('button', { name: 'Päätä henkilön istunnot: Sosiaali, Sari' }).click();
    await dialog.getByRole('textbox', { name: 'Syy' }).fill('kadonnut varmennekortti');
    await expectNoSeriousAxe(page, 'end sessions dialog');
    await dialog.getByRole('button', { name: 'Päätä istunnot' }).click();
    await page.locator('[data-testid=sessions-ended]').waitFor();
    assert.match(
      await text(page, '[data-testid=sessions-ended]'),
      /^Henkilön Sosiaali, Sari istunnot päätettiin /,
    );
    await screenshot(page, 'account-03-sessions-ended');

    const refused = await me(sari);
    assert.equal(refused.status, 401, 'the worker’s next call is refused');
    // The administrator's own session is untouched, and the worker can log in again.
    assert.equal(await meWithCookie(await browserCookie()), 200);
    assert.equal((await me(await ws.server.api.login('sari'))).status, 200);
  });

  test('a worker records her service address; her client sees it in the citizen portal', async () => {
    const { page } = ws;
    await loginAs(ws, 'sari');
    await page.getByRole('link', { name: 'Omat tiedot' }).click();
    await page.getByRole('heading', { level: 1, name: 'Omat tiedot' }).waitFor();
    await page.getByText('Yhteystietojasi ei ole vielä tallennettu.').waitFor();
    // A malformed phone number is the server's 422, shown at its field; nothing is stored.
    await page.getByRole('textbox', { name: 'Työpuhelin' }).fill('soita minulle');
    await page
      .getByRole('textbox', { name: 'Palveluosoite' })
      .fill('Perhekeskus, Kauppakatu 2, 06100 Porvoo');
    await page.getByRole('button', { name: 'Tallenna yhteystiedot' }).click();
    await page.locator('#contact-phone[aria-invalid=true]').waitFor();
    await expectNoSeriousAxe(page, 'contact details with an error');
    const token = await ws.server.api.login('sari');
    const me = await ws.server.api.get<{ professionalId: string }>('/auth/me', token);
    const before = await ws.server.api.get<{ version: number }>(
      `/professionals/${me.body.professionalId}/contact`,
      token,
    );
    assert.equal(before.body.version, 0);

    await page.getByRole('textbox', { name: 'Työpuhelin' }).fill('+358 40 123 4567');
    await page.getByRole('button', { name: 'Tallenna yhteystiedot' }).click();
    await page.locator('[data-testid=contact-saved]').waitFor();
    assert.equal(await text(page, '[data-testid=contact-saved]'), 'Yhteystiedot tallennettiin (versio 1).');
    await screenshot(page, 'account-04-contact');
    const stored = await ws.server.api.get<{ version: number; phone?: string; serviceAddress?: string }>(
      `/professionals/${me.body.professionalId}/contact`,
      token,
    );
    assert.deepEqual(
      [stored.body.version, stored.body.phone, stored.body.serviceAddress],
      [1, '+358 40 123 4567', 'Perhekeskus, Kauppakatu 2, 06100 Porvoo'],
    );

    // Anna, whose personal worker Sari is, sees the address in the portal.
    await citizenLoginAs(ws, ANNA_HETU, 'Anna Virtanen');
    await page.getByRole('link', { name: 'Asiakkuudet ja asiat' }).click();
    const worker = page.locator('dl.citizen-worker');
    await worker.getByText('Sari Sosiaali').waitFor();
    assert.equal(
      await text(page, '[data-testid=worker-service-address]'),
      'Perhekeskus, Kauppakatu 2, 06100 Porvoo',
    );
    await expectNoSeriousAxe(page, "citizen's services with the worker's address");
    await screenshot(page, 'account-05-citizen-sees-address');
  });

  test('the own details and the staff view speak Swedish and English too', async () => {
    const { page } = ws;
    await loginAs(ws, 'admin');
    await page.getByRole('link', { name: 'Omat tiedot' }).click();
    await page.getByRole('heading', { level: 1, name: 'Omat tiedot' }).waitFor();
    await switchLanguage(page, /Vaihda kieltä/, /Svenska/);
    await page.getByRole('heading', { level: 1, name: 'Mina uppgifter' }).waitFor();
    await page.getByRole('button', { name: 'Avsluta alla mina andra sessioner' }).waitFor();
    await page.getByRole('textbox', { name: 'Serviceadress' }).waitFor();
    await page.getByRole('link', { name: 'Personal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personal' }).waitFor();
    await page.getByRole('button', { name: 'Avsluta personens sessioner: Sosiaali, Sari' }).waitFor();
    await expectNoSeriousAxe(page, 'staff view in Swedish');
    await switchLanguage(page, /Byt språk/, /English/);
    await page.getByRole('heading', { level: 1, name: 'Staff' }).waitFor();
    await page.getByRole('button', { name: 'End this person’s sessions: Sosiaali, Sari' }).waitFor();
    await page.getByRole('link', { name: 'My details' }).click();
    await page.getByRole('button', { name: 'End all my other sessions' }).waitFor();
    await switchLanguage(page, /Change language/, /Suomi/);
    await page.getByRole('heading', { level: 1, name: 'Omat tiedot' }).waitFor();
  });
});

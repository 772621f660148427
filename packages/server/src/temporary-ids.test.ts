// A client known only by a temporary identifier: documents are stored for them; when the identity
// code becomes known an authorised user links the two, after which a search by either finds both
// persons and all their documents (also those written later); a wrong link is undone by a new
// version of the link, and every document is still there under the person it was written for.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { builtinStructures, generateMinimalDocument } from '@varanto/domain/structures';
import { listAudit } from '@varanto/store';
import { testEngines } from '@varanto/store/testing';
import type { Problem } from './problem.ts';
import { seedWorld } from './test-world.ts';
import { type ApiClient, hetu, type RunningTestServer, startTestServer } from './testing.ts';

const COUNTY = '1.2.246.10.6161616';
const OTHER = '1.2.246.10.6262626';
const UNIT = `${COUNTY}.10.1`;
const OTHER_UNIT = `${OTHER}.10.1`;
const REGISTER = `${COUNTY}.1264.1`;
const reg = `/registers/${encodeURIComponent(REGISTER)}`;
const entry = generateMinimalDocument(builtinStructures().find((d) => d.typeCode === '19005')!, 1);

interface Person {
  clientKey: string;
  hetu?: string;
  temporaryId?: { system: string; value: string };
  linked?: { clientKey: string }[];
}
interface Link {
  linkId: string;
  version: number;
  status: string;
}
interface Page {
  total: number;
  items: { setId: string }[];
}

for (const engine of await testEngines()) {
  describe(`temporary identifiers linked to the identity code (${engine.name})`, () => {
    let server: RunningTestServer;
    let api: ApiClient;
    const ids: Record<string, string> = {};

    before(async () => {
      server = await startTestServer(engine, {}, { now: () => new Date('2026-02-10T09:00:00Z') });
      api = server.api;
      const world = await seedWorld(server.db.store, {
        organizations: [
          { oid: COUNTY, name: 'Hyvinvointialue' },
          { oid: OTHER, name: 'Toinen alue' },
        ],
        serviceUnits: [
          { oid: UNIT, organizationOid: COUNTY, nameFi: 'Lastensuojelu' },
          { oid: OTHER_UNIT, organizationOid: OTHER, nameFi: 'Muu' },
        ],
        registers: [{ id: REGISTER, registrarOid: COUNTY, name: 'Rekisteri' }],
        rightDefaults: {
          organizationOid: COUNTY,
          serviceUnitOids: [UNIT],
          role: 'social_worker',
          serviceTasks: ['10'],
          validFrom: '2020-01-01',
        },
        professionals: [
          { login: 'sari' },
          { login: 'nina', rights: [{ role: 'practical_nurse' }] },
          { login: 'olli', rights: [{ organizationOid: OTHER, serviceUnitOids: [OTHER_UNIT] }] },
        ],
      });
      Object.assign(ids, world.ids);
    });
    after(() => server.close());

    test('store under a temporary identifier, link, find by either, undo a wrong link', async () => {
      const sari = await api.login('sari');
      const tempValue = hetu('2026-01-01', 951);
      const system = `${COUNTY}.22.2026`;
      const temp = await api.post<Person>('/persons', sari, {
        temporaryId: { system, value: tempValue },
        familyName: 'Tuntematon',
        givenNames: 'Poika',
        birthDate: '2026-01-01',
      });
      assert.equal(temp.status, 201, temp.text);
      const identified = await api.post<Person>('/persons', sari, {
        hetu: hetu('2012-08-15', 952),
        familyName: 'Mäkinen',
        givenNames: 'Leo',
      });
      assert.equal(identified.status, 201, identified.text);
      const wrong = await api.post<Person>('/persons', sari, {
        hetu: hetu('2012-08-16', 953),
        familyName: 'Mäkelä',
        givenNames: 'Leevi',
      });
      const [t, p, w] = [temp.body.clientKey, identified.body.clientKey, wrong.body.clientKey];

      // Child welfare opens a clienthood for the boy known by the temporary identifier and records.
      for (const key of [t, p]) {
        const ch = await api.post(`${reg}/clienthoods`, sari, {
          clientKey: key,
          started: '2026-02-01',
          serviceTask: '10',
          personalWorkerId: ids.sari,
        });
        assert.equal(ch.status, 201, ch.text);
      }
      const store = (client: string, documentDate: string) =>
        api.post<{ setId: string }>(`${reg}/documents`, sari, {
          metadata: { clients: [client], serviceTask: '10', documentType: '19005', documentDate },
          content: entry,
        });
      const underTemp = await store(t, '2026-02-02');
      const underHetu = await store(p, '2026-02-03');
      assert.equal(underTemp.status, 201, underTemp.text);

      const docsOf = async (key: string) =>
        new Set(
          (await api.get<Page>(`/documents?client=${key}&documentGroup=5&limit=200`, sari)).body.items.map(
            (i) => i.setId,
          ),
        );
      assert.deepEqual([...(await docsOf(p))], [underHetu.body.setId], 'before the link, each alone');

      // Only an authorised user of the organizer that knows the client links, with a strong login.
      const nina = await api.login('nina');
      const byNurse = await api.post<Problem>(`/persons/${t}/links`, nina, {
        identifiedClientKey: p,
        reason: 'Henkilötunnus selvisi',
      });
      assert.equal(byNurse.status, 403, byNurse.text);
      assert.equal(byNurse.body.rule, 'link_role');
      const olli = await api.login('olli');
      const byOther = await api.post<Problem>(`/persons/${t}/links`, olli, {
        identifiedClientKey: p,
        reason: 'Henkilötunnus selvisi',
      });
      assert.equal(byOther.body.rule, 'link_not_organizer');
      const weak = await api.post<Problem>(`/persons/${t}/links`, await api.login('sari', 'password'), {
        identifiedClientKey: p,
        reason: 'Henkilötunnus selvisi',
      });
      assert.equal(weak.body.rule, 'strong_authentication');
      const backwards = await api.post<Problem>(`/persons/${p}/links`, sari, {
        identifiedClientKey: t,
        reason: 'Väärin päin',
      });
      assert.equal(backwards.status, 422, backwards.text);
      assert.equal(backwards.body.rule, 'link_not_temporary');

      // A wrong link first: the boy linked to the wrong identity code.
      const wrongLink = await api.post<Link>(`/persons/${t}/links`, sari, {
        identifiedClientKey: w,
        reason: 'Henkilötunnus saatiin poliisilta',
      });
      assert.equal(wrongLink.status, 201, wrongLink.text);
      assert.ok((await docsOf(w)).has(underTemp.body.setId), 'linked: found by the identity code');
      const twice = await api.post<Problem>(`/persons/${t}/links`, sari, {
        identifiedClientKey: p,
        reason: 'Toinen',
      });
      assert.equal(twice.status, 409, twice.text);
      assert.equal(twice.body.rule, 'link_exists');
      const undone = await api.post<Link>(`/persons/${t}/links/${wrongLink.body.linkId}/undo`, sari, {
        reason: 'Väärä henkilötunnus: kirjoitusvirhe poliisin ilmoituksessa',
      });
      assert.equal(undone.status, 201, undone.text);
      assert.deepEqual([undone.body.version, undone.body.status], [2, 'unlinked']);
      assert.equal((await docsOf(w)).size, 0, 'undone: the wrong person finds nothing of the boy');
      assert.ok((await docsOf(t)).has(underTemp.body.setId), 'and the document is still the boy’s');
      const again = await api.post<Problem>(`/persons/${t}/links/${wrongLink.body.linkId}/undo`, sari, {
        reason: 'x',
      });
      assert.equal(again.status, 409);

      // The right link: a search by either identifier finds both persons and every document.
      const link = await api.post<Link>(`/persons/${t}/links`, sari, {
        identifiedClientKey: p,
        reason: 'Henkilötunnus vahvistettu väestötietojärjestelmästä',
      });
      assert.equal(link.status, 201, link.text);
      const later = await store(t, '2026-02-10');
      assert.equal(later.status, 201, later.text);
      const everything = [underTemp.body.setId, underHetu.body.setId, later.body.setId].sort();
      assert.deepEqual([...(await docsOf(p))].sort(), everything);
      assert.deepEqual([...(await docsOf(t))].sort(), everything);
      const byHetu = await api.get<Person[]>(`/persons?hetu=${identified.body.hetu}`, sari);
      assert.deepEqual(byHetu.body.map((x) => x.clientKey).sort(), [t, p].sort());
      const byTemp = await api.get<Person[]>(`/persons?text=${tempValue}`, sari);
      assert.deepEqual(byTemp.body.map((x) => x.clientKey).sort(), [t, p].sort());
      const view = await api.get<Person>(`/persons/${t}`, sari);
      assert.deepEqual(
        view.body.linked?.map((l) => l.clientKey),
        [p],
      );

      // The history keeps every version of both links; the audit log has each act.
      const history = await api.get<{ status: string; version: number }[]>(`/persons/${t}/links`, sari);
      assert.deepEqual(
        history.body.map((h) => [h.version, h.status]),
        [
          [1, 'linked'],
          [2, 'unlinked'],
          [1, 'linked'],
        ],
      );
      const trail = await server.db.owner.transaction((tx) => listAudit(tx, { clientKey: t, limit: 500 }));
      const acts = trail.map((e) => `${e.action} ${e.outcome}${e.outcome === 'denied' ? ` ${e.rule}` : ''}`);
      for (const a of ['person.link allowed', 'person.unlink allowed', 'person.link denied link_role']) {
        assert.ok(acts.includes(a), `audit has ${a}`);
      }
    });
  });
}

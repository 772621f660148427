import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { builtinCodeRegistry } from '@varanto/domain/codes';
import { makeHetu } from '@varanto/domain/identity';
import { caseContent, clienthoodContent, openCase, openClienthood } from '@varanto/domain/records';
import { builtinStructures, renderXhtml, validate } from '@varanto/domain/structures';
import { canonicalJson, contentHash } from '@varanto/store';
import { seededRng } from '../seed/random.ts';
import { demoContent } from '../seed/seed.ts';
import { caseTemplate, clientDocumentTemplate, clienthoodTemplate } from './templates.ts';

const codes = builtinCodeRegistry();
const hetuOf = (birthDate: string, n: number): string => {
  const h = makeHetu({ birthDate, individualNumber: n });
  if (!h.ok) throw new Error('bad test hetu');
  return h.value.value;
};
const AINO = hetuOf('1986-03-12', 902);
const ONNI = hetuOf('2017-11-21', 905);
const EINO = hetuOf('1970-01-01', 900);
const structures = builtinStructures();
const byType = new Map(structures.map((d) => [d.typeCode, d]));
const header = (d: (typeof structures)[number], lang: 'fi' | 'sv') => ({
  documentName: d.name[lang] ?? d.name.fi,
  date: '2024-03-05',
  author: 'Leena Laine',
  organization: 'Järvi-Suomen hyvinvointialue',
});

test('a filled client document template equals generating and rendering with the same facts', () => {
  const client = {
    hetu: AINO,
    givenNames: 'Aino Maria',
    familyName: 'Mäkelä',
    birthDate: '1986-03-12',
    sex: 'female' as const,
    homeMunicipality: '091',
    turvakielto: false,
    address: { street: '', postalCode: '', postOffice: '' },
    serviceTask: '24',
    worker: '',
  };
  let checked = 0;
  for (const d of structures) {
    if (d.typeCode.startsWith('1505.')) continue;
    for (const lang of ['fi', 'sv'] as const) {
      const t = clientDocumentTemplate(d, seededRng(5), codes, '24', lang, false);
      const filled = t.fill({
        family: client.familyName,
        given: client.givenNames,
        hetu: client.hetu,
        date: '2024-03-05',
        authorFamily: 'Laine',
        authorGiven: 'Leena',
        author: 'Leena Laine',
        organization: 'Järvi-Suomen hyvinvointialue',
      });
      const content = demoContent(d, seededRng(5), codes, {
        client,
        author: { givenNames: 'Leena', familyName: 'Laine' },
        serviceTask: '24',
        date: '2024-03-05',
      });
      assert.equal(filled.json, canonicalJson(content), `${d.typeCode} ${lang} json`);
      assert.equal(
        filled.xhtml,
        renderXhtml(d, content, { lang, metadata: header(d, lang) }),
        `${d.typeCode} ${lang} xhtml`,
      );
      assert.equal(filled.sha256, contentHash(JSON.parse(filled.json)));
      const v = validate(d, JSON.parse(filled.json));
      assert.ok(v.ok, `${d.typeCode}: ${JSON.stringify(v.ok ? [] : v.errors.slice(0, 3))}`);
      checked++;
    }
  }
  assert.ok(checked >= 40);
});

test('a temporary identifier replaces the henkilötunnus and the content stays valid', () => {
  const d = byType.get('19005')!;
  const t = clientDocumentTemplate(d, seededRng(9), codes, '15', 'fi', true);
  const filled = t.fill({
    family: 'Virtanen',
    given: 'Eino',
    hetu: EINO,
    tempSystem: '1.2.246.10.31000002.22.2024',
    date: '2024-01-02',
    authorFamily: 'Laine',
    authorGiven: 'Leena',
    author: 'Leena Laine',
    organization: 'X',
  });
  assert.ok(!filled.json.includes('henkilotunnus'));
  assert.ok(filled.json.includes('"tilapainen_yksilointitunnus"'));
  const v = validate(d, JSON.parse(filled.json));
  assert.ok(v.ok, JSON.stringify(v.ok ? [] : v.errors.slice(0, 3)));
});

test('record document templates equal the builders rendered', () => {
  const task = { code: '24', display: codes.display('1.2.246.537.6.1221', '24', 'fi') ?? '24' };
  const unit = { oid: '1.2.246.10.3100002.10.1', name: 'Lapsiperheiden sosiaalityö' };
  const client = {
    familyName: 'Mäkelä',
    givenNames: 'Aino',
    identifier: { kind: 'hetu' as const, value: AINO },
    birthDate: '1986-03-12',
    turvakielto: true,
  };
  const ch = clienthoodTemplate(byType.get('1505.1')!, task, false, true);
  const facts = openClienthood({
    clienthoodOid: '1.2.246.10.3100002.97.2020.5',
    client,
    started: '2020-02-03',
    organizerUnit: unit,
    serviceTask: { task, unit },
    personalWorker: { familyName: 'Laine', givenNames: 'Leena', registrationNumber: '20000001' },
  });
  const values = {
    family: 'Mäkelä',
    given: 'Aino',
    hetu: AINO,
    birthDate: '1986-03-12',
    date: '2020-02-03',
    author: 'Leena Laine',
    organization: 'Org',
    recordOid: '1.2.246.10.3100002.97.2020.5',
    unitOid: unit.oid,
    unitName: unit.name,
    workerFamily: 'Laine',
    workerGiven: 'Leena',
    workerRegistration: '20000001',
  };
  const f = ch.fill(values);
  const d1 = byType.get('1505.1')!;
  assert.equal(f.json, canonicalJson(clienthoodContent(facts)));
  assert.equal(
    f.xhtml,
    renderXhtml(d1, clienthoodContent(facts), {
      lang: 'fi',
      metadata: { ...header(d1, 'fi'), date: '2020-02-03', organization: 'Org' },
    }),
  );

  const d2 = byType.get('1505.2')!;
  const subject = { code: '1', display: 'Sosiaalihuollon asia' };
  const state = { code: '1', display: 'Avoin' };
  const ct = caseTemplate(d2, task, subject, state, 2, false);
  const members = [
    client,
    {
      ...client,
      givenNames: 'Onni',
      identifier: { kind: 'hetu' as const, value: ONNI },
      birthDate: '2017-11-21',
    },
  ];
  const c = openCase({
    caseOid: '1.2.246.10.3100002.96.2020.9',
    organizerUnit: unit,
    subject,
    state,
    opened: '2020-02-03',
    serviceTask: task,
    members: members.map((m) => ({ person: { ...m, turvakielto: false }, joined: '2020-02-03' })),
  });
  assert.ok(c.ok);
  const cf = ct.fill({
    date: '2020-02-03',
    author: 'Leena Laine',
    organization: 'Org',
    recordOid: '1.2.246.10.3100002.96.2020.9',
    unitOid: unit.oid,
    unitName: unit.name,
    member0Family: 'Mäkelä',
    member0Given: 'Aino',
    member0Hetu: AINO,
    member0Birth: '1986-03-12',
    member1Family: 'Mäkelä',
    member1Given: 'Onni',
    member1Hetu: ONNI,
    member1Birth: '2017-11-21',
  });
  assert.equal(cf.json, canonicalJson(caseContent(c.value)));
  assert.equal(
    cf.xhtml,
    renderXhtml(d2, caseContent(c.value), {
      lang: 'fi',
      metadata: { ...header(d2, 'fi'), date: '2020-02-03', organization: 'Org' },
    }),
  );
  assert.equal(cf.sha256, createHash('sha256').update(cf.json).digest('hex'));
});

// The fixtures below imitate exports of THL's code server (koodistopalvelu.kanta.fi). The real
// export formats could not be checked when this was written (no network access): the column
// names, separators, date forms and XML shapes are inferred from what is known of the service,
// and the importer accepts all these variants. Replace a fixture with a real export once one is
// at hand, and keep the variant tests.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCodeRegistry } from './builtin.ts';
import type { CodeSystem } from './model.ts';
import { type CodeImportError, normalizeKey, parseCodeSystemExport, parseExportDate } from './thl-export.ts';

const OID = '1.2.246.537.6.1221';

function imported(text: string, options: Parameters<typeof parseCodeSystemExport>[1]): CodeSystem {
  const r = parseCodeSystemExport(text, options);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

function failure(text: string, options: Parameters<typeof parseCodeSystemExport>[1]): CodeImportError {
  const r = parseCodeSystemExport(text, options);
  assert.equal(r.ok, false, 'expected the export to be rejected');
  if (r.ok) throw new Error('unreachable');
  return r.error;
}

// Finnish headers, `;` separator, BOM, Finnish dates, CRLF line ends, a hierarchy by parent code.
const FINNISH_CSV = [
  '\uFEFFKoodi;Lyhenne;Nimi;Ruotsinkielinen nimi;Alkupvm;Loppupvm;Yläkoodi;Hierarkiataso',
  '10;LS;Lastensuojelu;Barnskydd;1.1.2016;31.12.2099;;1',
  '10.1;;Avohuollon tukitoimet;Stödåtgärder inom öppenvården;01.01.2016;;10;2',
  '24;LAPE;Lapsiperheiden palvelut;Service för barnfamiljer;1.1.2016;;;1',
  ';;;;;;;',
  '30;;Vanhuspalvelut;Äldreomsorg;1.1.2016;31.12.2019;;1',
  '',
].join('\r\n');

// English headers as in the code server's UI, `,` separator, quoted names with commas, ISO
// dates with times, hierarchy given only by levels.
const ENGLISH_CSV = `CodeId,Abbreviation,LongName,ShortName,BeginDate,ExpirationDate,HierarchyLevel
"10",,"Lastensuojelu, yhteiset",LS,2016-01-01T00:00:00,2099-12-31T00:00:00,1
"10.1",,"Avohuolto",,2016-01-01,,2
"10.1.1",,"Tukihenkilö",,2016-01-01,,3
"10.2",,"Sijaishuolto",,2016-01-01,,2
"15",,"Päihdehuolto",,2016-01-01,,1
`;

// A custom XML form with fields as attributes and names per language as child elements.
const CUSTOM_XML = `<?xml version="1.0" encoding="UTF-8"?>
<classification oid="1.2.246.537.6.1221" version="201601">
  <name lang="fi">Sosiaalihuolto - Palvelutehtävä</name>
  <name lang="sv">Socialvård - Serviceuppgift</name>
  <codes>
    <code codeId="10" abbreviation="LS" beginDate="2016-01-01" expirationDate="2099-12-31">
      <longName lang="fi">Lastensuojelu</longName>
      <longName lang="sv">Barnskydd</longName>
      <code codeId="10.1" longName="Avohuolto" beginDate="2016-01-01"/>
    </code>
    <code>
      <CodeId>15</CodeId>
      <LongName>Päihdehuolto</LongName>
      <LongName_sv>Missbrukarvård</LongName_sv>
      <BeginDate>1.1.2016</BeginDate>
    </code>
  </codes>
</classification>`;

// ClaML, the classification markup of ISO 13120.
const CLAML_XML = `<?xml version="1.0" encoding="UTF-8"?>
<ClaML version="2.0.0">
  <Meta name="lang" value="fi"/>
  <Identifier authority="THL" uid="1.2.246.537.6.1221"/>
  <Title name="Palvelutehtava" version="201601">Sosiaalihuolto - Palvelutehtävä</Title>
  <ClassKinds><ClassKind name="category"/></ClassKinds>
  <RubricKinds><RubricKind name="preferred"/></RubricKinds>
  <Class code="10" kind="category">
    <Meta name="BeginDate" value="2016-01-01"/>
    <Rubric kind="preferred"><Label xml:lang="fi">Lastensuojelu</Label><Label xml:lang="sv">Barnskydd</Label></Rubric>
  </Class>
  <Class code="10.1" kind="category">
    <Meta name="BeginDate" value="2016-01-01"/>
    <Meta name="ExpirationDate" value="2019-12-31"/>
    <SuperClass code="10"/>
    <Rubric kind="preferred"><Label xml:lang="fi">Avohuolto</Label></Rubric>
    <Rubric kind="preferredLong"><Label xml:lang="fi">Lastensuojelun avohuolto</Label></Rubric>
  </Class>
</ClaML>`;

describe('parseCodeSystemExport: CSV', () => {
  it('reads Finnish headers, `;`, a BOM, Finnish dates and a parent column', () => {
    const system = imported(FINNISH_CSV, {
      format: 'csv',
      oid: OID,
      version: '201601',
      exportLabel: 'palvelutehtava.csv 2026-03-01',
    });
    assert.equal(system.oid, OID);
    assert.equal(system.version, '201601');
    assert.equal(system.completeness, 'complete');
    assert.deepEqual(
      system.codes.map((c) => c.code),
      ['10', '10.1', '24', '30'],
    );
    assert.deepEqual(system.codes[0], {
      code: '10',
      names: { fi: 'Lastensuojelu', sv: 'Barnskydd' },
      abbreviation: 'LS',
      validFrom: '2016-01-01',
      validTo: '2099-12-31',
      provenance: { status: 'verified', source: 'THL koodistopalvelu export palvelutehtava.csv 2026-03-01' },
    });
    assert.equal(system.codes[1]?.parent, '10');
    assert.equal(system.codes[1]?.validTo, undefined);
    assert.equal(system.codes[3]?.validTo, '2019-12-31');
    assert.deepEqual(system.provenance, {
      status: 'verified',
      source: 'THL koodistopalvelu export palvelutehtava.csv 2026-03-01',
    });
  });

  it('reads English headers, `,`, quoted commas, date-times and a hierarchy given by levels', () => {
    const system = imported(ENGLISH_CSV, { format: 'csv', oid: `urn:oid:${OID}`, name: 'Palvelutehtävä' });
    assert.equal(system.oid, OID);
    assert.deepEqual(system.names, { fi: 'Palvelutehtävä' });
    assert.equal(system.codes[0]?.names.fi, 'Lastensuojelu, yhteiset');
    assert.equal(system.codes[0]?.validTo, '2099-12-31');
    assert.deepEqual(
      system.codes.map((c) => [c.code, c.parent ?? null]),
      [
        ['10', null],
        ['10.1', '10'],
        ['10.1.1', '10.1'],
        ['10.2', '10'],
        ['15', null],
      ],
    );
    assert.equal(system.codes[0]?.provenance.status, 'verified');
    // Without a label the source still names the export by its OID.
    assert.deepEqual(system.codes[0]?.provenance, {
      status: 'verified',
      source: `THL koodistopalvelu export ${OID}`,
    });
  });

  it('detects a tab separator and skips a title line above the header', () => {
    const text = 'Sosiaalihuolto - Palvelutehtävä\nCODE\tNAME\tNAME_SV\n10\tLastensuojelu\tBarnskydd\n';
    const system = imported(text, { format: 'csv', oid: OID });
    assert.deepEqual(system.codes[0]?.names, { fi: 'Lastensuojelu', sv: 'Barnskydd' });
  });

  it('falls back to the short name or abbreviation when there is no long name', () => {
    const system = imported('Koodi;Lyhenne\nSP1;Asiakkuusasiakirjan arkistointi\n', {
      format: 'csv',
      oid: '1.2.246.537.6.1503',
    });
    assert.equal(system.codes[0]?.names.fi, 'Asiakkuusasiakirjan arkistointi');
  });

  it('lists the columns it found when the code column is missing', () => {
    const e = failure('Tunnus;Nimi;Alkupvm\n10;Lastensuojelu;1.1.2016\n', { format: 'csv', oid: OID });
    assert.equal(e.code, 'missing_columns');
    assert.deepEqual(e.columnsFound, ['Tunnus', 'Nimi', 'Alkupvm']);
    assert.match(e.message, /no code column \(looked for CodeId, Code, Koodi/);
    assert.match(e.message, /Found: "Tunnus", "Nimi", "Alkupvm"/);
  });

  it('lists the columns it found when the name column is missing', () => {
    const e = failure('CodeId;BeginDate\n10;2016-01-01\n', { format: 'csv', oid: OID });
    assert.equal(e.code, 'missing_columns');
    assert.match(e.message, /no name column/);
    assert.deepEqual(e.columnsFound, ['CodeId', 'BeginDate']);
  });

  it('points at the line of a bad date, an empty code or a duplicate', () => {
    const badDate = failure('Koodi;Nimi;Alkupvm\n10;Lastensuojelu;1.1.2016\n15;Päihdehuolto;31.2.2016\n', {
      format: 'csv',
      oid: OID,
    });
    assert.equal(badDate.code, 'invalid_date');
    assert.equal(badDate.line, 3);
    assert.match(badDate.message, /"31\.2\.2016" is not a date/);

    const noCode = failure('Koodi;Nimi\n10;Lastensuojelu\n;Päihdehuolto\n', { format: 'csv', oid: OID });
    assert.equal(noCode.code, 'invalid_row');
    assert.equal(noCode.line, 3);

    const duplicate = failure('Koodi;Nimi\n10;Lastensuojelu\n\n10;Barnskydd\n', { format: 'csv', oid: OID });
    assert.equal(duplicate.code, 'duplicate_code');
    assert.equal(duplicate.line, 4);
    assert.match(duplicate.message, /Code 10 appears twice: on line 2 and on line 4/);
  });

  it('rejects an unclosed quote, an empty file and a file with only a header', () => {
    assert.equal(
      failure('Koodi;Nimi\n10;"Lastensuojelu\n', { format: 'csv', oid: OID }).code,
      'malformed_csv',
    );
    assert.equal(failure('\uFEFF  \n', { format: 'csv', oid: OID }).code, 'empty_input');
    assert.equal(failure('Koodi;Nimi\n', { format: 'csv', oid: OID }).code, 'no_codes');
  });

  it('reports a parent that is not in the export through the shared validation', () => {
    const e = failure('Koodi;Nimi;Yläkoodi\n10.1;Avohuolto;10\n', { format: 'csv', oid: OID });
    assert.equal(e.code, 'invalid_result');
    assert.deepEqual(e.issues, ['codes[0].parent: code 10.1 names parent 10, which is not in this system']);
  });

  it('rejects an OID that is not one', () => {
    assert.equal(failure('Koodi;Nimi\n10;A\n', { format: 'csv', oid: 'palvelutehtava' }).code, 'invalid_oid');
  });
});

describe('parseCodeSystemExport: XML', () => {
  it('reads the custom form with attributes, child elements, languages and nesting', () => {
    const system = imported(CUSTOM_XML, { format: 'xml', oid: OID, exportLabel: 'palvelutehtava.xml' });
    assert.equal(system.version, '201601');
    assert.deepEqual(system.names, {
      fi: 'Sosiaalihuolto - Palvelutehtävä',
      sv: 'Socialvård - Serviceuppgift',
    });
    assert.deepEqual(system.codes, [
      {
        code: '10',
        names: { fi: 'Lastensuojelu', sv: 'Barnskydd' },
        abbreviation: 'LS',
        validFrom: '2016-01-01',
        validTo: '2099-12-31',
        provenance: { status: 'verified', source: 'THL koodistopalvelu export palvelutehtava.xml' },
      },
      {
        code: '10.1',
        names: { fi: 'Avohuolto' },
        validFrom: '2016-01-01',
        parent: '10',
        provenance: { status: 'verified', source: 'THL koodistopalvelu export palvelutehtava.xml' },
      },
      {
        code: '15',
        names: { fi: 'Päihdehuolto', sv: 'Missbrukarvård' },
        validFrom: '2016-01-01',
        provenance: { status: 'verified', source: 'THL koodistopalvelu export palvelutehtava.xml' },
      },
    ]);
  });

  it('reads ClaML: Title, SuperClass, Meta dates and the long preferred rubric', () => {
    const system = imported(`\uFEFF${CLAML_XML}`, { format: 'xml', oid: OID });
    assert.equal(system.version, '201601', 'the version of the Title, not of the ClaML format');
    assert.equal(system.names.fi, 'Sosiaalihuolto - Palvelutehtävä');
    assert.deepEqual(system.codes[0]?.names, { fi: 'Lastensuojelu', sv: 'Barnskydd' });
    assert.equal(system.codes[1]?.names.fi, 'Lastensuojelun avohuolto');
    assert.equal(system.codes[1]?.parent, '10');
    assert.equal(system.codes[1]?.validTo, '2019-12-31');
  });

  it('keeps codes as written (no number conversion of 01 or 1.10)', () => {
    const xml = '<codes><code codeId="01" name="Yksi"/><code codeId="1.10" name="Kymmenen"/></codes>';
    assert.deepEqual(
      imported(xml, { format: 'xml', oid: OID }).codes.map((c) => c.code),
      ['01', '1.10'],
    );
  });

  it('accepts an OID written with its version arc and takes the version from it', () => {
    const xml =
      '<classification oid="urn:oid:1.2.246.537.6.1221.201601"><code codeId="10" name="A"/></classification>';
    assert.equal(imported(xml, { format: 'xml', oid: OID }).version, '201601');
  });

  it('refuses an export of another code system', () => {
    const e = failure(CUSTOM_XML, { format: 'xml', oid: '1.2.246.537.6.1222' });
    assert.equal(e.code, 'oid_mismatch');
    assert.match(
      e.message,
      /export is of code system 1\.2\.246\.537\.6\.1221, not of 1\.2\.246\.537\.6\.1222/,
    );
  });

  it('reports malformed XML with its line', () => {
    const e = failure('<classification>\n<code codeId="10">\n</classification>', { format: 'xml', oid: OID });
    assert.equal(e.code, 'malformed_xml');
    assert.equal(typeof e.line, 'number');
  });

  it('says which fields it saw when no element carries a code', () => {
    const e = failure('<classification><item tunnus="10" nimi="Lastensuojelu"/></classification>', {
      format: 'xml',
      oid: OID,
    });
    assert.equal(e.code, 'no_codes');
    assert.deepEqual(e.columnsFound, ['tunnus', 'nimi']);
  });
});

describe('replacing a provisional list with an import', () => {
  it('swaps the shipped placeholder service tasks for the imported ones', () => {
    const shipped = builtinCodeRegistry();
    const before = shipped.lookup(`urn:oid:${OID}.201601`, '91');
    assert.ok(before.ok);
    assert.equal(before.value.entry.provenance.status, 'provisional');

    const official = imported(FINNISH_CSV, {
      format: 'csv',
      oid: OID,
      version: '201601',
      exportLabel: 'test',
    });
    const next = shipped.withSystem(official);
    const after = next.lookup(`urn:oid:${OID}.201601`, '24', '2024-01-01');
    assert.ok(after.ok);
    assert.equal(after.value.entry.provenance.status, 'verified');
    assert.equal(next.lookup(OID, '91').ok, false);
    assert.equal(next.system(OID)?.completeness, 'complete');
    // Other systems and the original registry are untouched.
    assert.equal(next.systems().length, shipped.systems().length);
    assert.ok(shipped.lookup(OID, '91').ok);
  });
});

describe('helpers', () => {
  it('normalizes header names across case, accents and punctuation', () => {
    assert.equal(normalizeKey('Yläkoodi'), 'ylakoodi');
    assert.equal(normalizeKey(' Long_Name (sv) '), 'longnamesv');
  });

  it('parses the date forms of Finnish exports and rejects impossible dates', () => {
    assert.equal(parseExportDate('1.1.2016'), '2016-01-01');
    assert.equal(parseExportDate('31.12.2099 00:00'), '2099-12-31');
    assert.equal(parseExportDate('2016-01-01T00:00:00+02:00'), '2016-01-01');
    assert.equal(parseExportDate('20160101'), '2016-01-01');
    assert.equal(parseExportDate('29.2.2023'), undefined);
    assert.equal(parseExportDate('2016/01/01'), undefined);
  });
});

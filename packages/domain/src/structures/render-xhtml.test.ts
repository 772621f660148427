import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Field, StructureDefinition, ValueType } from './model.ts';
import {
  escapeXml,
  formatInstant,
  formatNumber,
  formatPartialDate,
  markInvalidated,
  renderXhtml,
  stripDisallowedXmlChars,
} from './render-xhtml.ts';

function field(
  key: string,
  fi: string,
  sv: string | undefined,
  value: ValueType,
  extra: Partial<Field> = {},
): Field {
  return {
    key,
    name: sv === undefined ? { fi } : { fi, sv },
    repeatable: false,
    required: false,
    conditionallyRequired: false,
    value,
    ...extra,
  };
}

const text: ValueType = { kind: 'text' };

const definition: StructureDefinition = {
  oid: '1.2.246.537.6.1506.99999.2024.1.2',
  typeCode: '99999',
  version: '2024-01-02',
  name: { fi: 'Testimerkintä', sv: 'Testanteckning' },
  documentType: 'Asiakaskertomusmerkintä',
  rootKey: 'testimerkinta',
  fields: [
    field(
      'asiakas',
      'Asiakas',
      'Klient',
      {
        kind: 'group',
        fields: [
          field('sukunimi', 'Sukunimi', 'Efternamn', { kind: 'name' }),
          field('etunimet', 'Etunimet', 'Samtliga förnamn', { kind: 'name' }),
          field('henkilotunnus', 'Henkilötunnus', 'Personbeteckning', {
            kind: 'identifier',
            system: '1.2.246.21',
            format: 'hetu',
          }),
          field('syntymaaika', 'Syntymäaika', 'Födelsedatum', { kind: 'date' }),
        ],
      },
      { repeatable: true, required: true },
    ),
    field('kirjaus', 'Kirjaus', 'Anteckning', text),
    field('ajankohta', 'Ajankohta', 'Tidpunkt', { kind: 'instant', allowPartialDate: true }),
    field('tulkki', 'Tulkki käytössä', 'Tolk använd', { kind: 'boolean' }),
    field('lukumaara', 'Osallistujien lukumäärä', undefined, { kind: 'number', numberKind: 'count' }),
    field('paino', 'Paino', 'Vikt', { kind: 'quantity', quantityKind: 'measure' }),
    field(
      'palvelutehtava',
      'Palvelutehtävä',
      'Serviceuppgift',
      { kind: 'code', system: { kind: 'oid', oid: '1.2.246.537.6.1221' } },
      { repeatable: true },
    ),
    field('yksikko', 'Palveluyksikkö', 'Serviceenhet', { kind: 'organization' }),
    field('sisainen', 'Sisäinen tunniste', 'Intern', text, { hidden: true }),
    field('otsikoton', 'Otsikoton', 'Utan rubrik', text, { hiddenTitle: true }),
    field('lisatieto', 'Lisätieto', 'Tilläggsuppgift', text),
    field('info', 'Infoteksti', 'Infotext', {
      kind: 'phrase',
      text: { fi: 'Tietosi ovat suojattuja.', sv: 'Dina uppgifter är skyddade.' },
      allowed: ['Tietosi ovat suojattuja.'],
    }),
    field(
      'merkinta',
      'Merkintä',
      'Anteckning',
      { kind: 'group', fields: [field('kuvaus', 'Kuvaus', 'Beskrivning', text)] },
      { hidden: true },
    ),
    field('laatija', 'Laatija', 'Upprättare', {
      kind: 'group',
      fields: [
        field('nimi', 'Nimi', 'Namn', { kind: 'name' }),
        field('ammatti', 'Ammatti', 'Yrke', {
          kind: 'group',
          fields: [
            field('tarkenne', 'Tarkenne', 'Precisering', {
              kind: 'group',
              fields: [field('syvin', 'Syvin', 'Djupast', text)],
            }),
          ],
        }),
      ],
    }),
    field('saados', 'Sosiaalihuoltolaki 36 §', 'Socialvårdslagen 36 §', {
      kind: 'group',
      heading: true,
      fields: [],
    }),
  ],
};

const content = {
  testimerkinta: {
    asiakas: [
      {
        sukunimi: 'Virtanen',
        etunimet: 'Matti Juhani',
        henkilotunnus: { system: '1.2.246.21', value: '010101-123N' },
        syntymaaika: '2001-01-01',
      },
      { sukunimi: 'Korhonen', etunimet: 'Aino', syntymaaika: '2010-05' },
    ],
    kirjaus: 'Ensimmäinen rivi\nToinen rivi',
    ajankohta: '2024-03-02T14:05:00+02:00',
    tulkki: false,
    lukumaara: 3,
    paino: { value: 72.5, code: 'kg' },
    palvelutehtava: [
      { system: 'urn:oid:1.2.246.537.6.1221.201601', code: '24', display: 'Lapsiperheiden palvelut' },
      { system: 'urn:oid:1.2.246.537.6.1221.201601', code: '10', display: 'Lastensuojelu' },
    ],
    yksikko: {
      system: 'urn:oid:1.2.246.537.6.202',
      code: '1.2.246.10.1234567.10.1',
      display: 'Perhekeskus Itä',
    },
    sisainen: 'SALAINEN-SISAINEN',
    otsikoton: 'Näkyvä arvo ilman otsikkoa',
    lisatieto: '   ',
    info: 'Tietosi ovat suojattuja.',
    laatija: { nimi: 'Sosiaalityöntekijä Sari', ammatti: { tarkenne: { syvin: 'syvä arvo' } } },
    merkinta: { kuvaus: 'Kuvaus piilotetun ryhmän sisällä' },
    saados: {},
    tuntematon: 'EI-NAYTETA',
  },
};

function assertWellFormed(xml: string): void {
  const result = XMLValidator.validate(xml);
  assert.equal(result, true, JSON.stringify(result));
  // XMLValidator accepts undefined entities and raw control characters; check those separately.
  for (const m of xml.matchAll(/&([^;]*);?/g)) {
    assert.match(m[0], /^&(amp|lt|gt|quot|#39);$/, `unexpected entity ${m[0]}`);
  }
  for (const ch of xml) {
    const cp = ch.codePointAt(0)!;
    const control = (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) || (cp >= 0x7f && cp <= 0x9f);
    const lone = ch.length === 1 && cp >= 0xd800 && cp <= 0xdfff;
    assert.ok(
      !control && !lone && cp !== 0xfffe && cp !== 0xffff,
      `character U+${cp.toString(16)} in output`,
    );
  }
}

const ALLOWED_TAGS = new Set([
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'dl',
  'dt',
  'dd',
  'ul',
  'li',
  'p',
  'br',
]);

function assertOnlyOwnMarkup(xml: string): void {
  for (const m of xml.matchAll(/<\/?([^\s/>]+)([^>]*)>/g)) {
    assert.ok(ALLOWED_TAGS.has(m[1]!), `unexpected element ${m[1]}`);
    for (const a of m[2]!.matchAll(/([^\s=]+)=/g)) {
      assert.ok(['class', 'xmlns', 'xml:lang'].includes(a[1]!), `unexpected attribute ${a[1]}`);
    }
  }
}

function decode(s: string): string {
  return s
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('value formatting', () => {
  it('formats full and partial dates the Finnish way', () => {
    assert.equal(formatPartialDate('2024-03-02'), '2.3.2024');
    assert.equal(formatPartialDate('2024-11-30'), '30.11.2024');
    assert.equal(formatPartialDate('2024-03'), '3/2024');
    assert.equal(formatPartialDate('2024'), '2024');
    assert.equal(formatPartialDate('maaliskuu'), 'maaliskuu');
  });

  it('formats instants as the wall time of their own offset', () => {
    assert.equal(formatInstant('2024-03-02T14:05:00+02:00', 'fi'), '2.3.2024 klo 14.05');
    assert.equal(formatInstant('2024-03-02T14:05:59.123-05:00', 'fi'), '2.3.2024 klo 14.05');
    assert.equal(formatInstant('2024-12-31T23:59:00Z', 'sv'), '31.12.2024 kl. 23.59');
    assert.equal(formatInstant('2024-03', 'fi'), '3/2024');
  });

  it('writes a decimal comma', () => {
    assert.equal(formatNumber(72.5), '72,5');
    assert.equal(formatNumber(-3), '-3');
  });

  it('escapes all five markup characters exactly once', () => {
    assert.equal(
      escapeXml(`<a href="x">'&amp;'</a>`),
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;amp;&#39;&lt;/a&gt;',
    );
  });

  it('strips characters XML 1.0 does not allow but keeps tab, newlines and astral characters', () => {
    assert.equal(stripDisallowedXmlChars('a\u0000b\u0008c\u001Fd\u007Fe\u0085f\uFFFEg\uFFFFh'), 'abcdefgh');
    assert.equal(stripDisallowedXmlChars('x\uD800y\uDC00z'), 'xyz');
    assert.equal(stripDisallowedXmlChars('\t\n\r 😀 ä'), '\t\n\r 😀 ä');
  });
});

describe('renderXhtml', () => {
  const fi = renderXhtml(definition, content, { lang: 'fi' });
  const sv = renderXhtml(definition, content, { lang: 'sv' });

  it('produces one well-formed soc-document div in the XHTML namespace', () => {
    assertWellFormed(fi);
    assertWellFormed(sv);
    assertOnlyOwnMarkup(fi);
    assert.ok(fi.startsWith('<div xmlns="http://www.w3.org/1999/xhtml" class="soc-document" xml:lang="fi">'));
    assert.ok(sv.startsWith('<div xmlns="http://www.w3.org/1999/xhtml" class="soc-document" xml:lang="sv">'));
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(fi) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ['div']);
    for (const part of ['soc-header', 'soc-main-wrapper', 'soc-footer']) {
      assert.ok(fi.includes(`<div class="${part}">`), part);
    }
  });

  it('titles the document with the structure name unless the caller gives a title', () => {
    assert.ok(fi.includes('<h1>Testimerkintä</h1>'));
    assert.ok(sv.includes('<h1>Testanteckning</h1>'));
    const titled = renderXhtml(definition, content, { lang: 'fi', title: 'Oma otsikko & muuta' });
    assert.ok(titled.includes('<h1>Oma otsikko &amp; muuta</h1>'));
  });

  it('formats values for people', () => {
    assert.ok(fi.includes('<dt>Syntymäaika</dt><dd>1.1.2001</dd>'));
    assert.ok(fi.includes('<dd>5/2010</dd>'));
    assert.ok(fi.includes('<dt>Ajankohta</dt><dd>2.3.2024 klo 14.05</dd>'));
    assert.ok(sv.includes('<dt>Tidpunkt</dt><dd>2.3.2024 kl. 14.05</dd>'));
    assert.ok(fi.includes('<dt>Tulkki käytössä</dt><dd>Ei</dd>'));
    assert.ok(sv.includes('<dt>Tolk använd</dt><dd>Nej</dd>'));
    assert.ok(fi.includes('<dt>Osallistujien lukumäärä</dt><dd>3</dd>'));
    assert.ok(fi.includes('<dt>Paino</dt><dd>72,5 kg</dd>'));
    assert.ok(fi.includes('<dt>Henkilötunnus</dt><dd>010101-123N</dd>'));
    assert.ok(fi.includes('<dt>Palveluyksikkö</dt><dd>Perhekeskus Itä</dd>'));
    assert.ok(fi.includes('<dt>Kirjaus</dt><dd>Ensimmäinen rivi<br />Toinen rivi</dd>'));
    assert.ok(fi.includes('<dt>Infoteksti</dt><dd>Tietosi ovat suojattuja.</dd>'));
    assert.ok(
      sv.includes('<dt>Infotext</dt><dd>Dina uppgifter är skyddade.</dd>'),
      'phrase in THL Swedish wording',
    );
  });

  it('shows a boolean true as Kyllä / Ja', () => {
    const c = { testimerkinta: { tulkki: true } };
    assert.ok(renderXhtml(definition, c, { lang: 'fi' }).includes('<dd>Kyllä</dd>'));
    assert.ok(renderXhtml(definition, c, { lang: 'sv' }).includes('<dd>Ja</dd>'));
  });

  it('lists repeated leaf values and repeats group sections with numbered headings', () => {
    assert.ok(
      fi.includes(
        '<dt>Palvelutehtävä</dt><dd><ul class="soc-list"><li>Lapsiperheiden palvelut</li><li>Lastensuojelu</li></ul></dd>',
      ),
    );
    assert.ok(fi.includes('<div class="soc-section"><h2>Asiakas (1/2)</h2>'));
    assert.ok(fi.includes('<div class="soc-section"><h2>Asiakas (2/2)</h2>'));
    assert.ok(sv.includes('<h2>Klient (1/2)</h2>'));
  });

  it('nests groups with deeper headings', () => {
    assert.ok(fi.includes('<h2>Laatija</h2>'));
    assert.ok(fi.includes('<h3>Ammatti</h3>'));
    assert.ok(fi.includes('<h4>Tarkenne</h4>'));
    assert.ok(fi.includes('<dt>Syvin</dt><dd>syvä arvo</dd>'));
    assert.ok(
      fi.includes('<h2>Sosiaalihuoltolaki 36 §</h2>'),
      'a childless heading present in content is shown',
    );
  });

  it('caps heading levels at h6', () => {
    let inner: Field = field('f', 'Pohja', undefined, text);
    for (let i = 8; i >= 1; i--) {
      inner = field(`g${i}`, `Taso ${i}`, undefined, { kind: 'group', fields: [inner] });
    }
    let value: unknown = { f: 'pohja-arvo' };
    for (let i = 8; i >= 1; i--) value = { [`g${i}`]: value };
    const deep: StructureDefinition = { ...definition, fields: [inner] };
    const out = renderXhtml(deep, { testimerkinta: value }, { lang: 'fi' });
    assertWellFormed(out);
    assert.ok(out.includes('<h5>Taso 4</h5>'));
    assert.ok(out.includes('<h6>Taso 5</h6>'));
    assert.ok(out.includes('<h6>Taso 8</h6>'));
    assert.doesNotMatch(out, /<h7/);
  });

  it('omits hidden fields, hidden titles, blank and absent values and unknown properties', () => {
    assert.ok(!fi.includes('SALAINEN-SISAINEN'));
    assert.ok(!fi.includes('Sisäinen tunniste'));
    assert.ok(
      fi.includes('<dt>Kuvaus</dt><dd>Kuvaus piilotetun ryhmän sisällä</dd>'),
      'a hidden group shows its children',
    );
    assert.ok(!fi.includes('>Merkintä<'), 'but not its own heading');
    assert.ok(
      fi.includes(
        '<dd>Tietosi ovat suojattuja.</dd><dt>Kuvaus</dt><dd>Kuvaus piilotetun ryhmän sisällä</dd></dl>',
      ),
      'in the same list as the leaves around it',
    );
    assert.ok(fi.includes('<p class="soc-value">Näkyvä arvo ilman otsikkoa</p>'));
    assert.ok(!fi.includes('Otsikoton'));
    assert.ok(!fi.includes('Lisätieto'));
    assert.ok(!fi.includes('EI-NAYTETA'));
    const empty = renderXhtml(
      definition,
      { testimerkinta: { asiakas: [{}], laatija: { ammatti: {} } } },
      { lang: 'fi' },
    );
    assert.ok(empty.includes('<div class="soc-main-wrapper"></div>'), empty);
  });

  it('labels a field with its display title when THL gives one', () => {
    const titled: StructureDefinition = {
      ...definition,
      fields: [
        field(
          'maara',
          'Palvelun määrä tunteina',
          'Mängd service i timmar',
          { kind: 'number', numberKind: 'count' },
          {
            title: { fi: 'Palvelun määrä tunteina kuukaudessa', sv: 'Mängd service i timmar per månad' },
          },
        ),
        field('peruste', 'Ratkaisun lakiperuste', 'Laggrund för beslutet', text, {
          title: { fi: 'Lainkohdat, joihin ratkaisu perustuu' },
        }),
      ],
    };
    const c = { testimerkinta: { maara: 12, peruste: 'SHL 19 §' } };
    const outFi = renderXhtml(titled, c, { lang: 'fi' });
    const outSv = renderXhtml(titled, c, { lang: 'sv' });
    assert.ok(outFi.includes('<dt>Palvelun määrä tunteina kuukaudessa</dt><dd>12</dd>'));
    assert.ok(outSv.includes('<dt>Mängd service i timmar per månad</dt><dd>12</dd>'));
    assert.ok(outFi.includes('<dt>Lainkohdat, joihin ratkaisu perustuu</dt>'));
    assert.ok(outSv.includes('<dt>Laggrund för beslutet</dt>'), 'a Swedish name beats a Finnish-only title');
  });

  it('falls back to Finnish labels when Swedish is missing', () => {
    assert.ok(sv.includes('<dt>Osallistujien lukumäärä</dt>'));
  });

  it('renders an empty main part for content that is not the document', () => {
    for (const c of [null, 42, 'x', [], {}, { muu: {} }, { testimerkinta: [] }]) {
      const out = renderXhtml(definition, c, { lang: 'fi' });
      assertWellFormed(out);
      assert.ok(out.includes('<div class="soc-main-wrapper"></div>'));
    }
  });

  it('omits values of the wrong JSON type instead of throwing', () => {
    const c = {
      testimerkinta: {
        kirjaus: { toString: '<b>' },
        tulkki: 'true',
        lukumaara: Number.NaN,
        paino: { value: '5', code: 'kg' },
        palvelutehtava: ['Lastensuojelu', 7, null],
        yksikko: 'Perhekeskus',
        asiakas: 'Virtanen',
      },
    };
    const out = renderXhtml(definition, c, { lang: 'fi' });
    assertWellFormed(out);
    assert.ok(out.includes('<div class="soc-main-wrapper"></div>'), out);
  });

  it('shows a header metadata block given by the caller', () => {
    const out = renderXhtml(definition, content, {
      lang: 'fi',
      metadata: {
        documentName: 'Tapaaminen',
        date: '2024-03-02T09:00:00+02:00',
        author: 'Sari Sosiaalityöntekijä',
        organization: 'Hyvinvointialue',
      },
    });
    assert.ok(
      out.includes(
        '<dl class="soc-metadata"><dt>Asiakirja</dt><dd>Tapaaminen</dd><dt>Päivämäärä</dt><dd>2.3.2024 klo 09.00</dd>' +
          '<dt>Laatija</dt><dd>Sari Sosiaalityöntekijä</dd><dt>Organisaatio</dt><dd>Hyvinvointialue</dd></dl>',
      ),
    );
    const svOut = renderXhtml(definition, content, { lang: 'sv', metadata: { date: '2024-03-02' } });
    assert.ok(svOut.includes('<dl class="soc-metadata"><dt>Datum</dt><dd>2.3.2024</dd></dl>'));
    assert.ok(!fi.includes('soc-metadata'), 'no metadata block without metadata');
  });

  it('names the structure in the footer', () => {
    assert.ok(
      fi.includes(
        '<div class="soc-footer"><p>Asiakirjarakenne 1.2.246.537.6.1506.99999.2024.1.2 (versio 2.1.2024)</p></div>',
      ),
    );
    assert.ok(sv.includes('Handlingsstruktur 1.2.246.537.6.1506.99999.2024.1.2 (version 2.1.2024)'));
  });

  it('is deterministic', () => {
    assert.equal(renderXhtml(definition, structuredClone(content), { lang: 'fi' }), fi);
  });
});

describe('renderXhtml against markup injection', () => {
  const hostile = [
    '<script>alert(1)</script>',
    ']]>',
    '<![CDATA[x]]>',
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    '&amp;',
    '&lt;b&gt;',
    '&#x3C;script&#x3E;',
    '<?xml version="1.0"?>',
    '<!DOCTYPE x [<!ENTITY e "boom">]>&e;',
    'javascript:alert(1)',
    'a\u0000b\u0001c\u000Bd\u001Fe',
    'x\uD800y',
    'z\uDFFF',
    '\uFFFE\uFFFF',
  ];

  function everywhere(s: string) {
    return {
      testimerkinta: {
        asiakas: [{ sukunimi: s, etunimet: s, henkilotunnus: { value: s }, syntymaaika: s }],
        kirjaus: s,
        ajankohta: s,
        paino: { value: 1, code: s },
        palvelutehtava: [{ system: s, code: s, display: s }],
        yksikko: { code: s },
        otsikoton: s,
        info: s,
        laatija: { nimi: s, ammatti: { tarkenne: { syvin: s } } },
      },
    };
  }

  for (const s of hostile) {
    it(`keeps ${JSON.stringify(s)} as text`, () => {
      const out = renderXhtml(definition, everywhere(s), {
        lang: 'fi',
        title: s,
        metadata: { documentName: s, date: s, author: s, organization: s },
      });
      assertWellFormed(out);
      assertOnlyOwnMarkup(out);
      const clean = stripDisallowedXmlChars(s).trim();
      if (clean !== '') assert.ok(decode(out).includes(clean), 'the text survives, escaped');
    });
  }

  it('escapes an already escaped entity again (no double-unescape)', () => {
    const out = renderXhtml(definition, { testimerkinta: { kirjaus: '&amp; &lt;' } }, { lang: 'fi' });
    assert.ok(out.includes('<dd>&amp;amp; &amp;lt;</dd>'));
  });

  it('escapes hostile labels from an imported definition', () => {
    const evil: StructureDefinition = {
      ...definition,
      name: { fi: '</h1><script>x</script>' },
      oid: '1.2.3"><x>',
      fields: [
        field('k', '<img onerror=x>', '"&\'', text),
        field('g', '<g>', undefined, { kind: 'group', fields: [field('k', '</dd>', undefined, text)] }),
      ],
    };
    for (const lang of ['fi', 'sv'] as const) {
      const out = renderXhtml(evil, { testimerkinta: { k: 'v', g: { k: 'w' } } }, { lang });
      assertWellFormed(out);
      assertOnlyOwnMarkup(out);
    }
  });

  it('handles very long values', () => {
    const long = '<&>'.repeat(400_000);
    const out = renderXhtml(definition, { testimerkinta: { kirjaus: long } }, { lang: 'fi' });
    assertWellFormed(out);
    assert.ok(out.length > 4_800_000);
  });

  it('stays well formed and free of foreign markup for arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.constantFrom<'fi' | 'sv'>('fi', 'sv'),
        (s, lang) => {
          const out = renderXhtml(definition, everywhere(s), { lang, title: s, metadata: { author: s } });
          assertWellFormed(out);
          assertOnlyOwnMarkup(out);
          const clean = stripDisallowedXmlChars(s).trim();
          if (clean !== '' && !/[\r\n]/.test(clean)) assert.ok(decode(out).includes(clean));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the XHTML of an invalidated version', () => {
  const original = renderXhtml(definition, content, { lang: 'fi', metadata: { author: 'Sari' } });

  it('says first, inside the one root, that the document is invalidated, when and why; the content stays', () => {
    const out = markInvalidated(original, { lang: 'fi', date: '2026-11-23', reason: 'Väärä asiakas' });
    assertWellFormed(out);
    assertOnlyOwnMarkup(out);
    const parsed = new XMLParser({ ignoreAttributes: false, preserveOrder: true }).parse(out) as {
      div: { div?: unknown; ':@'?: Record<string, string> }[];
    }[];
    assert.equal(parsed.length, 1, 'one root element');
    const firstChild = parsed[0]!.div[0]!;
    assert.equal(firstChild[':@']?.['@_class'], 'soc-invalidated');
    assert.match(decode(out), /^Mitätöity 23\.11\.2026Syy: Väärä asiakas/);
    assert.ok(out.endsWith(original.slice(original.indexOf('>') + 1)), 'the rendering follows unchanged');
    const sv = markInvalidated(original, { lang: 'sv', date: '2026-01-02', reason: 'Fel klient' });
    assert.match(decode(sv), /^Ogiltigförklarad 2\.1\.2026Orsak: Fel klient/);
  });

  it("marks a legacy document's rendering and wraps XHTML that is not one div", () => {
    const legacy =
      '<div xmlns="http://www.w3.org/1999/xhtml" class="soc-document soc-legacy" lang="fi"><h1>Muistio</h1></div>';
    const out = markInvalidated(legacy, {
      lang: 'fi',
      date: '2026-11-23',
      reason: 'Tuotu väärälle asiakkaalle',
    });
    assert.ok(
      out.startsWith(
        '<div xmlns="http://www.w3.org/1999/xhtml" class="soc-document soc-legacy" lang="fi"><div class="soc-invalidated">',
      ),
    );
    assertWellFormed(out);
    const bare = markInvalidated('<p>teksti</p>', { lang: 'fi', date: '2026-11-23', reason: 'x' });
    assertWellFormed(bare);
    assert.match(
      bare,
      /^<div xmlns="http:\/\/www\.w3\.org\/1999\/xhtml" class="soc-document" xml:lang="fi"><div class="soc-invalidated">/,
    );
  });

  it('keeps any reason as text: well formed, no markup of its own', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.constantFrom<'fi' | 'sv'>('fi', 'sv'),
        (reason, lang) => {
          const out = markInvalidated(original, { lang, date: '2026-11-23', reason });
          assertWellFormed(out);
          assertOnlyOwnMarkup(out);
          const clean = stripDisallowedXmlChars(reason).trim();
          if (clean !== '' && !/[\r\n]/.test(clean)) assert.ok(decode(out).includes(clean));
        },
      ),
      { numRuns: 300 },
    );
  });
});

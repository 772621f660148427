import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builtinCodeRegistry } from '../codes/builtin.ts';
import { decideVisibility } from '../visibility/rules.ts';
import {
  checkLegacyEntry,
  checkLegacyFile,
  decideLegacyChange,
  LEGACY_DOCUMENT_GROUP,
  type LegacyEntry,
  legacyContent,
  legacyFileKind,
  legacyXhtml,
} from './legacy.ts';

const REGISTRAR = '1.2.246.10.12345678';
const ctx = { codes: builtinCodeRegistry(), today: '2026-11-23', registrarOid: REGISTRAR };
const line = (over: Partial<LegacyEntry> = {}): LegacyEntry => ({
  client: '010101A123N',
  registrar: REGISTRAR,
  serviceTask: '10',
  documentType: '11',
  title: 'Päätös toimeentulotuesta',
  date: '2009-04-01',
  file: 'a/1.pdf',
  ...over,
});
const paths = (e: LegacyEntry) => checkLegacyEntry(e, ctx).map((x) => x.path);

describe('legacy documents: a manifest line against the code sets', () => {
  test('a good line passes, with a general or a specific document type', () => {
    assert.deepEqual(checkLegacyEntry(line(), ctx), []);
    assert.deepEqual(checkLegacyEntry(line({ documentType: '11001', file: 'x.txt' }), ctx), []);
  });

  test('each bad field is reported at its path', () => {
    assert.deepEqual(paths(line({ client: '010101A123M' })), ['/client']);
    assert.deepEqual(paths(line({ registrar: '1.2.246.10.99' })), ['/registrar']);
    assert.deepEqual(paths(line({ serviceTask: '9999' })), ['/serviceTask']);
    assert.deepEqual(paths(line({ documentType: '99999' })), ['/documentType']);
    assert.deepEqual(paths(line({ date: '2009-02-30' })), ['/date']);
    assert.deepEqual(paths(line({ date: '2027-01-01' })), ['/date']);
    assert.deepEqual(paths(line({ title: '   ' })), ['/title']);
    assert.deepEqual(paths(line({ file: '../etc/passwd.pdf' })), ['/file']);
    assert.deepEqual(paths(line({ file: '/abs/x.pdf' })), ['/file']);
    assert.deepEqual(paths(line({ file: 'scan.tiff' })), ['/file']);
    // Several at once: all of them.
    assert.deepEqual(paths(line({ serviceTask: 'x', date: 'nope' })), ['/serviceTask', '/date']);
  });

  test('a temporary identifier needs its system', () => {
    assert.deepEqual(paths(line({ client: '010101A123N', clientSystem: '1.2.246.21.5' })), ['/clientSystem']);
  });

  test('file kinds and their bytes', () => {
    assert.equal(legacyFileKind('A.PDF'), 'pdf');
    assert.equal(legacyFileKind('note.txt'), 'text');
    assert.equal(legacyFileKind('note.doc'), undefined);
    const enc = new TextEncoder();
    assert.equal(checkLegacyFile('pdf', enc.encode('%PDF-1.7\n...')), undefined);
    assert.match(checkLegacyFile('pdf', enc.encode('<html>')) ?? '', /not a PDF/);
    assert.match(checkLegacyFile('pdf', enc.encode('%PD')) ?? '', /not a PDF/);
    assert.equal(checkLegacyFile('text', enc.encode('Muistio 1998: äiti soitti')), undefined);
    assert.match(checkLegacyFile('text', new Uint8Array([0x61, 0, 0x62])) ?? '', /NUL/);
    assert.match(checkLegacyFile('text', new Uint8Array([0xff, 0xfe, 0x41])) ?? '', /UTF-8/);
  });
});

describe('legacy documents: what they are and who sees them', () => {
  const file = { sha256: 'a'.repeat(64), mediaType: 'application/pdf', bytes: 10, name: '1.pdf' };

  test('the content names the file by its hash; the XHTML escapes the manifest text', () => {
    const c = legacyContent(line({ author: 'A <b>', originalId: 'X-1' }), file);
    assert.equal(c.vanha_asiakirja.tiedosto.sha256, file.sha256);
    assert.equal(c.vanha_asiakirja.alkuperainen_tunniste, 'X-1');
    const x = legacyXhtml(line({ title: 'T & <script>', author: 'A <b>' }), file, 'fi');
    assert.ok(!x.includes('<script>') && x.includes('T &amp; &lt;script&gt;') && x.includes('A &lt;b&gt;'));
  });

  test('OmaKanta never shows a legacy document, to the client or a guardian (phase_or_legacy)', () => {
    const d = {
      status: 'active' as const,
      registrarOid: REGISTRAR,
      organizationOid: REGISTRAR,
      clients: ['me'],
      documentGroup: LEGACY_DOCUMENT_GROUP,
      documentType: '11',
      omakanta: {},
    };
    const relations = {
      persons: [{ key: 'me', birthDate: '1980-01-01' }],
      guardianships: [],
      guardianBars: [],
      mandates: [],
    };
    const v = decideVisibility({ person: 'me', subject: 'me' }, d, { today: '2026-11-23', relations });
    assert.equal(v.visible, false);
    assert.equal(!v.visible && v.rule, 'phase_or_legacy');
    // The same document in group 5 would be shown: the group alone decides.
    const shown = decideVisibility(
      { person: 'me', subject: 'me' },
      { ...d, documentGroup: '5' },
      {
        today: '2026-11-23',
        relations,
      },
    );
    assert.equal(shown.visible, true);
  });

  test('a legacy document is invalidated but not corrected or re-shown; others are all three', () => {
    const legacy = { documentGroup: LEGACY_DOCUMENT_GROUP };
    assert.deepEqual(decideLegacyChange(legacy, 'invalidate'), { allowed: true });
    for (const change of ['correct', 'visibility'] as const) {
      const d = decideLegacyChange(legacy, change);
      assert.equal(d.allowed, false, change);
      assert.equal(!d.allowed && d.rule, 'legacy_archived');
      assert.ok(!d.allowed && d.reason.length > 0);
    }
    const c = decideLegacyChange(legacy, 'correct');
    const v = decideLegacyChange(legacy, 'visibility');
    assert.match(!c.allowed ? c.reason : '', /archived as it was received/);
    assert.match(!v.allowed ? v.reason : '', /OmaKanta/);
    for (const change of ['correct', 'invalidate', 'visibility'] as const) {
      assert.deepEqual(decideLegacyChange({ documentGroup: '5' }, change), { allowed: true }, change);
    }
  });

  test('the group is a known (placeholder) code of the document group code set', () => {
    const found = ctx.codes.lookup('1.2.246.537.6.1505', LEGACY_DOCUMENT_GROUP);
    assert.ok(found.ok);
    assert.equal(found.ok && found.value.entry.provenance.status, 'provisional');
  });
});

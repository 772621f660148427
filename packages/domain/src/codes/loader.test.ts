import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isIsoDate, loadCodeSystem } from './loader.ts';

function system(overrides: Record<string, unknown> = {}, codes?: unknown[]): Record<string, unknown> {
  return {
    oid: '1.2.246.537.6.1221',
    version: '201601',
    names: { fi: 'Palvelutehtävä', sv: 'Serviceuppgift' },
    provenance: { status: 'verified', source: 'test fixture' },
    completeness: 'partial',
    codes: codes ?? [
      {
        code: '10',
        names: { fi: 'Lastensuojelu' },
        provenance: { status: 'verified', source: 'kanta-spec §4' },
      },
      {
        code: '10.1',
        names: { fi: 'Avohuolto', en: 'Open care' },
        parent: '10',
        validFrom: '2016-01-01',
        validTo: '2099-12-31',
        provenance: { status: 'provisional', note: 'invented for the test' },
      },
    ],
    ...overrides,
  };
}

function issuesOf(json: unknown): readonly string[] {
  const r = loadCodeSystem(json);
  assert.equal(r.ok, false, 'expected the input to be rejected');
  return r.ok ? [] : r.error.issues;
}

describe('loadCodeSystem', () => {
  it('loads a valid system with all optional fields', () => {
    const r = loadCodeSystem(system());
    assert.ok(r.ok);
    assert.equal(r.value.oid, '1.2.246.537.6.1221');
    assert.equal(r.value.version, '201601');
    assert.deepEqual(r.value.codes[1], {
      code: '10.1',
      names: { fi: 'Avohuolto', en: 'Open care' },
      provenance: { status: 'provisional', note: 'invented for the test' },
      validFrom: '2016-01-01',
      validTo: '2099-12-31',
      parent: '10',
    });
  });

  it('rejects a non-object with a clear message', () => {
    const r = loadCodeSystem([1, 2]);
    assert.ok(!r.ok);
    assert.match(r.error.message, /JSON object/);
  });

  it('requires a classification OID without urn prefix', () => {
    assert.match(
      issuesOf(system({ oid: 'urn:oid:1.2.246' })).join('\n'),
      /^oid: must be a classification OID/m,
    );
    assert.match(issuesOf(system({ oid: undefined })).join('\n'), /^oid:/m);
  });

  it('requires a numeric version when a version is given', () => {
    assert.match(issuesOf(system({ version: 'v2016' })).join('\n'), /^version:/m);
  });

  it('requires a Finnish name on the system and on each code', () => {
    assert.match(issuesOf(system({ names: { sv: 'Serviceuppgift' } })).join('\n'), /^names\.fi:/m);
    const issues = issuesOf(
      system({}, [{ code: '10', names: { fi: '' }, provenance: { status: 'verified', source: 'x' } }]),
    );
    assert.match(issues.join('\n'), /^codes\[0\]\.names\.fi:/m);
  });

  it('requires a source for verified and a note for provisional codes', () => {
    const issues = issuesOf(
      system({}, [
        { code: '1', names: { fi: 'A' }, provenance: { status: 'verified' } },
        { code: '2', names: { fi: 'B' }, provenance: { status: 'provisional', note: ' ' } },
        { code: '3', names: { fi: 'C' }, provenance: { status: 'guessed', note: 'x' } },
        { code: '4', names: { fi: 'D' } },
      ]),
    );
    const text = issues.join('\n');
    assert.match(text, /^codes\[0\]\.provenance\.source: a verified code must cite its source/m);
    assert.match(text, /^codes\[1\]\.provenance\.note: a provisional code must say what is uncertain/m);
    assert.match(
      text,
      /^codes\[2\]\.provenance\.status: must be "verified" or "provisional", got "guessed"/m,
    );
    assert.match(text, /^codes\[3\]\.provenance: must be/m);
  });

  it('rejects duplicate codes, naming both positions', () => {
    const p = { status: 'verified', source: 'x' };
    const issues = issuesOf(
      system({}, [
        { code: '10', names: { fi: 'A' }, provenance: p },
        { code: '15', names: { fi: 'B' }, provenance: p },
        { code: '10', names: { fi: 'C' }, provenance: p },
      ]),
    );
    assert.deepEqual(issues, ['codes[2].code: duplicate code 10 (first at codes[0])']);
  });

  it('rejects codes with spaces or without a code', () => {
    const p = { status: 'verified', source: 'x' };
    const text = issuesOf(
      system({}, [
        { code: '1 0', names: { fi: 'A' }, provenance: p },
        { names: { fi: 'B' }, provenance: p },
      ]),
    ).join('\n');
    assert.match(text, /^codes\[0\]\.code:/m);
    assert.match(text, /^codes\[1\]\.code:/m);
  });

  it('rejects a parent that is not in the system, and a parent loop', () => {
    const p = { status: 'verified', source: 'x' };
    assert.deepEqual(issuesOf(system({}, [{ code: '2', names: { fi: 'B' }, parent: '1', provenance: p }])), [
      'codes[0].parent: code 2 names parent 1, which is not in this system',
    ]);
    const loop = issuesOf(
      system({}, [
        { code: 'a', names: { fi: 'A' }, parent: 'b', provenance: p },
        { code: 'b', names: { fi: 'B' }, parent: 'a', provenance: p },
      ]),
    );
    assert.equal(loop.length, 2);
    assert.match(loop[0] ?? '', /loops back/);
  });

  it('checks validity dates: format, existence and order', () => {
    const p = { status: 'verified', source: 'x' };
    const text = issuesOf(
      system({}, [
        { code: '1', names: { fi: 'A' }, validFrom: '1.1.2016', provenance: p },
        { code: '2', names: { fi: 'B' }, validTo: '2023-02-29', provenance: p },
        { code: '3', names: { fi: 'C' }, validFrom: '2020-01-02', validTo: '2020-01-01', provenance: p },
      ]),
    ).join('\n');
    assert.match(text, /^codes\[0\]\.validFrom: must be an ISO date YYYY-MM-DD, got "1\.1\.2016"/m);
    assert.match(text, /^codes\[1\]\.validTo: must be an ISO date/m);
    assert.match(text, /^codes\[2\]: validFrom 2020-01-02 is after validTo 2020-01-01/m);
  });

  it('rejects unknown fields so that typos do not pass silently', () => {
    const text = issuesOf(
      system({ compleetness: 'partial' }, [
        {
          code: '1',
          name: { fi: 'A' },
          names: { fi: 'A', de: 'X' },
          provenance: { status: 'verified', source: 'x' },
        },
      ]),
    ).join('\n');
    assert.match(text, /^\(root\): unknown field\(s\) compleetness/m);
    assert.match(text, /^codes\[0\]: unknown field\(s\) name /m);
    assert.match(text, /^codes\[0\]\.names: unknown field\(s\) de /m);
  });

  it('reports every problem and summarises them in the message', () => {
    const r = loadCodeSystem(system({ completeness: 'some', names: {} }, []));
    assert.ok(!r.ok);
    assert.equal(r.error.issues.length, 3);
    assert.match(r.error.message, /^Code system 1\.2\.246\.537\.6\.1221 is invalid \(3 problems\): /);
  });
});

describe('isIsoDate', () => {
  it('accepts real calendar dates only', () => {
    assert.equal(isIsoDate('2024-02-29'), true);
    assert.equal(isIsoDate('2023-02-29'), false);
    assert.equal(isIsoDate('2024-13-01'), false);
    assert.equal(isIsoDate('2024-1-01'), false);
    assert.equal(isIsoDate('2024-01-01T00:00:00Z'), false);
  });
});

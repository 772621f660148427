import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OpenCase } from '../client-data.ts';
import { caseLabel } from './codes.ts';

const tasks = new Map([['24', { code: '24', names: { fi: 'Lapsiperheiden palvelut' }, provisional: false }]]);
const kase = (display: string | undefined): OpenCase =>
  ({
    case: { serviceTask: '24', opened: '2025-03-02' },
    facts: { subject: { system: 'urn:oid:1.2.246.537.6.1265', code: '1', display } },
  }) as unknown as OpenCase;

test('a case is named by its subject, or by its service task when the subject is only a code', () => {
  assert.equal(caseLabel(kase('Perheen tuen tarve'), tasks, 'fi'), 'Perheen tuen tarve (2.3.2025)');
  assert.equal(caseLabel(kase('1'), tasks, 'fi'), 'Lapsiperheiden palvelut (2.3.2025)');
  assert.equal(caseLabel(kase(undefined), tasks, 'fi'), 'Lapsiperheiden palvelut (2.3.2025)');
});

// Builders of valid records for the store's tests (and the server's, if useful).
import { randomUUID } from 'node:crypto';
import type { Actor, ClientKey, DocumentMetadata } from '@varanto/domain/records';
import type { NewDocumentVersion } from './api.ts';

export const REGISTRAR_A = '1.2.246.10.1111111.10.0';
export const REGISTRAR_B = '1.2.246.10.2222222.10.0';
export const TASK_CHILD_WELFARE = '2';
export const TASK_ADULT = '5';

let counter = 0;
/** A fresh OID under a test root, unique within the process. */
export function testOid(): string {
  counter++;
  return `1.2.246.10.9999999.15.${Date.now()}${process.pid}${counter}`;
}

export function metadata(over: Partial<DocumentMetadata> & { clients: ClientKey[] }): DocumentMetadata {
  return {
    registerId: `${REGISTRAR_A}.1`,
    registrarOid: REGISTRAR_A,
    organizationOid: REGISTRAR_A,
    serviceUnitOid: '1.2.246.10.1111111.11.1',
    authorId: randomUUID(),
    authorName: 'Sanna Sosiaalityöntekijä',
    serviceTask: TASK_CHILD_WELFARE,
    documentGroup: '5',
    documentType: '72',
    structureOid: '1.2.246.537.6.12.2002.348',
    documentDate: '2025-03-01',
    language: 'fi',
    omakanta: {},
    ...over,
  };
}

export function newDocument(
  over: Partial<NewDocumentVersion> & { metadata: DocumentMetadata },
): NewDocumentVersion {
  const setId = over.setId ?? testOid();
  return {
    setId,
    version: 1,
    versionOid: over.version && over.version > 1 ? testOid() : setId,
    status: 'active',
    content: { text: 'Asiakas kävi tapaamisessa.' },
    xhtml: '<div>Asiakas kävi tapaamisessa.</div>',
    recordedBy: over.metadata.authorId,
    ...over,
  };
}

export function professionalActor(over: Partial<Actor> = {}): Actor {
  return {
    kind: 'professional',
    professionalId: randomUUID(),
    login: 'sanna',
    name: 'Sanna Sosiaalityöntekijä',
    role: 'social_worker',
    organizationOid: REGISTRAR_A,
    serviceUnitOids: ['1.2.246.10.1111111.11.1'],
    serviceTasks: [TASK_CHILD_WELFARE],
    registrarOids: [REGISTRAR_A],
    strongAuth: true,
    ...over,
  };
}

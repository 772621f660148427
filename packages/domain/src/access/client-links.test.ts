import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Actor } from '../records/types.ts';
import { decideClientLink, decideClientUnlink, type LinkRequest } from './client-links.ts';

const actor = (over: Partial<Actor> = {}): Actor => ({
  kind: 'professional',
  professionalId: 'p-1',
  login: 'p1',
  name: 'P One',
  role: 'social_worker',
  organizationOid: '1.2.246.10.1',
  serviceUnitOids: ['1.2.246.10.1.10.1'],
  serviceTasks: ['10'],
  registrarOids: ['1.2.246.10.1'],
  strongAuth: true,
  ...over,
});

const request: LinkRequest = {
  temporary: { clientKey: 't', temporaryId: { system: '1.2.246.10.1.22.2026', value: '010126A951X' } },
  identified: { clientKey: 'p', hetu: '150812A952X' },
  organizerOfTemporary: true,
  temporaryLinked: false,
};

const rule = (d: ReturnType<typeof decideClientLink>) => (d.effect === 'deny' ? d.rule : `allow:${d.rule}`);

describe('linking a temporary identifier to the identity code', () => {
  test('a social worker or archivist of the organizer, with a strong login, links', () => {
    assert.equal(rule(decideClientLink(actor(), request)), 'allow:link');
    assert.equal(rule(decideClientLink(actor({ role: 'archivist' }), request)), 'allow:link');
  });

  test('refusals name their rule, in order', () => {
    assert.equal(rule(decideClientLink(actor({ role: 'practical_nurse' }), request)), 'link_role');
    assert.equal(rule(decideClientLink(actor({ strongAuth: false }), request)), 'strong_authentication');
    assert.equal(
      rule(decideClientLink(actor(), { ...request, organizerOfTemporary: false })),
      'link_not_organizer',
    );
    assert.equal(
      rule(decideClientLink(actor(), { ...request, identified: { ...request.identified, clientKey: 't' } })),
      'link_same_person',
    );
    assert.equal(
      rule(
        decideClientLink(actor(), { ...request, temporary: { ...request.temporary, hetu: '010101A900X' } }),
      ),
      'link_not_temporary',
    );
    assert.equal(
      rule(decideClientLink(actor(), { ...request, identified: { clientKey: 'p' } })),
      'link_not_identified',
    );
    assert.equal(rule(decideClientLink(actor(), { ...request, temporaryLinked: true })), 'link_exists');
  });

  test('undoing takes the same standing, on a link in force', () => {
    assert.equal(
      rule(decideClientUnlink(actor(), { organizerOfTemporary: true, linked: true })),
      'allow:unlink',
    );
    assert.equal(
      rule(decideClientUnlink(actor(), { organizerOfTemporary: true, linked: false })),
      'link_not_in_force',
    );
    assert.equal(
      rule(
        decideClientUnlink(actor({ role: 'office_worker' }), { organizerOfTemporary: true, linked: true }),
      ),
      'link_role',
    );
  });
});

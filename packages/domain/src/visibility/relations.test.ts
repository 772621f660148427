import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  decideActingOnBehalf,
  MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS,
  type MandateFact,
  type Relations,
} from './relations.ts';

const CHILD = 'c';
const PARENT = 'p';
const ADULT = 'a';
const AGENT = 'g';

const base: Relations = {
  persons: [
    { key: CHILD, birthDate: '2012-02-29' },
    { key: PARENT, birthDate: '1980-01-01' },
    { key: ADULT, birthDate: '1950-07-01' },
    { key: AGENT, birthDate: '1975-01-01' },
  ],
  guardianships: [{ guardian: PARENT, child: CHILD, start: '2012-02-29' }],
  guardianBars: [],
  mandates: [],
};

function rule(d: ReturnType<typeof decideActingOnBehalf>): string {
  return d.allowed ? d.basis.kind : d.rule;
}

describe('acting on behalf', () => {
  test('a leap-day child turns 15 on 28 February in a common year, and 18 likewise', () => {
    assert.equal(rule(decideActingOnBehalf(CHILD, CHILD, base, '2027-02-27')), 'self_below_age');
    assert.equal(rule(decideActingOnBehalf(CHILD, CHILD, base, '2027-02-28')), 'self');
    assert.equal(rule(decideActingOnBehalf(PARENT, CHILD, base, '2030-02-27')), 'guardian');
    assert.equal(rule(decideActingOnBehalf(PARENT, CHILD, base, '2030-02-28')), 'no_mandate');
  });

  test('the self-service age is a policy value', () => {
    assert.equal(rule(decideActingOnBehalf(CHILD, CHILD, base, '2025-01-01', 12)), 'self');
    assert.equal(rule(decideActingOnBehalf(CHILD, CHILD, base, '2025-01-01')), 'self_below_age');
  });

  test('an unknown birth date, or a date before birth, decides nothing', () => {
    const r = { ...base, persons: [...base.persons, { key: 'x' }] };
    assert.equal(rule(decideActingOnBehalf('x', 'x', r, '2026-01-01')), 'person_unknown');
    assert.equal(rule(decideActingOnBehalf(PARENT, 'nobody', r, '2026-01-01')), 'person_unknown');
    assert.equal(rule(decideActingOnBehalf(CHILD, CHILD, r, '2011-01-01')), 'person_unknown');
  });

  test('a guardianship that ended (custody moved) no longer lets the guardian in, from the day after its end', () => {
    const r = {
      ...base,
      guardianships: [{ guardian: PARENT, child: CHILD, start: '2012-02-29', end: '2024-05-31' }],
    };
    assert.equal(rule(decideActingOnBehalf(PARENT, CHILD, r, '2024-05-31')), 'guardian');
    assert.equal(rule(decideActingOnBehalf(PARENT, CHILD, r, '2024-06-01')), 'not_guardian');
  });

  test('a bar holds on its first and last day', () => {
    const r = {
      ...base,
      guardianBars: [{ guardian: PARENT, child: CHILD, start: '2024-03-01', end: '2024-03-31', basis: 'cw' }],
    };
    assert.equal(rule(decideActingOnBehalf(PARENT, CHILD, r, '2024-02-29')), 'guardian');
    assert.equal(rule(decideActingOnBehalf(PARENT, CHILD, r, '2024-03-01')), 'guardian_barred');
    assert.equal(rule(decideActingOnBehalf(PARENT, CHILD, r, '2024-03-31')), 'guardian_barred');
    assert.equal(rule(decideActingOnBehalf(PARENT, CHILD, r, '2024-04-01')), 'guardian');
    // A bar on another guardian or another child does not count.
    const other = {
      ...base,
      guardianBars: [{ guardian: 'z', child: CHILD, start: '2024-01-01', basis: 'cw' }],
    };
    assert.equal(rule(decideActingOnBehalf(PARENT, CHILD, other, '2024-03-01')), 'guardian');
  });

  test('a mandate is for an adult; a minor is reached only through guardianship', () => {
    const m: MandateFact = {
      principal: CHILD,
      agent: AGENT,
      scopes: [MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS],
      start: '2020-01-01',
    };
    assert.equal(
      rule(decideActingOnBehalf(AGENT, CHILD, { ...base, mandates: [m] }, '2025-01-01')),
      'not_guardian',
    );
  });

  test('property: a mandate grants exactly within its period, before revocation, with the scope', () => {
    const day = fc
      .integer({ min: 0, max: 2000 })
      .map((n) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10));
    let runs = 0;
    fc.assert(
      fc.property(
        day,
        day,
        fc.option(day, { nil: undefined }),
        fc.option(day, { nil: undefined }),
        fc.boolean(),
        (today, start, end, revokedOn, scoped) => {
          const mandate: MandateFact = {
            principal: ADULT,
            agent: AGENT,
            scopes: scoped ? ['other', MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS] : ['other'],
            start,
            ...(end === undefined ? {} : { end }),
            ...(revokedOn === undefined ? {} : { revokedOn }),
          };
          const d = decideActingOnBehalf(AGENT, ADULT, { ...base, mandates: [mandate] }, today);
          const holds =
            start <= today &&
            (end === undefined || today <= end) &&
            (revokedOn === undefined || today < revokedOn);
          assert.equal(d.allowed, holds && scoped);
          if (!d.allowed) assert.equal(d.rule, holds ? 'mandate_scope' : 'mandate_not_in_force');
          runs++;
        },
      ),
      { numRuns: 2000 },
    );
    assert.equal(runs, 2000);
  });
});

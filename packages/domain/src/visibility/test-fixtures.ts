// Fixtures of the visibility matrix, shared by its evaluated (matrix.test.ts) and compiled
// (sql.test.ts) runs, and usable by the citizen paths' own matrix tests. The viewers' bases per date
// and the kinds' hiding rules are the oracle: written out by hand, never derived from the rules.
import type { VisibilityDocument, VisibilitySettings } from './predicate.ts';
import { MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS, type Relations } from './relations.ts';
import type { Viewer } from './rules.ts';

// People (UUIDs so the same fixtures serve the SQL test).
export const P = {
  adult: '00000000-0000-4000-8000-00000000000a',
  teen15: '00000000-0000-4000-8000-000000000015',
  turning15: '00000000-0000-4000-8000-000000000014',
  child10: '00000000-0000-4000-8000-000000000010',
  turning18: '00000000-0000-4000-8000-000000000017',
  guardian: '00000000-0000-4000-8000-0000000000a1',
  barredGuardian: '00000000-0000-4000-8000-0000000000a2',
  agent: '00000000-0000-4000-8000-0000000000b1',
  wrongScopeAgent: '00000000-0000-4000-8000-0000000000b2',
  revokedAgent: '00000000-0000-4000-8000-0000000000b3',
  stranger: '00000000-0000-4000-8000-0000000000c1',
} as const;

export const DATES = ['2026-03-01', '2026-06-15', '2027-01-10'] as const;
export type Day = (typeof DATES)[number];

export const RELATIONS: Relations = {
  persons: [
    { key: P.adult, birthDate: '1980-05-05' },
    { key: P.teen15, birthDate: '2010-06-15' }, // 15 on the first date, 16 later
    { key: P.turning15, birthDate: '2011-06-15' }, // 14, then 15 from 2026-06-15
    { key: P.child10, birthDate: '2016-04-01' }, // 9, 10, 10
    { key: P.turning18, birthDate: '2008-06-15' }, // 17, then adult from 2026-06-15
    { key: P.guardian, birthDate: '1978-01-01' },
    { key: P.barredGuardian, birthDate: '1979-01-01' },
    { key: P.agent, birthDate: '1982-01-01' },
    { key: P.wrongScopeAgent, birthDate: '1983-01-01' },
    { key: P.revokedAgent, birthDate: '1984-01-01' },
    { key: P.stranger, birthDate: '1985-01-01' },
  ],
  guardianships: [
    { guardian: P.guardian, child: P.child10, start: '2016-04-01' },
    { guardian: P.guardian, child: P.teen15, start: '2010-06-15' },
    { guardian: P.guardian, child: P.turning15, start: '2011-06-15' },
    { guardian: P.guardian, child: P.turning18, start: '2008-06-15' },
    { guardian: P.barredGuardian, child: P.child10, start: '2016-04-01' },
  ],
  guardianBars: [
    {
      guardian: P.barredGuardian,
      child: P.child10,
      start: '2026-01-01',
      end: '2026-12-31',
      basis: 'child_welfare_restriction',
    },
  ],
  mandates: [
    {
      principal: P.adult,
      agent: P.agent,
      scopes: [MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS],
      start: '2026-01-01',
      end: '2026-12-31',
    },
    { principal: P.adult, agent: P.wrongScopeAgent, scopes: ['prescriptions'], start: '2026-01-01' },
    {
      principal: P.adult,
      agent: P.revokedAgent,
      scopes: [MANDATE_SCOPE_SOCIAL_WELFARE_RECORDS],
      start: '2026-01-01',
      revokedOn: '2026-06-01',
    },
  ],
};

export type Basis = 'self' | 'guardian' | 'mandate';
/** Oracle: each viewer's basis, or the refusing rule, on each date. Written out by hand. */
export const VIEWERS: readonly { name: string; viewer: Viewer; basis: Record<Day, Basis | string> }[] = [
  {
    name: 'self adult',
    viewer: { person: P.adult, subject: P.adult },
    basis: { '2026-03-01': 'self', '2026-06-15': 'self', '2027-01-10': 'self' },
  },
  {
    name: 'self 15-year-old',
    viewer: { person: P.teen15, subject: P.teen15 },
    basis: { '2026-03-01': 'self', '2026-06-15': 'self', '2027-01-10': 'self' },
  },
  {
    name: 'self turning 15 on the second date',
    viewer: { person: P.turning15, subject: P.turning15 },
    basis: { '2026-03-01': 'self_below_age', '2026-06-15': 'self', '2027-01-10': 'self' },
  },
  {
    name: 'self 10-year-old',
    viewer: { person: P.child10, subject: P.child10 },
    basis: { '2026-03-01': 'self_below_age', '2026-06-15': 'self_below_age', '2027-01-10': 'self_below_age' },
  },
  {
    name: 'guardian of a 10-year-old',
    viewer: { person: P.guardian, subject: P.child10 },
    basis: { '2026-03-01': 'guardian', '2026-06-15': 'guardian', '2027-01-10': 'guardian' },
  },
  {
    name: 'guardian of a 15-year-old',
    viewer: { person: P.guardian, subject: P.teen15 },
    basis: { '2026-03-01': 'guardian', '2026-06-15': 'guardian', '2027-01-10': 'guardian' },
  },
  {
    name: 'guardian of a child turning 18 on the second date',
    viewer: { person: P.guardian, subject: P.turning18 },
    basis: { '2026-03-01': 'guardian', '2026-06-15': 'no_mandate', '2027-01-10': 'no_mandate' },
  },
  {
    name: 'barred guardian (bar until 2026-12-31)',
    viewer: { person: P.barredGuardian, subject: P.child10 },
    basis: { '2026-03-01': 'guardian_barred', '2026-06-15': 'guardian_barred', '2027-01-10': 'guardian' },
  },
  {
    name: 'on behalf with a mandate (2026)',
    viewer: { person: P.agent, subject: P.adult },
    basis: { '2026-03-01': 'mandate', '2026-06-15': 'mandate', '2027-01-10': 'mandate_not_in_force' },
  },
  {
    name: 'on behalf with a mandate of another scope',
    viewer: { person: P.wrongScopeAgent, subject: P.adult },
    basis: { '2026-03-01': 'mandate_scope', '2026-06-15': 'mandate_scope', '2027-01-10': 'mandate_scope' },
  },
  {
    name: 'on behalf with a mandate revoked on 2026-06-01',
    viewer: { person: P.revokedAgent, subject: P.adult },
    basis: {
      '2026-03-01': 'mandate',
      '2026-06-15': 'mandate_not_in_force',
      '2027-01-10': 'mandate_not_in_force',
    },
  },
  {
    name: 'on behalf without a mandate (other person, adult)',
    viewer: { person: P.stranger, subject: P.adult },
    basis: { '2026-03-01': 'no_mandate', '2026-06-15': 'no_mandate', '2027-01-10': 'no_mandate' },
  },
  {
    name: 'other person for a child',
    viewer: { person: P.stranger, subject: P.child10 },
    basis: { '2026-03-01': 'not_guardian', '2026-06-15': 'not_guardian', '2027-01-10': 'not_guardian' },
  },
];

/** Oracle: the document kinds and the rule that hides each automatically (liftable: adoption). */
export const KINDS: readonly {
  name: string;
  type: string;
  group: string;
  status?: 'invalidated';
  concernsOther?: boolean;
  /** A shared case's document: it concerns another client as well. */
  shared?: boolean;
  hiddenBy?: string;
  liftable?: boolean;
}[] = [
  { name: 'decision', type: '11003', group: '5' },
  { name: 'narrative entry of a shared case', type: '19005', group: '5', shared: true },
  { name: 'custody agreement (shown)', type: '13001', group: '5' },
  { name: 'clienthood document', type: '1505.1', group: '1' },
  { name: 'legacy or phase I document', type: '11003', group: '3' },
  { name: 'invalidated decision', type: '11003', group: '5', status: 'invalidated' },
  { name: "another client's decision", type: '11003', group: '5', concernsOther: true },
  { name: 'shelter home initial assessment', type: '1011', group: '5', hiddenBy: 'hidden_shelter_home' },
  {
    name: 'shelter home plan of a family',
    type: '15019',
    group: '5',
    shared: true,
    hiddenBy: 'hidden_shelter_home',
  },
  {
    name: 'intimate partner violence assessment',
    type: '1017',
    group: '5',
    hiddenBy: 'hidden_violence_prevention',
  },
  { name: 'safety plan', type: '15025', group: '5', hiddenBy: 'hidden_violence_prevention' },
  { name: 'parenthood record', type: '7016', group: '5', hiddenBy: 'hidden_parenthood' },
  { name: 'parenthood test order', type: '8003', group: '5', hiddenBy: 'hidden_parenthood' },
  {
    name: 'adoption counselling statement',
    type: '7000',
    group: '5',
    hiddenBy: 'hidden_adoption_counselling',
    liftable: true,
  },
  { name: 'custody investigation', type: '7005', group: '5', hiddenBy: 'hidden_custody_investigation' },
  { name: 'payment commitment', type: '9002', group: '5', hiddenBy: 'hidden_payment_commitment' },
];

export const DELAYS = [undefined, '2026-01-01', '2026-06-15', '2026-12-31', '2026-6-1'] as const;
export const TRI = [undefined, true, false] as const;

export function* settingsGrid(): Generator<VisibilitySettings> {
  for (const delayUntil of DELAYS)
    for (const specialContent of TRI)
      for (const shownToGuardian of TRI)
        for (const automaticHidingLifted of [undefined, true]) {
          yield {
            ...(delayUntil === undefined ? {} : { delayUntil }),
            ...(specialContent === undefined ? {} : { specialContent }),
            ...(shownToGuardian === undefined ? {} : { shownToGuardian }),
            ...(automaticHidingLifted === undefined ? {} : { automaticHidingLifted }),
          };
        }
}

export function documentFor(
  kind: (typeof KINDS)[number],
  subject: string,
  settings: VisibilitySettings,
): VisibilityDocument {
  return {
    status: kind.status ?? 'active',
    registrarOid: '1.2.246.10.1',
    organizationOid: '1.2.246.10.1',
    clients: kind.concernsOther ? [P.stranger] : kind.shared ? [P.stranger, subject] : [subject],
    documentGroup: kind.group,
    documentType: kind.type,
    omakanta: settings,
  };
}

// The visibility matrix: document kinds × visibility settings × viewers × dates. The expected
// decision comes from an oracle written here by hand from the rules in ../shared/domain.md: the
// viewers' basis per date is a literal table and the document kinds a literal list, none of it
// derived from the module under test, so a change in the rules shows up as a wrongful show or hide.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateVisibility, type VisibilitySettings } from './predicate.ts';
import { decideVisibility, type VisibilityContext, visibilityFilter } from './rules.ts';
import { type Basis, DATES, documentFor, KINDS, RELATIONS, settingsGrid, VIEWERS } from './test-fixtures.ts';

/** Oracle: the expected refusing rule, in the documented order, or undefined when shown. */
function expected(
  basis: Basis | string,
  kind: (typeof KINDS)[number],
  s: VisibilitySettings,
  today: string,
): string | undefined {
  if (basis !== 'self' && basis !== 'guardian' && basis !== 'mandate') return basis;
  if (kind.concernsOther) return 'concerns_subject';
  if (kind.status === 'invalidated') return 'invalidated';
  if (!['1', '2', '5', '8', '9'].includes(kind.group)) return 'phase_or_legacy';
  if (kind.hiddenBy && !(kind.liftable && s.automaticHidingLifted === true)) return kind.hiddenBy;
  if (s.specialContent === true) return 'special_content';
  if (s.delayUntil !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(s.delayUntil) && s.delayUntil <= today)) {
    return 'delayed';
  }
  if (basis === 'guardian' && s.shownToGuardian !== true) return 'not_shown_to_guardian';
  return undefined;
}

describe('OmaKanta visibility matrix', () => {
  test('kinds × settings × viewers × dates: 0 wrongful shows, 0 wrongful hides, the expected rule', (t) => {
    let checked = 0;
    let wrongfulShows = 0;
    let wrongfulHides = 0;
    let wrongRule = 0;
    let filterDisagreements = 0;
    let shown = 0;
    const firstFailures: string[] = [];
    const settings = [...settingsGrid()];
    for (const today of DATES) {
      const ctx: VisibilityContext = { today, relations: RELATIONS };
      for (const v of VIEWERS) {
        const filter = visibilityFilter(v.viewer, ctx);
        for (const kind of KINDS) {
          for (const s of settings) {
            const doc = documentFor(kind, v.viewer.subject, s);
            const want = expected(v.basis[today], kind, s, today);
            const got = decideVisibility(v.viewer, doc, ctx);
            const gotRule = got.visible ? undefined : got.rule;
            if (got.visible && want !== undefined) wrongfulShows++;
            if (!got.visible && want === undefined) wrongfulHides++;
            if (gotRule !== want) {
              wrongRule++;
              if (firstFailures.length < 5) {
                firstFailures.push(
                  `${today} ${v.name} / ${kind.name} ${JSON.stringify(s)}: ${gotRule} ≠ ${want}`,
                );
              }
            }
            if (evaluateVisibility(filter, doc) !== got.visible) filterDisagreements++;
            if (got.visible) shown++;
            checked++;
          }
        }
      }
    }
    t.diagnostic(
      `visibility matrix: ${checked} cases checked (${shown} shown), ${wrongfulShows} wrongful shows, ${wrongfulHides} wrongful hides, ${wrongRule} wrong rules, ${filterDisagreements} filter disagreements`,
    );
    assert.deepEqual(firstFailures, []);
    assert.equal(wrongfulShows, 0);
    assert.equal(wrongfulHides, 0);
    assert.equal(filterDisagreements, 0);
    assert.equal(checked, DATES.length * VIEWERS.length * KINDS.length * settings.length);
    // The matrix must exercise both outcomes, or it proves nothing.
    assert.ok(shown > 1000 && shown < checked / 2, `shown ${shown} of ${checked}`);
  });
});

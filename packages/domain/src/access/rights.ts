// Which of a professional's right versions counts. The user register (asiakastietolaki 9 §) keeps
// a professional's rights as append-only versions: a later version replaces, moves or ends the
// right, and may begin in the future. Two questions are asked of that history — which right is in
// force on a date (what the professional may do) and which organization administers them — and
// each is answered here once: as a function over the history (one professional, read whole) and as
// SQL over the store's professional_right table (lists), which rights-sql.test.ts holds to the
// function on random histories.

/** What the rules read of a right version (ISO dates). */
export interface RightVersion {
  readonly version: number;
  readonly validFrom: string;
  readonly validTo?: string | undefined;
}

function newest<R extends RightVersion>(rights: readonly R[]): R | undefined {
  return rights.reduce<R | undefined>((a, r) => (!a || r.version > a.version ? r : a), undefined);
}

/** The newest version begun by `day`: the one in effect then, whether or not it has ended. */
function newestBegun<R extends RightVersion>(rights: readonly R[], day: string): R | undefined {
  return newest(rights.filter((r) => r.validFrom <= day));
}

/**
 * The right in force on `onDate` (an ISO date, or a timestamp whose date counts): of the versions
 * begun by then, the newest decides — so a later version ending or replacing a right wins over the
 * one it supersedes, and a transfer not yet begun does not — and it counts only if it has not ended
 * before that date (the end date is the last day in force). None for a professional without rights.
 */
export function rightInForce<R extends RightVersion>(rights: readonly R[], onDate: string): R | undefined {
  const day = onDate.slice(0, 10);
  const r = newestBegun(rights, day);
  return r && (r.validTo === undefined || r.validTo >= day) ? r : undefined;
}

/**
 * The organization that administers a professional: the one of the newest right version that has
 * started by `today` (the right they work under), else of their newest version (an employment not
 * yet begun). An ended right still places them, so former staff stay with the organization they
 * left. None for a professional not yet given any right.
 */
export function administeringOrganization(
  rights: readonly (RightVersion & { readonly organizationOid: string })[],
  today: string,
): string | undefined {
  return (newestBegun(rights, today.slice(0, 10)) ?? newest(rights))?.organizationOid;
}

// The SQL forms. They read the store's professional_right columns (professional_id, version,
// organization_oid, valid_from, valid_to; dates as `date`) and take the date as a positional
// parameter appended to `params`; every other piece of text is the store's own, never input.

function param(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

/**
 * A subquery (parenthesised, to be aliased) of the rights in force on `onDate` as `rightInForce`
 * decides: at most one row per professional, with every column of `source`. `source` is the
 * professional_right table or a subquery of it; it may leave out whole histories (to narrow a list
 * to some professionals) but never some versions of one, or the newest would be misjudged.
 */
export function rightsInForceSql(params: unknown[], onDate: string, source = 'professional_right'): string {
  const day = `${param(params, onDate.slice(0, 10))}::date`;
  return `(SELECT * FROM (SELECT DISTINCT ON (professional_id) *
                            FROM ${source} AS versions
                           WHERE valid_from <= ${day}
                           ORDER BY professional_id, version DESC) AS begun
            WHERE valid_to IS NULL OR valid_to >= ${day})`;
}

/**
 * A scalar subquery of the organization administering the professional `professionalId` (an SQL
 * expression, such as a joined column) on `today`, as `administeringOrganization` decides; NULL for
 * a professional without rights.
 */
export function administeringOrganizationSql(
  params: unknown[],
  professionalId: string,
  today: string,
): string {
  const day = `${param(params, today.slice(0, 10))}::date`;
  return `(SELECT organization_oid FROM professional_right
            WHERE professional_id = ${professionalId}
            ORDER BY (valid_from <= ${day}) DESC, version DESC LIMIT 1)`;
}

// Code system references arrive in several spellings: a bare classification OID
// (1.2.246.537.6.1221), the same with a version arc (…1221.201601, as in CDA headers) or as a URN
// (urn:oid:1.2.246.537.6.1221.201601, as in Sosmeta JSON, whose schema pattern is
// ^urn:oid:<classification OID>(\.\d+)*$). All of them must find the same code system.

const OID_PATTERN = /^[0-2](\.(0|[1-9]\d*))+$/;
const URN_PREFIX = /^urn:oid:/i;

/** True when `value` is a syntactically valid OID (dotted decimal, no leading zeros). */
export function isOid(value: string): boolean {
  return OID_PATTERN.test(value);
}

/** Strips surrounding whitespace and a `urn:oid:` prefix; undefined when the rest is not an OID. */
export function stripOidUrn(reference: string): string | undefined {
  const bare = reference.trim().replace(URN_PREFIX, '');
  return isOid(bare) ? bare : undefined;
}

/** A reference resolved against known classification OIDs. */
export interface ResolvedSystemReference {
  readonly oid: string;
  /** The arcs after the classification OID, e.g. "201601"; undefined when there were none. */
  readonly versionSuffix?: string;
}

/**
 * Finds the classification a reference points to: the longest known OID that equals the
 * reference or is followed in it by further numeric arcs (the version). Matching is by whole arcs,
 * so 1.2.246.537.6.12210 never resolves to 1.2.246.537.6.1221.
 */
export function resolveSystemReference(
  reference: string,
  knownOids: Iterable<string>,
): ResolvedSystemReference | undefined {
  const bare = stripOidUrn(reference);
  if (bare === undefined) return undefined;
  let best: string | undefined;
  for (const oid of knownOids) {
    if ((bare === oid || bare.startsWith(`${oid}.`)) && (best === undefined || oid.length > best.length)) {
      best = oid;
    }
  }
  if (best === undefined) return undefined;
  const rest = bare.slice(best.length + 1);
  return rest === '' ? { oid: best } : { oid: best, versionSuffix: rest };
}

// How a client (asiakas) is identified: by a personal identity code or by a temporary identifier.
// On the wire both travel as a (system, value) pair, e.g. CDA `id root=… extension=…`.

import { type Hetu, parseHetu } from './hetu.ts';
import { HETU_ROOT, type Oid } from './oid.ts';
import { err, ok, type Result } from './result.ts';
import {
  parseTemporaryId,
  type TemporaryId,
  type TemporaryIdError,
  temporaryIdError,
} from './temporary-id.ts';

export type ClientIdentifier =
  | { readonly kind: 'hetu'; readonly hetu: Hetu }
  | { readonly kind: 'temporary'; readonly id: TemporaryId };

export type ClientIdentifierError = TemporaryIdError;

/**
 * Parses a client identifier. Without `system`, or with the hetu root `1.2.246.21`, the value is a
 * personal identity code; with a `<organisation OID>.22.<year>` system it is a temporary
 * identifier; any other system is rejected with code `system`.
 *
 * Under the hetu root the range 900–999 is accepted (with `hetu.temporary` set), because Kanta's
 * test persons carry such codes there. Callers that receive a system must pass it: a temporary
 * identifier read without its system would be mistaken for such a code.
 */
export function parseClientIdentifier(
  value: string,
  system?: string,
): Result<ClientIdentifier, ClientIdentifierError> {
  if (system === undefined || system === HETU_ROOT) {
    const hetu = parseHetu(value);
    return hetu.ok ? ok({ kind: 'hetu', hetu: hetu.value }) : hetu;
  }
  if (system.startsWith(`${HETU_ROOT}.`)) return err(temporaryIdError('system'));
  const id = parseTemporaryId(value, system);
  return id.ok ? ok({ kind: 'temporary', id: id.value }) : id;
}

/** The (system, value) pair to store or send. */
export function clientIdentifierParts(client: ClientIdentifier): {
  readonly system: Oid;
  readonly value: string;
} {
  return client.kind === 'hetu' ? { system: HETU_ROOT, value: client.hetu.value } : client.id;
}

/** Same client identifier after normalization (case, surrounding whitespace). */
export function sameClientIdentifier(a: ClientIdentifier, b: ClientIdentifier): boolean {
  const x = clientIdentifierParts(a);
  const y = clientIdentifierParts(b);
  return x.system === y.system && x.value === y.value;
}

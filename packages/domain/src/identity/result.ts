// Validation in this module reports *which* rule failed instead of throwing, because callers
// (API handlers, forms, importers) must show the reason to a person, in Finnish or English.

export type Result<T, E> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/** A rejected identifier: a stable machine code plus the reason for people, in English and Finnish. */
export interface IdentityError<C extends string> {
  readonly code: C;
  readonly message: string;
  readonly messageFi: string;
}

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}

// The line schema of a legacy import manifest (`varanto import-legacy`, docs/legacy-import.md):
// TypeBox as every request schema, so a bad line is reported like a bad request, by field path.
// The code-set checks are the domain's (checkLegacyEntry); this is the shape.
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { MAX_LEGACY_TITLE } from '@varanto/domain/records';

const OID = '^[0-2](\\.(0|[1-9][0-9]*))+$';
const text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const LegacyManifestLine = Type.Object(
  {
    client: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'henkilötunnus or temporary identifier',
    }),
    clientSystem: Type.Optional(
      Type.String({ pattern: OID, description: "the temporary identifier's system" }),
    ),
    registrar: Type.String({ pattern: OID }),
    serviceTask: Type.String({ pattern: '^[0-9]{1,6}$' }),
    documentType: Type.String({ pattern: '^[0-9]{1,6}$' }),
    title: text(MAX_LEGACY_TITLE),
    date: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }),
    author: Type.Optional(text(200)),
    originalId: Type.Optional(text(200)),
    file: text(1000),
    language: Type.Optional(Type.Union([Type.Literal('fi'), Type.Literal('sv')])),
  },
  { additionalProperties: false },
);
export type LegacyManifestLine = Static<typeof LegacyManifestLine>;

const compiled = TypeCompiler.Compile(LegacyManifestLine);

export interface ManifestLineError {
  readonly path: string;
  readonly message: string;
}

/** The line as typed, or every shape error with its JSON Pointer path. */
export function checkManifestLineShape(
  value: unknown,
): { ok: true; line: LegacyManifestLine } | { ok: false; errors: ManifestLineError[] } {
  if (compiled.Check(value)) return { ok: true, line: value };
  const errors: ManifestLineError[] = [];
  for (const e of compiled.Errors(value)) {
    // An unknown property is reported at its own path; a missing one at its name.
    errors.push({ path: e.path === '' ? '/' : e.path, message: e.message });
  }
  return { ok: false, errors };
}

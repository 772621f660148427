/**
 * Varanto's own definition format for THL document structures (asiakirjarakenteet).
 *
 * THL publishes each structure in Sosmeta as a JSON Schema whose nodes carry a `sosmeta`
 * annotation object. JSON Schema is awkward to render forms from and cannot say "partial date"
 * or "a code of this classification", so the importer translates each schema into this compact,
 * typed tree and everything else (validator, generators, XHTML rendering, forms) works on it.
 *
 * Shape:
 * - A {@link StructureDefinition} names one published version of a structure (definition OID,
 *   type code, version date) and holds the top-level {@link Field}s of the document.
 * - A document's content is JSON exactly as Kanta carries it: `{ [rootKey]: { ...fields } }`.
 * - Each {@link Field} has a snake_case `key` (its JSON property name), Finnish/Swedish labels and
 *   cardinality: `repeatable` fields hold a JSON array of values, others a single value.
 *   `required` means the property must be present (and a repeatable one non-empty).
 *   `conditionallyRequired` fields are required only under a rule THL states in Finnish prose
 *   (`implementationNote`); the validator cannot evaluate prose, so it treats them as optional.
 * - `value` is a discriminated union on `kind`; `group` nests child fields (an object), every
 *   other kind is a leaf. The JSON shape of each leaf kind is documented on its interface.
 *
 * Organizers may require more than THL does (domain rule: "the system lets an organizer mark
 * extra fields required"). Those extra requirements are not part of a definition; they are passed
 * to the validator as {@link FieldPath}s.
 */

/** Text in the structure's languages; THL gives Finnish always and Swedish almost always. */
export interface LocalizedText {
  readonly fi: string;
  readonly sv?: string;
  readonly en?: string;
}

/** OID of the SOTE organization register (SOTE-organisaatiorekisteri), the code system of organizations. */
export const ORGANIZATION_REGISTER_OID = '1.2.246.537.6.202';
/** OID of the Finnish personal identity code (henkilötunnus) as an identifier system. */
export const HETU_SYSTEM_OID = '1.2.246.21';
/** OID of UCUM units as THL uses them for quantities. */
export const UCUM_OID = '1.2.246.537.5.40176';

export interface StructureDefinition {
  /** Definition OID, e.g. 1.2.246.537.6.1506.19005.2022.1.10. */
  readonly oid: string;
  /**
   * The specific document type code: for client documents the code in
   * 1.2.246.537.6.1506.201701 (e.g. "19005"); for the 1505 group documents the group code
   * ("1" clienthood, "2" case, "8" consent, "9" prohibition) prefixed with "1505." ("1505.1").
   */
  readonly typeCode: string;
  /** Version date of the definition, ISO YYYY-MM-DD. */
  readonly version: string;
  readonly name: LocalizedText;
  /** General document type as Sosmeta names it (Päätös, Suunnitelma, Asiakaskertomusmerkintä...). */
  readonly documentType: string;
  /** Subject area (asiakirjan aihepiiri), Finnish. */
  readonly subject?: string;
  /** Sosmeta's intended author (documentAuthor), e.g. "Ammattihenkilö". */
  readonly author?: string;
  /** Publication status in Sosmeta, e.g. "Valmis". */
  readonly status?: string;
  /** The single top-level JSON property holding the document, e.g. "merkinta_tapaamisesta_tai_yhteydenotosta". */
  readonly rootKey: string;
  readonly fields: readonly Field[];
  /** Where the definition came from: imported from Sosmeta or written into Varanto. */
  readonly source?: 'sosmeta' | 'builtin';
}

export interface Field {
  /** JSON property name (snake_case Finnish). */
  readonly key: string;
  readonly name: LocalizedText;
  /** A longer label or question text some fields carry besides the name (Sosmeta `title`). */
  readonly title?: LocalizedText;
  readonly description?: LocalizedText;
  readonly example?: LocalizedText;
  /** The JSON value is an array of values (at least one when required). */
  readonly repeatable: boolean;
  readonly required: boolean;
  /** Required under a condition stated in `implementationNote`; not enforced by the validator. */
  readonly conditionallyRequired: boolean;
  /** THL's implementation note (the conditional rule, display instructions), Finnish first. */
  readonly implementationNote?: LocalizedText;
  /** Not shown as a field of its own in display forms (Sosmeta hiddenField). */
  readonly hidden?: boolean;
  /** The field's title is not shown in display forms (Sosmeta hiddenTitle). */
  readonly hiddenTitle?: boolean;
  /** Recorded in a nationally uniform way (Sosmeta nationwideRecordedInformation). */
  readonly nationwide?: boolean;
  readonly value: ValueType;
}

export type ValueType =
  | GroupValue
  | TextValue
  | NameValue
  | SignatureValue
  | DateValue
  | InstantValue
  | BooleanValue
  | NumberValue
  | QuantityValue
  | CodeValue
  | OrganizationValue
  | IdentifierValue
  | PhraseValue;

export type ValueKind = ValueType['kind'];

/** JSON object whose properties are the child fields. Unknown properties are not allowed. */
export interface GroupValue {
  readonly kind: 'group';
  /** Sosmeta representation Otsikko: a heading; may have no children (e.g. a statute reference). */
  readonly heading?: boolean;
  readonly fields: readonly Field[];
}

/** JSON string (Sosmeta Teksti). `minLength` 1 marks a required non-empty text. */
export interface TextValue {
  readonly kind: 'text';
  readonly minLength?: number;
}

/** JSON string holding a person's or organization's name (Sosmeta Nimi). */
export interface NameValue {
  readonly kind: 'name';
  readonly minLength?: number;
}

/** JSON string: a signature block (Sosmeta Allekirjoitus). */
export interface SignatureValue {
  readonly kind: 'signature';
  readonly minLength?: number;
}

/** JSON string: a real calendar date of year, year-month or full precision: YYYY, YYYY-MM, YYYY-MM-DD (Pvm). */
export interface DateValue {
  readonly kind: 'date';
}

/**
 * JSON string: a moment, YYYY-MM-DDThh:mm:ss[.fff] with Z or ±hh:mm (Sosmeta Hetki).
 * THL's own pattern also admits a bare (partial) date; `allowPartialDate` keeps that leniency.
 */
export interface InstantValue {
  readonly kind: 'instant';
  readonly allowPartialDate: boolean;
}

/** JSON boolean (Sosmeta Kytkin). */
export interface BooleanValue {
  readonly kind: 'boolean';
}

/** JSON number. `count` (Sosmeta Lkm) must not be negative (THL allows fractions, e.g. hours); `number` (Numero) any finite number. */
export interface NumberValue {
  readonly kind: 'number';
  readonly numberKind: 'number' | 'count';
}

/**
 * JSON `{ value: number, code: string }`, code being the UCUM unit (Sosmeta Määrä, Mitta, Prosentti).
 * `units`, when given, lists the units allowed.
 */
export interface QuantityValue {
  readonly kind: 'quantity';
  readonly quantityKind: 'amount' | 'measure' | 'percent';
  readonly units?: readonly string[];
}

/**
 * How a coded value's `system` is constrained.
 * - `oid`: a THL classification; `system` must be `urn:oid:<oid>` optionally followed by version arcs.
 * - `local`: a structure-internal classification (sisäinen luokitus) with a fixed system string.
 * - `unspecified`: THL gave no system (internal classification described only in prose).
 */
export type CodeSystemRef =
  | { readonly kind: 'oid'; readonly oid: string }
  | { readonly kind: 'local'; readonly system: string; readonly name?: LocalizedText }
  | { readonly kind: 'unspecified' };

/** JSON `{ system: string, code: string, display: string }` (Sosmeta Koodi). */
export interface CodeValue {
  readonly kind: 'code';
  readonly system: CodeSystemRef;
  /** The subset of codes allowed here (Sosmeta acceptedValues); absent = any code of the system. */
  readonly allowedCodes?: readonly string[];
  /** Human-readable classification reference, e.g. "Koodistopalvelin: THL - Palvelutehtävä 1.2.246.537.6.1221". */
  readonly classification?: LocalizedText;
  /** Prose description of the allowed subset (Sosmeta valueSet), e.g. "31 = Huoltaja, 32 = Edunvalvoja". */
  readonly valueSet?: LocalizedText;
  /** Link to the classification in the national code server. */
  readonly classificationLink?: string;
}

/**
 * JSON `{ system, code, display }` naming an organization or service unit: a code of the SOTE
 * organization register ({@link ORGANIZATION_REGISTER_OID}); the code is the unit's OID.
 */
export interface OrganizationValue {
  readonly kind: 'organization';
  readonly classification?: LocalizedText;
}

/**
 * JSON `{ system?: string, value: string }` (Sosmeta Tunnus).
 * `system` is the fixed identifier system OID when THL gives one (e.g. {@link HETU_SYSTEM_OID});
 * `format` says what the value must look like: a valid henkilötunnus, an OID, or any non-empty text.
 */
export interface IdentifierValue {
  readonly kind: 'identifier';
  readonly system?: string;
  readonly format: 'hetu' | 'oid' | 'text';
}

/** JSON string equal to one of `allowed`: fixed legal or informative text (Sosmeta Fraasi). */
export interface PhraseValue {
  readonly kind: 'phrase';
  readonly text: LocalizedText;
  readonly allowed: readonly string[];
}

/**
 * A field's position in a definition: the keys from the document root's fields down, joined with
 * dots and without array indices, e.g. "asiakas.henkilotunnus". The root key is not included.
 */
export type FieldPath = string;

/** Every field with its path, depth first in definition order. */
export function* walkFields(
  fields: readonly Field[],
  parent: FieldPath = '',
): Generator<{ readonly path: FieldPath; readonly field: Field }> {
  for (const field of fields) {
    const path = parent === '' ? field.key : `${parent}.${field.key}`;
    yield { path, field };
    if (field.value.kind === 'group') yield* walkFields(field.value.fields, path);
  }
}

/** The field at a dotted path, or undefined. */
export function fieldAt(definition: StructureDefinition, path: FieldPath): Field | undefined {
  let fields: readonly Field[] = definition.fields;
  let found: Field | undefined;
  for (const key of path.split('.')) {
    found = fields.find((f) => f.key === key);
    if (found === undefined) return undefined;
    fields = found.value.kind === 'group' ? found.value.fields : [];
  }
  return found;
}

// A national code system (luokitus / koodisto) as published by THL in its code server
// (koodistopalvelu). Every code and every system says where it comes from, because the shipped
// lists are partly reconstructed from the specifications and sample documents: a consumer must be
// able to tell an official code from a placeholder before it sends the code to another system.

export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Names in the national languages and English. Finnish is the reference name of every code. */
export interface LocalizedNames {
  readonly fi: string;
  readonly sv?: string;
  readonly en?: string;
}

/**
 * Where a code (or a whole code system) comes from.
 * - verified: the code and its Finnish name were read in a citable source.
 * - provisional: reconstructed or guessed; `note` says what is uncertain. Replace it with an
 *   official export (see `parseCodeSystemExport`) before relying on it.
 */
export type Provenance =
  | { readonly status: 'verified'; readonly source: string }
  | { readonly status: 'provisional'; readonly note: string };

export interface CodeEntry {
  readonly code: string;
  readonly names: LocalizedNames;
  /** THL's short form of the code (Lyhenne), when the export carries one. */
  readonly abbreviation?: string;
  /** First day the code may be used (ISO date, inclusive). */
  readonly validFrom?: string;
  /** Last day the code may be used (ISO date, inclusive). */
  readonly validTo?: string;
  /** Code of the parent in a hierarchical code system. */
  readonly parent?: string;
  readonly provenance: Provenance;
  /** Free remark, e.g. that the Swedish or English name is our own translation. */
  readonly note?: string;
}

/**
 * Whether the shipped list holds every code of the official system. A partial list is a sample
 * (codes seen in specifications): a code missing from it may still be valid nationally.
 */
export type Completeness = 'complete' | 'partial';

export interface CodeSystem {
  /** Classification OID without version, e.g. 1.2.246.537.6.1221. */
  readonly oid: string;
  /** Version arc of the classification, e.g. "201601" (urn:oid:<oid>.<version>). */
  readonly version?: string;
  readonly names: LocalizedNames;
  readonly provenance: Provenance;
  readonly completeness: Completeness;
  readonly note?: string;
  readonly codes: readonly CodeEntry[];
}

/** The classification OIDs of the code systems the repository itself reads. */
export const CODE_SYSTEM_OIDS = {
  /** Palvelutehtävä: the service task a case and its documents belong to. */
  serviceTask: '1.2.246.537.6.1221',
  /** Sosiaalipalvelut: the social service given within a service task. */
  socialService: '1.2.246.537.6.1222',
  /** Sosiaalihuollon palveluprosessi: phase of the service process. */
  serviceProcess: '1.2.246.537.6.1277',
  /** Asiakirjaryhmä: clienthood, case, client document, consent, prohibition. */
  documentGroup: '1.2.246.537.6.1505',
  /** Asiakasasiakirjatyyppi: general (e.g. 11 Päätös) and specific (e.g. 11001) document types. */
  clientDocumentType: '1.2.246.537.6.1506',
  /** Asian tila. */
  caseState: '1.2.246.537.6.1501',
  /** Asiakirjan rekisteritunnus: which register of the registrar. */
  registerType: '1.2.246.537.6.1264',
  /** Kokonaissäilytysaika: total retention period class. */
  retentionClass: '1.2.246.537.6.1258',
  /** Perustelut näyttämisen rajaamiselle Omakannassa. */
  omaKantaRestrictionReason: '1.2.246.537.6.1288',
  /** Alaikäisen asiakastietojen luovuttaminen huoltajille. */
  guardianDisclosure: '1.2.246.537.6.1286',
  /** Asiakkuuteen liittyvä rooli: roles of persons related to the client. */
  relatedPersonRole: '1.2.246.537.6.1284',
} as const;

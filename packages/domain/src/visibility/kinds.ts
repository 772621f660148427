// The document kinds OmaKanta never shows automatically, identified by code. The seed text (Kanta
// handbook for social welfare, via ../shared/domain.md "OmaKanta visibility") names them by service:
// "vanhemmuuden selvittämisen, turvakotipalvelun sekä lähisuhde- ja perheväkivallan ehkäisytyön
// asiakirjat", adoption counselling (the worker may lift it) and the custody and visitation
// investigation (olosuhdeselvitys); the Keski-Suomi release of 15.1.2026 (kanta-spec §8 [V]) adds
// payment commitments.
//
// Specific document types (1.2.246.537.6.1506) are taken from THL Sosmeta: every structure states
// its subject area in `sosmeta.documentSubject`, so "the documents of service X" is the set of
// structures whose subject is X's documents. A test checks these lists against the Sosmeta folder
// when it is present, so a new structure of a hidden subject cannot slip through unnoticed.
//
// Social service codes (1.2.246.537.6.1222) would also catch narrative entries written in these
// services, but none of their codes is known here (social-service.json lists no Turvakotipalvelu,
// adoptioneuvonta, …). They are left empty, NOT guessed: a guessed code could collide with a real
// one. Until the official list is imported, a policy can add them (`VisibilityPolicy.hiddenKinds`).

export type HiddenKindName =
  | 'parenthood'
  | 'shelter_home'
  | 'violence_prevention'
  | 'adoption_counselling'
  | 'custody_investigation'
  | 'payment_commitment';

export interface HiddenKind {
  readonly name: HiddenKindName;
  /** Rule name reported when this kind hides a document. */
  readonly rule: string;
  /** A worker may lift the automatic hiding of this kind for one document. */
  readonly liftable: boolean;
  /** Specific client document types (1.2.246.537.6.1506). */
  readonly documentTypes: readonly string[];
  /** General types (leading digits of the specific code) whose every document is of this kind. */
  readonly generalTypes: readonly string[];
  /** Social services (1.2.246.537.6.1222) whose every document is of this kind. */
  readonly socialServices: readonly string[];
  readonly reason: string;
  readonly reasonFi: string;
  /** Where the codes come from and how sure they are. */
  readonly provenance: string;
}

export const HIDDEN_KINDS: readonly HiddenKind[] = [
  {
    name: 'parenthood',
    rule: 'hidden_parenthood',
    liftable: false,
    // Sosmeta documentSubject "Vanhemmuuden selvittämisen asiakasasiakirjat" (16 structures).
    documentTypes: [
      '4025',
      '5007',
      '7016',
      '7017',
      '8002',
      '8003',
      '10001',
      '11062',
      '11063',
      '12011',
      '12012',
      '12014',
      '12015',
      '14002',
      '14009',
      '16008',
    ],
    generalTypes: [],
    socialServices: [],
    reason: 'documents of establishing parenthood (paternity investigation) are not shown in OmaKanta',
    reasonFi: 'Vanhemmuuden selvittämisen asiakirjoja ei näytetä OmaKannassa',
    provenance:
      'verified: type codes and subject from Sosmeta definition OIDs and documentSubject; the seed names "vanhemmuuden selvittämisen asiakirjat"',
  },
  {
    name: 'shelter_home',
    rule: 'hidden_shelter_home',
    liftable: false,
    // Sosmeta documentSubject "Turvakotipalvelun asiakasasiakirjat".
    documentTypes: ['1011', '15019'],
    generalTypes: [],
    socialServices: [],
    reason: 'shelter home service documents are not shown in OmaKanta',
    reasonFi: 'Turvakotipalvelun asiakirjoja ei näytetä OmaKannassa',
    provenance:
      'verified: Sosmeta documentSubject "Turvakotipalvelun asiakasasiakirjat"; the seed and kanta-spec §8 name shelter home documents. Narrative entries of the service need the (unknown) social service code',
  },
  {
    name: 'violence_prevention',
    rule: 'hidden_violence_prevention',
    liftable: false,
    // Sosmeta documentSubject "Väkivaltatyön asiakasasiakirjat": 1016 harassment and stalking risk,
    // 1017 experiences of intimate partner violence, 15025 safety plan.
    documentTypes: ['1016', '1017', '15025'],
    generalTypes: [],
    socialServices: [],
    reason: 'documents of preventing domestic and intimate partner violence are not shown in OmaKanta',
    reasonFi: 'Lähisuhde- ja perheväkivallan ehkäisytyön asiakirjoja ei näytetä OmaKannassa',
    provenance:
      'codes verified (Sosmeta); INFERRED that Sosmeta\'s subject "Väkivaltatyö" is the seed\'s "lähisuhde- ja perheväkivallan ehkäisytyö" (the names differ; hiding more is the safe side)',
  },
  {
    name: 'adoption_counselling',
    rule: 'hidden_adoption_counselling',
    liftable: true,
    // Sosmeta documentSubject "Adoptioneuvonnan asiakasasiakirjat".
    documentTypes: ['4000', '7000', '7008', '7010', '11007', '12000', '12004', '14006', '15000', '16000'],
    generalTypes: [],
    socialServices: [],
    reason: 'adoption counselling documents are not shown in OmaKanta unless a worker has lifted the hiding',
    reasonFi: 'Adoptioneuvonnan asiakirjoja ei näytetä OmaKannassa, ellei työntekijä ole poistanut rajausta',
    provenance:
      'verified: Sosmeta documentSubject "Adoptioneuvonnan asiakasasiakirjat"; the seed says the worker may change this hiding',
  },
  {
    name: 'custody_investigation',
    rule: 'hidden_custody_investigation',
    liftable: false,
    // Only the investigation itself: the seed names "Lapsen huolto- ja tapaamisoikeusselvitys
    // (olosuhdeselvitys)". The other documents of Sosmeta's subject "Lapsen huollon ja
    // tapaamisoikeuden turvaamisen asiakasasiakirjat" (agreements 13001, their confirmation 11022,
    // notifications 4004 and 1004) are the parents' own matters and stay visible.
    documentTypes: ['7005'],
    generalTypes: [],
    socialServices: [],
    reason: 'child custody and visitation investigations (olosuhdeselvitys) are not shown in OmaKanta',
    reasonFi: 'Lapsen huolto- ja tapaamisoikeusselvitystä (olosuhdeselvitys) ei näytetä OmaKannassa',
    provenance: 'verified: type 7005 "Lapsen huolto- ja tapaamisoikeusselvitys" (Sosmeta), named in the seed',
  },
  {
    name: 'payment_commitment',
    rule: 'hidden_payment_commitment',
    liftable: false,
    documentTypes: ['9', '9002'],
    generalTypes: ['9'],
    socialServices: [],
    reason: 'payment commitments granted in social welfare are not shown in OmaKanta',
    reasonFi: 'Sosiaalihuollossa myönnettyjä maksusitoumuksia ei näytetä OmaKannassa',
    provenance:
      'rule verified (kanta-spec §8, STT release 15.1.2026); 9002 verified (Sosmeta); general type 9 "Maksusitoumus" PROVISIONAL (inferred from leading digits)',
  },
];

/** The kind whose custody-investigation documents make a narrative entry of the same case need a decision. */
export const CUSTODY_INVESTIGATION = HIDDEN_KINDS.find((k) => k.name === 'custody_investigation')!;

/** General type of client narrative entries (asiakaskertomusmerkintä, 19001–19015). */
export const NARRATIVE_ENTRY_GENERAL_TYPE = '19';

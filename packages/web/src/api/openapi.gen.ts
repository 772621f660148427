// Generated from the server's OpenAPI document by packages/web/scripts/openapi-types.ts: do not edit.
// Regenerate with `node --import tsx packages/web/scripts/openapi-types.ts`.

export interface Schemas {
  PersonRelation: {
    /** The person whose records the relation opens (the child, the principal) */
    clientKey: string;
    relationId: string;
    version: number;
    /** guardianship (huoltajuus, population register), guardian_bar (a child welfare restriction of a guardian's access) or mandate (valtuutus, Suomi.fi mandates) */
    kind: 'guardianship' | 'guardian_bar' | 'mandate';
    /** The guardian, or the mandate's agent */
    holderKey: string;
    start: string;
    end?: string;
    revokedOn?: string;
    scopes?: string[];
    /** Why a guardian is barred; never shown to the guardian */
    basis?: string;
    /** Withdrawn: recorded in error, it never held */
    cancelled?: boolean;
    source: string;
    reason?: string;
    recordedAt: string;
    recordedBy: string;
  };
  ProfessionalContact: {
    professionalId: string;
    /** 0: nothing recorded yet */
    version: number;
    phone?: string;
    email?: string;
    serviceAddress?: string;
    recordedAt?: string;
    recordedBy?: string;
  };
  UsageRight: {
    clientKey: string;
    clienthoodOid: string;
    /** The organizer, whose register the right opens */
    registrarOid: string;
    registerId?: string;
    serviceTask: string;
    /** The unit holding the right */
    serviceUnitOid: string;
    holderOrganizationOid: string;
    /** For a subcontractor's right: the producer unit it works under */
    producerUnitOid?: string;
    socialServices: string[];
    start: string;
    end?: string;
    /** A broad right (laaja): the organizer does not handle the case itself, so the producer also records the case and clienthood documents */
    broad: boolean;
    /** In force today (Finnish date) */
    inForce: boolean;
  };
  UsageRightNotice: {
    noticeId: string;
    kind: 'opened' | 'changed' | 'ended';
    clientKey: string;
    registrarOid: string;
    registerId: string;
    clienthoodOid: string;
    clienthoodSetId: string;
    clienthoodVersion: number;
    caseOid?: string;
    serviceTask: string;
    serviceUnitOid: string;
    holderOrganizationOid: string;
    producerUnitOid?: string;
    start: string;
    end?: string;
    recordedAt: string;
    recordedBy: string;
    acknowledgedAt?: string;
  };
}

export interface Paths {
  '/health': {
    get: {
      params: Record<string, never>;
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          status: 'ok' | 'unavailable';
          database: 'reachable' | 'unreachable';
        };
      };
    };
  };
  '/auth/login': {
    post: {
      params: Record<string, never>;
      query: Record<string, never>;
      body: {
        login: string;
        password?: string;
        method: 'password' | 'certificate-card-demo';
      };
      responses: {
        200: {
          token: string;
          expiresAt: string;
          method: string;
          strongAuth: boolean;
          /** True for the certificate-card stand-in: not a real strong login */
          demo: boolean;
          actor: {
            professionalId: string;
            login: string;
            name: string;
            role:
              | 'social_worker'
              | 'social_instructor'
              | 'practical_nurse'
              | 'office_worker'
              | 'archivist'
              | 'admin'
              | 'data_protection_officer';
            organizationOid: string;
            serviceUnitOids: string[];
            serviceTasks: string[];
            registrarOids: string[];
            strongAuth: boolean;
          };
        };
      };
    };
  };
  '/auth/logout': {
    post: {
      params: Record<string, never>;
      query: Record<string, never>;
      body: never;
      responses: {
        204: unknown;
      };
    };
  };
  '/auth/me': {
    get: {
      params: Record<string, never>;
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          professionalId: string;
          login: string;
          name: string;
          role:
            | 'social_worker'
            | 'social_instructor'
            | 'practical_nurse'
            | 'office_worker'
            | 'archivist'
            | 'admin'
            | 'data_protection_officer';
          organizationOid: string;
          serviceUnitOids: string[];
          serviceTasks: string[];
          registrarOids: string[];
          strongAuth: boolean;
        };
      };
    };
  };
  '/organizations': {
    get: {
      params: Record<string, never>;
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          /** ISO OID */
          oid: string;
          name: string;
          kind: 'wellbeing_county' | 'municipality' | 'private_provider' | 'state';
          businessId?: string;
        }[];
      };
    };
    post: {
      params: Record<string, never>;
      query: Record<string, never>;
      body: {
        /** ISO OID */
        oid: string;
        name: string;
        kind: 'wellbeing_county' | 'municipality' | 'private_provider' | 'state';
        businessId?: string;
      };
      responses: {
        201: {
          /** ISO OID */
          oid: string;
          name: string;
          kind: 'wellbeing_county' | 'municipality' | 'private_provider' | 'state';
          businessId?: string;
        };
      };
    };
  };
  '/organizations/{oid}': {
    get: {
      params: { oid: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          /** ISO OID */
          oid: string;
          name: string;
          kind: 'wellbeing_county' | 'municipality' | 'private_provider' | 'state';
          businessId?: string;
        };
      };
    };
  };
  '/organizations/{oid}/service-units': {
    get: {
      params: { oid: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          oid: string;
          organizationOid: string;
          nameFi: string;
          nameSv?: string;
          municipality?: string;
        }[];
      };
    };
    post: {
      params: { oid: string };
      query: Record<string, never>;
      body: {
        /** ISO OID */
        oid: string;
        nameFi: string;
        nameSv?: string;
        municipality?: string;
      };
      responses: {
        201: {
          oid: string;
          organizationOid: string;
          nameFi: string;
          nameSv?: string;
          municipality?: string;
        };
      };
    };
  };
  '/registers': {
    get: {
      params: Record<string, never>;
      query: { registrarOid?: string };
      body: never;
      responses: {
        200: {
          id: string;
          registrarOid: string;
          registerType: string;
          name: string;
        }[];
      };
    };
    post: {
      params: Record<string, never>;
      query: Record<string, never>;
      body: {
        id?: string;
        /** ISO OID */
        registrarOid: string;
        registerType?: string;
        name: string;
      };
      responses: {
        201: {
          id: string;
          registrarOid: string;
          registerType: string;
          name: string;
        };
      };
    };
  };
  '/registers/{id}': {
    get: {
      params: { id: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          id: string;
          registrarOid: string;
          registerType: string;
          name: string;
        };
      };
    };
  };
  '/staff': {
    get: {
      params: Record<string, never>;
      query: { serviceTask?: string; serviceUnit?: string };
      body: never;
      responses: {
        200: {
          /** Professional id (what a personal worker is named by) */
          id: string;
          /** Given names and family name */
          name: string;
          role:
            | 'social_worker'
            | 'social_instructor'
            | 'practical_nurse'
            | 'office_worker'
            | 'archivist'
            | 'admin'
            | 'data_protection_officer';
          serviceUnits: {
            oid: string;
            nameFi: string;
            nameSv?: string;
          }[];
          serviceTasks: string[];
        }[];
      };
    };
  };
  '/professionals': {
    get: {
      params: Record<string, never>;
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          id: string;
          login: string;
          givenNames: string;
          familyName: string;
          registrationNumber?: string;
        }[];
      };
    };
    post: {
      params: Record<string, never>;
      query: Record<string, never>;
      body: {
        login: string;
        givenNames: string;
        familyName: string;
        registrationNumber?: string;
      };
      responses: {
        201: {
          id: string;
          login: string;
          givenNames: string;
          familyName: string;
          registrationNumber?: string;
        };
      };
    };
  };
  '/professionals/{id}': {
    get: {
      params: { id: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          id: string;
          login: string;
          givenNames: string;
          familyName: string;
          registrationNumber?: string;
        };
      };
    };
  };
  '/professionals/{id}/rights': {
    post: {
      params: { id: string };
      query: Record<string, never>;
      body: {
        /** ISO OID */
        organizationOid?: string;
        serviceUnitOids: string[];
        role:
          | 'social_worker'
          | 'social_instructor'
          | 'practical_nurse'
          | 'office_worker'
          | 'archivist'
          | 'admin'
          | 'data_protection_officer';
        serviceTasks: string[];
        /** ISO date YYYY-MM-DD */
        validFrom: string;
        /** ISO date YYYY-MM-DD */
        validTo?: string;
        reason?: string;
      };
      responses: {
        201: {
          professionalId: string;
          version: number;
          organizationOid: string;
          serviceUnitOids: string[];
          role:
            | 'social_worker'
            | 'social_instructor'
            | 'practical_nurse'
            | 'office_worker'
            | 'archivist'
            | 'admin'
            | 'data_protection_officer';
          serviceTasks: string[];
          validFrom: string;
          validTo?: string;
          grantedBy: string;
          grantedAt: string;
          reason?: string;
        };
      };
    };
    get: {
      params: { id: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          professionalId: string;
          version: number;
          organizationOid: string;
          serviceUnitOids: string[];
          role:
            | 'social_worker'
            | 'social_instructor'
            | 'practical_nurse'
            | 'office_worker'
            | 'archivist'
            | 'admin'
            | 'data_protection_officer';
          serviceTasks: string[];
          validFrom: string;
          validTo?: string;
          grantedBy: string;
          grantedAt: string;
          reason?: string;
        }[];
      };
    };
  };
  '/professionals/{id}/sessions/revoke': {
    post: {
      params: { id: string };
      query: Record<string, never>;
      body: {
        /** Why (kept with the revocation): a lost card, employment ended, a suspected misuse */
        reason: string;
      };
      responses: {
        201: {
          professionalId: string;
          /** Every session issued before this moment is refused */
          issuedBefore: string;
          revokedAt: string;
          /** The professional who revoked them */
          revokedBy: string;
          reason: string;
        };
      };
    };
  };
  '/persons': {
    post: {
      params: Record<string, never>;
      query: Record<string, never>;
      body: {
        /** Henkilötunnus */
        hetu?: string;
        temporaryId?: {
          /** ISO OID */
          system: string;
          value: string;
        };
        familyName: string;
        givenNames: string;
        /** ISO date YYYY-MM-DD */
        birthDate?: string;
        sex?: 'male' | 'female' | 'unknown';
        homeMunicipality?: string;
        /** Non-disclosure for personal safety */
        turvakielto?: boolean;
        address?: {
          street?: string;
          postalCode?: string;
          postOffice?: string;
        };
      };
      responses: {
        201: {
          clientKey: string;
          version: number;
          recordedAt: string;
          hetu?: string;
          temporaryId?: {
            system: string;
            value: string;
          };
          familyName: string;
          givenNames: string;
          birthDate?: string;
          sex?: 'male' | 'female' | 'unknown';
          homeMunicipality?: string;
          turvakielto: boolean;
          address?: {
            street?: string;
            postalCode?: string;
            postOffice?: string;
          };
          /** Persons linked to this one by a link in force (a temporary identifier and the identity code of the same client): their documents are found by either */
          linked?: {
            clientKey: string;
            hetu?: string;
            temporaryId?: {
              system: string;
              value: string;
            };
          }[];
          /** Present when the person is under turvakielto and the caller is not one of the organizer's own case workers in an open service task with a care relation: the protected fields are withheld. */
          withheld?: {
            /** Fields left out of this view: address, homeMunicipality */
            fields: string[];
            /** The rule that withholds them, e.g. turvakielto_not_organizer */
            rule: string;
            reason: string;
          };
        };
      };
    };
    get: {
      params: Record<string, never>;
      query: { hetu?: string; text?: string; limit?: number };
      body: never;
      responses: {
        200: {
          clientKey: string;
          version: number;
          recordedAt: string;
          hetu?: string;
          temporaryId?: {
            system: string;
            value: string;
          };
          familyName: string;
          givenNames: string;
          birthDate?: string;
          sex?: 'male' | 'female' | 'unknown';
          homeMunicipality?: string;
          turvakielto: boolean;
          address?: {
            street?: string;
            postalCode?: string;
            postOffice?: string;
          };
          /** Persons linked to this one by a link in force (a temporary identifier and the identity code of the same client): their documents are found by either */
          linked?: {
            clientKey: string;
            hetu?: string;
            temporaryId?: {
              system: string;
              value: string;
            };
          }[];
          /** Present when the person is under turvakielto and the caller is not one of the organizer's own case workers in an open service task with a care relation: the protected fields are withheld. */
          withheld?: {
            /** Fields left out of this view: address, homeMunicipality */
            fields: string[];
            /** The rule that withholds them, e.g. turvakielto_not_organizer */
            rule: string;
            reason: string;
          };
        }[];
      };
    };
  };
  '/persons/{clientKey}': {
    get: {
      params: { clientKey: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          clientKey: string;
          version: number;
          recordedAt: string;
          hetu?: string;
          temporaryId?: {
            system: string;
            value: string;
          };
          familyName: string;
          givenNames: string;
          birthDate?: string;
          sex?: 'male' | 'female' | 'unknown';
          homeMunicipality?: string;
          turvakielto: boolean;
          address?: {
            street?: string;
            postalCode?: string;
            postOffice?: string;
          };
          /** Persons linked to this one by a link in force (a temporary identifier and the identity code of the same client): their documents are found by either */
          linked?: {
            clientKey: string;
            hetu?: string;
            temporaryId?: {
              system: string;
              value: string;
            };
          }[];
          /** Present when the person is under turvakielto and the caller is not one of the organizer's own case workers in an open service task with a care relation: the protected fields are withheld. */
          withheld?: {
            /** Fields left out of this view: address, homeMunicipality */
            fields: string[];
            /** The rule that withholds them, e.g. turvakielto_not_organizer */
            rule: string;
            reason: string;
          };
        };
      };
    };
  };
  '/persons/{clientKey}/links': {
    post: {
      params: { clientKey: string };
      query: Record<string, never>;
      body: {
        /** The person with the identity code */
        identifiedClientKey: string;
        /** Why they are the same client */
        reason: string;
      };
      responses: {
        201: {
          linkId: string;
          version: number;
          temporaryClientKey: string;
          identifiedClientKey: string;
          status: 'linked' | 'unlinked';
          reason: string;
          recordedBy: string;
          recordedAt: string;
        };
      };
    };
    get: {
      params: { clientKey: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          linkId: string;
          version: number;
          temporaryClientKey: string;
          identifiedClientKey: string;
          status: 'linked' | 'unlinked';
          reason: string;
          recordedBy: string;
          recordedAt: string;
        }[];
      };
    };
  };
  '/persons/{clientKey}/links/{linkId}/undo': {
    post: {
      params: { clientKey: string; linkId: string };
      query: Record<string, never>;
      body: {
        reason: string;
      };
      responses: {
        201: {
          linkId: string;
          version: number;
          temporaryClientKey: string;
          identifiedClientKey: string;
          status: 'linked' | 'unlinked';
          reason: string;
          recordedBy: string;
          recordedAt: string;
        };
      };
    };
  };
  '/persons/{clientKey}/relations': {
    get: {
      params: { clientKey: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: Schemas['PersonRelation'][];
      };
    };
    post: {
      params: { clientKey: string };
      query: Record<string, never>;
      body: {
        /** guardianship (huoltajuus, population register), guardian_bar (a child welfare restriction of a guardian's access) or mandate (valtuutus, Suomi.fi mandates) */
        kind: 'guardianship' | 'guardian_bar' | 'mandate';
        /** The guardian, or the mandate's agent (a known person) */
        holderKey: string;
        /** ISO date YYYY-MM-DD */
        start: string;
        /** Last day (inclusive) */
        end?: string;
        /** Mandates only: the day it was revoked */
        revokedOn?: string;
        /** Mandates only: what the mandate covers (e.g. social_welfare_records) */
        scopes?: string[];
        /** Guardian bars only (required): e.g. child_welfare_restriction */
        basis?: string;
        /** Why the version is recorded (e.g. the register extract or the decision it follows) */
        reason: string;
      };
      responses: {
        201: {
          /** The person whose records the relation opens (the child, the principal) */
          clientKey: string;
          relationId: string;
          version: number;
          /** guardianship (huoltajuus, population register), guardian_bar (a child welfare restriction of a guardian's access) or mandate (valtuutus, Suomi.fi mandates) */
          kind: 'guardianship' | 'guardian_bar' | 'mandate';
          /** The guardian, or the mandate's agent */
          holderKey: string;
          start: string;
          end?: string;
          revokedOn?: string;
          scopes?: string[];
          /** Why a guardian is barred; never shown to the guardian */
          basis?: string;
          /** Withdrawn: recorded in error, it never held */
          cancelled?: boolean;
          source: string;
          reason?: string;
          recordedAt: string;
          recordedBy: string;
        };
      };
    };
  };
  '/persons/{clientKey}/relations/{relationId}/versions': {
    get: {
      params: { clientKey: string; relationId: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: Schemas['PersonRelation'][];
      };
    };
    post: {
      params: { clientKey: string; relationId: string };
      query: Record<string, never>;
      body: {
        /** The relation ends on this day (inclusive) */
        end?: string;
        /** Mandates only: revoked on this day */
        revokedOn?: string;
        /** Withdraw a relation recorded in error: it never held */
        cancelled?: true;
        /** The version the change follows; another current one is a 409 */
        expectedVersion?: number;
        /** Why the version is recorded (e.g. the register extract or the decision it follows) */
        reason: string;
      };
      responses: {
        201: {
          /** The person whose records the relation opens (the child, the principal) */
          clientKey: string;
          relationId: string;
          version: number;
          /** guardianship (huoltajuus, population register), guardian_bar (a child welfare restriction of a guardian's access) or mandate (valtuutus, Suomi.fi mandates) */
          kind: 'guardianship' | 'guardian_bar' | 'mandate';
          /** The guardian, or the mandate's agent */
          holderKey: string;
          start: string;
          end?: string;
          revokedOn?: string;
          scopes?: string[];
          /** Why a guardian is barred; never shown to the guardian */
          basis?: string;
          /** Withdrawn: recorded in error, it never held */
          cancelled?: boolean;
          source: string;
          reason?: string;
          recordedAt: string;
          recordedBy: string;
        };
      };
    };
  };
  '/professionals/{id}/contact': {
    put: {
      params: { id: string };
      query: Record<string, never>;
      body: {
        /** Work phone number */
        phone?: string;
        /** Work e-mail */
        email?: string;
        /** A public service address (the office's visiting or postal address, never a home address) */
        serviceAddress?: string;
      };
      responses: {
        200: {
          professionalId: string;
          /** 0: nothing recorded yet */
          version: number;
          phone?: string;
          email?: string;
          serviceAddress?: string;
          recordedAt?: string;
          recordedBy?: string;
        };
      };
    };
    get: {
      params: { id: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          professionalId: string;
          /** 0: nothing recorded yet */
          version: number;
          phone?: string;
          email?: string;
          serviceAddress?: string;
          recordedAt?: string;
          recordedBy?: string;
        };
      };
    };
  };
  '/professionals/{id}/contact/versions': {
    get: {
      params: { id: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: Schemas['ProfessionalContact'][];
      };
    };
  };
  '/registers/{registerId}/documents': {
    post: {
      params: { registerId: string };
      query: Record<string, never>;
      body: {
        metadata: {
          clients: string[];
          serviceTask: string;
          socialService?: string;
          processPhase?: string;
          /** Specific type, 1.2.246.537.6.1506 */
          documentType: string;
          /** ISO OID */
          structureOid?: string;
          /** ISO date YYYY-MM-DD */
          documentDate: string;
          /** ISO OID */
          caseOid?: string;
          /** ISO OID */
          serviceUnitOid?: string;
          language?: 'fi' | 'sv';
          retentionClass?: string;
          omakanta?: {
            /** ISO date YYYY-MM-DD */
            delayUntil?: string;
            specialContent?: boolean;
            restrictionReason?: string;
            restrictionText?: string;
            shownToGuardian?: boolean;
          };
        };
        /** Document JSON as the structure defines it */
        content: unknown;
      };
      responses: {
        201: {
          /** OID of the document set: its first version, constant across versions */
          setId: string;
          version: number;
          versionOid: string;
          status: 'active' | 'invalidated';
          metadata: {
            registerId: string;
            registrarOid: string;
            organizationOid: string;
            serviceUnitOid: string;
            authorId: string;
            authorName: string;
            caseOid?: string;
            clienthoodOid?: string;
            clients: string[];
            serviceTask: string;
            socialService?: string;
            processPhase?: string;
            documentGroup: string;
            documentType: string;
            structureOid: string;
            documentDate: string;
            retentionClass?: string;
            language: 'fi' | 'sv';
            omakanta: {
              delayUntil?: string;
              specialContent?: boolean;
              restrictionReason?: string;
              restrictionText?: string;
              shownToGuardian?: boolean;
            };
          };
          reason?: string;
          recordedAt: string;
          recordedBy: string;
          content: unknown;
          xhtml: string;
        };
      };
    };
  };
  '/registers/{registerId}/documents/batch': {
    post: {
      params: { registerId: string };
      query: Record<string, never>;
      body: {
        documents: {
          metadata: {
            clients: string[];
            serviceTask: string;
            socialService?: string;
            processPhase?: string;
            /** Specific type, 1.2.246.537.6.1506 */
            documentType: string;
            /** ISO OID */
            structureOid?: string;
            /** ISO date YYYY-MM-DD */
            documentDate: string;
            /** ISO OID */
            caseOid?: string;
            /** ISO OID */
            serviceUnitOid?: string;
            language?: 'fi' | 'sv';
            retentionClass?: string;
            omakanta?: {
              /** ISO date YYYY-MM-DD */
              delayUntil?: string;
              specialContent?: boolean;
              restrictionReason?: string;
              restrictionText?: string;
              shownToGuardian?: boolean;
            };
          };
          /** Document JSON as the structure defines it */
          content: unknown;
        }[];
      };
      responses: {
        201: {
          documents: {
            /** OID of the document set: its first version, constant across versions */
            setId: string;
            version: number;
            versionOid: string;
            status: 'active' | 'invalidated';
            metadata: {
              registerId: string;
              registrarOid: string;
              organizationOid: string;
              serviceUnitOid: string;
              authorId: string;
              authorName: string;
              caseOid?: string;
              clienthoodOid?: string;
              clients: string[];
              serviceTask: string;
              socialService?: string;
              processPhase?: string;
              documentGroup: string;
              documentType: string;
              structureOid: string;
              documentDate: string;
              retentionClass?: string;
              language: 'fi' | 'sv';
              omakanta: {
                delayUntil?: string;
                specialContent?: boolean;
                restrictionReason?: string;
                restrictionText?: string;
                shownToGuardian?: boolean;
              };
            };
            reason?: string;
            recordedAt: string;
            recordedBy: string;
            content: unknown;
            xhtml: string;
          }[];
        };
      };
    };
  };
  '/documents': {
    get: {
      params: Record<string, never>;
      query: {
        client?: string;
        case?: string;
        serviceTask?: string;
        documentType?: string;
        documentGroup?: string;
        from?: string;
        to?: string;
        includeInvalidated?: boolean;
        limit?: number;
        offset?: number;
      };
      body: never;
      responses: {
        200: {
          items: {
            /** OID of the document set: its first version, constant across versions */
            setId: string;
            version: number;
            versionOid: string;
            status: 'active' | 'invalidated';
            metadata: {
              registerId: string;
              registrarOid: string;
              organizationOid: string;
              serviceUnitOid: string;
              authorId: string;
              authorName: string;
              caseOid?: string;
              clienthoodOid?: string;
              clients: string[];
              serviceTask: string;
              socialService?: string;
              processPhase?: string;
              documentGroup: string;
              documentType: string;
              structureOid: string;
              documentDate: string;
              retentionClass?: string;
              language: 'fi' | 'sv';
              omakanta: {
                delayUntil?: string;
                specialContent?: boolean;
                restrictionReason?: string;
                restrictionText?: string;
                shownToGuardian?: boolean;
              };
            };
            reason?: string;
            recordedAt: string;
            recordedBy: string;
          }[];
          /** Documents the access filter allows, over all pages */
          total: number;
          limit: number;
          offset: number;
        };
      };
    };
  };
  '/clients/{clientKey}/export': {
    get: {
      params: { clientKey: string };
      query: { from?: string; to?: string };
      body: never;
      responses: {
        200: string;
      };
    };
  };
  '/documents/{setId}': {
    get: {
      params: { setId: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          /** OID of the document set: its first version, constant across versions */
          setId: string;
          version: number;
          versionOid: string;
          status: 'active' | 'invalidated';
          metadata: {
            registerId: string;
            registrarOid: string;
            organizationOid: string;
            serviceUnitOid: string;
            authorId: string;
            authorName: string;
            caseOid?: string;
            clienthoodOid?: string;
            clients: string[];
            serviceTask: string;
            socialService?: string;
            processPhase?: string;
            documentGroup: string;
            documentType: string;
            structureOid: string;
            documentDate: string;
            retentionClass?: string;
            language: 'fi' | 'sv';
            omakanta: {
              delayUntil?: string;
              specialContent?: boolean;
              restrictionReason?: string;
              restrictionText?: string;
              shownToGuardian?: boolean;
            };
          };
          reason?: string;
          recordedAt: string;
          recordedBy: string;
          content: unknown;
          xhtml: string;
        };
      };
    };
  };
  '/documents/{setId}/versions': {
    get: {
      params: { setId: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          /** OID of the document set: its first version, constant across versions */
          setId: string;
          version: number;
          versionOid: string;
          status: 'active' | 'invalidated';
          metadata: {
            registerId: string;
            registrarOid: string;
            organizationOid: string;
            serviceUnitOid: string;
            authorId: string;
            authorName: string;
            caseOid?: string;
            clienthoodOid?: string;
            clients: string[];
            serviceTask: string;
            socialService?: string;
            processPhase?: string;
            documentGroup: string;
            documentType: string;
            structureOid: string;
            documentDate: string;
            retentionClass?: string;
            language: 'fi' | 'sv';
            omakanta: {
              delayUntil?: string;
              specialContent?: boolean;
              restrictionReason?: string;
              restrictionText?: string;
              shownToGuardian?: boolean;
            };
          };
          reason?: string;
          recordedAt: string;
          recordedBy: string;
        }[];
      };
    };
    post: {
      params: { setId: string };
      query: Record<string, never>;
      body: {
        /** The version this correction replaces */
        correctsVersion: number;
        reason: string;
        content: unknown;
        metadata?: {
          serviceTask?: string;
          socialService?: string;
          processPhase?: string;
          /** ISO date YYYY-MM-DD */
          documentDate?: string;
          /** ISO OID */
          caseOid?: string;
          language?: 'fi' | 'sv';
          omakanta?: {
            /** ISO date YYYY-MM-DD */
            delayUntil?: string;
            specialContent?: boolean;
            restrictionReason?: string;
            restrictionText?: string;
            shownToGuardian?: boolean;
          };
        };
      };
      responses: {
        201: {
          /** OID of the document set: its first version, constant across versions */
          setId: string;
          version: number;
          versionOid: string;
          status: 'active' | 'invalidated';
          metadata: {
            registerId: string;
            registrarOid: string;
            organizationOid: string;
            serviceUnitOid: string;
            authorId: string;
            authorName: string;
            caseOid?: string;
            clienthoodOid?: string;
            clients: string[];
            serviceTask: string;
            socialService?: string;
            processPhase?: string;
            documentGroup: string;
            documentType: string;
            structureOid: string;
            documentDate: string;
            retentionClass?: string;
            language: 'fi' | 'sv';
            omakanta: {
              delayUntil?: string;
              specialContent?: boolean;
              restrictionReason?: string;
              restrictionText?: string;
              shownToGuardian?: boolean;
            };
          };
          reason?: string;
          recordedAt: string;
          recordedBy: string;
          content: unknown;
          xhtml: string;
        };
      };
    };
  };
  '/documents/{setId}/xhtml': {
    get: {
      params: { setId: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: string;
      };
    };
  };
  '/documents/{setId}/versions/{version}': {
    get: {
      params: { setId: string; version: number };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          /** OID of the document set: its first version, constant across versions */
          setId: string;
          version: number;
          versionOid: string;
          status: 'active' | 'invalidated';
          metadata: {
            registerId: string;
            registrarOid: string;
            organizationOid: string;
            serviceUnitOid: string;
            authorId: string;
            authorName: string;
            caseOid?: string;
            clienthoodOid?: string;
            clients: string[];
            serviceTask: string;
            socialService?: string;
            processPhase?: string;
            documentGroup: string;
            documentType: string;
            structureOid: string;
            documentDate: string;
            retentionClass?: string;
            language: 'fi' | 'sv';
            omakanta: {
              delayUntil?: string;
              specialContent?: boolean;
              restrictionReason?: string;
              restrictionText?: string;
              shownToGuardian?: boolean;
            };
          };
          reason?: string;
          recordedAt: string;
          recordedBy: string;
          content: unknown;
          xhtml: string;
        };
      };
    };
  };
  '/documents/{setId}/invalidation': {
    post: {
      params: { setId: string };
      query: Record<string, never>;
      body: {
        invalidatesVersion: number;
        reason: string;
      };
      responses: {
        201: {
          /** OID of the document set: its first version, constant across versions */
          setId: string;
          version: number;
          versionOid: string;
          status: 'active' | 'invalidated';
          metadata: {
            registerId: string;
            registrarOid: string;
            organizationOid: string;
            serviceUnitOid: string;
            authorId: string;
            authorName: string;
            caseOid?: string;
            clienthoodOid?: string;
            clients: string[];
            serviceTask: string;
            socialService?: string;
            processPhase?: string;
            documentGroup: string;
            documentType: string;
            structureOid: string;
            documentDate: string;
            retentionClass?: string;
            language: 'fi' | 'sv';
            omakanta: {
              delayUntil?: string;
              specialContent?: boolean;
              restrictionReason?: string;
              restrictionText?: string;
              shownToGuardian?: boolean;
            };
          };
          reason?: string;
          recordedAt: string;
          recordedBy: string;
          content: unknown;
          xhtml: string;
        };
      };
    };
  };
  '/documents/{setId}/file': {
    get: {
      params: { setId: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: string;
      };
    };
  };
  '/registers/{registerId}/clienthoods': {
    post: {
      params: { registerId: string };
      query: Record<string, never>;
      body: {
        /** Opaque client key of a person */
        clientKey: string;
        /** ISO date YYYY-MM-DD */
        started: string;
        serviceTask: string;
        /** ISO OID */
        serviceUnitOid?: string;
        personalWorkerId?: string;
      };
      responses: {
        201: {
          clientKey: string;
          clienthoodOid: string;
          registrarOid: string;
          registerId: string;
          setId: string;
          version: number;
          started: string;
          ended?: string;
          serviceTasks: {
            serviceTask: string;
            start: string;
            end?: string;
          }[];
          personalWorkerId?: string;
        };
      };
    };
  };
  '/registers/{registerId}/clienthoods/{clientKey}': {
    get: {
      params: { registerId: string; clientKey: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          clientKey: string;
          clienthoodOid: string;
          registrarOid: string;
          registerId: string;
          setId: string;
          version: number;
          started: string;
          ended?: string;
          serviceTasks: {
            serviceTask: string;
            start: string;
            end?: string;
          }[];
          personalWorkerId?: string;
        };
      };
    };
  };
  '/persons/{clientKey}/clienthoods': {
    get: {
      params: { clientKey: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          clientKey: string;
          clienthoodOid: string;
          registrarOid: string;
          registerId: string;
          setId: string;
          version: number;
          started: string;
          ended?: string;
          serviceTasks: {
            serviceTask: string;
            start: string;
            end?: string;
          }[];
          personalWorkerId?: string;
        }[];
      };
    };
  };
  '/registers/{registerId}/clienthoods/{clientKey}/service-tasks': {
    post: {
      params: { registerId: string; clientKey: string };
      query: Record<string, never>;
      body: {
        serviceTask: string;
        /** ISO date YYYY-MM-DD */
        start: string;
        /** ISO OID */
        serviceUnitOid?: string;
      };
      responses: {
        201: {
          clientKey: string;
          clienthoodOid: string;
          registrarOid: string;
          registerId: string;
          setId: string;
          version: number;
          started: string;
          ended?: string;
          serviceTasks: {
            serviceTask: string;
            start: string;
            end?: string;
          }[];
          personalWorkerId?: string;
        };
      };
    };
  };
  '/registers/{registerId}/clienthoods/{clientKey}/service-tasks/{serviceTask}/end': {
    post: {
      params: { registerId: string; clientKey: string; serviceTask: string };
      query: Record<string, never>;
      body: {
        /** ISO date YYYY-MM-DD */
        end: string;
      };
      responses: {
        201: {
          clientKey: string;
          clienthoodOid: string;
          registrarOid: string;
          registerId: string;
          setId: string;
          version: number;
          started: string;
          ended?: string;
          serviceTasks: {
            serviceTask: string;
            start: string;
            end?: string;
          }[];
          personalWorkerId?: string;
        };
      };
    };
  };
  '/registers/{registerId}/clienthoods/{clientKey}/personal-worker': {
    put: {
      params: { registerId: string; clientKey: string };
      query: Record<string, never>;
      body: {
        professionalId: string | null;
      };
      responses: {
        200: {
          clientKey: string;
          clienthoodOid: string;
          registrarOid: string;
          registerId: string;
          setId: string;
          version: number;
          started: string;
          ended?: string;
          serviceTasks: {
            serviceTask: string;
            start: string;
            end?: string;
          }[];
          personalWorkerId?: string;
        };
      };
    };
  };
  '/registers/{registerId}/clienthoods/{clientKey}/end': {
    post: {
      params: { registerId: string; clientKey: string };
      query: Record<string, never>;
      body: {
        /** ISO date YYYY-MM-DD */
        ended: string;
        reason?: string;
      };
      responses: {
        201: {
          clientKey: string;
          clienthoodOid: string;
          registrarOid: string;
          registerId: string;
          setId: string;
          version: number;
          started: string;
          ended?: string;
          serviceTasks: {
            serviceTask: string;
            start: string;
            end?: string;
          }[];
          personalWorkerId?: string;
        };
      };
    };
  };
  '/registers/{registerId}/cases': {
    post: {
      params: { registerId: string };
      query: Record<string, never>;
      body: {
        serviceTask: string;
        /** Kind of case, 1.2.246.537.6.1265 */
        subject: {
          code: string;
          display?: string;
        };
        members: string[];
        /** ISO date YYYY-MM-DD */
        opened: string;
        /** ISO OID */
        serviceUnitOid?: string;
      };
      responses: {
        201: {
          caseOid: string;
          registrarOid: string;
          serviceTask: string;
          state: string;
          opened: string;
          ended?: string;
          shared: boolean;
          members: {
            clientKey: string;
            joinedAt: string;
            leftAt?: string;
          }[];
          setId: string;
          version: number;
        };
      };
    };
  };
  '/cases/{caseOid}': {
    get: {
      params: { caseOid: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          caseOid: string;
          registrarOid: string;
          serviceTask: string;
          state: string;
          opened: string;
          ended?: string;
          shared: boolean;
          members: {
            clientKey: string;
            joinedAt: string;
            leftAt?: string;
          }[];
          setId: string;
          version: number;
        };
      };
    };
  };
  '/persons/{clientKey}/cases': {
    get: {
      params: { clientKey: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          caseOid: string;
          registrarOid: string;
          serviceTask: string;
          state: string;
          opened: string;
          ended?: string;
          shared: boolean;
          members: {
            clientKey: string;
            joinedAt: string;
            leftAt?: string;
          }[];
          setId: string;
          version: number;
        }[];
      };
    };
  };
  '/cases/{caseOid}/members': {
    post: {
      params: { caseOid: string };
      query: Record<string, never>;
      body: {
        /** Opaque client key of a person */
        clientKey: string;
        joinedAt?: string;
      };
      responses: {
        201: {
          caseOid: string;
          registrarOid: string;
          serviceTask: string;
          state: string;
          opened: string;
          ended?: string;
          shared: boolean;
          members: {
            clientKey: string;
            joinedAt: string;
            leftAt?: string;
          }[];
          setId: string;
          version: number;
        };
      };
    };
  };
  '/cases/{caseOid}/members/{clientKey}/leave': {
    post: {
      params: { caseOid: string; clientKey: string };
      query: Record<string, never>;
      body: {
        leftAt?: string;
      };
      responses: {
        201: {
          caseOid: string;
          registrarOid: string;
          serviceTask: string;
          state: string;
          opened: string;
          ended?: string;
          shared: boolean;
          members: {
            clientKey: string;
            joinedAt: string;
            leftAt?: string;
          }[];
          setId: string;
          version: number;
        };
      };
    };
  };
  '/cases/{caseOid}/close': {
    post: {
      params: { caseOid: string };
      query: Record<string, never>;
      body: {
        /** ISO date YYYY-MM-DD */
        ended: string;
      };
      responses: {
        201: {
          caseOid: string;
          registrarOid: string;
          serviceTask: string;
          state: string;
          opened: string;
          ended?: string;
          shared: boolean;
          members: {
            clientKey: string;
            joinedAt: string;
            leftAt?: string;
          }[];
          setId: string;
          version: number;
        };
      };
    };
  };
  '/structures': {
    get: {
      params: Record<string, never>;
      query: { q?: string; lang?: 'fi' | 'sv' };
      body: never;
      responses: {
        200: {
          oid: string;
          typeCode: string;
          version: string;
          name: {
            fi: string;
            sv?: string;
            en?: string;
          };
          documentType: string;
          source?: string;
        }[];
      };
    };
  };
  '/structures/{oid}': {
    get: {
      params: { oid: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          oid: string;
          typeCode: string;
          version: string;
          name: {
            fi: string;
            sv?: string;
            en?: string;
          };
          documentType: string;
          source?: string;
          rootKey: string;
          /** Field tree of the definition (see docs) */
          fields: unknown[];
        };
      };
    };
  };
  '/code-sets': {
    get: {
      params: Record<string, never>;
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          oid: string;
          version?: string;
          names: {
            fi: string;
            sv?: string;
            en?: string;
          };
          completeness: string;
          provisional: boolean;
          size: number;
        }[];
      };
    };
  };
  '/code-sets/{oid}': {
    get: {
      params: { oid: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          oid: string;
          version?: string;
          names: {
            fi: string;
            sv?: string;
            en?: string;
          };
          completeness: string;
          provisional: boolean;
          size: number;
          codes: {
            code: string;
            names: {
              fi: string;
              sv?: string;
              en?: string;
            };
            validFrom?: string;
            validTo?: string;
            parent?: string;
            /** Reconstructed, not read from an official export */
            provisional: boolean;
          }[];
        };
      };
    };
  };
  '/clients/{clientKey}/access-log': {
    get: {
      params: { clientKey: string };
      query: { from?: string; to?: string; action?: string; limit?: number; offset?: number };
      body: never;
      responses: {
        200: {
          clientKey: string;
          registrarOid: string;
          items: {
            /** Hash chain of the entry (see `varanto verify`) */
            chain: number;
            seq: number;
            /** UTC time the entry was recorded */
            at: string;
            actor: {
              kind: 'professional' | 'system' | 'anonymous' | 'citizen';
              professionalId?: string;
              login?: string;
              name?: string;
              role?: string;
            };
            organization?: {
              oid: string;
              name?: string;
            };
            serviceUnits: {
              oid: string;
              name?: string;
            }[];
            strongAuth?: boolean;
            action: string;
            outcome: 'allowed' | 'denied' | 'error';
            /** The rules that allowed, or the rule that refused */
            rule?: string;
            reason?: string;
            /** The purpose the professional stated */
            purpose?: string;
            documents: {
              setId: string;
              version: number;
            }[];
            /** The relation the professional held to the client that day, the strongest: a care relation (asiayhteys) or `usage_right`, a register usage right of their service unit for the client */
            careRelation?: {
              kind: 'case' | 'personal_worker' | 'usage_right' | 'recorded_reason';
              purpose?: string;
            };
          }[];
          total: number;
          limit: number;
          offset: number;
        };
      };
    };
  };
  '/clients/{clientKey}/access-log.csv': {
    get: {
      params: { clientKey: string };
      query: { from?: string; to?: string; action?: string; limit?: number };
      body: never;
      responses: {
        200: unknown;
      };
    };
  };
  '/organizations/{oid}/misuse-reports': {
    get: {
      params: { oid: string };
      query: {
        from?: string;
        to?: string;
        windowDays?: number;
        clientsWithoutRelation?: number;
        repeatedLookups?: number;
        lookupGapMinutes?: number;
      };
      body: never;
      responses: {
        200: {
          organizationOid: string;
          from: string;
          to: string;
          thresholds: {
            windowDays: number;
            clientsWithoutRelation: number;
            repeatedLookups: number;
            lookupGapMinutes: number;
          };
          /** Users who opened many clients without an open case, a register usage right of their unit or being their personal worker */
          clientsWithoutRelation: {
            user: {
              professionalId: string;
              login?: string;
              name?: string;
              role?: string;
            };
            window: {
              index: number;
              start: string;
              end: string;
            };
            count: number;
            threshold: number;
            reason: string;
            /** Distinct clients the user opened in the window */
            clients: number;
            clientsWithoutWorkRelation: number;
            clientsWithRecordedReasonOnly: number;
            deniedOpenings: number;
            /** The clients without a work relation (first 100) */
            clientKeys: string[];
          }[];
          /** Users who looked up one client again and again and recorded nothing for them */
          repeatedLookups: {
            user: {
              professionalId: string;
              login?: string;
              name?: string;
              role?: string;
            };
            window: {
              index: number;
              start: string;
              end: string;
            };
            count: number;
            threshold: number;
            reason: string;
            clientKey: string;
            lookups: number;
            reads: number;
            denied: number;
            firstAt: string;
            lastAt: string;
          }[];
        };
      };
    };
  };
  '/access/explain': {
    get: {
      params: Record<string, never>;
      query: {
        client: string;
        documentType: string;
        serviceTask: string;
        action?:
          | 'document.read'
          | 'document.search'
          | 'document.export'
          | 'document.render'
          | 'document.store'
          | 'document.correct'
          | 'document.invalidate';
        registrar?: string;
        professional?: string;
      };
      body: never;
      responses: {
        200: {
          allowed: boolean;
          action: string;
          professional: string;
          rulesChecked: string[];
          refusals: {
            rule: string;
            reason: string;
          }[];
          /** Rules not answered because they depend on records the asker may not see */
          undetermined: {
            rule: string;
            reason: string;
          }[];
        };
      };
    };
  };
  '/organizations/{oid}/access-regulation': {
    get: {
      params: { oid: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          organizationOid: string;
          /** 0 = the shipped default, not yet replaced */
          version: number;
          name: string;
          provisional: boolean;
          grants: {
            role: string;
            actions: ('document.read' | 'document.store' | 'document.correct' | 'document.invalidate')[];
            documents:
              | '*'
              | {
                  types?: string[];
                  generalTypes?: string[];
                  groups?: string[];
                };
          }[];
          recordedAt?: string;
          recordedBy?: string;
          reason?: string;
        };
      };
    };
    put: {
      params: { oid: string };
      query: Record<string, never>;
      body: {
        /** The version the edit started from */
        expectedVersion: number;
        name: string;
        grants: {
          role: string;
          actions: ('document.read' | 'document.store' | 'document.correct' | 'document.invalidate')[];
          documents:
            | '*'
            | {
                types?: string[];
                generalTypes?: string[];
                groups?: string[];
              };
        }[];
        reason: string;
      };
      responses: {
        200: {
          organizationOid: string;
          /** 0 = the shipped default, not yet replaced */
          version: number;
          name: string;
          provisional: boolean;
          grants: {
            role: string;
            actions: ('document.read' | 'document.store' | 'document.correct' | 'document.invalidate')[];
            documents:
              | '*'
              | {
                  types?: string[];
                  generalTypes?: string[];
                  groups?: string[];
                };
          }[];
          recordedAt?: string;
          recordedBy?: string;
          reason?: string;
        };
      };
    };
  };
  '/organizations/{oid}/access-regulation/versions': {
    get: {
      params: { oid: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          organizationOid: string;
          /** 0 = the shipped default, not yet replaced */
          version: number;
          name: string;
          provisional: boolean;
          grants: {
            role: string;
            actions: ('document.read' | 'document.store' | 'document.correct' | 'document.invalidate')[];
            documents:
              | '*'
              | {
                  types?: string[];
                  generalTypes?: string[];
                  groups?: string[];
                };
          }[];
          recordedAt?: string;
          recordedBy?: string;
          reason?: string;
        }[];
      };
    };
  };
  '/clients/{clientKey}/care-relations': {
    post: {
      params: { clientKey: string };
      query: Record<string, never>;
      body: {
        purpose: string;
        serviceTask?: string;
        /** ISO OID */
        registrarOid?: string;
      };
      responses: {
        201: {
          clientKey: string;
          kind: 'recorded_reason';
          registrarOid: string;
          professionalId: string;
          /** ISO date YYYY-MM-DD */
          start: string;
          /** ISO date YYYY-MM-DD */
          end: string;
          purpose: string;
          serviceTask?: string;
        };
      };
    };
  };
  '/registers/{registerId}/clienthoods/{clientKey}/usage-rights': {
    post: {
      params: { registerId: string; clientKey: string };
      query: Record<string, never>;
      body: {
        serviceTask: string;
        /** The producer's (or, with producerUnitOid, the subcontractor's) service unit from the SOTE organization register */
        serviceUnitOid: string;
        /** Social services (1.2.246.537.6.1222) the unit gives the client */
        socialServices?: string[];
        /** First day of the right; may lie before the service starts so the producer can prepare */
        start: string;
        /** Last day of the right (inclusive); may be set later */
        end?: string;
        /** Records the unit as a subcontractor (palveluntoteuttaja) under this producer unit */
        producerUnitOid?: string;
        /** The case the producer is informed the right concerns (asiatunnus) */
        caseOid?: string;
      };
      responses: {
        201: {
          clienthood: {
            clientKey: string;
            clienthoodOid: string;
            registrarOid: string;
            registerId: string;
            setId: string;
            version: number;
            started: string;
            ended?: string;
            serviceTasks: {
              serviceTask: string;
              start: string;
              end?: string;
            }[];
            personalWorkerId?: string;
          };
          usageRights: Schemas['UsageRight'][];
          /** What the producer (and subcontractors) are told */
          notices: Schemas['UsageRightNotice'][];
        };
      };
    };
    get: {
      params: { registerId: string; clientKey: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: Schemas['UsageRight'][];
      };
    };
  };
  '/registers/{registerId}/clienthoods/{clientKey}/usage-rights/end': {
    post: {
      params: { registerId: string; clientKey: string };
      query: Record<string, never>;
      body: {
        serviceTask: string;
        /** ISO OID */
        serviceUnitOid: string;
        /** Last day of the right (inclusive). Leave the producer time to finish its documents; ending a producer's right ends its subcontractors' rights no later */
        end: string;
      };
      responses: {
        201: {
          clienthood: {
            clientKey: string;
            clienthoodOid: string;
            registrarOid: string;
            registerId: string;
            setId: string;
            version: number;
            started: string;
            ended?: string;
            serviceTasks: {
              serviceTask: string;
              start: string;
              end?: string;
            }[];
            personalWorkerId?: string;
          };
          usageRights: Schemas['UsageRight'][];
          /** What the producer (and subcontractors) are told */
          notices: Schemas['UsageRightNotice'][];
        };
      };
    };
  };
  '/usage-rights': {
    get: {
      params: Record<string, never>;
      query: { includeEnded?: boolean };
      body: never;
      responses: {
        200: Schemas['UsageRight'][];
      };
    };
  };
  '/usage-rights/notices': {
    get: {
      params: Record<string, never>;
      query: { includeAcknowledged?: boolean; limit?: number };
      body: never;
      responses: {
        200: Schemas['UsageRightNotice'][];
      };
    };
  };
  '/usage-rights/notices/{noticeId}/acknowledgement': {
    post: {
      params: { noticeId: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          noticeId: string;
          kind: 'opened' | 'changed' | 'ended';
          clientKey: string;
          registrarOid: string;
          registerId: string;
          clienthoodOid: string;
          clienthoodSetId: string;
          clienthoodVersion: number;
          caseOid?: string;
          serviceTask: string;
          serviceUnitOid: string;
          holderOrganizationOid: string;
          producerUnitOid?: string;
          start: string;
          end?: string;
          recordedAt: string;
          recordedBy: string;
          acknowledgedAt?: string;
        };
      };
    };
  };
  '/organizations/{oid}/broad-usage-rights': {
    put: {
      params: { oid: string };
      query: Record<string, never>;
      body: {
        broad: boolean;
      };
      responses: {
        200: {
          oid: string;
          broadUsageRights: boolean;
        };
      };
    };
  };
  '/organizations/{oid}/joining': {
    get: {
      params: { oid: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          organizationOid: string;
          /** direct: own system, own users; joint: a tenant in the main joiner’s system, whose administrator manages its users; parallel: in the organizer’s own system, which manages its users */
          model: 'direct' | 'joint' | 'parallel';
          /** The main joiner (joint) or the organizer (parallel) */
          hostOrganizationOid?: string;
          /** Organizations this one hosts (its tenants and parallel producers) */
          hosted: {
            organizationOid: string;
            /** direct: own system, own users; joint: a tenant in the main joiner’s system, whose administrator manages its users; parallel: in the organizer’s own system, which manages its users */
            model: 'direct' | 'joint' | 'parallel';
          }[];
        };
      };
    };
    put: {
      params: { oid: string };
      query: Record<string, never>;
      body: {
        /** direct: own system, own users; joint: a tenant in the main joiner’s system, whose administrator manages its users; parallel: in the organizer’s own system, which manages its users */
        model: 'direct' | 'joint' | 'parallel';
        /** ISO OID */
        hostOrganizationOid?: string;
      };
      responses: {
        200: {
          organizationOid: string;
          /** direct: own system, own users; joint: a tenant in the main joiner’s system, whose administrator manages its users; parallel: in the organizer’s own system, which manages its users */
          model: 'direct' | 'joint' | 'parallel';
          /** The main joiner (joint) or the organizer (parallel) */
          hostOrganizationOid?: string;
          /** Organizations this one hosts (its tenants and parallel producers) */
          hosted: {
            organizationOid: string;
            /** direct: own system, own users; joint: a tenant in the main joiner’s system, whose administrator manages its users; parallel: in the organizer’s own system, which manages its users */
            model: 'direct' | 'joint' | 'parallel';
          }[];
        };
      };
    };
  };
  '/documents/{setId}/visibility': {
    get: {
      params: { setId: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          setId: string;
          version: number;
          omakanta: {
            delayUntil?: string;
            specialContent?: boolean;
            restrictionReason?: string;
            restrictionText?: string;
            shownToGuardian?: boolean;
            automaticHidingLifted?: boolean;
            guardianHidingConfirmedBy?: string;
            visibilityDecidedBy?: string;
          };
          hiddenKind?: {
            name: string;
            rule: string;
            liftable: boolean;
          };
          automaticallyHidden: boolean;
          needs: {
            need: string;
            reason: string;
            reasonFi: string;
          }[];
          client: {
            rule: string;
            reason: string;
            reasonFi: string;
          }[];
          guardian: {
            rule: string;
            reason: string;
            reasonFi: string;
          }[];
        };
      };
    };
    put: {
      params: { setId: string };
      query: Record<string, never>;
      body: {
        /** The version the change is decided on */
        version: number;
        change:
          | {
              kind: 'delay';
              /** ISO date YYYY-MM-DD */
              until: string;
              /** Coded reason, 1.2.246.537.6.1288 */
              reasonCode?: string;
              /** Why (logged with the version; never shown to the client) */
              reasonText: string;
            }
          | {
              kind: 'end_delay';
              /** Why (logged with the version; never shown to the client) */
              reasonText: string;
            }
          | {
              kind: 'mark_special_content';
              /** Coded reason, 1.2.246.537.6.1288 */
              reasonCode?: string;
              /** Why (logged with the version; never shown to the client) */
              reasonText: string;
            }
          | {
              kind: 'remove_special_content';
              /** Why (logged with the version; never shown to the client) */
              reasonText: string;
            }
          | {
              kind: 'guardian';
              shown: boolean;
              /** Why (logged with the version; never shown to the client) */
              reasonText?: string;
            }
          | {
              kind: 'confirm_guardian_hiding';
            }
          | {
              kind: 'lift_automatic_hiding';
              /** Why (logged with the version; never shown to the client) */
              reasonText: string;
            }
          | {
              kind: 'keep_shown';
            };
      };
      responses: {
        200: {
          setId: string;
          version: number;
          omakanta: {
            delayUntil?: string;
            specialContent?: boolean;
            restrictionReason?: string;
            restrictionText?: string;
            shownToGuardian?: boolean;
            automaticHidingLifted?: boolean;
            guardianHidingConfirmedBy?: string;
            visibilityDecidedBy?: string;
          };
          hiddenKind?: {
            name: string;
            rule: string;
            liftable: boolean;
          };
          automaticallyHidden: boolean;
          needs: {
            need: string;
            reason: string;
            reasonFi: string;
          }[];
          client: {
            rule: string;
            reason: string;
            reasonFi: string;
          }[];
          guardian: {
            rule: string;
            reason: string;
            reasonFi: string;
          }[];
          /** Hidden from the guardian until the organizer's responsible worker confirms */
          needsConfirmation: boolean;
        };
      };
    };
  };
  '/error-flags': {
    get: {
      params: Record<string, never>;
      query: { status?: string; limit?: number };
      body: never;
      responses: {
        200: {
          items: {
            flagId: string;
            version: number;
            clientKey: string;
            setId: string;
            documentVersion: number;
            currentDocumentVersion?: number;
            serviceUnitOid: string;
            status: 'open' | 'in_progress' | 'corrected' | 'rejected';
            description: string;
            response?: string;
            flaggedBasis: 'self' | 'guardian' | 'mandate';
            flaggedAt: string;
            updatedAt: string;
            updatedBy: string;
          }[];
        };
      };
    };
  };
  '/error-flags/{flagId}': {
    get: {
      params: { flagId: string };
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          flag: {
            flagId: string;
            version: number;
            clientKey: string;
            setId: string;
            documentVersion: number;
            currentDocumentVersion?: number;
            serviceUnitOid: string;
            status: 'open' | 'in_progress' | 'corrected' | 'rejected';
            description: string;
            response?: string;
            flaggedBasis: 'self' | 'guardian' | 'mandate';
            flaggedAt: string;
            updatedAt: string;
            updatedBy: string;
          };
          history: {
            flagId: string;
            version: number;
            clientKey: string;
            setId: string;
            documentVersion: number;
            currentDocumentVersion?: number;
            serviceUnitOid: string;
            status: 'open' | 'in_progress' | 'corrected' | 'rejected';
            description: string;
            response?: string;
            flaggedBasis: 'self' | 'guardian' | 'mandate';
            flaggedAt: string;
            updatedAt: string;
            updatedBy: string;
          }[];
        };
      };
    };
  };
  '/error-flags/{flagId}/status': {
    put: {
      params: { flagId: string };
      query: Record<string, never>;
      body: {
        /** The report version this step is decided on */
        version: number;
        status: 'open' | 'in_progress' | 'corrected' | 'rejected';
        response?: string;
      };
      responses: {
        200: {
          flagId: string;
          version: number;
          clientKey: string;
          setId: string;
          documentVersion: number;
          currentDocumentVersion?: number;
          serviceUnitOid: string;
          status: 'open' | 'in_progress' | 'corrected' | 'rejected';
          description: string;
          response?: string;
          flaggedBasis: 'self' | 'guardian' | 'mandate';
          flaggedAt: string;
          updatedAt: string;
          updatedBy: string;
        };
      };
    };
  };
  '/citizen/auth/login': {
    post: {
      params: Record<string, never>;
      query: Record<string, never>;
      body: {
        /** Henkilötunnus of a seeded person (demo stand-in for Suomi.fi identification) */
        hetu: string;
      };
      responses: {
        200: {
          token: string;
          expiresAt: string;
          method: 'suomi-fi-demo';
          demo: boolean;
          person: {
            clientKey: string;
            givenNames: string;
            familyName: string;
          };
        };
      };
    };
  };
  '/citizen/auth/logout': {
    post: {
      params: Record<string, never>;
      query: Record<string, never>;
      body: never;
      responses: {
        204: unknown;
      };
    };
  };
  '/citizen/me': {
    get: {
      params: Record<string, never>;
      query: Record<string, never>;
      body: never;
      responses: {
        200: {
          person: {
            clientKey: string;
            givenNames: string;
            familyName: string;
          };
          viewable: {
            clientKey: string;
            givenNames: string;
            familyName: string;
            basis: 'self' | 'guardian' | 'mandate';
            minor: boolean;
          }[];
        };
      };
    };
  };
  '/citizen/documents': {
    get: {
      params: Record<string, never>;
      query: {
        as?: string;
        from?: string;
        to?: string;
        serviceTask?: string;
        limit?: number;
        offset?: number;
      };
      body: never;
      responses: {
        200: {
          /** Whose records were read */
          subject: string;
          basis: 'self' | 'guardian' | 'mandate';
          items: {
            setId: string;
            version: number;
            documentType: string;
            documentName: {
              fi: string;
              sv?: string;
              en?: string;
            };
            documentDate: string;
            serviceTask: string;
            serviceTaskName?: {
              fi: string;
              sv?: string;
              en?: string;
            };
            caseOid?: string;
            language: 'fi' | 'sv';
            registrar: {
              oid: string;
              name?: string;
              nameSv?: string;
            };
            organization: {
              oid: string;
              name?: string;
              nameSv?: string;
            };
            serviceUnit: {
              oid: string;
              name?: string;
              nameSv?: string;
            };
            authorName: string;
            recordedAt: string;
            firstRecordedAt: string;
          }[];
          total: number;
          limit: number;
          offset: number;
        };
      };
    };
  };
  '/citizen/documents/counts': {
    get: {
      params: Record<string, never>;
      query: { as?: string };
      body: never;
      responses: {
        200: {
          /** Whose records were read */
          subject: string;
          basis: 'self' | 'guardian' | 'mandate';
          total: number;
          byServiceTask: {
            serviceTask: string;
            serviceTaskName?: {
              fi: string;
              sv?: string;
              en?: string;
            };
            count: number;
          }[];
          byYear: {
            year: number;
            count: number;
          }[];
        };
      };
    };
  };
  '/citizen/documents/{setId}': {
    get: {
      params: { setId: string };
      query: { as?: string };
      body: never;
      responses: {
        200: {
          /** Whose records were read */
          subject: string;
          basis: 'self' | 'guardian' | 'mandate';
          document: {
            setId: string;
            version: number;
            documentType: string;
            documentName: {
              fi: string;
              sv?: string;
              en?: string;
            };
            documentDate: string;
            serviceTask: string;
            serviceTaskName?: {
              fi: string;
              sv?: string;
              en?: string;
            };
            caseOid?: string;
            language: 'fi' | 'sv';
            registrar: {
              oid: string;
              name?: string;
              nameSv?: string;
            };
            organization: {
              oid: string;
              name?: string;
              nameSv?: string;
            };
            serviceUnit: {
              oid: string;
              name?: string;
              nameSv?: string;
            };
            authorName: string;
            recordedAt: string;
            firstRecordedAt: string;
          };
        };
      };
    };
  };
  '/citizen/documents/{setId}/xhtml': {
    get: {
      params: { setId: string };
      query: { as?: string };
      body: never;
      responses: {
        200: string;
      };
    };
  };
  '/citizen/clienthoods': {
    get: {
      params: Record<string, never>;
      query: { as?: string };
      body: never;
      responses: {
        200: {
          /** Whose records were read */
          subject: string;
          basis: 'self' | 'guardian' | 'mandate';
          items: {
            registrar: {
              oid: string;
              name?: string;
              nameSv?: string;
            };
            started: string;
            ended?: string;
            serviceTasks: {
              serviceTask: string;
              serviceTaskName?: {
                fi: string;
                sv?: string;
                en?: string;
              };
              start: string;
              end?: string;
            }[];
            personalWorker?: {
              name: string;
              serviceUnit?: {
                oid: string;
                name?: string;
                nameSv?: string;
              };
              phone?: string;
              email?: string;
              /** The worker's public service address (the office's, never a home address) */
              serviceAddress?: string;
            };
          }[];
        };
      };
    };
  };
  '/citizen/cases': {
    get: {
      params: Record<string, never>;
      query: { as?: string };
      body: never;
      responses: {
        200: {
          /** Whose records were read */
          subject: string;
          basis: 'self' | 'guardian' | 'mandate';
          items: {
            caseOid: string;
            registrar: {
              oid: string;
              name?: string;
              nameSv?: string;
            };
            serviceTask: string;
            serviceTaskName?: {
              fi: string;
              sv?: string;
              en?: string;
            };
            state: string;
            opened: string;
            ended?: string;
            shared: boolean;
          }[];
        };
      };
    };
  };
  '/citizen/access-log': {
    get: {
      params: Record<string, never>;
      query: { as?: string; from?: string; to?: string; actor?: string; limit?: number; offset?: number };
      body: never;
      responses: {
        200: {
          /** Whose records were read */
          subject: string;
          basis: 'self' | 'guardian' | 'mandate';
          items: {
            /** The entry's place in the audit hash chain (chain:seq) */
            id: string;
            at: string;
            actor?: {
              kind: 'professional' | 'citizen' | 'system' | 'anonymous';
              name?: string;
              role?: string;
              /** You yourself acted */
              you?: boolean;
            };
            organization?: {
              oid: string;
              name?: string;
              nameSv?: string;
            };
            serviceUnits?: {
              oid: string;
              name?: string;
              nameSv?: string;
            }[];
            action: string;
            outcome: 'allowed' | 'denied' | 'error';
            purpose?: string;
            /** The relation the professional held to you that day, the strongest: personal worker, open case, a register usage right of their service unit for you (a producer's worker) or a recorded reason */
            careRelation?: 'personal_worker' | 'case' | 'usage_right' | 'recorded_reason';
            documents: {
              setId: string;
              version: number;
              documentName: {
                fi: string;
                sv?: string;
                en?: string;
              };
              documentDate: string;
            }[];
            /** Documents of the entry not shown to you (not identified) */
            withheldDocuments: number;
            withheld?: {
              rule: string;
              reason: string;
              reasonFi: string;
            };
          }[];
          total: number;
          limit: number;
          offset: number;
        };
      };
    };
  };
  '/citizen/access-log.csv': {
    get: {
      params: Record<string, never>;
      query: { as?: string; from?: string; to?: string; actor?: string; limit?: number; offset?: number };
      body: never;
      responses: {
        200: unknown;
      };
    };
  };
  '/citizen/documents/{setId}/error-flags': {
    post: {
      params: { setId: string };
      query: { as?: string };
      body: {
        description: string;
      };
      responses: {
        201: {
          flagId: string;
          setId: string;
          documentVersion: number;
          status: 'open' | 'in_progress' | 'corrected' | 'rejected';
          description: string;
          response?: string;
          flaggedAt: string;
          updatedAt: string;
          flaggedBasis: 'self' | 'guardian' | 'mandate';
          byYou: boolean;
          serviceUnit: {
            oid: string;
            name?: string;
            nameSv?: string;
          };
        };
      };
    };
  };
  '/citizen/error-flags': {
    get: {
      params: Record<string, never>;
      query: { as?: string };
      body: never;
      responses: {
        200: {
          /** Whose records were read */
          subject: string;
          basis: 'self' | 'guardian' | 'mandate';
          items: {
            flagId: string;
            setId: string;
            documentVersion: number;
            status: 'open' | 'in_progress' | 'corrected' | 'rejected';
            description: string;
            response?: string;
            flaggedAt: string;
            updatedAt: string;
            flaggedBasis: 'self' | 'guardian' | 'mandate';
            byYou: boolean;
            serviceUnit: {
              oid: string;
              name?: string;
              nameSv?: string;
            };
          }[];
        };
      };
    };
  };
}

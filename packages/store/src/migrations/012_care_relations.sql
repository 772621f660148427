-- Care relations (asiayhteys): the proof that someone works on a client's matter now. A projection
-- kept in the same transaction as the clienthood and case documents it derives from, plus the
-- first-contact reasons professionals record by hand. The access filter's EXISTS reads it.

ALTER TABLE care_case ADD COLUMN service_unit_oid text;

CREATE TABLE care_relation (
  client_key        uuid NOT NULL,
  relation_id       uuid NOT NULL DEFAULT gen_random_uuid(),
  registrar_oid     text NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('case', 'personal_worker', 'recorded_reason')),
  professional_id   text,
  service_unit_oid  text,
  start_date        date NOT NULL,
  end_date          date,
  purpose           text,
  service_task      text,
  -- The clienthood or case OID the relation derives from; NULL for a recorded reason.
  source            text,
  PRIMARY KEY (client_key, relation_id),
  CHECK (professional_id IS NOT NULL OR service_unit_oid IS NOT NULL OR kind = 'case'),
  CHECK (end_date IS NULL OR end_date >= start_date),
  CHECK (kind <> 'recorded_reason' OR (purpose IS NOT NULL AND professional_id IS NOT NULL))
);
CREATE INDEX care_relation_professional ON care_relation (client_key, registrar_oid, professional_id);
CREATE INDEX care_relation_unit ON care_relation (client_key, registrar_oid, service_unit_oid);
CREATE INDEX care_relation_source ON care_relation (source, kind);
CREATE INDEX clienthood_service_task_client ON clienthood_service_task (client_key, service_task);

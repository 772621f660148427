-- The client's own view (OmaKanta). Who may act for whom: guardianships (population register),
-- bars on a guardian (child welfare) and mandates (Suomi.fi valtuudet), as versioned facts about the
-- person whose records they open. Error reports a client files on a document, routed to the unit
-- that recorded it. Both append-only: a change is a new version, the newest version is the fact.

CREATE TABLE person_relation (
  -- The person whose records the relation opens (the child, the principal): the shard key.
  client_key   uuid NOT NULL,
  relation_id  uuid NOT NULL,
  version      integer NOT NULL CHECK (version >= 1),
  kind         text NOT NULL CHECK (kind IN ('guardianship', 'guardian_bar', 'mandate')),
  -- The guardian, or the agent of a mandate.
  holder_key   uuid NOT NULL,
  start_date   date NOT NULL,
  end_date     date,
  revoked_on   date,
  scopes       text[] NOT NULL DEFAULT '{}',
  -- Why a guardian is barred (e.g. child_welfare_restriction); never shown to the guardian.
  basis        text,
  -- This version withdraws a relation recorded in error: it never held.
  cancelled    boolean NOT NULL DEFAULT false,
  source       text NOT NULL,
  reason       text,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  recorded_by  text NOT NULL,
  PRIMARY KEY (client_key, relation_id, version),
  CHECK (client_key <> holder_key),
  CHECK (end_date IS NULL OR end_date >= start_date),
  CHECK (kind <> 'guardian_bar' OR basis IS NOT NULL),
  CHECK (kind = 'mandate' OR (revoked_on IS NULL AND scopes = '{}'))
);
-- "Whose records may I view": the relations a person holds.
CREATE INDEX person_relation_holder ON person_relation (holder_key, client_key);
CREATE TRIGGER person_relation_append_only BEFORE UPDATE OR DELETE ON person_relation
  FOR EACH ROW EXECUTE FUNCTION varanto_refuse_change();
CREATE TRIGGER person_relation_no_truncate BEFORE TRUNCATE ON person_relation
  FOR EACH STATEMENT EXECUTE FUNCTION varanto_refuse_change();

CREATE TABLE error_flag (
  -- Whose record: the person the flagged document was viewed as.
  client_key        uuid NOT NULL,
  flag_id           uuid NOT NULL,
  version           integer NOT NULL CHECK (version >= 1),
  set_id            text NOT NULL,
  document_version  integer NOT NULL,
  registrar_oid     text NOT NULL,
  -- The unit that recorded the flagged version: the flag is addressed to it.
  service_unit_oid  text NOT NULL,
  status            text NOT NULL CHECK (status IN ('open', 'in_progress', 'corrected', 'rejected')),
  description       text NOT NULL,
  response          text,
  flagged_by        uuid NOT NULL,
  flagged_basis     text NOT NULL CHECK (flagged_basis IN ('self', 'guardian', 'mandate')),
  recorded_at       timestamptz NOT NULL DEFAULT now(),
  -- `citizen:<person key>` for the client's own version, else the professional's id.
  recorded_by       text NOT NULL,
  PRIMARY KEY (client_key, flag_id, version)
);
CREATE INDEX error_flag_unit ON error_flag (service_unit_oid, recorded_at);
CREATE INDEX error_flag_document ON error_flag (set_id);
CREATE INDEX error_flag_id ON error_flag (flag_id, version);
CREATE TRIGGER error_flag_append_only BEFORE UPDATE OR DELETE ON error_flag
  FOR EACH ROW EXECUTE FUNCTION varanto_refuse_change();
CREATE TRIGGER error_flag_no_truncate BEFORE TRUNCATE ON error_flag
  FOR EACH STATEMENT EXECUTE FUNCTION varanto_refuse_change();

-- A professional's work contact details, shown to the clients whose personal worker they are.
-- Versioned like the rights: a change adds a version, the newest is in force.
CREATE TABLE professional_contact (
  professional_id  uuid NOT NULL REFERENCES professional (id),
  version          integer NOT NULL CHECK (version >= 1),
  phone            text,
  email            text,
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  recorded_by      text NOT NULL,
  PRIMARY KEY (professional_id, version)
);
CREATE TRIGGER professional_contact_append_only BEFORE UPDATE OR DELETE ON professional_contact
  FOR EACH ROW EXECUTE FUNCTION varanto_refuse_change();
CREATE TRIGGER professional_contact_no_truncate BEFORE TRUNCATE ON professional_contact
  FOR EACH STATEMENT EXECUTE FUNCTION varanto_refuse_change();

-- A person logged in to the portal is an actor of their own kind in the log. NOT VALID: the
-- existing rows all satisfy the wider check, and a big log is not rescanned at migration.
ALTER TABLE audit_entry DROP CONSTRAINT audit_entry_actor_kind_check;
ALTER TABLE audit_entry ADD CONSTRAINT audit_entry_actor_kind_check
  CHECK (actor_kind IN ('professional', 'system', 'anonymous', 'citizen')) NOT VALID;

-- Reference data: organizations, their service units and registers, professionals and the user
-- register of their rights. Small tables; in a Citus cluster they become reference tables.

-- Rows of append-only tables are never changed: correction, invalidation and ending a right add
-- rows. Privileges keep the application role out; this trigger holds even for the table owner.
CREATE FUNCTION varanto_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'append-only table %: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'VA001';
END;
$$;

CREATE TABLE organization (
  oid          text PRIMARY KEY,
  name         text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('wellbeing_county', 'municipality', 'private_provider', 'state')),
  business_id  text
);

CREATE TABLE service_unit (
  oid               text PRIMARY KEY,
  organization_oid  text NOT NULL REFERENCES organization (oid),
  name_fi           text NOT NULL,
  name_sv           text,
  municipality      text
);
CREATE INDEX service_unit_organization ON service_unit (organization_oid);

CREATE TABLE register (
  id             text PRIMARY KEY,
  registrar_oid  text NOT NULL REFERENCES organization (oid),
  register_type  text NOT NULL,
  name           text NOT NULL
);
CREATE INDEX register_registrar ON register (registrar_oid);

CREATE TABLE professional (
  id                   uuid PRIMARY KEY,
  login                text NOT NULL UNIQUE,
  given_names          text NOT NULL,
  family_name          text NOT NULL,
  registration_number  text
);

CREATE TABLE professional_right (
  professional_id   uuid NOT NULL REFERENCES professional (id),
  version           integer NOT NULL CHECK (version >= 1),
  organization_oid  text NOT NULL REFERENCES organization (oid),
  service_unit_oids text[] NOT NULL,
  role              text NOT NULL,
  service_tasks     text[] NOT NULL,
  valid_from        date NOT NULL,
  valid_to          date CHECK (valid_to IS NULL OR valid_to >= valid_from),
  granted_by        text NOT NULL,
  granted_at        timestamptz NOT NULL DEFAULT now(),
  reason            text,
  PRIMARY KEY (professional_id, version)
);
CREATE TRIGGER professional_right_append_only BEFORE UPDATE OR DELETE ON professional_right
  FOR EACH ROW EXECUTE FUNCTION varanto_refuse_change();
CREATE TRIGGER professional_right_no_truncate BEFORE TRUNCATE ON professional_right
  FOR EACH STATEMENT EXECUTE FUNCTION varanto_refuse_change();

-- Persons (clients) by an opaque client key. Every version of a person's details is kept.

CREATE TABLE person (
  client_key           uuid NOT NULL,
  version              integer NOT NULL CHECK (version >= 1),
  hetu                 text,
  temporary_id_system  text,
  temporary_id_value   text,
  family_name          text NOT NULL,
  given_names          text NOT NULL,
  birth_date           date,
  sex                  text CHECK (sex IN ('male', 'female', 'unknown')),
  home_municipality    text,
  turvakielto          boolean NOT NULL,
  address              jsonb,
  recorded_at          timestamptz NOT NULL DEFAULT now(),
  recorded_by          text,
  PRIMARY KEY (client_key, version)
);
CREATE TRIGGER person_append_only BEFORE UPDATE OR DELETE ON person
  FOR EACH ROW EXECUTE FUNCTION varanto_refuse_change();
CREATE TRIGGER person_no_truncate BEFORE TRUNCATE ON person
  FOR EACH STATEMENT EXECUTE FUNCTION varanto_refuse_change();

-- Which version is newest, and the lower-cased name for searching; derivable from `person`.
CREATE TABLE person_current (
  client_key   uuid PRIMARY KEY,
  version      integer NOT NULL,
  search_name  text NOT NULL
);
CREATE INDEX person_current_search_name ON person_current (search_name text_pattern_ops);

-- Identifier (henkilötunnus under system 1.2.246.21, or a temporary id under its own OID) → client.
CREATE TABLE client_identifier (
  system      text NOT NULL,
  value       text NOT NULL,
  client_key  uuid NOT NULL,
  PRIMARY KEY (system, value)
);
CREATE INDEX client_identifier_client ON client_identifier (client_key);
-- Search by an identifier typed without its system.
CREATE INDEX client_identifier_value ON client_identifier (value);

-- Document structures and code systems imported by users (a Sosmeta export, an official code
-- set from THL's code server). Each import is a new row; the newest row of an OID is in force.
-- Reference data: small, and in a Citus cluster reference tables.

CREATE TABLE imported_structure (
  oid          text NOT NULL,
  imported_at  timestamptz NOT NULL DEFAULT now(),
  type_code    text NOT NULL,
  version      text NOT NULL,
  definition   jsonb NOT NULL,
  source       text NOT NULL,
  imported_by  text NOT NULL,
  PRIMARY KEY (oid, imported_at)
);
CREATE TRIGGER imported_structure_append_only BEFORE UPDATE OR DELETE ON imported_structure
  FOR EACH ROW EXECUTE FUNCTION varanto_refuse_change();

CREATE TABLE imported_code_system (
  oid          text NOT NULL,
  imported_at  timestamptz NOT NULL DEFAULT now(),
  version      text,
  code_system  jsonb NOT NULL,
  source       text NOT NULL,
  imported_by  text NOT NULL,
  PRIMARY KEY (oid, imported_at)
);
CREATE TRIGGER imported_code_system_append_only BEFORE UPDATE OR DELETE ON imported_code_system
  FOR EACH ROW EXECUTE FUNCTION varanto_refuse_change();

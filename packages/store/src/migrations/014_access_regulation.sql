-- Each organization's access-rights regulation (käyttöoikeusmääräys), edited by its administrator
-- and kept as versions: who could do what on a given day must stay answerable afterwards. An
-- organization without a row works under the shipped default.
CREATE TABLE access_regulation (
  organization_oid  text NOT NULL REFERENCES organization (oid),
  version           integer NOT NULL CHECK (version >= 1),
  name              text NOT NULL,
  grants            jsonb NOT NULL,
  recorded_at       timestamptz NOT NULL DEFAULT now(),
  recorded_by       text NOT NULL,
  reason            text NOT NULL,
  PRIMARY KEY (organization_oid, version)
);
CREATE TRIGGER access_regulation_append_only BEFORE UPDATE OR DELETE ON access_regulation
  FOR EACH ROW EXECUTE FUNCTION varanto_refuse_change();
CREATE TRIGGER access_regulation_no_truncate BEFORE TRUNCATE ON access_regulation
  FOR EACH STATEMENT EXECUTE FUNCTION varanto_refuse_change();

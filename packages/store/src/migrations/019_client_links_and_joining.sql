-- Temporary identifiers linked to the identity code, and the joining models of organizations.
--
-- A client known only by a temporary identifier (tilapäinen yksilöintitunnus) is a person of their
-- own; when the henkilötunnus becomes known, an authorised user links the two. A link is versions
-- (linked, then perhaps unlinked when it was wrong): nothing is moved or deleted, so undoing a wrong
-- link loses no document. While a link is in force each person's documents are indexed under the
-- other too (document_client), so a search by either finds everything.
CREATE TABLE client_link (
  link_id                uuid NOT NULL,
  version                integer NOT NULL CHECK (version >= 1),
  temporary_client_key   uuid NOT NULL,
  identified_client_key  uuid NOT NULL,
  status                 text NOT NULL CHECK (status IN ('linked', 'unlinked')),
  reason                 text NOT NULL,
  recorded_by            text NOT NULL,
  recorded_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (link_id, version),
  CHECK (temporary_client_key <> identified_client_key)
);
CREATE INDEX client_link_temporary ON client_link (temporary_client_key);
CREATE INDEX client_link_identified ON client_link (identified_client_key);
CREATE TRIGGER client_link_append_only BEFORE UPDATE OR DELETE ON client_link
  FOR EACH ROW EXECUTE FUNCTION varanto_refuse_change();
CREATE TRIGGER client_link_no_truncate BEFORE TRUNCATE ON client_link
  FOR EACH STATEMENT EXECUTE FUNCTION varanto_refuse_change();

-- The links in force, both ways: derivable from the newest version of each link.
CREATE TABLE client_link_member (
  client_key  uuid NOT NULL,
  linked_key  uuid NOT NULL,
  link_id     uuid NOT NULL,
  PRIMARY KEY (client_key, linked_key)
);
CREATE INDEX client_link_member_link ON client_link_member (link_id);

-- Joining models: a producer joins directly (its own system calls the API with its own users), as a
-- tenant in a main joiner's system (joint: the main joiner's administrator manages its users), or
-- in the organizer's own system (parallel: the organizer manages its users). The host is the main
-- joiner or the organizer; each organization's data stays its own in every model.
ALTER TABLE organization ADD COLUMN joining_model text NOT NULL DEFAULT 'direct'
  CHECK (joining_model IN ('direct', 'joint', 'parallel'));
ALTER TABLE organization ADD COLUMN host_organization_oid text REFERENCES organization (oid);
ALTER TABLE organization ADD CONSTRAINT organization_joining_host
  CHECK ((joining_model = 'direct') = (host_organization_oid IS NULL) AND host_organization_oid IS DISTINCT FROM oid);

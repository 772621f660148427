-- Files of documents that are files: legacy documents (vanhat asiakirjat) archived as a PDF or a
-- plain text. The bytes live outside the database in a content-addressed blob store (the
-- filesystem by default), named by their SHA-256; this row binds one document version to its
-- file. The version's own content names the same hash, so the version's content hash covers it.
-- Append-only like the versions it belongs to; identical files share one blob.
CREATE TABLE document_file (
  client_key  uuid NOT NULL,
  set_id      text NOT NULL,
  version     integer NOT NULL,
  sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  media_type  text NOT NULL,
  byte_size   bigint NOT NULL CHECK (byte_size >= 0),
  file_name   text NOT NULL,
  -- The version it belongs to is written in the same statement (store/legacy.ts); no foreign key,
  -- as between the other document tables (a TRUNCATE must meet the append-only trigger, and a
  -- Citus cluster colocates these by client_key anyway).
  PRIMARY KEY (client_key, set_id, version)
);
-- Which documents hold a blob (an integrity check or a future collector of unreferenced blobs).
CREATE INDEX document_file_sha256 ON document_file (sha256);
CREATE TRIGGER document_file_append_only BEFORE UPDATE OR DELETE ON document_file
  FOR EACH ROW EXECUTE FUNCTION varanto_refuse_change();
CREATE TRIGGER document_file_no_truncate BEFORE TRUNCATE ON document_file
  FOR EACH STATEMENT EXECUTE FUNCTION varanto_refuse_change();

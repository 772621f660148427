-- Runs of the legacy-document importer (`varanto import-legacy`, docs/legacy-import.md): which
-- manifest (by its SHA-256) was imported for which registrar, when and by whom. A repeat of the
-- same manifest for the same registrar is refused unless the operator forces it (`--force`), so
-- a rerun after a success does not archive every document twice. Written in the run's own
-- transaction: a failed run records nothing and may be rerun. Append-only: a forced repeat is a
-- row of its own (forced = true), the history stays whole.
CREATE TABLE legacy_import_run (
  run_id          uuid PRIMARY KEY,
  registrar_oid   text NOT NULL,
  manifest_sha256 text NOT NULL CHECK (manifest_sha256 ~ '^[0-9a-f]{64}$'),
  -- Where the manifest was read (for the operator; the hash is what identifies it).
  manifest_path   text NOT NULL,
  documents       integer NOT NULL CHECK (documents >= 0),
  forced          boolean NOT NULL,
  imported_by     text NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX legacy_import_run_manifest ON legacy_import_run (registrar_oid, manifest_sha256, recorded_at);
CREATE TRIGGER legacy_import_run_append_only BEFORE UPDATE OR DELETE ON legacy_import_run
  FOR EACH ROW EXECUTE FUNCTION varanto_refuse_change();
CREATE TRIGGER legacy_import_run_no_truncate BEFORE TRUNCATE ON legacy_import_run
  FOR EACH STATEMENT EXECUTE FUNCTION varanto_refuse_change();

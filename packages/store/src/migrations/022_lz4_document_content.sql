-- A document's content and its XHTML rendering are a few KiB each, so PostgreSQL compresses them
-- (TOAST) on every store. Its default method, pglz, took 146 µs per document where lz4 took 48 µs
-- for the same 20,000 documents at the same size on disk (bench/RESULTS.md, 2026-11-23), and lz4
-- also decompresses faster on every read. Servers built without lz4 (the embedded binaries) list
-- only pglz among the methods and keep it. Existing rows keep their compression; new ones use lz4.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings
              WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    ALTER TABLE document_version
      ALTER COLUMN content SET COMPRESSION lz4,
      ALTER COLUMN xhtml SET COMPRESSION lz4;
  END IF;
END $$;

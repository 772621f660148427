-- Documents. `document_version` is the record: append-only, one row per version, all national
-- metadata as columns. The other tables are projections kept in the same transaction.

CREATE TABLE document_version (
  client_key        uuid NOT NULL,
  set_id            text NOT NULL,
  version           integer NOT NULL CHECK (version >= 1),
  version_oid       text NOT NULL,
  status            text NOT NULL CHECK (status IN ('active', 'invalidated')),
  registrar_oid     text NOT NULL,
  register_id       text NOT NULL,
  organization_oid  text NOT NULL,
  service_unit_oid  text NOT NULL,
  author_id         text NOT NULL,
  author_name       text NOT NULL,
  case_oid          text,
  clienthood_oid    text,
  service_task      text NOT NULL,
  social_service    text,
  process_phase     text,
  document_group    text NOT NULL,
  document_type     text NOT NULL,
  structure_oid     text NOT NULL,
  document_date     date NOT NULL,
  retention_class   text,
  language          text NOT NULL CHECK (language IN ('fi', 'sv')),
  omakanta          jsonb NOT NULL,
  clients           uuid[] NOT NULL CHECK (cardinality(clients) >= 1),
  reason            text,
  content           jsonb,
  xhtml             text NOT NULL,
  content_sha256    text NOT NULL,
  recorded_at       timestamptz NOT NULL DEFAULT now(),
  recorded_by       text NOT NULL,
  PRIMARY KEY (client_key, set_id, version),
  UNIQUE (client_key, version_oid)
);
CREATE TRIGGER document_version_append_only BEFORE UPDATE OR DELETE ON document_version
  FOR EACH ROW EXECUTE FUNCTION varanto_refuse_change();
CREATE TRIGGER document_version_no_truncate BEFORE TRUNCATE ON document_version
  FOR EACH STATEMENT EXECUTE FUNCTION varanto_refuse_change();

-- A get by set id must find the shard (owner client) without a scan.
CREATE TABLE document_locator (
  set_id            text PRIMARY KEY,
  owner_client_key  uuid NOT NULL
);

-- The newest version's metadata per document, for lists and searches.
CREATE TABLE document_current (
  client_key         uuid NOT NULL,
  set_id             text NOT NULL,
  version            integer NOT NULL,
  version_oid        text NOT NULL,
  status             text NOT NULL,
  registrar_oid      text NOT NULL,
  register_id        text NOT NULL,
  organization_oid   text NOT NULL,
  service_unit_oid   text NOT NULL,
  author_id          text NOT NULL,
  author_name        text NOT NULL,
  case_oid           text,
  clienthood_oid     text,
  service_task       text NOT NULL,
  social_service     text,
  process_phase      text,
  document_group     text NOT NULL,
  document_type      text NOT NULL,
  structure_oid      text NOT NULL,
  document_date      date NOT NULL,
  retention_class    text,
  language           text NOT NULL,
  omakanta           jsonb NOT NULL,
  clients            uuid[] NOT NULL,
  first_recorded_at  timestamptz NOT NULL,
  recorded_at        timestamptz NOT NULL,
  recorded_by        text NOT NULL,
  PRIMARY KEY (client_key, set_id)
);
CREATE INDEX document_current_client_date ON document_current (client_key, document_date DESC, recorded_at DESC);
CREATE INDEX document_current_registrar_date ON document_current (registrar_oid, document_date DESC, recorded_at DESC);
CREATE INDEX document_current_case ON document_current (case_oid) WHERE case_oid IS NOT NULL;

-- Every client a document concerns (the owner included), so a shared document is found from each.
CREATE TABLE document_client (
  client_key        uuid NOT NULL,
  set_id            text NOT NULL,
  owner_client_key  uuid NOT NULL,
  PRIMARY KEY (client_key, set_id)
);

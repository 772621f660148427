-- The access log. Append-only and hash-chained: each entry stores the hash of the previous entry
-- of its chain. 32 chains (chosen by client, or by actor for entries without a client) so that
-- concurrent writers rarely wait for the same chain head.

CREATE TABLE audit_chain_head (
  chain  smallint PRIMARY KEY CHECK (chain >= 0 AND chain < 32),
  seq    bigint NOT NULL,
  hash   text NOT NULL
);
INSERT INTO audit_chain_head (chain, seq, hash)
  SELECT g, 0, repeat('0', 64) FROM generate_series(0, 31) AS g;

CREATE TABLE audit_entry (
  chain              smallint NOT NULL,
  seq                bigint NOT NULL CHECK (seq >= 1),
  recorded_at        timestamptz NOT NULL,
  actor_kind         text NOT NULL CHECK (actor_kind IN ('professional', 'system', 'anonymous')),
  actor_id           text,
  actor_login        text,
  actor_name         text,
  organization_oid   text,
  service_unit_oids  text[],
  role               text,
  strong_auth        boolean,
  client_key         uuid,
  action             text NOT NULL,
  documents          jsonb NOT NULL DEFAULT '[]',
  outcome            text NOT NULL CHECK (outcome IN ('allowed', 'denied', 'error')),
  rule               text,
  reason             text,
  purpose            text,
  request_id         text,
  prev_hash          text NOT NULL,
  hash               text NOT NULL,
  PRIMARY KEY (chain, seq)
);
CREATE INDEX audit_entry_client ON audit_entry (client_key, recorded_at DESC) WHERE client_key IS NOT NULL;
CREATE INDEX audit_entry_actor ON audit_entry (actor_id, recorded_at DESC) WHERE actor_id IS NOT NULL;
CREATE INDEX audit_entry_time ON audit_entry (recorded_at);
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION varanto_refuse_change();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
  FOR EACH STATEMENT EXECUTE FUNCTION varanto_refuse_change();

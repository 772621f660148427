-- Signed audit checkpoints: the last (seq, hash) of every chain, signed with an Ed25519 key kept
-- outside the database. The chains alone cannot show a removed tail or a chain rewritten with
-- recomputed hashes; a checkpoint kept elsewhere can. The row keeps the exact signed text, so a
-- lost file can be exported again; append-only like the log it anchors.

CREATE TABLE audit_checkpoint (
  id          uuid PRIMARY KEY,
  created_at  timestamptz NOT NULL,
  -- SHA-256 of the signing public key (DER SubjectPublicKeyInfo), hex.
  key_id      text NOT NULL,
  entries     bigint NOT NULL CHECK (entries >= 0),
  -- The canonical JSON that was signed, byte for byte (jsonb would reorder it).
  payload     text NOT NULL,
  -- Ed25519 signature of payload, base64.
  signature   text NOT NULL
);
CREATE INDEX audit_checkpoint_time ON audit_checkpoint (created_at DESC);
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
  FOR EACH ROW EXECUTE FUNCTION varanto_refuse_change();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION varanto_refuse_change();

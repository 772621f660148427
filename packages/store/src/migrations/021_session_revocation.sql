-- Revoked sessions. A session token is signed and checked without the database, so ending one
-- before it expires needs a record the authentication reads: one session ended (logout), or every
-- session of a person issued before a moment (an administrator's action: a lost certificate card,
-- ended employment, a suspected stolen session). Append-only: a revocation is never taken back.
CREATE TABLE session_revocation (
  revocation_id       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subject_kind        text NOT NULL CHECK (subject_kind IN ('professional', 'citizen')),
  -- The professional's id, or the citizen's person key.
  subject_id          uuid NOT NULL,
  -- 'session': the one session `session_id` (the token's jti); 'all': every session issued
  -- before `issued_before`.
  scope               text NOT NULL CHECK (scope IN ('session', 'all')),
  session_id          uuid,
  -- When the ended session would have expired anyway; after it the row is history only.
  session_expires_at  timestamptz,
  issued_before       timestamptz,
  revoked_at          timestamptz NOT NULL DEFAULT now(),
  -- The professional's id, or `citizen:<person key>` for a citizen's own logout.
  revoked_by          text NOT NULL,
  reason              text NOT NULL,
  CHECK ((scope = 'session') = (session_id IS NOT NULL)),
  CHECK ((scope = 'session') = (session_expires_at IS NOT NULL)),
  CHECK ((scope = 'all') = (issued_before IS NOT NULL))
);
-- A session is ended once; a second logout with the same token adds nothing.
CREATE UNIQUE INDEX session_revocation_session ON session_revocation (session_id) WHERE scope = 'session';
-- What authentication reads: a person's revocations of all, and their sessions not yet expired.
CREATE INDEX session_revocation_subject
  ON session_revocation (subject_kind, subject_id, scope, session_expires_at);
CREATE TRIGGER session_revocation_append_only BEFORE UPDATE OR DELETE ON session_revocation
  FOR EACH ROW EXECUTE FUNCTION varanto_refuse_change();
CREATE TRIGGER session_revocation_no_truncate BEFORE TRUNCATE ON session_revocation
  FOR EACH STATEMENT EXECUTE FUNCTION varanto_refuse_change();

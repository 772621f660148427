-- The misuse reports read one organization's staff entries about clients over a period: without
-- this index they would scan every organization's entries of the period.
CREATE INDEX audit_entry_organization ON audit_entry (organization_oid, recorded_at)
  WHERE client_key IS NOT NULL AND actor_kind = 'professional';

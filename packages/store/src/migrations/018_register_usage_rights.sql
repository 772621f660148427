-- Register usage rights (rekisterinkäyttöoikeus). The right *is* the producer's (or its
-- subcontractor's) service unit with its dates on a service task of the client's clienthood
-- document; `register_usage_right` is that document's projection, rewritten in the same
-- transaction as each clienthood version, and read by the access filter's EXISTS. The organizer
-- informs the producer through notices the producer's system polls and acknowledges.

-- An organizer that does not handle its clients' cases itself (THL for shelter homes) gives broad
-- rights: its producers also record the case and clienthood documents.
ALTER TABLE organization ADD COLUMN broad_usage_rights boolean NOT NULL DEFAULT false;

CREATE TABLE register_usage_right (
  client_key               uuid NOT NULL,
  clienthood_oid           text NOT NULL,
  registrar_oid            text NOT NULL,
  service_task             text NOT NULL,
  service_unit_oid         text NOT NULL,
  holder_organization_oid  text NOT NULL,
  -- For a subcontractor's right (palveluntoteuttaja): the producer unit it works under.
  producer_unit_oid        text,
  social_services          text[] NOT NULL,
  start_date               date NOT NULL,
  end_date                 date,
  PRIMARY KEY (client_key, clienthood_oid, service_task, service_unit_oid, start_date),
  CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX register_usage_right_client ON register_usage_right (client_key, registrar_oid, service_task);
-- Which registers an organization may use today (the registrar entitlement of each request).
CREATE INDEX register_usage_right_holder ON register_usage_right (holder_organization_oid, registrar_oid);

CREATE TABLE usage_right_notice (
  client_key               uuid NOT NULL,
  notice_id                uuid NOT NULL DEFAULT gen_random_uuid(),
  kind                     text NOT NULL CHECK (kind IN ('opened', 'changed', 'ended')),
  registrar_oid            text NOT NULL,
  register_id              text NOT NULL,
  clienthood_oid           text NOT NULL,
  clienthood_set_id        text NOT NULL,
  clienthood_version       integer NOT NULL,
  case_oid                 text,
  service_task             text NOT NULL,
  service_unit_oid         text NOT NULL,
  holder_organization_oid  text NOT NULL,
  producer_unit_oid        text,
  start_date               date NOT NULL,
  end_date                 date,
  recorded_at              timestamptz NOT NULL DEFAULT now(),
  recorded_by              text NOT NULL,
  PRIMARY KEY (client_key, notice_id)
);
CREATE INDEX usage_right_notice_holder ON usage_right_notice (holder_organization_oid, recorded_at);
CREATE TRIGGER usage_right_notice_append_only BEFORE UPDATE OR DELETE ON usage_right_notice
  FOR EACH ROW EXECUTE FUNCTION varanto_refuse_change();
CREATE TRIGGER usage_right_notice_no_truncate BEFORE TRUNCATE ON usage_right_notice
  FOR EACH STATEMENT EXECUTE FUNCTION varanto_refuse_change();

-- A producer's system acknowledges each notice once it has taken it in; unacknowledged notices are
-- what the next poll returns (no clock or sequence to miss a late commit by).
CREATE TABLE usage_right_notice_ack (
  notice_id                uuid PRIMARY KEY,
  holder_organization_oid  text NOT NULL,
  acknowledged_at          timestamptz NOT NULL DEFAULT now(),
  acknowledged_by          text NOT NULL
);
CREATE TRIGGER usage_right_notice_ack_append_only BEFORE UPDATE OR DELETE ON usage_right_notice_ack
  FOR EACH ROW EXECUTE FUNCTION varanto_refuse_change();
CREATE TRIGGER usage_right_notice_ack_no_truncate BEFORE TRUNCATE ON usage_right_notice_ack
  FOR EACH STATEMENT EXECUTE FUNCTION varanto_refuse_change();

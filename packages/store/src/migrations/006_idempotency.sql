-- Responses of writes sent with an Idempotency-Key, so a client's retry gets the first answer.

CREATE TABLE idempotency_key (
  actor_id      text NOT NULL,
  key           text NOT NULL,
  request_hash  text NOT NULL,
  status_code   integer NOT NULL,
  response      jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (actor_id, key)
);
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);

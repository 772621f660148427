-- Projections of clienthood and case documents (the documents themselves are document versions).

CREATE TABLE clienthood (
  client_key          uuid NOT NULL,
  clienthood_oid      text NOT NULL,
  registrar_oid       text NOT NULL,
  register_id         text NOT NULL,
  set_id              text NOT NULL,
  version             integer NOT NULL,
  started             date NOT NULL,
  ended               date,
  personal_worker_id  text,
  PRIMARY KEY (client_key, clienthood_oid)
);
CREATE INDEX clienthood_client_registrar ON clienthood (client_key, registrar_oid);

CREATE TABLE clienthood_service_task (
  client_key      uuid NOT NULL,
  clienthood_oid  text NOT NULL,
  service_task    text NOT NULL,
  start_date      date NOT NULL,
  end_date        date,
  PRIMARY KEY (client_key, clienthood_oid, service_task, start_date)
);

CREATE TABLE case_locator (
  case_oid          text PRIMARY KEY,
  owner_client_key  uuid NOT NULL
);

CREATE TABLE care_case (
  client_key     uuid NOT NULL,
  case_oid       text NOT NULL,
  registrar_oid  text NOT NULL,
  service_task   text NOT NULL,
  state          text NOT NULL,
  opened         date NOT NULL,
  ended          date,
  shared         boolean NOT NULL,
  set_id         text NOT NULL,
  version        integer NOT NULL,
  PRIMARY KEY (client_key, case_oid)
);

CREATE TABLE case_member (
  client_key        uuid NOT NULL,
  case_oid          text NOT NULL,
  owner_client_key  uuid NOT NULL,
  joined_at         date NOT NULL,
  left_at           date,
  PRIMARY KEY (client_key, case_oid)
);
CREATE INDEX case_member_case ON case_member (case_oid);

-- A professional's contact details shown to clients also name a public service address (the
-- office's visiting or postal address, never a home address). Recorded through the API
-- (PUT /professionals/{id}/contact) as the next version, like the phone and the e-mail.
ALTER TABLE professional_contact ADD COLUMN service_address text;

-- Idempotency keys scoped to their caller and chat (CONTRACT §3): the key stored is
-- "<caller>|<chat>|<Idempotency-Key>" (longer than the header's 200 characters), and the
-- request it answered is kept with it, so the same key with another request is refused
-- (422) instead of answered with someone else's answer. switchboard_claim_request and
-- switchboard_ingest (functions/) compare it.
ALTER TABLE ingest_requests DROP CONSTRAINT IF EXISTS ingest_requests_request_key_check;
ALTER TABLE ingest_requests ADD CONSTRAINT ingest_requests_request_key_check
    CHECK (request_key <> '' AND char_length(request_key) <= 1000);
ALTER TABLE ingest_requests ADD COLUMN request_body text;
-- Keys claimed before were global; none of them can match a scoped key, so they only
-- take room until the daily sweep: gone now.
DELETE FROM ingest_requests;

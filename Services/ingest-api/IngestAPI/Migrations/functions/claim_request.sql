-- claim_request: Idempotency-Key claims of POST /api/ingest.
--
-- A repeatable definitions file (Shared/Postgres RepeatableScript): applied again whenever
-- it changes, before the numbered migrations, with check_function_bodies off. The one
-- definition of each function below; change it here, not in a numbered migration.

-- The signature before requests were compared (0003).
DROP FUNCTION IF EXISTS switchboard_claim_request(text, float8);

-- Claims p_key for a request about to be handled. p_key is already scoped to its caller
-- and chat (RequestKey in Swift); p_body is the request in a canonical form: the same key
-- with another request is SQLSTATE SB422 (the API's 422), never the first answer. Returns NULL when the caller is to handle
-- it; the stored response when a request with this key was handled already. A request
-- with this key still in progress: if its claim is in an open transaction, the insert
-- waits for it (then sees its response); if committed without a response (the model path
-- answers in a later transaction), SQLSTATE 55006 "in progress" — unless that claim is
-- older than p_abandon_seconds: its handler died, and this caller takes the key over.
CREATE OR REPLACE FUNCTION switchboard_claim_request(p_key text, p_body text, p_abandon_seconds float8) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    previous ingest_requests;
BEGIN
    -- About one claim in a thousand sweeps out keys older than a day.
    IF random() < 0.001 THEN
        DELETE FROM ingest_requests WHERE claimed_at < now() - interval '1 day';
    END IF;
    INSERT INTO ingest_requests (request_key, request_body) VALUES (p_key, p_body)
        ON CONFLICT (request_key) DO NOTHING;
    IF FOUND THEN
        RETURN NULL;
    END IF;
    SELECT * INTO previous FROM ingest_requests WHERE request_key = p_key FOR UPDATE;
    -- Keys claimed before bodies were kept (request_body NULL) match any body.
    IF previous.request_body IS DISTINCT FROM p_body AND previous.request_body IS NOT NULL THEN
        RAISE EXCEPTION 'this Idempotency-Key was used with another request'
            USING ERRCODE = 'SB422';
    END IF;
    IF previous.response IS NOT NULL THEN
        RETURN previous.response;
    END IF;
    IF previous.claimed_at < now() - make_interval(secs => p_abandon_seconds) THEN
        UPDATE ingest_requests SET claimed_at = now() WHERE request_key = p_key;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'a request with this Idempotency-Key is still being handled'
        USING ERRCODE = 'object_in_use';
END
$$;

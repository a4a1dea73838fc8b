-- Idempotency keys for POST /api/ingest (header Idempotency-Key).
--
-- A client that did not hear the answer sends the question again: telegram-gateway retries
-- a time-out after 5 s (CONTRACT §4) and handles an update again after a crash. With the
-- same key, the question is stored and answered once; the repeat gets the first answer.
-- response is the API answer as sent (NULL while the first request is still being handled).
CREATE TABLE ingest_requests (
    request_key text PRIMARY KEY CHECK (request_key <> '' AND char_length(request_key) <= 200),
    response    jsonb,
    claimed_at  timestamptz NOT NULL DEFAULT now()
);
-- Keys are kept for a day (switchboard_claim_request deletes older ones now and then).
CREATE INDEX ingest_requests_claimed_at ON ingest_requests (claimed_at);

-- Claims p_key for a request about to be handled. Returns NULL when the caller is to handle
-- it; the stored response when a request with this key was handled already. A request
-- with this key still in progress: if its claim is in an open transaction, the insert
-- waits for it (then sees its response); if committed without a response (the model path
-- answers in a later transaction), SQLSTATE 55006 "in progress" — unless that claim is
-- older than p_abandon_seconds: its handler died, and this caller takes the key over.
CREATE FUNCTION switchboard_claim_request(p_key text, p_abandon_seconds float8) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    previous ingest_requests;
BEGIN
    -- About one claim in a thousand sweeps out keys older than a day.
    IF random() < 0.001 THEN
        DELETE FROM ingest_requests WHERE claimed_at < now() - interval '1 day';
    END IF;
    INSERT INTO ingest_requests (request_key) VALUES (p_key) ON CONFLICT (request_key) DO NOTHING;
    IF FOUND THEN
        RETURN NULL;
    END IF;
    SELECT * INTO previous FROM ingest_requests WHERE request_key = p_key FOR UPDATE;
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

-- switchboard_ingest (0003) with an idempotency key: claimed in the same transaction, so
-- a repeat that arrives while the first is running waits for it and gets its answer; the
-- answer (built here, in the shape of the API's IngestResponse) is stored with the key.
-- replayed is true when the row is the stored answer of an earlier request.
DROP FUNCTION switchboard_ingest(text, text, text, text, text, text, text, text, float8, real, real, text, text, text);

CREATE FUNCTION switchboard_ingest(
    p_chat_id text, p_channel text, p_text text, p_user_id text, p_first_name text, p_last_name text,
    p_username text, p_language text, p_session_idle_seconds float8, p_threshold real, p_near_score real,
    p_category text, p_priority text, p_department text, p_request_key text, p_abandon_seconds float8)
RETURNS TABLE (
    replayed jsonb,
    question_id bigint, question_created_at text, session_id text,
    faq_id bigint, score float8, answer text, answer_id bigint, answer_created_at text,
    ticket_id bigint, ticket_status text, ticket_category text, ticket_priority text, ticket_department text,
    ticket_language text, ticket_chat_id text, ticket_assignee text, ticket_closed_by text,
    ticket_closed_at text, ticket_follows_ticket_id bigint, ticket_session_id text, ticket_created_at text,
    ticket_updated_at text, ticket_inserted boolean)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    question record;
    best record;
    reply record;
    ticket record;
BEGIN
    IF p_request_key IS NOT NULL THEN
        replayed := switchboard_claim_request(p_request_key, p_abandon_seconds);
        IF replayed IS NOT NULL THEN
            RETURN NEXT;
            RETURN;
        END IF;
    END IF;
    SELECT * INTO question FROM switchboard_store_message(
        p_chat_id, p_channel, 'in', 'user', p_text, p_user_id, p_first_name, p_last_name, p_username,
        p_language, p_session_idle_seconds, false);
    question_id := question.id;
    question_created_at := question.created_at;
    session_id := question.session_id;
    SELECT f.id, f.answer, c.score::float8 AS score INTO best
    FROM switchboard_faq_candidates(p_text, p_language, p_threshold, 1) AS c JOIN faq AS f ON f.id = c.faq_id;
    IF FOUND THEN
        -- The chat row was upserted (and locked) for the question in this transaction,
        -- with the same now(): the answer only needs its message row.
        INSERT INTO messages AS m (chat_id, direction, sender, text, session_id)
        VALUES (p_chat_id, 'out', 'bot', best.answer, question.session_id::uuid)
        RETURNING m.id, to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at
        INTO reply;
        faq_id := best.id;
        score := best.score;
        answer := best.answer;
        answer_id := reply.id;
        answer_created_at := reply.created_at;
        IF p_request_key IS NOT NULL THEN
            UPDATE ingest_requests SET response = jsonb_build_object(
                'status', 'closed_auto', 'answer', best.answer, 'similarity_score', round(best.score::numeric, 3),
                'source', 'faq', 'language', p_language, 'session_id', question.session_id,
                'message_id', question.id)
            WHERE request_key = p_request_key;
        END IF;
    ELSE
        SELECT max(c.score)::float8 INTO score
        FROM switchboard_faq_candidates(p_text, p_language, p_near_score, 1) AS c;
        SELECT * INTO ticket FROM switchboard_escalate(
            p_chat_id, p_category, p_priority, p_department, p_language, question.session_id::uuid, question.id);
        ticket_id := ticket.id;
        ticket_status := ticket.status;
        ticket_category := ticket.category;
        ticket_priority := ticket.priority;
        ticket_department := ticket.department;
        ticket_language := ticket.language;
        ticket_chat_id := ticket.chat_id;
        ticket_assignee := ticket.assignee;
        ticket_closed_by := ticket.closed_by;
        ticket_closed_at := ticket.closed_at;
        ticket_follows_ticket_id := ticket.follows_ticket_id;
        ticket_session_id := ticket.session_id;
        ticket_created_at := ticket.created_at;
        ticket_updated_at := ticket.updated_at;
        ticket_inserted := ticket.inserted;
        IF p_request_key IS NOT NULL THEN
            UPDATE ingest_requests SET response = jsonb_build_object(
                'status', 'new', 'ticket_id', ticket.id, 'category', ticket.category, 'priority', ticket.priority,
                'department', ticket.department, 'language', p_language, 'session_id', question.session_id,
                'message_id', question.id)
            WHERE request_key = p_request_key;
        END IF;
    END IF;
    RETURN NEXT;
END
$$;

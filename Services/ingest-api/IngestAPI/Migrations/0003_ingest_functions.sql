-- Storing a message, escalating a question and answering one, as PL/pgSQL functions.
--
-- Why functions: POST /api/ingest used to be three statements from Swift (store the
-- question, match the FAQ, store the answer or open the ticket), each its own round trip
-- and transaction. switchboard_ingest does all of it in one call and one transaction,
-- and PL/pgSQL keeps each statement's plan for the session. The statements are the ones
-- ChatStore and TicketStore used to send, moved here so both paths share one copy.
--
-- `#variable_conflict use_column`: the result columns (id, chat_id, …) are also PL/pgSQL
-- variables; inside the statements a bare name means the table's column.

-- Stores one message (see ChatStore): upserts the user (when the message is incoming
-- and names one), upserts the chat (locking its row until the transaction ends, which
-- orders concurrent messages of one chat), moves the chat's session on, inserts the message.
CREATE FUNCTION switchboard_store_message(
    p_chat_id text, p_channel text, p_direction text, p_sender text, p_text text,
    p_user_id text, p_first_name text, p_last_name text, p_username text, p_language text,
    p_session_idle_seconds float8, p_joins_open_ticket boolean)
RETURNS TABLE (
    id bigint, chat_id text, direction text, sender text, text text, created_at text,
    session_id text, ticket_id bigint)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH person AS (
        INSERT INTO users AS u (channel, external_id, first_name, last_name, username, language)
        SELECT p_channel, p_user_id, p_first_name, p_last_name, p_username, p_language
        WHERE p_user_id IS NOT NULL
        ON CONFLICT (channel, external_id) DO UPDATE SET
            first_name = coalesce(EXCLUDED.first_name, u.first_name),
            last_name = coalesce(EXCLUDED.last_name, u.last_name),
            username = coalesce(EXCLUDED.username, u.username),
            language = coalesce(EXCLUDED.language, u.language)
        RETURNING u.id
    ), chat AS (
        INSERT INTO chats AS c (chat_id, channel, user_id, session_id, session_seen_at)
        VALUES (p_chat_id, p_channel, (SELECT person.id FROM person), gen_random_uuid(), now())
        ON CONFLICT (chat_id) DO UPDATE SET
            user_id = coalesce(EXCLUDED.user_id, c.user_id),
            session_id = coalesce(
                (SELECT t.session_id FROM tickets AS t WHERE t.chat_id = c.chat_id AND t.status <> 'closed'),
                CASE WHEN c.session_seen_at > now() - make_interval(secs => p_session_idle_seconds)
                    THEN c.session_id END,
                EXCLUDED.session_id),
            session_seen_at = now()
        RETURNING c.chat_id, c.session_id, c.user_id
    )
    INSERT INTO messages AS m (chat_id, direction, sender, text, user_id, session_id, ticket_id)
    SELECT chat.chat_id, p_direction, p_sender, p_text, CASE WHEN p_direction = 'in' THEN chat.user_id END,
        chat.session_id,
        CASE WHEN p_joins_open_ticket THEN (
            SELECT t.id FROM tickets AS t WHERE t.chat_id = p_chat_id AND t.status <> 'closed') END
    FROM chat
    RETURNING m.id, m.chat_id, m.direction, m.sender, m.text,
        to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), m.session_id::text, m.ticket_id;
END
$$;

-- Files message p_message_id in the chat's ticket that is not closed, or opens one (see
-- TicketStore.escalate): the insert falls back to an update of the open ticket on the
-- unique index, so two questions racing in one chat end up in one ticket. Joining raises
-- the priority (never lowers it) and reopens a pending ticket; `xmax = 0` tells a fresh
-- row from an updated one.
CREATE FUNCTION switchboard_escalate(
    p_chat_id text, p_category text, p_priority text, p_department text, p_language text,
    p_session_id uuid, p_message_id bigint)
RETURNS TABLE (
    id bigint, status text, category text, priority text, department text, language text, chat_id text,
    assignee text, closed_by text, closed_at text, follows_ticket_id bigint, session_id text,
    created_at text, updated_at text, inserted boolean)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
    ticket record;
BEGIN
    INSERT INTO tickets AS t (chat_id, category, priority, department, language, session_id, follows_ticket_id)
    VALUES (p_chat_id, p_category, p_priority, p_department, p_language, p_session_id, (
        SELECT closed.id FROM tickets AS closed WHERE closed.chat_id = p_chat_id AND closed.status = 'closed'
        ORDER BY closed.id DESC LIMIT 1))
    ON CONFLICT (chat_id) WHERE status <> 'closed' DO UPDATE SET
        status = CASE WHEN t.status = 'pending' THEN 'open' ELSE t.status END,
        priority = CASE
            WHEN array_position(ARRAY['low', 'medium', 'high', 'critical'], EXCLUDED.priority)
                > array_position(ARRAY['low', 'medium', 'high', 'critical'], t.priority)
            THEN EXCLUDED.priority ELSE t.priority END
    RETURNING t.*, (t.xmax = 0) AS fresh INTO ticket;
    UPDATE messages AS m SET ticket_id = ticket.id WHERE m.id = p_message_id;
    RETURN QUERY SELECT ticket.id, ticket.status, ticket.category, ticket.priority, ticket.department,
        ticket.language, ticket.chat_id, ticket.assignee, ticket.closed_by,
        to_char(ticket.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), ticket.follows_ticket_id,
        ticket.session_id::text, to_char(ticket.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        to_char(ticket.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), ticket.fresh;
END
$$;

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

-- POST /api/ingest without a model, in one call: stores the question, matches the FAQ
-- (an answer needs p_threshold), then stores the answer, or files the question in the
-- chat's ticket with the classification the service computed from its rules file.
-- One row: the question, then either the answer (faq_id not null) or the ticket. For a
-- filed question, score is the best FAQ similarity from p_near_score up (the new_session
-- event tells operators how near the FAQ came); NULL when nothing was that near.
-- With an idempotency key, the key is claimed in the same transaction, so a repeat that
-- arrives while the first is running waits for it and gets its answer; the answer (built
-- here, in the shape of the API's IngestResponse) is stored with the key. replayed is the
-- stored answer of an earlier request with the key (and nothing else is set).
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

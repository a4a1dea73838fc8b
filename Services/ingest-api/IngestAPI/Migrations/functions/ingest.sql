-- ingest: POST /api/ingest without a model, in one call.
--
-- A repeatable definitions file (Shared/Postgres RepeatableScript): applied again whenever
-- it changes, before the numbered migrations, with check_function_bodies off. The one
-- definition of each function below; change it here, not in a numbered migration.

-- The signature before requests were compared (0003, 0004).
DROP FUNCTION IF EXISTS switchboard_ingest(
    text, text, text, text, text, text, text, text, float8, real, real, text, text, text, text, float8);

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
-- It looks the FAQ up once, from the near score up, and decides in PL/pgSQL (an answer, or
-- how near the FAQ came for the new_session event); the answer is read by primary key
-- rather than by joining the candidates with the whole FAQ table; the question is stored
-- by the statement itself, not through switchboard_store_message (a function scan each).
-- The events of what it did go to the outbox in the same statement (event_json.sql says
-- why): the question's message, then the answer's, or new_session and ticket_created for a
-- new ticket, or ticket_updated for one the question joined. A replay writes none.
CREATE OR REPLACE FUNCTION switchboard_ingest(
    p_chat_id text, p_channel text, p_text text, p_user_id text, p_first_name text, p_last_name text,
    p_username text, p_language text, p_session_idle_seconds float8, p_threshold real, p_near_score real,
    p_category text, p_priority text, p_department text, p_request_key text, p_request_body text,
    p_abandon_seconds float8)
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
    best_answer text;
    is_filed boolean;
    question_data text;
    ticket_data text;
    event_time text;
BEGIN
    IF p_request_key IS NOT NULL THEN
        replayed := switchboard_claim_request(p_request_key, p_request_body, p_abandon_seconds);
        IF replayed IS NOT NULL THEN
            RETURN NEXT;
            RETURN;
        END IF;
    END IF;
    -- One lookup serves both outcomes: the best entry from the lower of the two scores up
    -- is the answer if it reaches the threshold, else the nearest entry for the ticket. It
    -- reads only the FAQ, so it runs first and the question is stored knowing its fate.
    SELECT c.faq_id, c.score INTO best
    FROM switchboard_faq_candidates(p_text, p_language, least(p_threshold, p_near_score), 1) AS c;
    -- Compared as pg_trgm's % compares (the real similarity against the threshold read as
    -- float8), so a score exactly at a threshold like 0.7 decides as the lookup does.
    IF best.score::float8 >= p_threshold::text::float8 THEN
        SELECT f.answer INTO best_answer FROM faq AS f WHERE f.id = best.faq_id;
    END IF;
    is_filed := best_answer IS NULL;
    IF is_filed THEN
        -- Lock the chat first, so that the statement below takes its snapshot after any
        -- close of the chat's ticket it waited for: its sub-selects (the open ticket's
        -- session, the closed ticket to follow) then see that close. One statement alone
        -- would wait for the chat row but look at tickets as they were before the wait,
        -- and open the follow-up unlinked.
        PERFORM 1 FROM chats AS c WHERE c.chat_id = p_chat_id FOR UPDATE;
    END IF;
    -- The question, and its answer or (when the FAQ has none) its ticket, in one statement:
    -- switchboard_store_message's statement for an incoming question and
    -- switchboard_escalate's, written out here. Calling them cost a function scan and a
    -- tuplestore each, and escalating updated the question's row a second time to link it;
    -- together about a fifth of a question's database time. Keep the three in step
    -- (StoreParityTests).
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
    ), filed_ticket AS (
        INSERT INTO tickets AS t (chat_id, category, priority, department, language, session_id, follows_ticket_id)
        SELECT chat.chat_id, p_category, p_priority, p_department, p_language, chat.session_id, (
            SELECT closed.id FROM tickets AS closed WHERE closed.chat_id = p_chat_id AND closed.status = 'closed'
            ORDER BY closed.id DESC LIMIT 1)
        FROM chat
        -- As a sub-select, not a bare variable: PL/pgSQL passes is_filed as a parameter,
        -- and a plan made for its value (false folds the insert away) looks cheaper than
        -- the cached generic plan, so the statement was planned anew on every answered
        -- question (+10% time); a sub-select's value is not folded, the generic plan stays.
        WHERE (SELECT is_filed)
        ON CONFLICT (chat_id) WHERE status <> 'closed' DO UPDATE SET
            status = CASE WHEN t.status = 'pending' THEN 'open' ELSE t.status END,
            priority = CASE
                WHEN array_position(ARRAY['low', 'medium', 'high', 'critical'], EXCLUDED.priority)
                    > array_position(ARRAY['low', 'medium', 'high', 'critical'], t.priority)
                THEN EXCLUDED.priority ELSE t.priority END
        RETURNING t.*, (t.xmax = 0) AS fresh
    ), stored_question AS (
        INSERT INTO messages AS m (chat_id, direction, sender, text, user_id, session_id, ticket_id)
        SELECT chat.chat_id, 'in', 'user', p_text, chat.user_id, chat.session_id,
            (SELECT filed_ticket.id FROM filed_ticket)
        FROM chat
        RETURNING m.id, m.chat_id, m.created_at, m.session_id
    ), stored_answer AS (
        -- Reads the stored question, so it is inserted after it (ids follow the order).
        -- The chat row was upserted (and locked) for the question with the same now():
        -- the answer only needs its message row.
        INSERT INTO messages AS m (chat_id, direction, sender, text, session_id)
        SELECT q.chat_id, 'out', 'bot', best_answer, q.session_id
        FROM stored_question AS q
        WHERE (SELECT NOT is_filed)  -- a sub-select for the generic plan: see above
        RETURNING m.id, m.created_at
    )
    SELECT q.id AS question_id, to_char(q.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
        q.session_id::text AS session_id, f.id AS ticket_id, f.status, f.category, f.priority, f.department,
        f.language, f.chat_id, f.assignee, f.closed_by,
        to_char(f.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS closed_at, f.follows_ticket_id,
        f.session_id::text AS ticket_session_id,
        to_char(f.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ticket_created_at,
        to_char(f.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at, f.fresh,
        a.id AS answer_id, to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS answer_created_at
    INTO question
    FROM stored_question AS q LEFT JOIN filed_ticket AS f ON true LEFT JOIN stored_answer AS a ON true;
    question_id := question.question_id;
    question_created_at := question.created_at;
    session_id := question.session_id;
    IF NOT is_filed THEN
        faq_id := best.faq_id;
        score := best.score;
        answer := best_answer;
        answer_id := question.answer_id;
        answer_created_at := question.answer_created_at;
        IF p_request_key IS NOT NULL THEN
            UPDATE ingest_requests SET response = jsonb_build_object(
                'status', 'closed_auto', 'answer', best_answer, 'similarity_score', round(best.score::float8::numeric, 3),
                'source', 'faq', 'language', p_language, 'session_id', question.session_id,
                'message_id', question.question_id)
            WHERE request_key = p_request_key;
        END IF;
    ELSE
        score := CASE WHEN best.score::float8 >= p_near_score::text::float8 THEN best.score END;
        ticket_id := question.ticket_id;
        ticket_status := question.status;
        ticket_category := question.category;
        ticket_priority := question.priority;
        ticket_department := question.department;
        ticket_language := question.language;
        ticket_chat_id := question.chat_id;
        ticket_assignee := question.assignee;
        ticket_closed_by := question.closed_by;
        ticket_closed_at := question.closed_at;
        ticket_follows_ticket_id := question.follows_ticket_id;
        ticket_session_id := question.ticket_session_id;
        ticket_created_at := question.ticket_created_at;
        ticket_updated_at := question.updated_at;
        ticket_inserted := question.fresh;
        IF p_request_key IS NOT NULL THEN
            UPDATE ingest_requests SET response = jsonb_build_object(
                'status', 'new', 'ticket_id', question.ticket_id, 'category', question.category,
                'priority', question.priority, 'department', question.department, 'language', p_language,
                'session_id', question.session_id, 'message_id', question.question_id)
            WHERE request_key = p_request_key;
        END IF;
    END IF;
    -- The events, last, so the outbox ids are taken as late as they can be: the drainer
    -- holds back later ids while this transaction runs (OutboxGaps). Inserted here rather
    -- than through switchboard_outbox_add (a JSON array built and taken apart, a function
    -- call: a tenth of the call's time); the transaction has its id already (it wrote the
    -- question), which is what switchboard_outbox_add makes sure of. VALUES rows take
    -- their ids in the order written.
    -- The events' time is when they are written, as Swift stamps the events it writes
    -- (EventTimestamp.now() at the outbox insert), not when the statement began: a question
    -- that waited for its chat's lock is stamped after the wait.
    event_time := switchboard_event_timestamp(clock_timestamp());
    question_data := switchboard_message_json(
        question.question_id, p_chat_id, question.created_at, 'in', 'user', p_text);
    IF NOT is_filed THEN
        INSERT INTO event_outbox (type, data, event_timestamp) VALUES
            ('message', question_data, event_time),
            ('message', switchboard_message_json(
                question.answer_id, p_chat_id, question.answer_created_at, 'out', 'bot', best_answer), event_time);
    ELSE
        ticket_data := switchboard_ticket_json(
            question.ticket_id, question.chat_id, question.status, question.category, question.priority,
            question.department, question.language, question.assignee, question.closed_at, question.closed_by,
            question.follows_ticket_id, question.ticket_session_id, question.ticket_created_at, question.updated_at);
        IF question.fresh THEN
            -- A new ticket is a new session for the operators (IngestService.escalationEvents).
            INSERT INTO event_outbox (type, data, event_timestamp) VALUES
                ('message', question_data, event_time),
                ('new_session', switchboard_new_session_json(
                    question.session_id, coalesce(p_user_id, p_chat_id), p_text, switchboard_no_answer_reason(score),
                    p_first_name, p_last_name, p_username, event_time), event_time),
                ('ticket_created', ticket_data, event_time);
        ELSE
            INSERT INTO event_outbox (type, data, event_timestamp) VALUES
                ('message', question_data, event_time), ('ticket_updated', ticket_data, event_time);
        END IF;
    END IF;
    RETURN NEXT;
END
$$;

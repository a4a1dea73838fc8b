-- event_json: the data of the events switchboard_ingest writes to the outbox, as JSON text.
--
-- A repeatable definitions file (Shared/Postgres RepeatableScript): applied again whenever
-- it changes, before the numbered migrations, with check_function_bodies off.
--
-- Why a second writer of event data next to Swift's (DeskProtocol's EventJSON and
-- NewSessionData): POST /api/ingest without a model is one statement on the event loop.
-- Writing its events from Swift needs the outcome first, so a transaction around the call
-- and a second statement for the outbox: that cost ingest about 45 % of its throughput
-- (bench/compare-builds.sh, issue 17). So switchboard_ingest writes its own events, with
-- these functions, in its own statement. They write what Swift writes: the same keys in the
-- same (sorted) order, absent values left out or null as Swift has them, no spaces. EventJSONParityTests holds the two
-- to the same text; change both or neither.
--
-- Each is one SELECT of one expression and STABLE, like what it calls (to_json and
-- json_build_object are STABLE), so the planner inlines it into switchboard_ingest's
-- statements. Declared IMMUTABLE, none was inlined: each call went through fmgr_sql, which
-- parses the body again in every transaction (a tenth of a filed question's time).

-- A message (CONTRACT §3 shape): DeskProtocol's EventJSON.message.
CREATE OR REPLACE FUNCTION switchboard_message_json(
    p_id bigint, p_chat_id text, p_created_at text, p_direction text, p_sender text, p_text text)
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT json_strip_nulls(json_build_object(
        'chat_id', p_chat_id, 'created_at', p_created_at, 'direction', p_direction, 'id', p_id,
        'sender', p_sender, 'text', p_text))::text
$$;

-- A ticket without its messages (CONTRACT §3 shape plus our extensions): EventJSON.ticket.
-- The times are already text in the API's format.
CREATE OR REPLACE FUNCTION switchboard_ticket_json(
    p_id bigint, p_chat_id text, p_status text, p_category text, p_priority text, p_department text,
    p_language text, p_assignee text, p_closed_at text, p_closed_by text, p_follows_ticket_id bigint,
    p_session_id text, p_created_at text, p_updated_at text)
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT json_strip_nulls(json_build_object(
        'assignee', p_assignee, 'category', p_category, 'chat_id', p_chat_id, 'closed_at', p_closed_at,
        'closed_by', p_closed_by, 'created_at', p_created_at, 'department', p_department,
        'follows_ticket_id', p_follows_ticket_id, 'id', p_id, 'language', p_language, 'priority', p_priority,
        'session_id', p_session_id, 'status', p_status, 'updated_at', p_updated_at))::text
$$;

-- A new_session event's data (CONTRACT §5): NewSessionData as Swift writes it, sorted keys,
-- and a name the user has not set written as null (the original bot's shape).
-- p_response is what admins see as the bot's answer.
CREATE OR REPLACE FUNCTION switchboard_new_session_json(
    p_session_id text, p_user_id text, p_message text, p_response text, p_first_name text,
    p_last_name text, p_username text, p_created_at text)
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT '{"action":"asking_freely","created_at":' || to_json(p_created_at)::text
        || ',"factor":"user","first_name":' || coalesce(to_json(p_first_name)::text, 'null')
        || ',"last_name":' || coalesce(to_json(p_last_name)::text, 'null')
        || ',"message":' || to_json(p_message)::text || ',"response":' || to_json(p_response)::text
        || ',"session_id":' || to_json(p_session_id)::text || ',"user_id":' || to_json(p_user_id)::text
        || ',"username":' || coalesce(to_json(p_username)::text, 'null') || '}'
$$;

-- What admins see as the bot's answer to a question filed without one, given the nearest
-- FAQ score: IngestService.noAnswerReason (Swift's Int() of score * 100 truncates; so does
-- floor for a score that is never negative).
CREATE OR REPLACE FUNCTION switchboard_no_answer_reason(p_nearest_score float8)
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN p_nearest_score IS NULL THEN 'No FAQ entry matches.'
        ELSE 'No confident answer (best FAQ match ' || floor(p_nearest_score * 100)::bigint || '%).' END
$$;

-- "YYYY-MM-DD HH:MM:SS" in UTC, the events' time format (DeskProtocol's EventTimestamp).
CREATE OR REPLACE FUNCTION switchboard_event_timestamp(p_at timestamptz)
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
$$;

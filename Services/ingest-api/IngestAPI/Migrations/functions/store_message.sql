-- store_message: storing one message of a chat.
--
-- A repeatable definitions file (Shared/Postgres RepeatableScript): applied again whenever
-- it changes, before the numbered migrations, with check_function_bodies off. The one
-- definition of each function below; change it here, not in a numbered migration.

-- Stores one message (see ChatStore): upserts the user (when the message is incoming
-- and names one), upserts the chat (locking its row until the transaction ends, which
-- orders concurrent messages of one chat), moves the chat's session on, inserts the message.
CREATE OR REPLACE FUNCTION switchboard_store_message(
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

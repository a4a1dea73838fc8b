-- escalate: filing a question in its chat's ticket.
--
-- A repeatable definitions file (Shared/Postgres RepeatableScript): applied again whenever
-- it changes, before the numbered migrations, with check_function_bodies off. The one
-- definition of each function below; change it here, not in a numbered migration.

-- Files message p_message_id in the chat's ticket that is not closed, or opens one (see
-- TicketStore.escalate): the insert falls back to an update of the open ticket on the
-- unique index, so two questions racing in one chat end up in one ticket. Joining raises
-- the priority (never lowers it) and reopens a pending ticket; `xmax = 0` tells a fresh
-- row from an updated one.
CREATE OR REPLACE FUNCTION switchboard_escalate(
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

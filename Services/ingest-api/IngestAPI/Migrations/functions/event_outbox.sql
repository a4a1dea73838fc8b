-- event_outbox: writing events to the outbox and leasing its drainer (0007_event_outbox).
--
-- A repeatable definitions file (Shared/Postgres RepeatableScript): applied again whenever
-- it changes, before the numbered migrations, with check_function_bodies off. The one
-- definition of each function below; change it here, not in a numbered migration.

-- The drainer's rule for id order (OutboxGaps) needs ids handed out in increasing order
-- across sessions: a sequence cache of 1, bigserial's default. Set again here in case
-- someone raised it (a fresh database creates the sequence later, in 0007, with 1).
ALTER SEQUENCE IF EXISTS event_outbox_id_seq CACHE 1;

-- Adds events, in order, to the outbox of the calling transaction; returns their ids.
-- p_events is a JSON array of [type, data-as-JSON-text] pairs (json, not jsonb: the data's
-- text is kept exactly). Writers do not take turns: ids are taken as transactions run and
-- committed in any order, and the drainer publishes in id order only what can no longer be
-- passed (OutboxGaps in ingest-api). For that, the transaction has its xid before it takes
-- an outbox id: pg_current_xact_id() assigns one if nothing was written yet (the drainer
-- waits for every xid below one it takes after seeing a gap). (Until issue
-- 17 a transaction-scoped advisory lock made ids follow commit order instead; concurrent
-- questions queued on it from here to COMMIT.)
CREATE OR REPLACE FUNCTION switchboard_outbox_add(p_events json, p_timestamp text)
RETURNS SETOF bigint
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_current_xact_id();
    RETURN QUERY
    INSERT INTO event_outbox (type, data, event_timestamp)
    SELECT e.value ->> 0, e.value ->> 1, p_timestamp
    FROM json_array_elements(p_events) WITH ORDINALITY AS e (value, n)
    ORDER BY e.n
    RETURNING id;
END
$$;

-- Takes or renews the drainer's lease for p_seconds; true when p_holder holds it now.
CREATE OR REPLACE FUNCTION switchboard_outbox_lease(p_holder text, p_seconds float8)
RETURNS boolean
LANGUAGE sql VOLATILE AS $$
    INSERT INTO event_outbox_lease AS l (name, holder, expires_at)
    VALUES ('drainer', p_holder, clock_timestamp() + make_interval(secs => p_seconds))
    ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
        WHERE l.holder = EXCLUDED.holder OR l.expires_at < clock_timestamp()
    RETURNING true;
$$;

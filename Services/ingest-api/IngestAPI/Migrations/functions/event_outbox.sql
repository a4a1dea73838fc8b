-- event_outbox: writing events to the outbox and leasing its drainer (0007_event_outbox).
--
-- A repeatable definitions file (Shared/Postgres RepeatableScript): applied again whenever
-- it changes, before the numbered migrations, with check_function_bodies off. The one
-- definition of each function below; change it here, not in a numbered migration.

-- Adds events, in order, to the outbox of the calling transaction; returns their ids.
-- p_events is a JSON array of [type, data-as-JSON-text] pairs (json, not jsonb: the data's
-- text is kept exactly). The advisory lock is held until the transaction ends, so no other
-- writer takes an id until this one has committed or rolled back: ids follow commit order.
-- Callers add their events last, just before COMMIT, so the lock is held briefly.
CREATE OR REPLACE FUNCTION switchboard_outbox_add(p_events json, p_timestamp text)
RETURNS SETOF bigint
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7305846204519338291);
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

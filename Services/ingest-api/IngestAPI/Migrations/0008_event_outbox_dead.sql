-- 0008_event_outbox_dead: outbox rows the drainer could not publish, parked.
--
-- A row that fails again and again (its data is not a JSON object: the publisher refuses
-- it) would hold back every row behind it, since the drainer publishes in id order. After
-- a few tries the drainer moves it here, with its error, in one statement (deleted from
-- event_outbox, inserted here), and the rows behind it go out. An admin lists these
-- (GET /api/admin/dead-letters, stream "event_outbox") and retries one, which adds it to
-- the outbox again as a new row (a new id, at the end) and removes it from here.
CREATE TABLE event_outbox_dead (
    id              bigint PRIMARY KEY,            -- its id in event_outbox
    type            text NOT NULL,
    data            text NOT NULL,
    event_timestamp text NOT NULL,
    error           text NOT NULL,                 -- the last failure
    attempts        integer NOT NULL,              -- how many times it was tried
    created_at      timestamptz NOT NULL,          -- when it was written to the outbox
    parked_at       timestamptz NOT NULL DEFAULT now()
);

-- 0007_event_outbox: the events of CONTRACT §5 kept in PostgreSQL until Redis has them.
--
-- Every event ingest-api reports is inserted here in the transaction of the change it
-- reports (switchboard_outbox_add), so a stored message or ticket always has its event,
-- whatever Redis was doing. One ingest-api instance at a time (event_outbox_lease) publishes
-- the rows in id order and moves event_outbox_cursor past them. The Redis side remembers
-- the last row it published (EVENTS_CHANNEL:outbox:through), so a row published but not yet
-- marked here (a crash in between) is not published a second time.

-- One event waiting for, or already given to, Redis. The id is taken under a lock held
-- until the inserting transaction commits (switchboard_outbox_add): ids follow commit
-- order, so a drainer reading in id order never passes a row committed later.
CREATE TABLE event_outbox (
    id              bigserial PRIMARY KEY,
    type            text NOT NULL CHECK (type <> ''),
    data            text NOT NULL,                 -- the event's data, JSON text exactly as published
    event_timestamp text NOT NULL,                 -- "YYYY-MM-DD HH:MM:SS" UTC, written when the change committed
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- How far the rows have been published: every row with id <= published_through is in Redis.
CREATE TABLE event_outbox_cursor (
    name              text PRIMARY KEY,
    published_through bigint NOT NULL DEFAULT 0,
    updated_at        timestamptz NOT NULL DEFAULT now()
);
INSERT INTO event_outbox_cursor (name) VALUES ('redis');

-- Which ingest-api instance drains: the holder renews before expires_at, anyone else
-- takes it over after.
CREATE TABLE event_outbox_lease (
    name       text PRIMARY KEY,
    holder     text NOT NULL,
    expires_at timestamptz NOT NULL
);

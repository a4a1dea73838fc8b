-- 0001_core: users, chats, message history, tickets, FAQ (CONTRACT.md §3).
--
-- Applied by the Postgres module's Migrator inside one transaction, recorded in
-- schema_migrations. No BEGIN/COMMIT here, and nothing that cannot run in a transaction.
--
-- Conventions: bigserial ids (the API's numeric ids); timestamptz everywhere (sessions
-- run in UTC); small closed vocabularies are text + CHECK rather than enum types, so
-- adding a value later is a one-line constraint change; updated_at is maintained by a
-- trigger so no code path can forget it.

-- Trigram similarity for FAQ matching. A trusted extension: the database owner may
-- create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Sets updated_at on every UPDATE of the tables below.
CREATE FUNCTION switchboard_touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

-- A person writing to us: a Telegram user (external_id = Telegram user id) or a web
-- visitor (external_id = client id), identified per channel.
CREATE TABLE users (
    id          bigserial PRIMARY KEY,
    channel     text NOT NULL CHECK (channel <> ''),       -- telegram, web, api, …
    external_id text NOT NULL CHECK (external_id <> ''),   -- the id on that channel, as text
    first_name  text,
    last_name   text,
    username    text,
    language    text,                                      -- last known: ru, kk, en, vi, zh, …
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (channel, external_id)
);

-- A conversation: a Telegram chat ("123456", its chat id as text) or a web chat
-- ("web-" + client or connection id). mode is mirrored from Redis, which is
-- authoritative for routing; this copy survives a Redis flush.
CREATE TABLE chats (
    chat_id    text PRIMARY KEY CHECK (chat_id <> '' AND char_length(chat_id) <= 200),
    channel    text NOT NULL DEFAULT 'api' CHECK (channel <> ''),
    mode       text NOT NULL DEFAULT 'bot' CHECK (mode IN ('bot', 'operator')),
    user_id    bigint REFERENCES users (id) ON DELETE SET NULL,   -- the person it is with
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The history of a chat. Users' messages come in; bot and operator messages go out.
-- An edit is a new row: edited_from points at the version it replaces and version
-- counts up from 1, so the history of edits is a chain and the newest version is the
-- row nobody's edited_from points at.
CREATE TABLE messages (
    id          bigserial PRIMARY KEY,
    chat_id     text NOT NULL REFERENCES chats (chat_id) ON DELETE CASCADE,
    direction   text NOT NULL CHECK (direction IN ('in', 'out')),
    sender      text NOT NULL CHECK (sender IN ('user', 'bot', 'operator')),
    text        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    user_id     bigint REFERENCES users (id) ON DELETE SET NULL,  -- who wrote an incoming message
    session_id  uuid,                -- the session_id POST /api/ingest returned for it
    external_id text,                -- the channel's own message id (Telegram message_id), for de-duplication and edits
    edited_from bigint REFERENCES messages (id) ON DELETE CASCADE,
    version     integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    CHECK ((direction = 'in') = (sender = 'user')),
    CHECK ((edited_from IS NULL) = (version = 1))
);

-- GET /api/chats/{chat_id}/messages?before=: newest first, keyset by id.
CREATE INDEX messages_chat_id_id ON messages (chat_id, id DESC);
-- A message delivered twice is stored once (edits share the original's external id).
CREATE UNIQUE INDEX messages_chat_id_external_id ON messages (chat_id, external_id)
    WHERE external_id IS NOT NULL AND edited_from IS NULL;
-- Each version is edited at most once: the edit history is a single chain.
CREATE UNIQUE INDEX messages_edited_from ON messages (edited_from) WHERE edited_from IS NOT NULL;

-- A question the bot could not answer, for a human. closed_at is set exactly when the
-- status is closed (and cleared on reopening); a follow-up question after a ticket was
-- closed opens a new ticket pointing at the old one.
CREATE TABLE tickets (
    id                bigserial PRIMARY KEY,
    chat_id           text NOT NULL REFERENCES chats (chat_id) ON DELETE CASCADE,
    status            text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'pending', 'closed')),
    category          text NOT NULL,
    priority          text NOT NULL,
    department        text NOT NULL,
    language          text NOT NULL,
    assignee          text,
    closed_by         text,          -- an operator, or 'auto'
    closed_at         timestamptz,
    follows_ticket_id bigint REFERENCES tickets (id) ON DELETE SET NULL,
    message_id        bigint REFERENCES messages (id) ON DELETE SET NULL,  -- the question that opened it
    session_id        uuid,          -- the session_id of that question (new_session event)
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
    CHECK (closed_by IS NULL OR status = 'closed')
);

-- At most one ticket per chat that is not closed: a new question joins the open one.
CREATE UNIQUE INDEX tickets_one_open_per_chat ON tickets (chat_id) WHERE status <> 'closed';
-- GET /api/tickets?status=&before=: newest first, keyset by id (no status: the primary key).
CREATE INDEX tickets_status_id ON tickets (status, id DESC);
-- A chat's tickets, newest first (history, follow-ups).
CREATE INDEX tickets_chat_id_id ON tickets (chat_id, id DESC);

-- The FAQ, loaded (upserted on (language, question)) from FAQ_FILE at start.
CREATE TABLE faq (
    id         bigserial PRIMARY KEY,
    question   text NOT NULL CHECK (question <> ''),
    answer     text NOT NULL CHECK (answer <> ''),
    language   text NOT NULL,
    category   text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (language, question)
);

-- similarity(question, $1) / question % $1 lookups.
CREATE INDEX faq_question_trgm ON faq USING gin (question gin_trgm_ops);

CREATE TRIGGER users_touch_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION switchboard_touch_updated_at();
CREATE TRIGGER chats_touch_updated_at BEFORE UPDATE ON chats
    FOR EACH ROW EXECUTE FUNCTION switchboard_touch_updated_at();
CREATE TRIGGER tickets_touch_updated_at BEFORE UPDATE ON tickets
    FOR EACH ROW EXECUTE FUNCTION switchboard_touch_updated_at();
CREATE TRIGGER faq_touch_updated_at BEFORE UPDATE ON faq
    FOR EACH ROW EXECUTE FUNCTION switchboard_touch_updated_at();

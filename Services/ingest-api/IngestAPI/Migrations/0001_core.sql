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

-- (A function was defined here; its one definition is now in functions/.)

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
--
-- session_id is the chat's current session (the session_id POST /api/ingest returns):
-- kept while the chat has a ticket that is not closed, or while messages keep coming
-- less than 30 minutes apart; a new one starts after a pause or when the ticket closes
-- (closing sets it to NULL).
CREATE TABLE chats (
    chat_id         text PRIMARY KEY CHECK (chat_id <> '' AND char_length(chat_id) <= 200),
    channel         text NOT NULL DEFAULT 'api' CHECK (channel <> ''),
    mode            text NOT NULL DEFAULT 'bot' CHECK (mode IN ('bot', 'operator')),
    user_id         bigint REFERENCES users (id) ON DELETE SET NULL,   -- the person it is with
    session_id      uuid,
    session_seen_at timestamptz,                                       -- the session's last message
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- A question the bot could not answer, for a human. closed_at and closed_by are set
-- exactly when the status is closed (and cleared on reopening); a question after a
-- ticket was closed opens a new ticket pointing at the old one (follows_ticket_id).
CREATE TABLE tickets (
    id                bigserial PRIMARY KEY,
    chat_id           text NOT NULL REFERENCES chats (chat_id) ON DELETE CASCADE,
    status            text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'pending', 'closed')),
    category          text NOT NULL,
    priority          text NOT NULL CHECK (priority IN ('low', 'medium', 'high', 'critical')),
    department        text NOT NULL,
    language          text NOT NULL,
    assignee          text,
    closed_by         text,          -- who closed it: an operator's name, or 'admin'
    closed_at         timestamptz,
    follows_ticket_id bigint REFERENCES tickets (id) ON DELETE SET NULL,
    session_id        uuid NOT NULL, -- the session of the question that opened it (new_session event)
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
    CHECK ((status = 'closed') = (closed_by IS NOT NULL))
);

-- At most one ticket per chat that is not closed: a new question joins the open one.
CREATE UNIQUE INDEX tickets_one_open_per_chat ON tickets (chat_id) WHERE status <> 'closed';
-- GET /api/tickets?status=&before=: newest first, keyset by id (no status: the primary key).
CREATE INDEX tickets_status_id ON tickets (status, id DESC);
-- A chat's tickets, newest first (follow-ups).
CREATE INDEX tickets_chat_id_id ON tickets (chat_id, id DESC);

-- The history of a chat. Users' messages come in; bot and operator messages go out.
-- ticket_id links the messages that belong to a ticket's conversation: the questions
-- that opened or joined it and what was said in the chat while it was open.
CREATE TABLE messages (
    id         bigserial PRIMARY KEY,
    chat_id    text NOT NULL REFERENCES chats (chat_id) ON DELETE CASCADE,
    direction  text NOT NULL CHECK (direction IN ('in', 'out')),
    sender     text NOT NULL CHECK (sender IN ('user', 'bot', 'operator')),
    text       text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 10000),
    created_at timestamptz NOT NULL DEFAULT now(),
    user_id    bigint REFERENCES users (id) ON DELETE SET NULL,  -- who wrote an incoming message
    session_id uuid,                                             -- the chat's session when it was stored
    ticket_id  bigint REFERENCES tickets (id) ON DELETE SET NULL,
    CHECK ((direction = 'in') = (sender = 'user'))
);

-- GET /api/chats/{chat_id}/messages?before=: newest first, keyset by id; also the
-- recent history the LLM gets as context.
CREATE INDEX messages_chat_id_id ON messages (chat_id, id DESC);
-- GET /api/tickets/{id}: the ticket's messages.
CREATE INDEX messages_ticket_id_id ON messages (ticket_id, id) WHERE ticket_id IS NOT NULL;

-- (A function was defined here; its one definition is now in functions/.)


-- The FAQ: one row per question and language, loaded (upserted on (language, question))
-- from FAQ_FILE at start, or added through POST /api/faq.
CREATE TABLE faq (
    id         bigserial PRIMARY KEY,
    question   text NOT NULL CHECK (question <> '' AND char_length(question) <= 1000),
    answer     text NOT NULL CHECK (answer <> '' AND char_length(answer) <= 10000),
    language   text NOT NULL CHECK (language <> ''),
    category   text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (language, question)
);

-- The ways an entry's question may be asked: the question itself and the alternative
-- phrasings of the FAQ file. A user's text is compared with each; the entry scores its
-- best phrasing. match_text is computed once, here, so a lookup only normalizes the input.
CREATE TABLE faq_phrasings (
    id         bigserial PRIMARY KEY,
    faq_id     bigint NOT NULL REFERENCES faq (id) ON DELETE CASCADE,
    language   text NOT NULL,
    phrasing   text NOT NULL CHECK (phrasing <> ''),
    match_text text GENERATED ALWAYS AS (switchboard_match_text(phrasing, language)) STORED,
    UNIQUE (faq_id, phrasing)
);

-- match_text % input lookups (pg_trgm.similarity_threshold): the index finds the
-- phrasings sharing enough trigrams with the input without reading the others.
CREATE INDEX faq_phrasings_match_text_trgm ON faq_phrasings USING gin (match_text gin_trgm_ops);

-- (A function was defined here; its one definition is now in functions/.)

CREATE TRIGGER users_touch_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION switchboard_touch_updated_at();
CREATE TRIGGER chats_touch_updated_at BEFORE UPDATE ON chats
    FOR EACH ROW EXECUTE FUNCTION switchboard_touch_updated_at();
CREATE TRIGGER tickets_touch_updated_at BEFORE UPDATE ON tickets
    FOR EACH ROW EXECUTE FUNCTION switchboard_touch_updated_at();
CREATE TRIGGER faq_touch_updated_at BEFORE UPDATE ON faq
    FOR EACH ROW EXECUTE FUNCTION switchboard_touch_updated_at();

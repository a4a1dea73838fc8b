"""POST /api/ingest as the original bots' stack would write it: FastAPI + asyncpg + redis-py.

The peer of ingest-api in bench/ingest_bench.py. It does the same work per request, against
the same database (ingest-api's schema, migrated and loaded by ingest-api before the run):
  validate the body; detect the language from the letters; store the question (the same
  one-statement upsert of user, chat and message); publish a numbered `message` event (the
  same Lua script: INCR, XADD to the replay log, PUBLISH); match the FAQ with the same
  PostgreSQL function; then either store and publish the answer (FAQ hit), or classify the
  question from the same rules file, open the ticket (the same statement) and publish
  `new_session` and `ticket_created` (miss).
It is written the way people write FastAPI services: pydantic models, an asyncpg pool made
at start-up (asyncpg prepares and caches statements by itself), redis.asyncio, uvicorn with
uvloop and httptools, one worker per core.

Run: DATABASE_URL=… REDIS_URL=… uvicorn fastapi_ingest:app --workers 2 --port P
"""
import json
import os
import re
import unicodedata
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from typing import Optional

import asyncpg
import redis.asyncio as aioredis
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = os.path.join(HERE, "..", "..", "Services", "ingest-api", "IngestAPI", "Resources", "classification.json")
THRESHOLD = float(os.environ.get("FAQ_SIMILARITY_THRESHOLD", "0.75"))
CHANNEL = os.environ.get("EVENTS_CHANNEL", "switchboard:events")
SESSION_IDLE_SECONDS = 1800.0

STORE_SQL = """
WITH person AS (
    INSERT INTO users AS u (channel, external_id, first_name, last_name, username, language)
    SELECT $2, $6, $7, $8, $9, $10 WHERE $6::text IS NOT NULL
    ON CONFLICT (channel, external_id) DO UPDATE SET
        first_name = coalesce(EXCLUDED.first_name, u.first_name),
        last_name = coalesce(EXCLUDED.last_name, u.last_name),
        username = coalesce(EXCLUDED.username, u.username),
        language = coalesce(EXCLUDED.language, u.language)
    RETURNING id
), chat AS (
    INSERT INTO chats AS c (chat_id, channel, user_id, session_id, session_seen_at)
    VALUES ($1, $2, (SELECT id FROM person), gen_random_uuid(), now())
    ON CONFLICT (chat_id) DO UPDATE SET
        user_id = coalesce(EXCLUDED.user_id, c.user_id),
        session_id = coalesce(
            (SELECT t.session_id FROM tickets AS t WHERE t.chat_id = c.chat_id AND t.status <> 'closed'),
            CASE WHEN c.session_seen_at > now() - make_interval(secs => $11) THEN c.session_id END,
            EXCLUDED.session_id),
        session_seen_at = now()
    RETURNING chat_id, session_id, user_id
)
INSERT INTO messages (chat_id, direction, sender, text, user_id, session_id, ticket_id)
SELECT chat.chat_id, $3, $4, $5, CASE WHEN $3 = 'in' THEN chat.user_id END, chat.session_id, NULL
FROM chat
RETURNING id, chat_id, direction, sender, text,
    to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at, session_id::text AS session_id
"""

MATCH_SQL = """
SELECT f.id, f.question, f.answer, f.language, f.category, c.score::float8 AS score
FROM switchboard_faq_candidates($1, $2, $3::real, $4::int) AS c JOIN faq AS f ON f.id = c.faq_id
ORDER BY c.score DESC, f.id
"""

ESCALATE_SQL = """
WITH ticket AS (
    INSERT INTO tickets AS t (chat_id, category, priority, department, language, session_id, follows_ticket_id)
    VALUES ($1, $2, $3, $4, $5, $6::uuid, (
        SELECT id FROM tickets WHERE chat_id = $1 AND status = 'closed' ORDER BY id DESC LIMIT 1))
    ON CONFLICT (chat_id) WHERE status <> 'closed' DO UPDATE SET
        status = CASE WHEN t.status = 'pending' THEN 'open' ELSE t.status END,
        priority = CASE
            WHEN array_position(ARRAY['low', 'medium', 'high', 'critical'], EXCLUDED.priority)
                > array_position(ARRAY['low', 'medium', 'high', 'critical'], t.priority)
            THEN EXCLUDED.priority ELSE t.priority END
    RETURNING *, (xmax = 0) AS inserted
), attached AS (
    UPDATE messages SET ticket_id = (SELECT id FROM ticket) WHERE id = $7 RETURNING id
)
SELECT id, status, category, priority, department, language, chat_id, assignee,
    to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
    to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at, inserted
FROM ticket
"""

PUBLISH_LUA = """
local id = redis.call('INCR', KEYS[1])
local event = ARGV[1] .. id .. ARGV[2]
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], id .. '-0', 'e', event)
redis.call('PUBLISH', ARGV[4], event)
return id
"""


class User(BaseModel):
    id: Optional[str] = Field(default=None, max_length=64)
    first_name: Optional[str] = Field(default=None, max_length=256)
    last_name: Optional[str] = Field(default=None, max_length=256)
    username: Optional[str] = Field(default=None, max_length=256)


class IngestRequest(BaseModel):
    text: str = Field(min_length=1, max_length=4096)
    language: Optional[str] = None
    channel: str = "api"
    chat_id: Optional[str] = Field(default=None, max_length=128)
    user: Optional[User] = None


def detect_language(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    han = cyrillic = latin = kazakh = vietnamese = 0
    for ch in text:
        if not ch.isalpha():
            continue
        code = ord(ch)
        if 0x4E00 <= code <= 0x9FFF:
            han += 1
        elif 0x0400 <= code <= 0x052F:
            cyrillic += 1
            kazakh += ch in "әғқңөұүһі"
        elif 0x41 <= code <= 0x24F or 0x1E00 <= code <= 0x1EFF:
            latin += 1
            vietnamese += 0x1EA0 <= code <= 0x1EF9 or ch in "đơưă"
    if han and han >= max(cyrillic, latin):
        return "zh"
    if cyrillic and cyrillic >= latin:
        return "kk" if kazakh else "ru"
    return "vi" if vietnamese else "en"


class Classifier:
    def __init__(self, path):
        rules = json.load(open(path, encoding="utf-8"))
        self.default = rules["default"]
        self.categories = [(c, [k.lower() for words in c["keywords"].values() for k in words])
                           for c in rules["categories"]]
        self.raising = [(level, [p.lower() for words in rules["priorities"].get(level, {}).values() for p in words])
                        for level in ("critical", "high")]

    def classify(self, text):
        folded = text.lower()
        best, hits = None, 0
        for category, keywords in self.categories:
            count = sum(1 for k in keywords if k in folded)
            if count > hits:
                best, hits = category, count
        chosen = best or self.default
        priority = chosen["priority"]
        for level, phrases in self.raising:
            if any(p in folded for p in phrases):
                priority = level
                break
        name = chosen.get("name", chosen.get("category"))
        return name, priority, chosen["department"]


classifier = Classifier(RULES)
state = {}


@asynccontextmanager
async def lifespan(_app):
    state["db"] = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=8, max_size=8)
    state["redis"] = aioredis.from_url(os.environ["REDIS_URL"])
    state["publish"] = state["redis"].register_script(PUBLISH_LUA)
    yield
    await state["db"].close()
    await state["redis"].aclose()


app = FastAPI(lifespan=lifespan)


@app.exception_handler(RequestValidationError)
async def bad_request(_request: Request, error: RequestValidationError):
    return JSONResponse(status_code=400, content={"error": {"code": "bad_request", "message": str(error.errors()[0])}})


async def publish(kind, data):
    now = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    prefix = '{"type":' + json.dumps(kind) + ',"id":"'
    suffix = '","timestamp":"' + now + '","data":' + json.dumps(data, sort_keys=True) + "}"
    try:
        await state["publish"](keys=[CHANNEL + ":seq", CHANNEL + ":log"], args=[prefix, suffix, 10000, CHANNEL])
    except Exception:  # like ingest-api: a lost event does not fail the request
        pass


def message_json(row):
    return {k: row[k] for k in ("id", "chat_id", "direction", "sender", "text", "created_at")}


@app.post("/api/ingest")
async def ingest(body: IngestRequest):
    text = body.text.strip()
    language = body.language or detect_language(text)
    chat_id = body.chat_id or body.user and body.user.id or "api-anonymous"
    user = body.user or User()
    db = state["db"]
    async with db.acquire() as connection:
        stored = await connection.fetchrow(
            STORE_SQL, chat_id, body.channel, "in", "user", text, user.id, user.first_name, user.last_name,
            user.username, language, SESSION_IDLE_SECONDS)
    await publish("message", message_json(stored))
    async with db.acquire() as connection:
        matches = await connection.fetch(MATCH_SQL, text, language, THRESHOLD, 3)
    if matches and matches[0]["score"] >= THRESHOLD:
        hit = matches[0]
        async with db.acquire() as connection:
            reply = await connection.fetchrow(
                STORE_SQL, chat_id, body.channel, "out", "bot", hit["answer"], None, None, None, None, None,
                SESSION_IDLE_SECONDS)
        await publish("message", message_json(reply))
        return {"status": "closed_auto", "answer": hit["answer"], "similarity_score": round(hit["score"], 3),
                "source": "faq", "language": language, "session_id": stored["session_id"],
                "message_id": stored["id"]}
    category, priority, department = classifier.classify(text)
    async with db.acquire() as connection:
        ticket = await connection.fetchrow(
            ESCALATE_SQL, chat_id, category, priority, department, language, stored["session_id"], stored["id"])
    if ticket["inserted"]:
        await publish("new_session", {"session_id": stored["session_id"], "user_id": user.id or chat_id,
                                      "message": text, "response": "No FAQ entry matches.",
                                      "first_name": user.first_name, "last_name": user.last_name,
                                      "username": user.username})
        await publish("ticket_created", {k: ticket[k] for k in ticket.keys() if k != "inserted"})
    else:
        await publish("ticket_updated", {k: ticket[k] for k in ticket.keys() if k != "inserted"})
    return {"status": "new", "ticket_id": ticket["id"], "category": ticket["category"],
            "priority": ticket["priority"], "department": ticket["department"], "language": language,
            "session_id": stored["session_id"], "message_id": stored["id"]}

-- Storing a message, escalating a question and answering one, as PL/pgSQL functions.
--
-- Why functions: POST /api/ingest used to be three statements from Swift (store the
-- question, match the FAQ, store the answer or open the ticket), each its own round trip
-- and transaction. switchboard_ingest does all of it in one call and one transaction,
-- and PL/pgSQL keeps each statement's plan for the session. The statements are the ones
-- ChatStore and TicketStore used to send, moved here so both paths share one copy.
--
-- `#variable_conflict use_column`: the result columns (id, chat_id, …) are also PL/pgSQL
-- variables; inside the statements a bare name means the table's column.

-- (A function was defined here; its one definition is now in functions/.)

-- (A function was defined here; its one definition is now in functions/.)

-- Idempotency keys for POST /api/ingest (header Idempotency-Key).
--
-- A client that did not hear the answer sends the question again: telegram-gateway retries
-- a time-out after 5 s (CONTRACT §4) and handles an update again after a crash. With the
-- same key, the question is stored and answered once; the repeat gets the first answer.
-- response is the API answer as sent (NULL while the first request is still being handled).
CREATE TABLE ingest_requests (
    request_key text PRIMARY KEY CHECK (request_key <> '' AND char_length(request_key) <= 200),
    response    jsonb,
    claimed_at  timestamptz NOT NULL DEFAULT now()
);
-- Keys are kept for a day (switchboard_claim_request deletes older ones now and then).
CREATE INDEX ingest_requests_claimed_at ON ingest_requests (claimed_at);

-- (A function was defined here; its one definition is now in functions/.)

-- (A function was defined here; its one definition is now in functions/.)

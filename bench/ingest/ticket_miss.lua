-- POST /api/ingest, a question the FAQ cannot answer, each from a new chat: every request
-- opens a ticket ("new") and publishes new_session and ticket_created.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
-- The desk's own token (bench/ingest_bench.py starts ingest-api with it): web chats are the desk's (CONTRACT §3).
wrk.headers["Authorization"] = "Bearer bench-token-0123456789abcdefgh"
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("prefix", "web-miss-" .. os.time() .. "-" .. threads .. "-")
end
local counter = 0
request = function()
  counter = counter + 1
  local body = '{"chat_id":"' .. prefix .. counter .. '","channel":"web",'
    .. '"text":"The quarterly spreadsheet macro crashes when I open it"}'
  return wrk.format(nil, "/api/ingest", nil, body)
end

-- POST /api/ingest, a question the FAQ answers ("closed_auto"), from 500 returning web
-- chats: each wrk thread cycles through 250 of its own (threads walking the same ids in
-- step would queue on the same chat rows, which real users do not).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
-- The desk's own token (bench/ingest_bench.py starts ingest-api with it): web chats are the desk's (CONTRACT §3).
wrk.headers["Authorization"] = "Bearer bench-token-0123456789abcdefgh"
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("prefix", "web-bench-" .. threads .. "-")
end
local counter = 0
request = function()
  counter = counter + 1
  local body = '{"chat_id":"' .. prefix .. (counter % 250) .. '","channel":"web",'
    .. '"text":"How do I reset my password?"}'
  return wrk.format(nil, "/api/ingest", nil, body)
end

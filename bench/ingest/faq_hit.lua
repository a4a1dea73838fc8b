-- POST /api/ingest, a question the FAQ answers ("closed_auto"), from 500 returning web chats.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local counter = 0
request = function()
  counter = counter + 1
  local body = '{"chat_id":"web-bench-' .. (counter % 500) .. '","channel":"web",'
    .. '"text":"How do I reset my password?"}'
  return wrk.format(nil, "/api/ingest", nil, body)
end

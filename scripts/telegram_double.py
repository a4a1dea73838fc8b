#!/usr/bin/env python3
"""A Telegram Bot API double for the checks and the chaos run (loopback, plain HTTP).

Answers Bot API calls as Telegram would, enough for telegram-gateway and operator-relay in
polling mode (getUpdates, long-polled, confirmed by offset) and in webhook mode (getMe,
setWebhook, deleteWebhook); send*/forwardMessage answer a message with a fresh message_id,
copyMessage {"message_id"}, anything else `true`. No rate limits are enforced.

From Python: `double = TelegramDouble(port).start()`, then `double.queue_update({...})`
(returns the update_id), `double.confirmed_through` (the highest update_id the poller has
confirmed with its offset), `double.sent()` (every send*/forward/copy call, in order),
`double.stop()`. Over HTTP, under /_double/: POST /_double/update {update fields without
update_id} queues an update (answer {"update_id": N}); GET /_double/calls answers the calls
logged so far (JSON lines).

Command line: telegram_double.py PORT LOG [HOST]   (serves until interrupted; every call is
appended to LOG as a JSON line {method, body}).
"""
import http.server
import json
import sys
import threading
import time


class TelegramDouble:
    def __init__(self, port, log=None, host="127.0.0.1"):
        self.port, self.host, self.log = port, host, log
        self.lock = threading.Condition()
        self.updates = []  # (update_id, update), not yet confirmed by an offset
        self.next_update = 1
        self.next_message = 1
        self.confirmed_through = 0
        self.calls = []  # (method, body), every Bot API call
        self.server = None
        if log:
            open(log, "a", encoding="utf-8").close()

    # ---- the test's side ----

    def queue_update(self, update):
        """Queues an update (fields without update_id); returns its update_id."""
        with self.lock:
            update_id = self.next_update
            self.next_update += 1
            self.updates.append((update_id, dict(update, update_id=update_id)))
            self.lock.notify_all()
            return update_id

    def sent(self):
        """The send*, forwardMessage and copyMessage calls so far: [(method, body)]."""
        with self.lock:
            return [(m, b) for m, b in self.calls if m.startswith(("send", "forward", "copy")) and m != "sendChatAction"]

    def start(self):
        double = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def answer(self, status, payload, content_type="application/json"):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self):  # noqa: N802 - the handler's API
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else {}
                except ValueError:
                    body = {"raw": raw.decode("latin-1")}
                if self.path == "/_double/update":
                    update_id = double.queue_update(body)
                    return self.answer(200, json.dumps({"update_id": update_id}).encode())
                if self.path == "/_double/calls":
                    with double.lock:
                        lines = "".join(json.dumps({"method": m, "body": b}) + "\n" for m, b in double.calls)
                    return self.answer(200, lines.encode(), "application/x-ndjson")
                method = self.path.rsplit("/", 1)[-1]
                self.answer(200, json.dumps({"ok": True, "result": double.call(method, body)}).encode())

            do_GET = do_POST

            def log_message(self, *arguments):
                pass

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                # A poller killed in the middle of a long poll: nothing to report.
                if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
                    super().handle_error(request, client_address)

        self.server = Server((self.host, self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    # ---- the Bot API side ----

    def call(self, method, body):
        """The result of one Bot API call."""
        with self.lock:
            self.calls.append((method, body))
            if self.log:
                with open(self.log, "a", encoding="utf-8") as f:
                    f.write(json.dumps({"method": method, "body": body}) + "\n")
        if method == "getMe":
            return {"id": 123456, "is_bot": True, "first_name": "Double", "username": "switchboard_double_bot"}
        if method == "getUpdates":
            offset = int(body.get("offset") or 0)
            # A long poll, bounded: at most 10 s whatever the poller asks for.
            deadline = time.monotonic() + min(float(body.get("timeout") or 0), 10.0)
            with self.lock:
                if offset:
                    self.confirmed_through = max(self.confirmed_through, offset - 1)
                    self.updates[:] = [(i, u) for i, u in self.updates if i >= offset]
                while not self.updates and time.monotonic() < deadline:
                    self.lock.wait(deadline - time.monotonic())
                limit = int(body.get("limit") or 100)
                return [u for _, u in self.updates[:limit]]
        if method == "sendChatAction":
            return True
        if method == "copyMessage":
            return {"message_id": self.message_id()}
        if method.startswith(("send", "forward")):
            chat = body.get("chat_id", 0)
            return {"message_id": self.message_id(), "date": int(time.time()),
                    "chat": {"id": chat, "type": "private" if int(chat or 0) > 0 else "supergroup"},
                    "text": body.get("text", "")}
        return True

    def message_id(self):
        with self.lock:
            self.next_message += 1
            return self.next_message


def main():
    double = TelegramDouble(int(sys.argv[1]), sys.argv[2], *sys.argv[3:4]).start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        double.stop()


if __name__ == "__main__":
    main()

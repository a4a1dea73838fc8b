// Switchboard visitor chat on /contact (CONTRACT §6, the contact-service dialect).
// The visitor's id lives in localStorage and is sent back as ?client_id= on every
// (re)connect, so the desk sees one chat across reloads; the conversation shown is kept
// there too. Every text is set with textContent (SB.el's `text`). The page speaks the
// language it is given (?lang=: the embed snippet's data-lang or its host page's), else the
// browser's (I18N); the desk's own answers come in the language of the visitor's text.
"use strict";

(() => {
  const { el, load, save, parseTime, clock, backoff, socketURL } = SB;
  const KEYS = { client: "switchboard.chat.client_id", log: "switchboard.chat.log" };
  const LOG_LIMIT = 200;
  // No answer frame comes while an operator holds the chat; the dots do not stay forever.
  const TYPING_TIMEOUT_MS = 30000;
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  const list = document.getElementById("messages");
  const empty = document.getElementById("empty");
  const typing = document.getElementById("typing");
  const status = document.getElementById("status");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const callPerson = document.getElementById("call-person");

  const query = new URLSearchParams(location.search);
  if (query.get("embed") === "1") document.body.classList.add("embedded");
  const language = I18N.use(I18N.pick(query.get("lang"), navigator.languages, navigator.language));
  const t = I18N.t;

  let socket = null;
  let clientID = load(localStorage, KEYS.client, null);
  if (typeof clientID !== "string" || !UUID.test(clientID)) clientID = null;
  let log = load(localStorage, KEYS.log, []);
  if (!Array.isArray(log)) log = [];
  /** Messages sent and not yet acknowledged (chat_message_received), oldest first. */
  const unacknowledged = [];
  /** Acknowledged messages still waiting for the desk's answer. */
  let awaiting = 0;
  /** Set by the last answer: an operator holds the chat, so no bot answer is coming. */
  let operatorHolds = false;
  let typingTimer = 0;
  const delays = backoff(20000);

  /** Appends one message to the list; `entry` is {who, text, time, error?}. */
  function render(entry) {
    empty.hidden = true;
    const labels = { bot: t("chat.labelBot"), operator: t("chat.labelOperator") };
    const item = el(
      "li",
      { class: `msg ${entry.who}${entry.error ? " error" : ""}`, data: { sender: entry.who } },
      labels[entry.who] ? el("span", { class: "label", text: labels[entry.who] }) : null,
      el("div", { class: "bubble", text: entry.text }),
      entry.who === "system" ? null : el("span", { class: "meta", text: clock(parseTime(entry.time)) }),
    );
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    list.append(item);
    if (atBottom || entry.who === "me") list.scrollTop = list.scrollHeight;
    return item;
  }

  /** Shows and keeps one message. */
  function add(who, text, extra) {
    const entry = { who, text: String(text), time: new Date().toISOString(), ...extra };
    log.push(entry);
    if (log.length > LOG_LIMIT) log = log.slice(-LOG_LIMIT);
    save(localStorage, KEYS.log, log);
    return render(entry);
  }

  function setTyping() {
    clearTimeout(typingTimer);
    const show = awaiting > 0 && !operatorHolds;
    typing.hidden = !show;
    if (show) {
      list.scrollTop = list.scrollHeight;
      typingTimer = setTimeout(() => {
        awaiting = 0;
        setTyping();
      }, TYPING_TIMEOUT_MS);
    }
  }

  function setStatus(state, text) {
    status.dataset.state = state;
    status.textContent = text;
    const online = state === "online";
    callPerson.disabled = !online;
  }

  function send(frame) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  function connect() {
    setStatus("connecting", t("chat.connecting"));
    const ws = new WebSocket(socketURL("/contact", { client_id: clientID, lang: language }));
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      delays.reset();
      setStatus("online", t("chat.online"));
    };
    ws.onmessage = (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch (_) {
        return;
      }
      handle(frame);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      awaiting = 0;
      setTyping();
      for (const item of unacknowledged.splice(0)) item.classList.remove("pending");
      const delay = delays.next();
      setStatus("offline", opened ? t("chat.reconnecting") : t("chat.offline"));
      setTimeout(connect, delay);
    };
  }

  function handle(frame) {
    switch (frame.type) {
      case "connection_established":
        if (typeof frame.client_id === "string" && UUID.test(frame.client_id)) {
          clientID = frame.client_id;
          save(localStorage, KEYS.client, clientID);
        }
        break;
      case "chat_message_received": {
        const item = unacknowledged.shift();
        if (item) item.classList.remove("pending");
        awaiting += 1;
        setTyping();
        break;
      }
      case "chat_message": {
        const operator = frame.sender === "operator";
        operatorHolds = operator;
        // The hub answers one message at a time, in order, and sends nothing for messages an
        // operator holds: a bot answer means nothing older is still being worked on.
        if (!operator) awaiting = 0;
        add(operator ? "operator" : "bot", frame.message ?? "");
        setTyping();
        break;
      }
      case "contact_request_received":
        add("system", frame.message || t("chat.requestReceived"));
        break;
      case "broadcast":
        add("system", frame.message ?? "");
        break;
      case "error":
        awaiting = Math.max(0, awaiting - 1);
        if (unacknowledged.length) unacknowledged.shift().classList.remove("pending");
        add("system", frame.message || t("chat.error"), { error: true });
        setTyping();
        break;
      default:
        break; // pong and frames this widget does not know
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    const sent = send({ type: "chat_message", message: text, timestamp: new Date().toISOString() });
    if (!sent) {
      add("system", t("chat.notConnected"), { error: true });
      return;
    }
    const item = add("me", text);
    item.classList.add("pending");
    unacknowledged.push(item);
    input.value = "";
    input.style.height = "";
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener("input", () => {
    input.style.height = "";
    input.style.height = Math.min(input.scrollHeight + 2, 120) + "px";
  });

  callPerson.addEventListener("click", () => {
    const last = [...log].reverse().find((entry) => entry.who === "me");
    send({
      type: "contact_request",
      message: last ? last.text : t("chat.contactDefault"),
      timestamp: new Date().toISOString(),
      userAgent: navigator.userAgent,
    });
  });

  // Keeps the socket warm through proxies with idle time-outs.
  setInterval(() => send({ type: "ping" }), 25000);

  for (const entry of log) render(entry);
  list.scrollTop = list.scrollHeight;
  connect();
})();

// Switchboard dashboard (CONTRACT §5, §6). Live events come from /notify on this host;
// tickets, chat history and chat modes from the admin API, which this same host passes
// on to ingest-api (so the page has one origin). The admin token, the last event id and
// the feed are kept in sessionStorage: a reload shows the same feed and asks /notify for
// what it missed (`since`), so nothing is lost. Every text is set with textContent. The
// page speaks the language chosen in its switch (kept in localStorage), else the browser's;
// switching reloads the page, which redraws everything from what it keeps.
"use strict";

(() => {
  const { el, load, save, parseTime, age, clock, backoff, socketURL } = SB;
  const KEYS = {
    token: "switchboard.dashboard.token",
    lastID: "switchboard.dashboard.last_id",
    feed: "switchboard.dashboard.feed",
    chat: "switchboard.dashboard.chat",
    tab: "switchboard.dashboard.tab",
    language: "switchboard.dashboard.language",
  };
  I18N.use(I18N.pick(load(localStorage, KEYS.language, null), navigator.languages, navigator.language));
  const t = I18N.t;
  for (const select of document.querySelectorAll(".lang-switch")) {
    for (const code of I18N.LANGUAGES) {
      select.append(el("option", { value: code, text: I18N.NAMES[code], selected: code === I18N.language }));
    }
    select.addEventListener("change", () => {
      save(localStorage, KEYS.language, select.value);
      location.reload();
    });
  }
  document.getElementById("chat-title").textContent = t("chatPane.head");
  const FEED_LIMIT = 200;
  const STATUSES = ["new", "open", "pending", "closed"];
  // Each hub instance reports its counts every 5 s (VisitorOptions.reportIntervalSeconds).
  const CONNECTIONS_EVERY_MS = 5000;
  // Any pipeline name answers with every instance's counts; this one is the dashboard's.
  const CONNECTIONS_PATH = "/api/v1/pipelines/dashboard/ws/connections";

  const $ = (id) => document.getElementById(id);
  const ui = {
    login: $("login"), loginForm: $("login-form"), tokenInput: $("token"), loginError: $("login-error"),
    app: $("app"), conn: $("conn"), instances: $("instances"), logout: $("logout"),
    panes: document.querySelector(".panes"), tabs: document.querySelectorAll(".tabs button"),
    feed: $("feed"), feedBadge: $("feed-badge"), clearFeed: $("clear-feed"),
    tickets: $("tickets"), ticketsCount: $("tickets-count"), ticketsNote: $("tickets-note"),
    filter: $("ticket-filter"), refresh: $("refresh-tickets"), more: $("more-tickets"),
    chatTitle: $("chat-title"), chatMode: $("chat-mode"), takeOver: $("take-over"), giveBack: $("give-back"),
    history: $("history"), replyForm: $("reply-form"), reply: $("reply"), sendReply: $("send-reply"),
    toast: $("toast"),
  };

  const state = {
    token: sessionStorage.getItem(KEYS.token),
    lastID: Number(load(sessionStorage, KEYS.lastID, 0)) || 0,
    feed: load(sessionStorage, KEYS.feed, []),
    socket: null,
    started: false,
    tickets: new Map(),
    nextBefore: null,
    chat: null, // {id, mode, seen: Set of message ids, pending: [{text, node, timer}]}
    unseen: 0,
    connections: 0, // sockets opened so far by this page
  };
  if (!Array.isArray(state.feed)) state.feed = [];
  const delays = backoff(30000);
  let reconnectTimer = 0;
  let toastTimer = 0;

  // ---- small helpers ---------------------------------------------------------------

  function toast(text, isError) {
    ui.toast.textContent = text;
    ui.toast.classList.toggle("error", Boolean(isError));
    ui.toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (ui.toast.hidden = true), isError ? 6000 : 3500);
  }

  class APIError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  /** One admin API call with the token; 401 signs out. Resolves to the parsed JSON. */
  async function api(method, path, body) {
    const headers = { Authorization: "Bearer " + state.token, Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(path, {
        method, headers, cache: "no-store", body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new APIError(0, "the desk is unreachable");
    }
    let data = null;
    try {
      data = await response.json();
    } catch (_) {
      /* an empty or non-JSON body */
    }
    if (response.status === 401) {
      signOut(t("login.refused"));
      throw new APIError(401, "unauthorized");
    }
    if (!response.ok) {
      const message = data && data.error && data.error.message;
      throw new APIError(response.status, message || `HTTP ${response.status}`);
    }
    return data;
  }

  const chatPath = (chatID) => "/api/chats/" + encodeURIComponent(chatID);

  function showTab(name) {
    ui.panes.dataset.active = name;
    for (const tab of ui.tabs) tab.classList.toggle("active", tab.dataset.tab === name);
    sessionStorage.setItem(KEYS.tab, name);
    if (name === "feed") {
      state.unseen = 0;
      ui.feedBadge.hidden = true;
    }
  }

  const isPhoneLayout = () => window.matchMedia("(max-width: 860px)").matches;

  // ---- sign-in -------------------------------------------------------------------------

  function signOut(message) {
    sessionStorage.removeItem(KEYS.token);
    state.token = null;
    if (state.socket) {
      const socket = state.socket;
      state.socket = null;
      socket.close(1000);
    }
    clearTimeout(reconnectTimer);
    ui.app.hidden = true;
    ui.login.hidden = false;
    ui.loginError.textContent = message || "";
    ui.tokenInput.value = "";
    ui.tokenInput.focus();
  }

  ui.loginForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const token = ui.tokenInput.value.trim();
    if (!token) return;
    state.token = token;
    sessionStorage.setItem(KEYS.token, token);
    start();
  });
  ui.logout.addEventListener("click", () => signOut(""));

  function start() {
    ui.login.hidden = true;
    ui.app.hidden = false;
    ui.loginError.textContent = "";
    if (!state.started) {
      state.started = true;
      renderStoredFeed();
      setInterval(refreshAges, 15000);
      setInterval(loadConnections, CONNECTIONS_EVERY_MS);
    }
    showTab(sessionStorage.getItem(KEYS.tab) || "feed");
    loadTickets();
    loadConnections();
    const chat = sessionStorage.getItem(KEYS.chat);
    if (chat) openChat(chat, { switchTab: false });
    connect();
  }

  // ---- /notify -------------------------------------------------------------------------

  function setConn(stateName, text) {
    ui.conn.dataset.state = stateName;
    ui.conn.textContent = text;
  }

  // The token never goes into the socket's URL (URLs land in proxies' access logs): the page
  // asks for a ticket with the token in a header, and opens /notify with that ticket, which
  // is good once and for 30 s, on whichever hub instance the upgrade reaches.
  async function connect() {
    clearTimeout(reconnectTimer);
    if (!state.token) return;
    setConn("connecting", t("conn.connecting"));
    let ticket;
    try {
      ticket = (await api("POST", "/notify/ticket")).ticket;
    } catch (error) {
      // 401 has signed out already; otherwise (hub or Redis down, 429) try again later.
      if (state.token) {
        setConn("offline", t("conn.reconnecting"));
        reconnectTimer = setTimeout(connect, delays.next());
      }
      return;
    }
    if (!state.token || state.socket) return;
    const params = { ticket };
    if (state.lastID > 0) params.since = state.lastID;
    const socket = new WebSocket(socketURL("/notify", params));
    state.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      delays.reset();
      setConn("live", t("conn.live"));
      // After a reconnect the replay brings the events; the lists are reloaded as well, so
      // they are right even when the replay could not be complete.
      if (state.connections > 0) {
        loadTickets();
        if (state.chat) openChat(state.chat.id, { switchTab: false });
      }
      state.connections += 1;
    };
    socket.onmessage = (message) => {
      let event;
      try {
        event = JSON.parse(message.data);
      } catch (_) {
        return;
      }
      if (event && typeof event === "object") receive(event);
    };
    socket.onclose = () => {
      if (state.socket !== socket) return;
      state.socket = null;
      setConn("offline", t("conn.reconnecting"));
      if (!opened) {
        // Refused before the upgrade: a wrong token shows as 401 on the API (signs out).
        api("GET", "/api/tickets?limit=1").catch(() => {});
      }
      if (state.token) reconnectTimer = setTimeout(connect, delays.next());
    };
  }

  /** One frame from /notify: an event of §5, or the hub's own replay/error/pong frames. */
  function receive(event) {
    const type = String(event.type || "");
    if (type === "pong") return;
    if (type === "error") {
      toast(String(event.message || t("feed.hubError")), true);
      return;
    }
    if (type === "replay") {
      if (event.recovered === false) {
        // Events were lost to us (too old, or the event store was reset and our id is
        // ahead of it): start afresh from live events and reload the state from the API.
        addToFeed({ type: "replay", timestamp: nowStamp(), data: {} }, true);
        state.lastID = 0;
        save(sessionStorage, KEYS.lastID, 0);
        if (state.socket) state.socket.close(4000, "resync");
      }
      return;
    }
    if (event.id !== undefined && event.id !== null) {
      const id = Number(event.id);
      if (Number.isFinite(id)) {
        if (id <= state.lastID) return; // already shown (replay overlap)
        state.lastID = id;
        save(sessionStorage, KEYS.lastID, id);
      }
    }
    addToFeed(event, true);
    const data = event.data && typeof event.data === "object" ? event.data : {};
    switch (type) {
      case "ticket_created":
      case "ticket_updated":
        upsertTicket(data, true);
        break;
      case "message":
        if (state.chat && String(data.chat_id) === state.chat.id) appendMessage(data);
        break;
      case "mode_changed":
        if (state.chat && String(data.chat_id) === state.chat.id) setMode(String(data.mode));
        break;
      default:
        break;
    }
  }

  const nowStamp = () => new Date().toISOString();

  // ---- feed ------------------------------------------------------------------------------

  function renderStoredFeed() {
    ui.feed.replaceChildren();
    if (state.feed.length === 0) ui.feed.append(placeholder(t("feed.empty")));
    for (const event of state.feed) ui.feed.prepend(feedItem(event, false));
  }

  function placeholder(text) {
    return el("li", { class: "placeholder", text });
  }

  function addToFeed(event, live) {
    state.feed.push(event);
    if (state.feed.length > FEED_LIMIT) state.feed = state.feed.slice(-FEED_LIMIT);
    save(sessionStorage, KEYS.feed, state.feed);
    const first = ui.feed.firstElementChild;
    if (first && first.classList.contains("placeholder")) first.remove();
    ui.feed.prepend(feedItem(event, live));
    while (ui.feed.children.length > FEED_LIMIT) ui.feed.lastElementChild.remove();
    if (live && ui.panes.dataset.active !== "feed" && isPhoneLayout()) {
      state.unseen += 1;
      ui.feedBadge.textContent = String(state.unseen);
      ui.feedBadge.hidden = false;
    }
  }

  /** Who wrote a message, by the `sender` of its event. */
  const SENDERS = { user: "chatPane.visitor", bot: "chatPane.bot", operator: "chatPane.operator" };

  const fullName = (d) => [d.first_name, d.last_name].filter((part) => part).join(" ");

  /** The feed's line for one event: what happened, to whom, and which chat it opens. */
  function describe(event) {
    const d = event.data && typeof event.data === "object" ? event.data : {};
    switch (event.type) {
      case "new_session": {
        const id = String(d.user_id ?? "");
        const who =
          fullName(d) || (d.username ? "@" + d.username : "") || (id.startsWith("web-") ? t("feed.webVisitor") : id);
        const sub = [d.response ? t("feed.answer", { text: d.response }) : "", id ? t("feed.chat", { chat_id: id }) : ""]
          .filter(Boolean).join("\n");
        return {
          cls: "new-session", kind: t("feed.newSession"), line: `${who || t("feed.someone")}: ${d.message ?? ""}`, sub,
          chat: id,
        };
      }
      case "ticket_created":
        return {
          cls: "ticket", kind: t("feed.ticketCreated"),
          line: `#${d.id} ${d.category || "—"} · ${d.priority || "—"} · ${d.department || "—"}`,
          sub: d.chat_id ? t("feed.chat", { chat_id: d.chat_id }) : "", chat: d.chat_id,
        };
      case "ticket_updated":
        return {
          cls: "ticket", kind: t("feed.ticketUpdated"),
          line: t("feed.ticketIs", { id: d.id, status: d.status }) + (d.assignee ? " · " + d.assignee : ""),
          sub: d.chat_id ? t("feed.chat", { chat_id: d.chat_id }) : "", chat: d.chat_id,
        };
      case "message":
        return {
          cls: "message", kind: t("feed.message", { sender: SENDERS[d.sender] ? t(SENDERS[d.sender]) : d.sender || "?" }),
          line: String(d.text ?? ""),
          sub: t("feed.chat", { chat_id: d.chat_id }), chat: d.chat_id,
        };
      case "mode_changed":
        return {
          cls: "mode-change", kind: t("feed.modeChanged"),
          line: `${d.chat_id} → ${d.mode === "operator" ? "operator" : d.mode}`, chat: d.chat_id,
        };
      case "broadcast":
        return { cls: "broadcast", kind: t("feed.broadcast"), line: String(d.message ?? "") };
      case "replay":
        return {
          cls: "system", kind: t("feed.gap"), line: t("feed.gapLine"),
        };
      default: {
        let text = "";
        try {
          text = JSON.stringify(event.data ?? event).slice(0, 300);
        } catch (_) {
          text = "";
        }
        return { cls: "other", kind: String(event.type || "event"), line: text };
      }
    }
  }

  function feedItem(event, live) {
    const view = describe(event);
    const chat = view.chat !== undefined && view.chat !== null && view.chat !== "" ? String(view.chat) : null;
    const item = el(
      "li",
      {
        class: `event ${view.cls}${chat ? " clickable" : ""}${live ? " fresh" : ""}`,
        data: { type: String(event.type || ""), ...(event.id !== undefined ? { id: event.id } : {}) },
        title: chat ? t("feed.openChat", { chat_id: chat }) : null,
      },
      el("span", { class: "when", text: clock(parseTime(event.timestamp)) }),
      el("div", { class: "kind", text: view.kind }),
      el("div", { class: "line", text: view.line }),
      view.sub ? el("div", { class: "sub", text: view.sub }) : null,
    );
    if (chat) item.addEventListener("click", () => openChat(chat, { switchTab: true }));
    return item;
  }

  ui.clearFeed.addEventListener("click", () => {
    state.feed = [];
    save(sessionStorage, KEYS.feed, state.feed);
    renderStoredFeed();
  });

  // ---- tickets ---------------------------------------------------------------------------

  const filterStatuses = () => (ui.filter.value ? ui.filter.value.split(",") : STATUSES);

  async function loadTickets(older) {
    const params = new URLSearchParams({ limit: "50" });
    if (ui.filter.value) params.set("status", ui.filter.value);
    if (older && state.nextBefore !== null) params.set("before", String(state.nextBefore));
    ui.ticketsNote.classList.remove("error");
    if (!older) ui.ticketsNote.textContent = t("tickets.loading");
    try {
      const page = await api("GET", "/api/tickets?" + params);
      if (!older) {
        state.tickets.clear();
        ui.tickets.replaceChildren();
      }
      for (const ticket of (page && page.items) || []) upsertTicket(ticket, false, true);
      state.nextBefore = page && page.next_before !== undefined ? page.next_before : null;
      ui.more.hidden = state.nextBefore === null || state.nextBefore === undefined;
      ui.ticketsNote.textContent = state.tickets.size ? "" : t("tickets.none");
    } catch (error) {
      if (error.status === 401) return;
      ui.ticketsNote.textContent = t("tickets.failed", { error: error.message });
      ui.ticketsNote.classList.add("error");
    }
    updateTicketCount();
  }

  function updateTicketCount() {
    ui.ticketsCount.textContent = String(state.tickets.size);
  }

  /** Adds or refreshes one ticket's row; a ticket that left the filter leaves the table. */
  function upsertTicket(ticket, live, append) {
    if (!ticket || ticket.id === undefined) return;
    const key = String(ticket.id);
    const old = state.tickets.get(key);
    if (!filterStatuses().includes(String(ticket.status))) {
      if (old) {
        old.row.remove();
        state.tickets.delete(key);
        updateTicketCount();
      }
      return;
    }
    const row = ticketRow(ticket);
    if (live) row.classList.add("fresh");
    if (old) old.row.replaceWith(row);
    else if (append) ui.tickets.append(row);
    else ui.tickets.prepend(row);
    state.tickets.set(key, { ticket, row });
    ui.ticketsNote.textContent = "";
    updateTicketCount();
  }

  function ticketRow(ticket) {
    const chat = ticket.chat_id !== undefined && ticket.chat_id !== null ? String(ticket.chat_id) : "";
    const status = el(
      "select",
      { "aria-label": t("tickets.statusOf", { id: ticket.id }), data: { ticket: ticket.id } },
      ...STATUSES.map((name) => el("option", { value: name, text: name, selected: name === ticket.status })),
    );
    status.addEventListener("click", (event) => event.stopPropagation());
    status.addEventListener("change", () => changeStatus(ticket, status));
    const created = parseTime(ticket.created_at);
    const row = el(
      "tr",
      { data: { ticket: ticket.id, chat }, class: state.chat && state.chat.id === chat ? "selected" : null },
      el("td", { text: `#${ticket.id}` }),
      el("td", {}, status),
      el("td", {}, el("span", { class: `pill p-${String(ticket.priority || "").toLowerCase()}`, text: ticket.priority || "—" })),
      el("td", { text: ticket.category || "—" }),
      el("td", { class: "chat-id", text: chat || "—", title: chat }),
      el("td", { class: "age", text: age(created), data: { created: created ? created.getTime() : "" } }),
    );
    if (chat) row.addEventListener("click", () => openChat(chat, { switchTab: true }));
    return row;
  }

  async function changeStatus(ticket, select) {
    const wanted = select.value;
    select.disabled = true;
    try {
      const updated = await api("PATCH", `/api/tickets/${encodeURIComponent(ticket.id)}`, { status: wanted });
      upsertTicket(updated || { ...ticket, status: wanted }, false);
      toast(t("tickets.changed", { id: ticket.id, status: wanted }));
    } catch (error) {
      select.value = ticket.status;
      if (error.status !== 401) toast(t("tickets.notChanged", { id: ticket.id, error: error.message }), true);
    } finally {
      select.disabled = false;
    }
  }

  function refreshAges() {
    for (const cell of ui.tickets.querySelectorAll("td.age")) {
      const time = Number(cell.dataset.created);
      if (time) cell.textContent = age(new Date(time));
    }
  }

  ui.filter.addEventListener("change", () => loadTickets());
  ui.refresh.addEventListener("click", () => loadTickets());
  ui.more.addEventListener("click", () => loadTickets(true));

  // ---- connections per instance ---------------------------------------------------------

  async function loadConnections() {
    if (!state.token) return;
    try {
      const response = await fetch(CONNECTIONS_PATH, { cache: "no-store" });
      const body = await response.json();
      const instances = (body && body.data && body.data.instances) || [];
      const chips = instances.map((instance) =>
        el(
          "span",
          { class: "chip", title: `notify-hub instance ${instance.instance_id}` },
          el("b", { text: String(instance.instance_id || "?").slice(0, 8) }),
          ` web ${Number(instance.contact_connections) || 0} · IM ${Number(instance.pipeline_connections) || 0}`,
        ),
      );
      if (chips.length === 0) chips.push(el("span", { class: "chip", text: t("instances.none") }));
      ui.instances.replaceChildren(...chips);
    } catch (_) {
      ui.instances.replaceChildren(el("span", { class: "chip", text: t("instances.unavailable") }));
    }
  }

  // ---- chat pane ------------------------------------------------------------------------

  async function openChat(chatID, { switchTab }) {
    const id = String(chatID);
    for (const pending of state.chat ? state.chat.pending : []) clearTimeout(pending.timer);
    state.chat = { id, mode: null, seen: new Set(), pending: [] };
    sessionStorage.setItem(KEYS.chat, id);
    for (const row of ui.tickets.querySelectorAll("tr")) row.classList.toggle("selected", row.dataset.chat === id);
    ui.chatTitle.textContent = id;
    ui.chatTitle.title = id;
    ui.history.replaceChildren(placeholder(t("chatPane.loading")));
    setMode(null);
    if (switchTab && isPhoneLayout()) showTab("chat");
    const chat = state.chat;
    const [history, mode] = await Promise.allSettled([
      api("GET", chatPath(id) + "/messages?limit=100"),
      api("GET", chatPath(id) + "/mode"),
    ]);
    if (state.chat !== chat) return; // another chat was opened meanwhile
    ui.history.replaceChildren();
    if (history.status === "fulfilled") {
      const items = ((history.value && history.value.items) || []).slice().reverse();
      for (const message of items) appendMessage(message);
      if (items.length === 0) ui.history.append(placeholder(t("chatPane.noMessages")));
    } else {
      ui.history.append(placeholder(t("chatPane.historyUnavailable", { error: history.reason.message })));
    }
    if (mode.status === "fulfilled") setMode(String((mode.value && mode.value.mode) || "bot"));
    else if (mode.reason.status !== 401) toast(t("chatPane.modeUnavailable", { error: mode.reason.message }), true);
  }

  function appendMessage(message) {
    const chat = state.chat;
    if (!chat) return;
    if (message.id !== undefined && chat.seen.has(String(message.id))) return;
    if (message.id !== undefined) chat.seen.add(String(message.id));
    const first = ui.history.firstElementChild;
    if (first && first.classList.contains("placeholder")) first.remove();
    const sender = ["user", "bot", "operator"].includes(message.sender) ? message.sender : "user";
    if (sender === "operator") {
      const index = chat.pending.findIndex((pending) => pending.text === String(message.text));
      if (index >= 0) {
        clearTimeout(chat.pending[index].timer);
        chat.pending[index].node.remove();
        chat.pending.splice(index, 1);
      }
    }
    const labels = { user: t("chatPane.visitor"), bot: t("chatPane.bot"), operator: t("chatPane.operator") };
    const node = messageNode(sender, labels[sender], String(message.text ?? ""), clock(parseTime(message.created_at)));
    if (message.id !== undefined) node.dataset.id = String(message.id);
    const atBottom = ui.history.scrollHeight - ui.history.scrollTop - ui.history.clientHeight < 80;
    ui.history.append(node);
    if (atBottom || sender === "operator") ui.history.scrollTop = ui.history.scrollHeight;
  }

  function messageNode(sender, label, text, when) {
    return el(
      "li",
      { class: `line-msg ${sender}`, data: { sender } },
      el("span", { class: "who", text: when ? `${label} · ${when}` : label }),
      el("div", { class: "text", text }),
    );
  }

  function setMode(mode) {
    if (state.chat) state.chat.mode = mode;
    const known = mode === "bot" || mode === "operator";
    ui.chatMode.hidden = !known;
    ui.chatMode.textContent = mode === "operator" ? t("chatPane.operatorHasIt") : t("chatPane.botAnswers");
    ui.chatMode.className = `mode ${mode || ""}`;
    ui.takeOver.disabled = !state.chat || mode === "operator";
    ui.giveBack.disabled = !state.chat || mode !== "operator";
    const canReply = mode === "operator";
    ui.reply.disabled = !canReply;
    ui.sendReply.disabled = !canReply;
    ui.reply.placeholder = canReply ? t("reply.open") : t("reply.locked");
  }

  async function changeMode(mode) {
    if (!state.chat) return;
    const chat = state.chat;
    ui.takeOver.disabled = ui.giveBack.disabled = true;
    try {
      const body = await api("PUT", chatPath(chat.id) + "/mode", { mode });
      if (state.chat === chat) setMode(String((body && body.mode) || mode));
      if (mode === "operator") ui.reply.focus();
    } catch (error) {
      if (state.chat === chat) setMode(chat.mode);
      if (error.status !== 401) toast(t("chatPane.modeNotChanged", { error: error.message }), true);
    }
  }

  ui.takeOver.addEventListener("click", () => changeMode("operator"));
  ui.giveBack.addEventListener("click", () => changeMode("bot"));

  ui.replyForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const chat = state.chat;
    const text = ui.reply.value.trim();
    if (!chat || !text) return;
    const socket = state.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      toast(t("reply.notConnected"), true);
      return;
    }
    // The reply goes the way a Telegram operator reply goes (operator-relay); it shows
    // for good when its `message` event comes back.
    socket.send(JSON.stringify({ type: "reply", chat_id: chat.id, text }));
    const node = messageNode("operator", t("reply.sending"), text, "");
    node.classList.add("pending");
    const first = ui.history.firstElementChild;
    if (first && first.classList.contains("placeholder")) first.remove();
    ui.history.append(node);
    ui.history.scrollTop = ui.history.scrollHeight;
    const pending = { text, node, timer: 0 };
    pending.timer = setTimeout(() => {
      node.querySelector(".who").textContent = t("reply.queued");
    }, 15000);
    chat.pending.push(pending);
    ui.reply.value = "";
  });

  ui.reply.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ui.replyForm.requestSubmit();
    }
  });

  for (const tab of ui.tabs) tab.addEventListener("click", () => showTab(tab.dataset.tab));

  // ---- go --------------------------------------------------------------------------------

  if (state.token) start();
  else signOut("");
})();

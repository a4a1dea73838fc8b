// Switchboard pages: helpers shared by the dashboard and the visitor chat.
// Every piece of text from users, operators or the server goes into the page through
// textContent (el's `text`), never parsed as markup (PagesTests checks the scripts for it).
"use strict";

const SB = (() => {
  /** Creates an element: el("div", {class: "x", text: "…", title: "…", data: {k: v}}, child, …). */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = String(value);
      else if (key === "data") for (const [k, v] of Object.entries(value)) node.dataset[k] = String(v);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key in node && typeof value !== "string") node[key] = value;
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Reads JSON from a storage, or `fallback` when absent or unreadable (private mode, quota). */
  function load(storage, key, fallback) {
    try {
      const text = storage.getItem(key);
      return text === null ? fallback : JSON.parse(text);
    } catch (_) {
      return fallback;
    }
  }

  /** Writes JSON to a storage; a full or disabled storage only loses the convenience. */
  function save(storage, key, value) {
    try {
      storage.setItem(key, JSON.stringify(value));
    } catch (_) {
      /* not kept: the page still works */
    }
  }

  /** A server time ("YYYY-MM-DD HH:MM:SS" in UTC, or ISO 8601) as a Date; null if unreadable. */
  function parseTime(text) {
    if (!text) return null;
    let iso = String(text).trim().replace(" ", "T");
    if (!/[zZ]|[+-]\d\d:?\d\d$/.test(iso)) iso += "Z";
    const date = new Date(iso);
    return isNaN(date.getTime()) ? null : date;
  }

  /** "5 s", "3 min", "2 h", "4 d": how long ago `date` was. */
  function age(date, now = Date.now()) {
    if (!date) return "—";
    const seconds = Math.max(0, Math.round((now - date.getTime()) / 1000));
    if (seconds < 60) return seconds + " s";
    if (seconds < 3600) return Math.floor(seconds / 60) + " min";
    if (seconds < 86400) return Math.floor(seconds / 3600) + " h";
    return Math.floor(seconds / 86400) + " d";
  }

  /** "14:05" for today, else "12 Mar 14:05", in the browser's time zone. */
  function clock(date) {
    if (!date) return "";
    const time = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    if (date.toDateString() === new Date().toDateString()) return time;
    return date.toLocaleDateString([], { day: "numeric", month: "short" }) + " " + time;
  }

  /**
   * Reconnect delays: 0.5 s doubling to `max` ms, with ±25 % jitter so many pages that lost
   * the same server do not come back in step. `reset()` after a connection that held.
   */
  function backoff(max = 30000) {
    let attempt = 0;
    return {
      next() {
        const base = Math.min(max, 500 * 2 ** attempt);
        attempt += 1;
        return Math.round(base * (0.75 + Math.random() * 0.5));
      },
      reset() {
        attempt = 0;
      },
    };
  }

  /** ws:// or wss:// URL of `path` on this page's own host. */
  function socketURL(path, params) {
    const url = new URL(path, window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  return { el, load, save, parseTime, age, clock, backoff, socketURL };
})();

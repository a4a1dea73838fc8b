// Switchboard chat on any site:
//   <script src="https://desk.example.com/chat/embed.js" async></script>
// adds a round button in the bottom-right corner that opens the visitor chat (/chat on
// the same host as this script) in an iframe. The chat runs in its own origin, so the
// host page's styles and scripts cannot touch it. Optional attributes on the script tag:
// data-label="Help" (the button's text), data-position="left" (bottom-left corner),
// data-lang="vi" (the chat's language: ru, kk, en, vi, zh; default the host page's
// <html lang>, else the browser's).
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || window.__switchboardChat) return;
  window.__switchboardChat = true;
  const origin = new URL(script.src, location.href).origin;
  // The button's own two texts (the chat inside the frame has the rest).
  const TEXTS = {
    en: ["Chat with us", "Close chat", "Support chat"],
    ru: ["Напишите нам", "Закрыть чат", "Чат поддержки"],
    kk: ["Бізге жазыңыз", "Чатты жабу", "Қолдау чаты"],
    vi: ["Trò chuyện với chúng tôi", "Đóng trò chuyện", "Trò chuyện hỗ trợ"],
    zh: ["联系我们", "关闭聊天", "在线客服"],
  };
  const language = [script.dataset.lang, document.documentElement.lang, navigator.language]
    .map((code) => String(code || "").toLowerCase().split(/[-_]/)[0].replace(/^kz$/, "kk"))
    .find((code) => code in TEXTS) || "en";
  const [openText, closeText, frameTitle] = TEXTS[language];
  const label = script.dataset.label || openText;
  const side = script.dataset.position === "left" ? "left" : "right";

  const style = (node, rules) => Object.assign(node.style, rules);
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = label;
  button.setAttribute("aria-expanded", "false");
  style(button, {
    position: "fixed", bottom: "20px", [side]: "20px", zIndex: "2147483000",
    padding: "12px 18px", border: "0", borderRadius: "24px", cursor: "pointer",
    background: "#1f4ed8", color: "#fff", font: "600 15px system-ui, sans-serif",
    boxShadow: "0 6px 20px rgba(20, 30, 60, .25)",
  });

  let frame = null;
  // A phone gets the chat across the whole screen above the button; a larger screen a
  // panel above the button.
  const place = () => {
    if (!frame) return;
    const phone = window.innerWidth < 600;
    style(frame, phone
      ? { left: "0", right: "0", top: "0", bottom: "auto", width: "100%", height: "calc(100% - 72px)",
          maxHeight: "none", borderRadius: "0" }
      : { left: "auto", right: "auto", top: "auto", [side]: "20px", bottom: "80px", width: "380px",
          height: "560px", maxHeight: "calc(100vh - 100px)", borderRadius: "14px" });
  };

  button.addEventListener("click", () => {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.src = origin + "/chat?embed=1&lang=" + language;
      frame.title = frameTitle;
      frame.setAttribute("allow", "clipboard-write");
      style(frame, {
        position: "fixed", border: "0", zIndex: "2147483000", background: "#fff",
        boxShadow: "0 12px 40px rgba(20, 30, 60, .3)",
      });
      document.body.appendChild(frame);
    } else {
      frame.style.display = frame.style.display === "none" ? "block" : "none";
    }
    const open = frame.style.display !== "none";
    button.textContent = open ? closeText : label;
    button.setAttribute("aria-expanded", String(open));
    place();
  });
  window.addEventListener("resize", place);

  const attach = () => document.body.appendChild(button);
  if (document.body) attach();
  else document.addEventListener("DOMContentLoaded", attach);
})();

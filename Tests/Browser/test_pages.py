"""The dashboard and the visitor chat in a real browser (headless chromium + selenium).

Started by scripts/browser-test.sh, which runs the services and passes their addresses:
HUB1_URL (the visitor's notify-hub), HUB2_URL (the dashboard's: another instance),
ADMIN_API_TOKEN, REDIS_PORT, OUTPUT_DIR (screenshots), BROWSER_PIDS (chromedriver PIDs,
for the script's clean-up after a time-out).

The flow: the dashboard signs in; the visitor asks a question of the shipped FAQ and gets
its answer, then an unknown question and gets the ticket notice, while the dashboard
shows the new session live; the operator opens the chat, takes it over and replies; the
reply reaches the visitor marked as from a person. Markup sent by either side shows as
literal text and runs nothing. Reloads keep the feed (dashboard) and the chat (visitor).
Every step is required: a missing desk API or a flow that does not complete fails the test
(there is no "not checked").
"""

import glob
import http.server
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

HUB1 = os.environ["HUB1_URL"]
HUB2 = os.environ["HUB2_URL"]
TOKEN = os.environ["ADMIN_API_TOKEN"]
REDIS_PORT = os.environ["REDIS_PORT"]
OUT = os.environ.get("OUTPUT_DIR", "test-output")
PIDS = os.environ.get("BROWSER_PIDS")
XSS = "<img src=x onerror=alert(1)>"
WAIT = 15
REPLY_STREAM = "switchboard:operator-replies"

checks = []  # names of the checks that passed, in order
started = time.monotonic()


def step(name):
    print(f"  {time.monotonic() - started:5.1f}s  {name}", flush=True)


def ok(name):
    checks.append(name)


def shipped_faq_entry():
    """An English question of the shipped FAQ and its answer."""
    candidates = [os.environ.get("FAQ_FILE", ""), "faq/default.json"]
    candidates += glob.glob("Services/ingest-api/**/faq/default.json", recursive=True)
    for path in filter(None, candidates):
        try:
            with open(path, encoding="utf-8") as handle:
                document = json.load(handle)
        except (OSError, ValueError):
            continue
        entries = document.get("entries", document) if isinstance(document, dict) else document
        for entry in entries:
            if entry.get("language") == "en" and entry.get("question") and entry.get("answer"):
                return entry["question"], entry["answer"]
    raise SystemExit("no English entry in a shipped FAQ (faq/default.json)")


def browser(width, height):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in [
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        f"--window-size={width},{height}", "--hide-scrollbars", "--lang=en-US",
        "--disable-background-networking", "--no-first-run",
    ]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    if PIDS:
        with open(PIDS, "a", encoding="ascii") as handle:
            handle.write(f"{driver.service.process.pid}\n")
    viewport(driver, width, height, mobile=False)
    driver.set_page_load_timeout(WAIT)
    driver.set_script_timeout(WAIT)
    return driver


def viewport(driver, width, height, mobile):
    """The page's own size (the window's would include the browser's frame)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


def wait(driver, condition, what, seconds=WAIT):
    try:
        return WebDriverWait(
            driver, seconds, poll_frequency=0.1, ignored_exceptions=(StaleElementReferenceException,)
        ).until(lambda d: condition(d))
    except TimeoutException:
        raise AssertionError(f"timed out after {seconds}s waiting for: {what}") from None


def texts(driver, selector):
    """The rendered text of every match, read in one go (the pages replace nodes as they go)."""
    return driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map((node) => node.innerText)", selector)


def any_text(driver, selector, needle):
    return any(needle in text for text in texts(driver, selector))


def no_alert(driver, page):
    try:
        alert = driver.switch_to.alert
        message = alert.text
        alert.dismiss()
        raise AssertionError(f"{page}: a script ran (alert {message!r})")
    except NoAlertPresentException:
        pass
    assert not driver.execute_script("return window.__scriptRan === true"), f"{page}: injected script ran"


def admin_get(path):
    request = urllib.request.Request(HUB2 + path, headers={"Authorization": "Bearer " + TOKEN})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


def redis(*arguments):
    return subprocess.run(
        ["redis-cli", "-p", REDIS_PORT, "--raw", *arguments], capture_output=True, text=True, timeout=5
    ).stdout


def relay_consumes_replies():
    """Whether operator-relay has a consumer group on the dashboard replies' stream."""
    return "name" in redis("XINFO", "GROUPS", REPLY_STREAM)


def another_site(html):
    """An HTTP server in this process (another origin than the hubs) serving one page."""
    body = html.encode()

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the handler's API
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *arguments):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/"
    return server


def chat_send(visitor, text):
    box = visitor.find_element(By.ID, "text")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)


def shoot(driver, name):
    path = os.path.join(OUT, name)
    driver.save_screenshot(path)
    print(f"  screenshot {path}")


def require_desk():
    """Fails unless ingest-api serves the desk's API (GET /api/tickets answers 200)."""
    request = urllib.request.Request(
        os.environ["INGEST_URL"] + "/api/tickets?limit=1", headers={"Authorization": "Bearer " + TOKEN})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200, f"GET /api/tickets answered {response.status}"
    except urllib.error.HTTPError as error:
        raise AssertionError(f"the desk is not there: ingest-api answered GET /api/tickets with {error.code}") from None
    except urllib.error.URLError as error:
        raise AssertionError(f"the desk is not there: ingest-api unreachable ({error.reason})") from None


def main():
    require_desk()
    question, answer = shipped_faq_entry()
    unknown = "Why does the third floor printer print only purple zebras since Tuesday?"
    dashboard = browser(1280, 800)
    visitor = browser(1280, 800)
    try:
        run(dashboard, visitor, question, answer, unknown)
        run_languages(dashboard, visitor)
    except AssertionError:
        os.makedirs(OUT, exist_ok=True)
        for driver, name in ((visitor, "failed-chat.png"), (dashboard, "failed-dashboard.png")):
            try:
                shoot(driver, name)
            except Exception:  # noqa: BLE001 - the failure matters more than its picture
                pass
        raise
    finally:
        for driver in (dashboard, visitor):
            try:
                driver.quit()
            except Exception:  # noqa: BLE001 - quitting is best effort
                pass
    print("browser test:")
    for name in checks:
        print(f"  ok    {name}")
    print(f"browser test: all {len(checks)} checks passed, {time.monotonic() - started:.0f}s")


def run(dashboard, visitor, question, answer, unknown):
    step("dashboard: sign in")
    dashboard.get(HUB2 + "/")
    wait(dashboard, lambda d: d.find_element(By.ID, "token").is_displayed(), "the token prompt")
    os.makedirs(OUT, exist_ok=True)
    shoot(dashboard, "dashboard-sign-in.png")
    dashboard.find_element(By.ID, "token").send_keys(TOKEN + Keys.ENTER)
    wait(dashboard, lambda d: d.find_element(By.ID, "conn").get_attribute("data-state") == "live", "/notify live")
    wait(dashboard, lambda d: d.find_element(By.ID, "tickets-note").text in ("No tickets here.", ""), "tickets loaded")
    ok("dashboard asks for the token, connects to /notify and loads tickets through the hub's API proxy")

    step("visitor: open the chat")
    visitor.get(HUB1 + "/chat")
    wait(visitor, lambda d: d.find_element(By.ID, "status").get_attribute("data-state") == "online", "chat online")
    client_id = wait(visitor, lambda d: d.execute_script(
        "return localStorage.getItem('switchboard.chat.client_id')"), "a client id in localStorage")
    chat_id = "web-" + json.loads(client_id)
    # Records whether the typing indicator was ever shown.
    visitor.execute_script("""
        const typing = document.getElementById('typing');
        new MutationObserver(() => { if (!typing.hidden) window.__typingSeen = true; })
            .observe(typing, {attributes: true});
    """)

    step("visitor: a question of the shipped FAQ")
    chat_send(visitor, question)
    wait(visitor, lambda d: any_text(d, ".msg.bot .bubble", answer), "the FAQ answer in the chat")
    assert visitor.execute_script("return window.__typingSeen === true"), "no typing indicator while waiting"
    assert not visitor.find_element(By.ID, "typing").is_displayed(), "typing indicator still shown after the answer"
    ok("FAQ question answered in the chat, typing indicator shown while waiting")

    step("visitor: an unknown question; dashboard: the new session live")
    chat_send(visitor, unknown)
    wait(visitor, lambda d: any_text(d, ".msg.bot .bubble", "Ticket: #"), "the ticket notice in the chat")
    ok("unknown question answered with the ticket notice")
    wait(dashboard, lambda d: any_text(d, "#feed .event.new-session", unknown), "the new session in the live feed")
    wait(dashboard, lambda d: any(r.get_attribute("data-chat") == chat_id
                                  for r in d.find_elements(By.CSS_SELECTOR, "#tickets tr")), "the ticket row")
    ok("dashboard shows the new session (highlighted) and the new ticket live")

    step("dashboard: change the ticket's status")
    row = next(r for r in dashboard.find_elements(By.CSS_SELECTOR, "#tickets tr")
               if r.get_attribute("data-chat") == chat_id)
    ticket_id = row.get_attribute("data-ticket")
    Select(row.find_element(By.TAG_NAME, "select")).select_by_value("pending")
    wait(dashboard, lambda d: admin_get(f"/api/tickets/{ticket_id}")["status"] == "pending", "status pending in the API")
    wait(dashboard, lambda d: any(Select(s).first_selected_option.text == "pending" for s in d.find_elements(
        By.CSS_SELECTOR, f"#tickets tr[data-ticket='{ticket_id}'] select")), "the row showing pending")
    ok("the ticket's status changes from the dashboard (PATCH /api/tickets/{id})")

    step("visitor: markup as a message (bot mode)")
    chat_send(visitor, XSS)
    wait(visitor, lambda d: len(texts(d, ".msg.bot .bubble")) >= 3, "the answer to the markup message")
    wait(dashboard, lambda d: any_text(d, "#feed .event", XSS), "the markup message in the feed")

    step("dashboard: open the chat, take it over")
    session = next(node for node in dashboard.find_elements(By.CSS_SELECTOR, "#feed .event.new-session")
                   if unknown in node.text)
    session.click()
    wait(dashboard, lambda d: d.find_element(By.ID, "chat-title").text == chat_id, "the chat pane for the visitor")
    wait(dashboard, lambda d: any_text(d, "#history .line-msg.user .text", unknown), "the history")
    wait(dashboard, lambda d: any_text(d, "#history .line-msg.bot .text", answer), "the bot's answer in the history")
    wait(dashboard, lambda d: d.find_element(By.ID, "take-over").is_enabled(), "the take-over button")
    dashboard.find_element(By.ID, "take-over").click()
    wait(dashboard, lambda d: "operator" in d.find_element(By.ID, "chat-mode").get_attribute("class"), "operator mode")
    assert admin_get(f"/api/chats/{chat_id}/mode")["mode"] == "operator", "mode not operator in the API"
    ok("dashboard opens the chat with its history and takes it over (PUT mode operator)")

    step("dashboard: reply")
    reply = "Hello, this is Dana from support. I will check the printer for you."
    box = dashboard.find_element(By.ID, "reply")
    box.send_keys(reply + Keys.ENTER)
    wait(dashboard, lambda d: any_text(d, "#history .line-msg.operator .text", reply), "the reply in the pane")
    try:
        wait(visitor, lambda d: any_text(d, ".msg.operator .bubble", reply), "the operator's reply in the chat")
    except AssertionError as error:
        if not relay_consumes_replies():
            raise AssertionError(f"{error} (operator-relay has no consumer group on {REPLY_STREAM}: "
                                 "dashboard replies go nowhere)") from None
        raise
    label = visitor.find_element(By.CSS_SELECTOR, ".msg.operator .label").text
    assert "person" in label.lower(), f"operator reply not marked as from a person: {label!r}"
    wait(dashboard, lambda d: any(n.get_attribute("data-id") for n in d.find_elements(
        By.CSS_SELECTOR, "#history .line-msg.operator")), "the reply confirmed by its message event")
    ok("the reply reaches the visitor (other hub instance) marked as from a person")
    step("dashboard: markup as a reply")
    box.send_keys(XSS + Keys.ENTER)
    wait(visitor, lambda d: any_text(d, ".msg.operator .bubble", XSS), "the markup reply in the chat")

    step("visitor: markup as a message (operator mode)")
    chat_send(visitor, XSS + " again")
    wait(dashboard, lambda d: any_text(d, "#history .line-msg.user .text", XSS + " again"), "the message in the pane")

    step("markup shows literally, runs nothing")
    for driver, page, selectors in (
        (visitor, "chat", ["#messages"]),
        (dashboard, "dashboard", ["#feed", "#history"]),
    ):
        no_alert(driver, page)
        for selector in selectors:
            images = driver.find_elements(By.CSS_SELECTOR, selector + " img")
            assert not images, f"{page}: markup became elements in {selector}"
    assert any_text(visitor, ".msg.me .bubble", XSS), "the chat does not show the markup literally"
    assert any_text(dashboard, "#history .text", XSS), "the chat pane does not show the markup literally"
    assert any_text(dashboard, "#feed .event", XSS), "the feed does not show the markup literally"
    ok(f"{XSS} shows literally on both pages and runs no script")

    step("screenshots, desktop 1280x800")
    os.makedirs(OUT, exist_ok=True)
    shoot(visitor, "chat-desktop.png")
    shoot(dashboard, "dashboard-desktop.png")

    step("reloads keep the feed and the chat")
    feed_before = len(dashboard.find_elements(By.CSS_SELECTOR, "#feed .event"))
    dashboard.refresh()
    wait(dashboard, lambda d: d.find_element(By.ID, "conn").get_attribute("data-state") == "live", "live after reload")
    assert len(dashboard.find_elements(By.CSS_SELECTOR, "#feed .event")) == feed_before, "the feed changed on reload"
    wait(dashboard, lambda d: d.find_element(By.ID, "chat-title").text == chat_id, "the open chat after reload")
    # An event id ahead of the store (as after a Redis reset): the page starts afresh.
    dashboard.execute_script("sessionStorage.setItem('switchboard.dashboard.last_id', '99999999')")
    dashboard.refresh()
    wait(dashboard, lambda d: d.find_elements(By.CSS_SELECTOR, "#feed .event.system"), "the gap notice")
    wait(dashboard, lambda d: d.find_element(By.ID, "conn").get_attribute("data-state") == "live", "live after a gap")
    feed_before = len(dashboard.find_elements(By.CSS_SELECTOR, "#feed .event"))
    visitor.refresh()
    wait(visitor, lambda d: d.find_element(By.ID, "status").get_attribute("data-state") == "online", "online again")
    assert json.loads(visitor.execute_script(
        "return localStorage.getItem('switchboard.chat.client_id')")) == chat_id[4:], "client id changed"
    assert any_text(visitor, ".msg.me .bubble", unknown), "the conversation was not kept"
    chat_send(visitor, "Still there after a reload")
    wait(dashboard, lambda d: any_text(d, "#history .line-msg.user .text", "Still there after a reload"),
         "the reloaded visitor's message in the same chat")
    wait(dashboard, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#feed .event")) > feed_before,
         "new events after the reload")
    ok("dashboard reload keeps the feed and resumes with since (a gap resyncs); visitor reload keeps its client id")

    step("dashboard: give the chat back to the bot")
    dashboard.find_element(By.ID, "give-back").click()
    wait(dashboard, lambda d: "operator" not in d.find_element(By.ID, "chat-mode").get_attribute("class"), "bot mode")
    bot_answers = len(texts(visitor, ".msg.bot .bubble"))
    chat_send(visitor, question)
    wait(visitor, lambda d: len(texts(d, ".msg.bot .bubble")) > bot_answers and any_text(
        d, ".msg.bot .bubble", answer), "the bot answering again")
    ok("giving the chat back (PUT mode bot) lets the bot answer again")

    step("screenshots, phone 390x844")
    # Two instances reported; the visitor's (hub 1) counts its socket. Reports are made every
    # 5 s and the dashboard asks every 5 s, so this may take up to about 10 s.
    counts = wait(dashboard, lambda d: (lambda c: c if len(c) >= 2 and any(" web 1 " in x for x in c) else None)(
        texts(d, "#instances .chip")), "connection counts of both instances, one visitor", seconds=20)
    ok("connection counts per instance shown: " + "; ".join(counts))
    viewport(visitor, 390, 844, mobile=True)
    viewport(dashboard, 390, 844, mobile=True)
    time.sleep(0.3)
    shoot(visitor, "chat-phone.png")
    dashboard.find_element(By.CSS_SELECTOR, ".tabs button[data-tab='feed']").click()
    shoot(dashboard, "dashboard-phone-feed.png")
    dashboard.find_element(By.CSS_SELECTOR, ".tabs button[data-tab='chat']").click()
    shoot(dashboard, "dashboard-phone-chat.png")
    dashboard.find_element(By.CSS_SELECTOR, ".tabs button[data-tab='tickets']").click()
    shoot(dashboard, "dashboard-phone-tickets.png")
    overflow = dashboard.execute_script("return document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the dashboard is wider than a phone screen"
    overflow = visitor.execute_script("return document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the chat is wider than a phone screen"
    ok("both pages fit a phone screen (no horizontal overflow)")

    step("embed snippet on another site")
    viewport(visitor, 1280, 800, mobile=False)
    site = another_site(
        "<!doctype html><title>Some site</title><h1>Some company site</h1><p>Its own content.</p>"
        f'<script src="{HUB1}/chat/embed.js" async></script>')
    visitor.get(site.url)
    launcher = wait(visitor, lambda d: d.find_elements(By.CSS_SELECTOR, "button[aria-expanded]"), "the chat button")
    launcher[0].click()
    frame = wait(visitor, lambda d: d.find_elements(By.CSS_SELECTOR, "iframe[title='Support chat']"), "the iframe")
    visitor.switch_to.frame(frame[0])
    wait(visitor, lambda d: d.find_element(By.ID, "status").get_attribute("data-state") == "online", "embed online")
    chat_send(visitor, question)
    wait(visitor, lambda d: any_text(d, ".msg.bot .bubble", answer), "the FAQ answer in the embedded chat")
    visitor.switch_to.default_content()
    shoot(visitor, "embed-desktop.png")
    site.shutdown()
    ok("the embed snippet puts a working chat (iframe on /chat) on another site")


# ---- issue 19: both pages in ru, kk, en, vi and zh, with a screenshot of each ----------
# For each language: what the page must say (its own words, not read from the page's table),
# a question of the shipped FAQ, a question it cannot answer, the start of the ticket notice
# and the acknowledgement of a contact request, both written by the desk in that language.
LANGUAGE_PAGES = {
    "ru": {"send": "Отправить", "feed": "Лента", "unknown": "Проектор в переговорной не показывает изображение",
           "ticket": "📝 Ваш запрос зарегистрирован!", "contact": "Ваш запрос получен. Оператор скоро свяжется с вами.",
           "embed": "Чат поддержки"},
    "kk": {"send": "Жіберу", "feed": "Лента", "unknown": "Мәжіліс залындағы проектор сурет көрсетпейді",
           "ticket": "📝 Сұрауыңыз тіркелді!", "contact": "Сұрауыңыз қабылданды. Оператор жақында сізбен байланысады.",
           "embed": "Қолдау чаты"},
    "en": {"send": "Send", "feed": "Feed", "unknown": "The projector in meeting room 4 shows no picture",
           "ticket": "📝 Your request is registered!",
           "contact": "Your request has been received. An operator will contact you soon.", "embed": "Support chat"},
    "vi": {"send": "Gửi", "feed": "Sự kiện", "unknown": "Máy chiếu trong phòng họp không lên hình",
           "ticket": "📝 Yêu cầu của bạn đã được ghi nhận!",
           "contact": "Yêu cầu của bạn đã được tiếp nhận. Nhân viên hỗ trợ sẽ sớm liên hệ với bạn.",
           "embed": "Trò chuyện hỗ trợ"},
    "zh": {"send": "发送", "feed": "动态", "unknown": "会议室的投影仪没有画面", "ticket": "📝 您的请求已登记！",
           "contact": "您的请求已收到，客服人员会尽快与您联系。", "embed": "在线客服"},
}


def shipped_faq_entries(language):
    """The shipped FAQ's entries in `language` (question, answer)."""
    for path in ["faq/default.json"] + glob.glob("Services/ingest-api/**/faq/default.json", recursive=True):
        try:
            with open(path, encoding="utf-8") as handle:
                entries = json.load(handle)["entries"]
        except (OSError, ValueError, KeyError):
            continue
        return [(e["question"], e["answer"]) for e in entries if e.get("language") == language]
    raise SystemExit("no shipped FAQ (faq/default.json)")


def run_languages(dashboard, visitor):
    import re  # noqa: PLC0415 - kept inside this block, which another change may move

    step("languages: every page text in every language, with the same placeholders")
    visitor.get(HUB1 + "/chat")
    table = visitor.execute_script("return I18N.TEXTS")
    english = table["en"]
    for language in LANGUAGE_PAGES:
        language_texts = table.get(language, {})
        assert set(language_texts) == set(english), \
            f"{language}: keys differ: {sorted(set(language_texts) ^ set(english))}"
        for key, text in english.items():
            wanted = sorted(set(re.findall(r"\{([a-z_]+)\}", text)))
            found = sorted(set(re.findall(r"\{([a-z_]+)\}", language_texts[key])))
            assert wanted == found, f"{language}.{key}: placeholders {found} instead of {wanted}"
    ok(f"the pages' table has all {len(english)} texts in {len(LANGUAGE_PAGES)} languages, same placeholders")

    os.makedirs(OUT, exist_ok=True)
    viewport(visitor, 1280, 800, mobile=False)
    for language, page in LANGUAGE_PAGES.items():
        step(f"visitor chat in {language}")
        # A new visitor each time: a fresh client id, an empty conversation.
        visitor.execute_script("localStorage.clear()")
        visitor.get(HUB1 + f"/chat?lang={language}")
        wait(visitor, lambda d: d.find_element(By.ID, "status").get_attribute("data-state") == "online", "online")
        assert visitor.find_element(By.ID, "send").text == page["send"], f"{language}: the send button"
        assert visitor.execute_script("return document.documentElement.lang") == language
        question, answer = shipped_faq_entries(language)[2]
        chat_send(visitor, question)
        wait(visitor, lambda d: any_text(d, ".msg.bot .bubble", answer), f"the {language} FAQ answer")
        chat_send(visitor, page["unknown"])
        wait(visitor, lambda d: any(t.startswith(page["ticket"]) for t in texts(d, ".msg.bot .bubble")),
             f"the {language} ticket notice")
        visitor.find_element(By.ID, "call-person").click()
        wait(visitor, lambda d: any_text(d, ".msg.system .bubble", page["contact"]),
             f"the {language} contact acknowledgement")
        shoot(visitor, f"chat-{language}.png")
        ok(f"chat in {language}: its labels, the FAQ answer, the ticket notice and the contact frame in {language}")

    step("dashboard: the language switch, remembered")
    viewport(dashboard, 1280, 800, mobile=False)
    for language, page in LANGUAGE_PAGES.items():
        Select(dashboard.find_element(By.ID, "lang")).select_by_value(language)
        wait(dashboard, lambda d: d.execute_script("return document.documentElement.lang") == language
             and d.find_element(By.ID, "conn").get_attribute("data-state") == "live", f"the dashboard in {language}")
        tab = dashboard.find_element(By.CSS_SELECTOR, ".tabs button[data-tab='feed'] span[data-i18n]")
        assert tab.get_attribute("textContent") == page["feed"], f"{language}: the feed tab"
        dashboard.refresh()
        wait(dashboard, lambda d: d.execute_script("return document.documentElement.lang") == language
             and d.find_element(By.ID, "conn").get_attribute("data-state") == "live", f"{language} after a reload")
        time.sleep(0.3)
        shoot(dashboard, f"dashboard-{language}.png")
    Select(dashboard.find_element(By.ID, "lang")).select_by_value("en")
    wait(dashboard, lambda d: d.execute_script("return document.documentElement.lang") == "en", "back to English")
    ok("the dashboard switches to each language and keeps it across a reload")

    step("embed snippet with data-lang")
    visitor.execute_script("localStorage.clear()")  # the chat's origin (the last page was a chat): a new visitor
    site = another_site(
        "<!doctype html><html lang='en'><title>Trang web</title><h1>Một trang web khác</h1>"
        f'<script src="{HUB1}/chat/embed.js" data-lang="vi" async></script></html>')
    visitor.get(site.url)
    launcher = wait(visitor, lambda d: d.find_elements(By.CSS_SELECTOR, "button[aria-expanded]"), "the chat button")
    launcher[0].click()
    frame = wait(visitor, lambda d: d.find_elements(
        By.CSS_SELECTOR, f"iframe[title='{LANGUAGE_PAGES['vi']['embed']}']"), "the Vietnamese iframe")
    visitor.switch_to.frame(frame[0])
    wait(visitor, lambda d: d.find_element(By.ID, "status").get_attribute("data-state") == "online", "embed online")
    assert visitor.find_element(By.ID, "send").text == LANGUAGE_PAGES["vi"]["send"], "the embedded chat's language"
    visitor.switch_to.default_content()
    shoot(visitor, "embed-vi.png")
    site.shutdown()
    ok("the embed snippet's data-lang sets the chat's language (over the host page's)")
# ---- end of issue 19's languages -----------------------------------------------------


if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        print(f"browser test FAILED: {error}", file=sys.stderr)
        for name in checks:
            print(f"  passed before it: {name}", file=sys.stderr)
        sys.exit(1)

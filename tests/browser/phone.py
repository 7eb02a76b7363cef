"""What an officer does with the app, as Playwright steps on one page."""
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.live_server import DEMO_PASSWORD


MIN_TARGET_PX = 44
OFFICER_READY = '[data-kind="meeting"]'  # an officer's first screen (Hôm nay: the kinds atop the plan)
MANAGER_READY = ".bottomnav .navitem"


def sign_in(page, server, username, ready=OFFICER_READY, password=DEMO_PASSWORD):
    """Open the app, sign in through the login form and wait for `ready` to be on screen."""
    page.goto(f"{server.url}/#/")
    page.wait_for_selector("html[data-ready]")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_selector(ready)


def unfit_for_a_thumb(page):
    """What on the current screen a thumb cannot hit or the screen cannot hold: every visible
    button, link, field, summary and radio must be at least 44 × 44 px, and the page no wider
    than the phone. Returns a list of descriptions (empty when all is well)."""
    measured = page.evaluate(_MEASURE, MIN_TARGET_PX)
    wrong = list(measured["small"])
    if measured["width"] > measured["viewport"]:
        wrong.append(f"page is {measured['width']} px wide on a {measured['viewport']} px screen")
    return wrong


def wait_for_async(page, predicate, arg=None, timeout=None, polling=50):
    """page.wait_for_function for a predicate that returns a promise. Playwright does not await
    what the predicate returns, and a promise is truthy, so such a wait would end at once
    whatever the promise later holds. Here the page calls the predicate over and over, one call
    at a time, and the wait ends when a call begun during this wait resolves truthy (a call
    that throws counts as false)."""
    page.wait_for_function(f"""(() => {{
      const check = {predicate};
      let running = false, passed = false;
      return (arg) => {{
        if (!passed && !running) {{
          running = true;
          Promise.resolve().then(() => check(arg))
            .then((ok) => {{ passed = Boolean(ok); }}, () => {{}})
            .finally(() => {{ running = false; }});
        }}
        return passed;
      }};
    }})()""", arg=arg, polling=polling, timeout=timeout)


class Phone:
    def __init__(self, page, server, screens_dir=None):
        self.page = page
        self.server = server
        self.screens_dir = screens_dir
        self.errors = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, path=""):
        self.page.goto(f"{self.server.url}/#/{path}")
        self.page.wait_for_selector("html[data-ready]")

    def go(self, path):
        self.page.evaluate("path => { location.hash = '#/' + path; }", path)

    def sign_in(self, username, password=DEMO_PASSWORD, ready=OFFICER_READY):
        sign_in(self.page, self.server, username, ready, password=password)
        self.wait_waiting(0)
        self.wait_synced()  # the sign-in's own sync (it prunes the store) is over

    def wait_synced(self, timeout=15000):
        """Wait until a sync has succeeded and none is running."""
        self.page.wait_for_selector('#sync-status[data-last-success][data-syncing="false"]',
                                    state="attached", timeout=timeout)

    def log(self, kind, counts, group=0, when=None, note=None):
        """Log one event through the form; returns nothing (its id is read from the list)."""
        if "#/log" not in self.page.url:
            self.go("log")
            self.page.wait_for_selector(".event-form")
        button = self.page.locator(f'[data-kind="{kind}"]')
        if not button.is_visible():
            self.page.get_by_role("button", name="Đổi loại hoạt động").click()
        button.click()
        if group is not None:
            self.page.locator(".group-picker .choice").nth(group).click()
        for name, value in counts.items():
            self.page.locator(f'input[name="{name}"]').fill(str(value))
        if when is not None:
            self.page.locator('input[type="datetime-local"]').fill(when)
        if note is not None:
            self.page.get_by_label("Ghi chú").fill(note)
        self.page.get_by_role("button", name="Lưu hoạt động").click()
        self.page.locator(".saved-notice").wait_for()

    def waiting(self):
        return int(self.page.get_attribute("#sync-status", "data-waiting"))

    def wait_waiting(self, count, timeout=15000):
        """Wait until `count` events of the signed-in user wait to be sent, both in the phone's
        store and on the status line. The line is redrawn a moment after a save, so it alone
        could still say 0 just after an event was queued. Signed out, the wait never passes."""
        try:
            wait_for_async(self.page, _WAITING, arg=count, timeout=timeout)
        except PlaywrightTimeoutError:
            line = self.page.evaluate("() => document.getElementById('sync-status')?.dataset.waiting")
            raise AssertionError(f"waiting {line} on the status line and {self.queued()} "
                                 f"in the store, not {count}") from None

    def queued(self):
        """How many outbox entries of the signed-in user wait to be sent (None when signed out)."""
        return self.page.evaluate(_QUEUED)

    def sync_now(self):
        self.page.locator(".topbar .sync-btn").click()

    def list_all(self):
        """Show "Hoạt động của tôi" on "Tất cả" (it opens on "Cần xử lý" when something has
        come to need action since it was last opened)."""
        if not self.page.url.endswith("#/events"):
            self.go("events")
        pressed = '.filter-chips .chip:first-child[aria-pressed="true"]'
        for attempt in range(3):  # a sync ending may redraw the list on "Cần xử lý" once more
            chip = self.page.locator(".filter-chips .chip").first
            if chip.get_attribute("aria-pressed") == "true":
                return
            chip.click()
            try:
                self.page.wait_for_selector(pressed, timeout=4000)
            except PlaywrightTimeoutError:
                if attempt == 2:
                    raise

    def states(self):
        """{event id: state} of the "Hoạt động của tôi" list."""
        self.go("events")
        self.list_all()
        items = self.page.locator(".event-item")
        return {items.nth(i).get_attribute("data-id"): items.nth(i).get_attribute("data-state")
                for i in range(items.count())}

    def wait_state(self, event_id, state, timeout=15000):
        self.list_all()
        self.page.wait_for_selector(f'.event-item[data-id="{event_id}"][data-state="{state}"]', timeout=timeout)

    def shot(self, name, full_page=False):
        if self.screens_dir is not None:
            self.page.screenshot(path=str(self.screens_dir / f"{name}.png"), full_page=full_page)

    # ---- what the app keeps in IndexedDB -----------------------------------------------------

    def stored(self, store, key):
        """The record under key in one of the app's IndexedDB stores (None when there is none)."""
        return self.page.evaluate(IDB, [store, "get", key, None])

    def stored_all(self, store):
        return self.page.evaluate(IDB, [store, "getAll", None, None])

    def store(self, store, value, key=None):
        """Put a record as the app would (key only for the out-of-line-key store kv)."""
        self.page.evaluate(IDB, [store, "put", key, value])

    def session(self):
        return self.stored("kv", "session")

    def set_session(self, session):
        self.store("kv", session, "session")


# One reader/writer of the app's IndexedDB for every test: [store, "get"|"getAll"|"put", key, value];
# a null key on "put" lets a store with in-line keys take the record's own id.
IDB = """async ([store, action, key, value]) => {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('outreach');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(store, action === 'put' ? 'readwrite' : 'readonly');
      const objects = tx.objectStore(store);
      const request = action === 'get' ? objects.get(key)
        : action === 'getAll' ? objects.getAll()
        : key === null ? objects.put(value) : objects.put(value, key);
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}"""


# How many outbox entries of the signed-in user wait to be sent (not held): null when nobody is
# signed in, or the app has not made its store yet (that store is left for the app to make).
_QUEUED = """async () => {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('outreach');
    open.onupgradeneeded = () => open.transaction.abort();  // no store yet: make none
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => (open.error?.name === 'AbortError' ? resolve(null) : reject(open.error));
  });
  if (db === null) return null;
  try {
    if (!db.objectStoreNames.contains('kv') || !db.objectStoreNames.contains('outbox')) return null;
    const [session, outbox] = await new Promise((resolve, reject) => {
      const tx = db.transaction(['kv', 'outbox'], 'readonly');
      const session = tx.objectStore('kv').get('session');
      const outbox = tx.objectStore('outbox').getAll();
      tx.oncomplete = () => resolve([session.result, outbox.result]);
      tx.onerror = () => reject(tx.error);
    });
    const userId = session?.user?.id;
    if (userId === undefined || userId === null) return null;
    return outbox.filter((e) => e.userId === userId && !e.held).length;
  } finally {
    db.close();
  }
}"""

# True when the status line and the signed-in user's outbox both say n wait to be sent: the line
# is read after the store, so a line not yet redrawn after a save cannot pass with a fresh store.
_WAITING = f"""async (n) => {{
  const line = () => document.getElementById('sync-status')?.dataset.waiting;
  if (line() !== String(n)) return false;
  const queued = await ({_QUEUED})();
  return queued === n && line() === String(n);
}}"""


_MEASURE = """min => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=radio]';
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden') continue;  // not on screen
    if (el.closest('dialog') && !el.closest('dialog').open) continue;
    if (box.height < min || box.width < min) {
      small.push(`${el.tagName.toLowerCase()}.${el.className || ''} "${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return {small, width: document.documentElement.scrollWidth, viewport: innerWidth};
}"""


def unfilled_month(page, server, start, username="demo-commander"):
    """The value of the first option of "Tháng báo cáo", from the `start`th on towards the past
    (then the rest), of a month the user's ward has neither filing nor e-ID figures for: browser
    tests share one server, and another walk may have filled the month this one meant to use."""
    ward_id = server.query("SELECT ward_id FROM users WHERE username = ?", username)[0]["ward_id"]
    options = page.get_by_label("Tháng báo cáo").locator("option")
    values = [options.nth(i).get_attribute("value") for i in range(options.count())]
    for value in values[start:] + values[:start][::-1]:
        first = f"{value}-01" if len(value) == 7 else value
        if not server.query("SELECT 1 FROM filing_stats WHERE ward_id = ? AND month = ? UNION ALL "
                            "SELECT 1 FROM eid_stats WHERE ward_id = ? AND month = ?",
                            ward_id, first, ward_id, first):
            return value
    raise AssertionError("every month offered already has figures")

"""The commander's and the province admin's desk in Chromium, at 360×640 and 1280×800: each role
lands on its own screen; "Duyệt" counts the events waiting for review (kept for offline); a desk
gets side navigation; the weekly trend stops at the current week, marked as not over; the
province ranking fits a desk and shows its rate beside the name on a phone; a ward opened from a
month's ranking opens on that month; the report screen opens on the admin's last ward.
Screenshots of these screens go to tests/artifacts/screens/desk-*.png."""
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from server.periods import local_today, next_month, week_start
from tests.browser.conftest import LAPTOP, PHONE
from tests.browser.phone import MANAGER_READY, OFFICER_READY, sign_in

pytestmark = pytest.mark.browser

SIZES = {"360x640": PHONE, "1280x800": LAPTOP}
DASHBOARD_READY = '.figure[data-figure="events"]'


@pytest.fixture(params=list(SIZES))
def size(request):
    return request.param


@pytest.fixture
def page(browser, size):
    context = browser.new_context(**SIZES[size], service_workers="block")
    context.set_default_timeout(10000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def shoot(page, screens_dir, name):
    page.evaluate("() => document.querySelectorAll('.toast-close').forEach((b) => b.click())")
    page.wait_for_timeout(300)
    page.screenshot(path=str(screens_dir / f"desk-{name}.png"))


def go(page, path):
    page.evaluate("path => { location.hash = '#/' + path; }", path)


def vi_decimal(value):
    """Intl.NumberFormat('vi-VN', {maximumFractionDigits: 2})."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def open_dashboard(page, server):
    """The commander's dashboard, whichever screen the sign-in lands on."""
    sign_in(page, server, "demo-commander", MANAGER_READY)
    go(page, "dashboard")
    page.wait_for_selector(DASHBOARD_READY)


def ward_of(server, username):
    [row] = server.query("SELECT ward_id FROM users WHERE username = ?", username)
    return row["ward_id"]


def test_each_role_lands_on_its_own_screen(page, server, size, screens_dir):
    sign_in(page, server, "demo-commander", DASHBOARD_READY)
    assert page.evaluate("location.hash") == "#/dashboard"
    shoot(page, screens_dir, f"commander-home-{size}")
    for username, ready, home in (("demo-admin", ".ranking-table", "#/province"),
                                  ("demo-officer-3", OFFICER_READY, "#/plan")):
        context = page.context.browser.new_context(**SIZES[size], service_workers="block")
        other = context.new_page()
        sign_in(other, server, username, ready)
        assert other.evaluate("location.hash") == home, username
        context.close()
    assert page.errors == []


def test_duyet_counts_the_events_waiting_for_review_even_offline(page, server, size, screens_dir):
    ward = ward_of(server, "demo-commander")
    status, queue = server.api("GET", f"/wards/{ward}/review-queue?review_status=none&reason=any&limit=1",
                               server.login("demo-commander"))
    assert status == 200
    waiting = queue["counts"]["any"]
    assert waiting > 0, "the demo ward has events with a signal nobody reviewed"
    open_dashboard(page, server)
    badge = page.locator('.bottomnav [data-screen="review"] .nav-badge')
    expect(badge).to_have_text(str(waiting))
    expect(badge).to_be_visible()
    shoot(page, screens_dir, f"review-badge-{size}")
    # what "Duyệt" opens on is what the badge counted
    page.locator('.bottomnav [data-screen="review"]').click()
    expect(page.locator(".rv-reasons-filter .chip[aria-pressed='true']")).to_contain_text(f"({waiting})")
    # offline: the last count stays
    page.route("**/api/v1/**", lambda route: route.abort("internetdisconnected"))
    page.context.set_offline(True)
    go(page, "dashboard")
    page.wait_for_selector(".fetched[data-fresh='0']")
    expect(badge).to_have_text(str(waiting))
    expect(badge).to_be_visible()
    page.context.set_offline(False)
    assert page.errors == []


def test_a_busy_wards_count_fits_its_tab(page, server, size):
    """Thousands waiting read "99+" inside the tab, not over the next one."""
    def many(route):
        answer = route.fetch().json()
        answer["counts"]["any"] = 15998
        route.fulfill(json=answer)

    page.route("**/review-queue?*", many)
    open_dashboard(page, server)
    tab = page.locator('.bottomnav [data-screen="review"]')
    badge = tab.locator(".nav-badge")
    expect(badge).to_have_text("99+")
    inner, outer = badge.bounding_box(), tab.bounding_box()
    assert outer["x"] <= inner["x"] and inner["x"] + inner["width"] <= outer["x"] + outer["width"]
    assert page.errors == []


def test_a_desk_has_side_navigation_and_a_phone_keeps_its_bottom_tabs(page, server, size, screens_dir):
    open_dashboard(page, server)
    width, height = SIZES[size]["viewport"]["width"], SIZES[size]["viewport"]["height"]
    nav = page.locator(".bottomnav").bounding_box()
    main = page.locator("#main").bounding_box()
    items = page.locator(".bottomnav .navitem")
    assert items.count() == 7
    if width >= 1024:
        assert nav["x"] == 0 and nav["y"] == 0 and nav["height"] == height and nav["width"] <= 260
        assert main["x"] >= nav["width"]
        boxes = [items.nth(i).bounding_box() for i in range(items.count())]
        assert all(b["x"] == 0 and b["width"] >= nav["width"] - 4 and b["height"] >= 44 for b in boxes)
        assert [b["y"] for b in boxes] == sorted(b["y"] for b in boxes)  # one under the other
        label = items.first.locator("span").first.bounding_box()
        assert label["x"] > items.first.locator("svg").bounding_box()["x"]  # beside its icon
    else:
        assert nav["x"] == 0 and nav["width"] == width and nav["y"] + nav["height"] == height
        assert main["x"] == 0
    shoot(page, screens_dir, f"side-navigation-{size}")
    go(page, "log")  # the form's save bar sits at the bottom, over no navigation
    page.wait_for_selector(OFFICER_READY)
    shoot(page, screens_dir, f"side-navigation-log-{size}")
    assert page.errors == []


def test_the_weekly_trend_stops_at_the_current_week_marked_as_not_over(page, server, size, screens_dir):
    today = local_today()
    monday, first = week_start(today), today.replace(day=1)
    weeks, day = [], week_start(first)
    while day <= monday:
        weeks.append(f"{day:%d/%m}")
        day += timedelta(days=7)
    open_dashboard(page, server)
    chart = page.locator(".week-chart")
    chart.scroll_into_view_if_needed()
    bars = chart.locator(".bar")
    assert [bars.nth(i).get_attribute("data-week") for i in range(bars.count())] == weeks
    assert chart.locator(".bar-ongoing").count() == 1
    current = bars.last
    assert "bar-ongoing" in current.get_attribute("class")
    assert current.locator(".bar-note").text_content() == "tuần này (chưa hết)"
    note, box = current.locator(".bar-note").bounding_box(), chart.bounding_box()
    assert box["x"] <= note["x"] and note["x"] + note["width"] <= box["x"] + box["width"] + 1
    shoot(page, screens_dir, f"weekly-trend-{size}")
    assert page.errors == []


def test_the_ranking_fits_a_desk_and_shows_its_rate_beside_the_name_on_a_phone(page, server, size, screens_dir):
    token = server.login("demo-admin")
    _, me = server.api("GET", "/me", token)
    _, ranking = server.api("GET", f"/provinces/{me['province_id']}/ranking", token)
    sign_in(page, server, "demo-admin", ".ranking-table")
    wrap = page.locator(".ranking-table")
    first = ranking["rows"][0]
    row = wrap.locator("tbody tr").first
    width = SIZES[size]["viewport"]["width"]
    if width >= 1024:
        sizes = wrap.evaluate("el => [el.scrollWidth, el.clientWidth]")
        assert sizes[0] <= sizes[1], f"the table scrolls sideways: {sizes}"
        for th in wrap.locator("thead th").all():
            button = th.locator("button")
            fits = button.evaluate("el => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight")
            box = th.bounding_box()
            assert fits and box["x"] + box["width"] <= width, th.inner_text()
        expect(wrap.locator("th[data-key='change_pct']")).to_contain_text("± so tháng trước")
        assert not row.locator(".rank-rate").is_visible()
    else:
        rate = row.locator(".rank-rate")
        expect(rate).to_be_visible()
        assert rate.inner_text() == f"Tỷ lệ {vi_decimal(first['rate_pct'])} %"
        box = rate.bounding_box()
        assert box["x"] + box["width"] <= width
        name = row.locator("a").bounding_box()
        assert abs(box["x"] - name["x"]) < 2 and -12 <= box["y"] - (name["y"] + name["height"]) < 30
    shoot(page, screens_dir, f"province-ranking-{size}")
    assert page.errors == []


def test_a_ward_opened_from_a_months_ranking_opens_on_that_month(page, server, size, screens_dir):
    token = server.login("demo-admin")
    ward = ward_of(server, "demo-commander")
    last_month = (local_today().replace(day=1) - timedelta(days=1)).replace(day=1)
    end = next_month(last_month)
    status, metrics = server.api("GET", f"/wards/{ward}/metrics?from={last_month}&to={end}", token)
    assert status == 200
    sign_in(page, server, "demo-admin", ".ranking-table")
    page.locator(".province-controls select.month-select").select_option(f"{last_month:%Y-%m}")
    page.get_by_role("button", name="Xem tháng").click()
    expect(page.locator(".dash-title")).to_have_text(f"Xếp hạng phường/xã tháng {last_month:%m/%Y}")
    page.locator(f'.ranking-table a[data-ward="{ward}"]').click()
    page.wait_for_selector(DASHBOARD_READY)
    last_day = end - timedelta(days=1)
    page.get_by_text(f"{last_month:%d/%m/%Y} – {last_day:%d/%m/%Y}").first.wait_for()
    events = page.locator('.figure[data-figure="events"] .figure-value')
    expect(events).to_have_text(f"{metrics['totals']['events']:,}".replace(",", "."))
    shoot(page, screens_dir, f"ward-from-last-months-ranking-{size}")
    # back on the ranking, a ward of the current month opens on "Tháng này"
    go(page, "province")
    page.locator(".province-controls select.month-select").select_option(f"{local_today():%Y-%m}")
    page.get_by_role("button", name="Xem tháng").click()
    expect(page.locator(".dash-title")).to_have_text(f"Xếp hạng phường/xã tháng {local_today():%m/%Y}")
    page.locator(f'.ranking-table a[data-ward="{ward}"]').click()
    expect(page.locator('[data-period="month"]')).to_have_class("period-btn is-selected")
    assert page.errors == []


def test_the_report_screen_opens_on_the_admins_last_ward(page, server, size, screens_dir):
    token = server.login("demo-admin")
    _, me = server.api("GET", "/me", token)
    _, ranking = server.api("GET", f"/provinces/{me['province_id']}/ranking", token)
    listed = sorted(({"id": r["ward_id"], "name": r["ward_name"]} for r in ranking["rows"]
                     if r["rank"] is not None or r["events"]), key=lambda w: w["name"])
    _, wards = server.api("GET", "/wards", token)
    by_name = sorted(wards, key=lambda w: w["name"])
    assert len(listed) >= 2 and len(wards) >= 3
    sign_in(page, server, "demo-admin", ".ranking-table")
    # a ward opened from the ranking (not the first by name) is the report's ward
    opened = listed[-1]
    page.locator(f'.ranking-table a[data-ward="{opened["id"]}"]').click()
    page.wait_for_selector(DASHBOARD_READY)
    go(page, "reports")
    expect(page.locator('[data-card="ward"] h2')).to_contain_text(opened["name"])
    picker = page.locator('select[name="ward_id"]')
    assert picker.input_value() == str(opened["id"])
    # one picked on the report screen stays after a visit elsewhere
    picked = by_name[1]
    picker.select_option(str(picked["id"]))
    expect(page.locator('[data-card="ward"] h2')).to_contain_text(picked["name"])
    go(page, "province")
    page.wait_for_selector(".ranking-table")
    go(page, "reports")
    expect(page.locator('[data-card="ward"] h2')).to_contain_text(picked["name"])
    assert picker.input_value() == str(picked["id"])
    shoot(page, screens_dir, f"report-last-ward-{size}")
    assert page.errors == []

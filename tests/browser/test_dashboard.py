"""The commander's dashboard, coverage map and the province view in Debian's Chromium, against the
demo ward: the figures on screen are the API's, the map has one shape per group with the gap
groups marked, the last figures show offline, and an officer reaches neither screens nor data.
Screenshots of each screen at 360×640 and 1280×800 go to tests/artifacts/screens/."""
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE
from tests.browser.phone import MANAGER_READY, Phone, sign_in

pytestmark = pytest.mark.browser

SIZES = {"360x640": PHONE, "1280x800": LAPTOP}



def located(groups):
    """The groups the map can place: those with a centre (another test may add one without)."""
    return [g for g in groups if g["lat"] is not None]

def this_month():
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    start = today.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1)
    return start.isoformat(), end.isoformat()


def vi_number(value, decimals=2):
    """Intl.NumberFormat('vi-VN'): '.' between thousands, ',' before decimals (at most 2)."""
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def go(page, path):
    page.evaluate("path => { location.hash = '#/' + path; }", path)


def shoot(page, screens_dir, name):
    # close toasts (e.g. "no offline mode" while service workers are blocked) so they hide nothing
    page.evaluate("() => document.querySelectorAll('.toast-close').forEach((b) => b.click())")
    page.wait_for_timeout(400)  # let map pans and zooms finish
    page.screenshot(path=str(screens_dir / f"{name}.png"))
    page.screenshot(path=str(screens_dir / f"{name}-full.png"), full_page=True)


def block_tiles(page, server, token):
    """No tile server reachable: every tile request fails, as on a phone without the internet."""
    status, settings = server.api("GET", "/map-settings", token)
    assert status == 200
    host = settings["tile_url"].split("/{")[0]
    page.route(f"{host}/**", lambda route: route.abort("internetdisconnected"))


@pytest.fixture
def commander(server):
    token = server.login("demo-commander")
    status, me = server.api("GET", "/me", token)
    assert status == 200
    start, end = this_month()
    status, metrics = server.api("GET", f"/wards/{me['ward_id']}/metrics?from={start}&to={end}", token)
    assert status == 200
    return {"token": token, "ward_id": me["ward_id"], "metrics": metrics, "from": start, "to": end}


def test_dashboard_shows_the_apis_figures(browser, server, screens_dir, commander):
    m = commander["metrics"]
    for size, options in SIZES.items():
        context = browser.new_context(**options, service_workers="block")
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        sign_in(page, server, "demo-commander", MANAGER_READY)
        assert page.locator('.bottomnav [data-screen="dashboard"]').is_visible()
        go(page, "dashboard")
        page.wait_for_selector('.figure[data-figure="events"]')
        figure = lambda key: page.locator(f'.figure[data-figure="{key}"] .figure-value').inner_text()
        t = m["totals"]
        assert figure("events") == vi_number(t["events"])
        assert figure("households_visited") == vi_number(t["households_visited"])
        assert figure("vneid_installs") == vi_number(t["vneid_installs"])
        assert figure("vneid_activations") == vi_number(t["vneid_activations"])
        assert figure("dvc_filings") == vi_number(t["dvc_filings"])
        assert figure("coverage_pct") == f"{vi_number(m['coverage_pct'])} %"
        assert figure("gaps") == vi_number(m["gaps"]) and m["gaps"] >= 3
        # the online-filing rate: of the period, else of the latest month before it with figures
        rated = [f for f in m["filing"] if f["rate_pct"] is not None]
        if not rated:
            start = date.fromisoformat(commander["from"])
            back = start.year * 12 + start.month - 1 - 3  # the three months before, as the screen asks
            earlier = date(back // 12, back % 12 + 1, 1).isoformat()
            status, rated = server.api("GET", f"/wards/{commander['ward_id']}/filing-stats?from={earlier}"
                                       f"&to={commander['from']}", commander["token"])
            rated = [f for f in rated if f["rate_pct"] is not None]
        assert rated, "the demo ward has filing figures"
        assert figure("filing_rate") == f"{vi_number(rated[-1]['rate_pct'])} %"
        month = rated[-1]["month"]
        assert f"tháng {month[5:]}/{month[:4]}" in page.locator('.figure[data-figure="filing_rate"]').inner_text()
        # the per-person table: one row each, activations per hour as the API computed them
        rows = page.locator(".user-table tbody tr")
        assert rows.count() == len(m["users"])
        for user in m["users"]:
            row = page.locator(f'.user-table tr[data-user="{user["user_id"]}"]')
            per_hour = user["effectiveness"]["vneid_activations_per_hour"]
            cells = row.locator("td").all_inner_texts()
            assert cells[0] == ("—" if per_hour is None else vi_number(per_hour))
            assert cells[1] == vi_number(user["vneid_activations"])
            assert cells[2] == vi_number(user["events"])
        # sorted best activations per hour first
        best = max((u for u in m["users"] if u["effectiveness"]["vneid_activations_per_hour"] is not None),
                   key=lambda u: u["effectiveness"]["vneid_activations_per_hour"])
        assert rows.first.get_attribute("data-user") == str(best["user_id"])
        # effectiveness per kind: one row per kind
        assert page.locator(".kind-table tbody tr").count() == len(m["by_kind"])
        # the groups nobody reached: every gap group listed and marked, with days since the last visit
        listed = {int(g) for g in page.locator(".dash .gap-item").evaluate_all("els => els.map(e => e.dataset.group)")}
        expected = {g["group_id"] for g in m["groups"] if g["gap"] or g["events"] == 0}
        assert listed == expected
        for g in m["groups"]:
            if g["gap"]:
                item = page.locator(f'.dash .gap-item[data-group="{g["group_id"]}"]')
                assert item.locator(".badge-gap").inner_text() == "Bỏ trống"
                text = item.inner_text()
                assert (f"{g['days_since_last']} ngày trước" in text if g["days_since_last"] is not None
                        else "Chưa từng có hoạt động" in text)
        # targets and the weekly chart are drawn
        assert page.locator(".week-chart .bar").count() == len(m["weekly"])
        assert page.locator(".target").count() == len(m["targets"])
        assert page.locator(".fetched[data-fresh='1']").is_visible()
        shoot(page, screens_dir, f"dashboard-commander-{size}")
        assert errors == []
        context.close()


def test_sorting_the_people_table(phone_context, server, commander):
    page = phone_context.new_page()
    sign_in(page, server, "demo-commander", MANAGER_READY)
    go(page, "dashboard")
    page.wait_for_selector(".user-table tbody tr")
    page.locator(".user-table th[data-key='full_name'] button").click()
    names = page.locator(".user-table tbody .person").all_inner_texts()
    assert page.locator(".user-table th[data-key='full_name']").get_attribute("aria-sort") in ("ascending", "descending")
    assert len(names) == len(commander["metrics"]["users"])
    page.locator(".user-table th[data-key='events'] button").click()
    counts = [int(t.replace(".", "")) for t in page.locator(".user-table tbody tr td:nth-child(4)").all_inner_texts()]
    assert counts == sorted(counts, reverse=True)


def test_coverage_map_one_shape_per_group_gaps_marked(browser, server, screens_dir, commander):
    status, groups = server.api("GET", f"/wards/{commander['ward_id']}/groups", commander["token"])
    assert status == 200
    status, points = server.api(
        "GET", f"/wards/{commander['ward_id']}/event-points?from={commander['from']}&to={commander['to']}",
        commander["token"])
    assert status == 200
    gaps = {g["group_id"] for g in commander["metrics"]["groups"] if g["gap"]}
    for size, options in SIZES.items():
        context = browser.new_context(**options, service_workers="block")
        page = context.new_page()
        block_tiles(page, server, commander["token"])
        sign_in(page, server, "demo-commander", MANAGER_READY)
        go(page, "map")
        page.wait_for_selector("#coverage-map[data-ready]")
        drawn = page.evaluate("""() => {
            const c = document.querySelector('#coverage-map').coverage;
            return [...c.layers.values()].map(l => ({id: l.groupId, gap: l.options.gap,
                dash: l.options.dashArray || null, fill: l.options.fillColor}));
        }""")
        assert sorted(d["id"] for d in drawn) == sorted(g["id"] for g in located(groups))
        assert {d["id"] for d in drawn if d["gap"]} == gaps and gaps
        assert all(d["dash"] for d in drawn if d["gap"]) and not any(d["dash"] for d in drawn if not d["gap"])
        clustered = page.evaluate("() => document.querySelector('#coverage-map').coverage.cluster.getLayers().length")
        assert clustered == points["count"] == len(points["points"]["lat"]) > 0
        # no tiles: the groups and events still show on a plain background, and the user is told
        assert page.locator("#coverage-map").get_attribute("data-tiles") == "failed"
        assert "nền trơn" in page.locator(".map-notice").inner_text()
        legend = page.locator(".map-legend").inner_text()
        assert "dưới 20 %" in legend and "80 – 100 %" in legend and "bỏ trống" in legend
        # the list under the map marks the same gap groups in words
        marked = page.locator(".map-list .gap-item.is-gap").evaluate_all("els => els.map(e => +e.dataset.group)")
        assert set(marked) == gaps
        shoot(page, screens_dir, f"map-commander-{size}")
        # tapping a group on the map (its ring, beside any event badge) shows its figures
        gap_id = sorted(gaps)[0]
        x, y = page.evaluate("""id => {
            const el = document.querySelector('#coverage-map');
            const layer = el.coverage.layers.get(id);
            el.scrollIntoView({block: 'center'});
            el.coverage.map.setView(layer.getLatLng(), el.coverage.map.getZoom(), {animate: false});
            const p = el.coverage.map.latLngToContainerPoint(layer.getLatLng());
            const box = el.getBoundingClientRect();
            return [box.left + p.x + layer.options.radius - 4, box.top + p.y];
        }""", gap_id)
        page.mouse.click(x, y)
        popup = page.locator(f'.leaflet-popup .popup[data-group="{gap_id}"]')
        popup.wait_for()
        page.keyboard.press("Escape")
        popup.wait_for(state="detached")  # closed, so the wait below is for the list's popup
        # and so does picking it in the list under the map, with its latest events
        page.locator(f'.map-list button[data-group="{gap_id}"]').click()
        popup.wait_for()
        assert "Bỏ trống" in popup.inner_text() and "Độ bao phủ" in popup.inner_text()
        page.wait_for_function(
            "id => !document.querySelector(`.popup[data-group='${id}'] .popup-events`).textContent.includes('Đang tải')", arg=gap_id)
        shoot(page, screens_dir, f"map-commander-group-{size}")
        context.close()


def test_the_last_figures_show_offline_with_their_time(phone_context, server, screens_dir, commander):
    page = phone_context.new_page()
    sign_in(page, server, "demo-commander", MANAGER_READY)
    go(page, "dashboard")
    page.wait_for_selector(".fetched[data-fresh='1']")
    fetched = page.locator(".fetched").inner_text()
    events = page.locator('.figure[data-figure="events"] .figure-value').inner_text()
    go(page, "log")
    page.wait_for_selector('[data-kind="meeting"]')
    phone_context.set_offline(True)
    try:
        go(page, "dashboard")
        page.wait_for_selector(".fetched[data-fresh='0']")
        notice = page.locator(".fetched").inner_text()
        assert "ngoại tuyến" in notice and fetched.replace("Số liệu lấy lúc ", "") in notice
        assert page.locator('.figure[data-figure="events"] .figure-value').inner_text() == events
        shoot(page, screens_dir, "dashboard-commander-offline-360x640")
        # another period was never fetched: said plainly, not an empty dashboard
        page.locator('[data-period="week"]').click()
        page.wait_for_selector("text=chưa có số liệu nào lưu trên máy")
    finally:
        phone_context.set_offline(False)


def test_an_officer_reaches_neither_the_screens_nor_their_data(phone_context, server, commander):
    page = phone_context.new_page()
    sign_in(page, server, "demo-officer", '[data-kind="meeting"]')
    for screen in ("dashboard", "map", "province"):
        assert page.locator(f'.bottomnav [data-screen="{screen}"]').count() == 0
        go(page, screen)
        page.wait_for_function("() => location.hash === '#/plan'")
        assert page.locator(".figure, #coverage-map, .ranking-table").count() == 0
    token = server.login("demo-officer")
    ward, (start, end) = commander["ward_id"], this_month()
    status, me = server.api("GET", "/me", token)
    for path in (f"/wards/{ward}/metrics?from={start}&to={end}", f"/wards/{ward}/event-points",
                 "/map-settings", f"/provinces/{me['province_id']}/ranking"):
        status, body = server.api("GET", path, token)
        assert status == 403, path
        assert body["code"] == 403 and "totals" not in body and "points" not in body


def test_province_view_for_the_admin(browser, server, screens_dir):
    token = server.login("demo-admin")
    status, me = server.api("GET", "/me", token)
    status, ranking = server.api("GET", f"/provinces/{me['province_id']}/ranking", token)
    assert status == 200
    for size, options in SIZES.items():
        context = browser.new_context(**options, service_workers="block")
        page = context.new_page()
        block_tiles(page, server, token)
        sign_in(page, server, "demo-admin", ".ranking-table")
        assert page.evaluate("location.hash") == "#/province"
        rows = page.locator(".ranking-table tbody tr")
        active = [r for r in ranking["rows"] if r["total"] is not None or r["events"]]
        assert rows.count() == len(active)
        first = ranking["rows"][0]
        cells = rows.first.locator("th, td").all_inner_texts()
        assert cells[0] == (str(first["rank"]) if first["rank"] is not None else "—")
        assert first["ward_name"] in cells[1]
        if first["rate_pct"] is not None:
            assert cells[5] == vi_number(first["rate_pct"])
        heads = [t.rstrip(" ▲▼") for t in page.locator(".ranking-table thead th").all_inner_texts()]
        assert heads[:9] == ["STT", "Đơn vị", "Tổng", "Trực tiếp", "Trực tuyến", "Tỷ lệ %",
                             "Chưa phát sinh", "Ghi chú", "Chỉ tiêu %"]
        page.wait_for_selector("#province-map[data-ready]")
        placed = int(page.locator("#province-map").get_attribute("data-wards"))
        assert placed == len(ranking["rows"])
        shoot(page, screens_dir, f"province-admin-{size}")
        # the ward map coloured by coverage instead of the filing rate
        page.locator('.province-map-wrap [data-measure="coverage_pct"]').click()
        # the map is drawn again: wait for its new legend, not the old map's data-ready
        expect(page.locator(".province-map-wrap .legend-title")).to_contain_text("Độ bao phủ hộ")
        page.wait_for_selector("#province-map[data-ready]")
        assert page.locator('.province-map-wrap [data-measure="coverage_pct"]').get_attribute("aria-pressed") == "true"
        page.locator('.province-map-wrap [data-measure="rate_pct"]').click()
        page.wait_for_selector("#province-map[data-ready]")
        # sorted by coverage: the column says so and the rows follow
        page.locator(".ranking-table th[data-key='coverage_pct'] button").click()
        assert page.locator(".ranking-table th[data-key='coverage_pct']").get_attribute("aria-sort") == "descending"
        coverage = [r["coverage_pct"] for r in active if r["coverage_pct"] is not None]
        cell = page.locator(".ranking-table tbody tr").first.locator("th, td").nth(heads.index("Bao phủ %"))
        assert cell.inner_text() == vi_number(max(coverage))
        if len(active) < len(ranking["rows"]):  # wards with neither figures nor outreach, on demand
            page.locator("[data-toggle='silent']").click()
            page.wait_for_function(f"() => document.querySelectorAll('.ranking-table tbody tr').length === {len(ranking['rows'])}")
            page.locator("[data-toggle='silent']").click()
            page.wait_for_function(f"() => document.querySelectorAll('.ranking-table tbody tr').length === {len(active)}")
        context.close()


def test_a_new_commander_answers_the_two_questions(phone_context, server, screens_dir, commander):
    """"Which groups has nobody visited this month, and which officer's outreach gives the most
    VNeID activations per hour?": from the sign-in page, with taps on what the screen shows."""
    m = commander["metrics"]
    page = phone_context.new_page()
    taps = 0
    sign_in(page, server, "demo-commander", MANAGER_READY)  # a commander lands on "Tổng quan"
    taps += 1
    page.get_by_role("button", name="Cảnh sát khu vực").click()  # only the area officers
    taps += 1
    best = max((u for u in m["users"] if u["role"] == "officer"),
               key=lambda u: u["effectiveness"]["vneid_activations_per_hour"] or 0)
    top = page.locator(".user-table tbody tr").first
    assert top.locator(".person").inner_text() == best["full_name"]
    assert top.locator("td").nth(0).inner_text() == vi_number(best["effectiveness"]["vneid_activations_per_hour"])
    top.scroll_into_view_if_needed()
    shoot(page, screens_dir, "answer-best-officer-360x640")
    page.get_by_role("link", name="Tổ chưa được đến").click()
    taps += 1
    nobody = sorted(g["name"] for g in m["groups"] if g["events"] == 0)
    assert nobody, "the demo ward has groups nobody visited this month"
    assert sorted(page.locator(".dash .gap-name").all_inner_texts()) == nobody
    shoot(page, screens_dir, "answer-unvisited-groups-360x640")
    print(f"\nanswered with {taps} taps after typing the credentials: best officer {best['full_name']}, "
          f"unvisited groups {nobody}")


def test_an_admin_opens_a_ward_from_the_ranking_and_picks_a_custom_period(browser, server, screens_dir, commander):
    token = server.login("demo-admin")
    ward_id = commander["ward_id"]
    context = browser.new_context(**LAPTOP, service_workers="block")
    page = context.new_page()
    block_tiles(page, server, token)
    sign_in(page, server, "demo-admin", ".ranking-table")
    page.locator(f'.ranking-table a[data-ward="{ward_id}"]').click()
    page.wait_for_selector('.figure[data-figure="events"]')
    assert page.evaluate("location.hash") == "#/dashboard"
    assert page.locator(".ward-picker select").input_value() == str(ward_id)
    # the ward opens on the month of the ranking it was picked from
    status, me = server.api("GET", "/me", token)
    status, ranking = server.api("GET", f"/provinces/{me['province_id']}/ranking", token)
    month = date.fromisoformat(f"{ranking['month']}-01")
    status, shown = server.api("GET", f"/wards/{ward_id}/metrics?from={month}"
                               f"&to={(month + timedelta(days=32)).replace(day=1)}", token)
    events = page.locator('.figure[data-figure="events"] .figure-value')
    expect(events).to_have_text(vi_number(shown["totals"]["events"]))
    # a custom period: the first ten days of last month (the "to" date is shown inclusive)
    start = date.fromisoformat(commander["from"])
    first = (start - timedelta(days=1)).replace(day=1)
    last_day, end = first + timedelta(days=9), first + timedelta(days=10)
    status, expected = server.api("GET", f"/wards/{ward_id}/metrics?from={first}&to={end}", token)
    assert status == 200
    page.locator('[data-period="custom"]').click()
    page.get_by_label("Từ ngày").fill(first.isoformat())
    page.get_by_label("Đến ngày").fill(last_day.isoformat())
    page.get_by_role("button", name="Xem kỳ này").click()
    page.wait_for_selector(f"text={first:%d/%m/%Y} – {last_day:%d/%m/%Y}")
    page.wait_for_function("n => document.querySelector('.figure[data-figure=\"events\"] .figure-value').textContent === n",
                           arg=vi_number(expected["totals"]["events"]))
    assert (page.locator('.figure[data-figure="vneid_activations"] .figure-value').inner_text()
            == vi_number(expected["totals"]["vneid_activations"]))
    # a period that ends before it starts is refused on the spot
    page.get_by_label("Đến ngày").fill((first - timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Xem kỳ này").click()
    assert "phải sau" in page.locator(".period-custom .field-error").inner_text()
    shoot(page, screens_dir, "dashboard-admin-custom-1280x800")
    context.close()


def test_a_group_with_a_boundary_is_drawn_as_its_boundary(phone_context, server, commander):
    """Groups with a boundary polygon are drawn as that shape (still one per group), and a tap
    inside it opens the group."""
    status, groups = server.api("GET", f"/wards/{commander['ward_id']}/groups", commander["token"])
    shaped = groups[0]
    d = 0.002
    ring = [[shaped["lon"] - d, shaped["lat"] - d], [shaped["lon"] + d, shaped["lat"] - d],
            [shaped["lon"] + d, shaped["lat"] + d], [shaped["lon"] - d, shaped["lat"] + d],
            [shaped["lon"] - d, shaped["lat"] - d]]
    widened = [{**g, "boundary": {"type": "Polygon", "coordinates": [ring]}} if g["id"] == shaped["id"] else g
               for g in groups]
    page = phone_context.new_page()
    block_tiles(page, server, commander["token"])
    # the map asks for the groups in force at the period's end (?on=)
    page.route(re.compile(rf"/api/v1/wards/{commander['ward_id']}/groups(\?.*)?$"),
               lambda route: route.fulfill(status=200, json=widened))
    sign_in(page, server, "demo-commander", MANAGER_READY)
    go(page, "map")
    page.wait_for_selector("#coverage-map[data-ready]")
    kinds = page.evaluate("""() => [...document.querySelector('#coverage-map').coverage.layers.values()]
        .map(l => [l.groupId, l.getLatLng ? 'centre' : 'boundary'])""")
    assert len(kinds) == len(located(groups))
    assert dict(kinds)[shaped["id"]] == "boundary"
    assert sum(1 for _, kind in kinds if kind == "boundary") == 1
    # a tap inside the polygon, away from its centre (where an event badge may sit)
    x, y = page.evaluate("""([id, lat, lon]) => {
        const el = document.querySelector('#coverage-map');
        el.scrollIntoView({block: 'center'});
        el.coverage.map.setView([lat, lon], 16, {animate: false});
        const p = el.coverage.map.latLngToContainerPoint([lat + 0.0015, lon - 0.0015]);
        const box = el.getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""", [shaped["id"], shaped["lat"], shaped["lon"]])
    page.mouse.click(x, y)
    page.locator(f'.leaflet-popup .popup[data-group="{shaped["id"]}"]').wait_for()


def test_a_custom_period_fits_a_phone(phone_context, server, screens_dir):
    """On a 360 px phone the four period buttons and the two date fields of "Tùy chọn" stay
    inside the screen: nothing is cut at the right edge, nothing scrolls sideways."""
    page = phone_context.new_page()
    sign_in(page, server, "demo-commander", MANAGER_READY)
    go(page, "dashboard")
    page.locator('[data-period="custom"]').click()
    page.get_by_label("Đến ngày").wait_for()
    for control in (page.locator('[data-period="custom"]'), page.get_by_label("Từ ngày"),
                    page.get_by_label("Đến ngày")):
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    shoot(page, screens_dir, "dashboard-custom-period-360x640")
    page.close()

"""The coverage map and the province's ward map where commanders and admins stumbled, at 360×640
and 1280×800: each map fitted to what it shows, group circles that never cover one another, a
group picked from the list opening its popup in full view, thumb-sized zoom buttons and cluster
badges, the server's grid clusters (past its point limit) drawn as badges that add up to the
period's events, and the province's wards named on hover and tap, coloured in ranges of the
month's own figures that the legend spells out."""
import pytest

from tests.browser.conftest import LAPTOP, PHONE
from tests.browser.live_server import LiveServer
from tests.browser.phone import sign_in
from tests.browser.test_dashboard import block_tiles, go, shoot, this_month, vi_number

pytestmark = pytest.mark.browser

SIZES = {"360x640": PHONE, "1280x800": LAPTOP}

GROUP_SPREAD = """() => {
    const el = document.querySelector('#coverage-map');
    const {map, layers} = el.coverage;
    const pts = [...layers.values()].map(l => map.latLngToContainerPoint(l.getLatLng()));
    const xs = pts.map(p => p.x), ys = pts.map(p => p.y);
    return {w: el.clientWidth, h: el.clientHeight, size: [map.getSize().x, map.getSize().y],
            minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys)};
}"""

WORST_OVERLAP = """() => {
    const {map, layers} = document.querySelector('#coverage-map').coverage;
    const circles = [...layers.values()].filter(l => l.getLatLng);
    let worst = 0;
    for (let i = 0; i < circles.length; i++) for (let j = i + 1; j < circles.length; j++) {
        const a = circles[i], b = circles[j];
        const d = map.latLngToContainerPoint(a.getLatLng()).distanceTo(map.latLngToContainerPoint(b.getLatLng()));
        const reach = a.options.radius + b.options.radius + (a.options.weight + b.options.weight) / 2;
        worst = Math.max(worst, reach - d);
    }
    return worst;
}"""

BOXES = """() => {
    const box = (sel) => { const e = document.querySelector(sel); return e && e.offsetParent !== null ? e.getBoundingClientRect().toJSON() : null; };
    return {popup: box('.leaflet-popup-content-wrapper'), map: box('#coverage-map'), topbar: box('.topbar'),
            bottomnav: box('.bottomnav'), height: innerHeight, width: innerWidth};
}"""


def open_map(browser, server, token, options, username="demo-commander"):
    context = browser.new_context(**options, service_workers="block")
    page = context.new_page()
    block_tiles(page, server, token)
    sign_in(page, server, username, '[data-kind="meeting"]')
    go(page, "map")
    page.wait_for_selector("#coverage-map[data-ready]")
    page.wait_for_timeout(300)
    return context, page


@pytest.fixture
def commander_token(server):
    return server.login("demo-commander")


@pytest.mark.parametrize("size", SIZES)
def test_the_coverage_map_is_fitted_to_its_groups(browser, server, commander_token, size, screens_dir):
    context, page = open_map(browser, server, commander_token, SIZES[size])
    spread = page.evaluate(GROUP_SPREAD)
    # the map knows its real size (the list beside it was laid out before the fit)
    assert spread["size"] == [spread["w"], spread["h"]]
    assert 0 <= spread["minX"] and spread["maxX"] <= spread["w"], spread
    assert 0 <= spread["minY"] and spread["maxY"] <= spread["h"], spread
    # and the groups fill it across or down, not a quarter of it
    filled = max((spread["maxX"] - spread["minX"]) / spread["w"], (spread["maxY"] - spread["minY"]) / spread["h"])
    assert filled >= 0.6, spread
    shoot(page, screens_dir, f"map-fitted-{size}")
    context.close()


@pytest.mark.parametrize("size", SIZES)
def test_group_circles_never_cover_one_another(browser, server, commander_token, size):
    context, page = open_map(browser, server, commander_token, SIZES[size])
    fitted = page.evaluate("() => document.querySelector('#coverage-map').coverage.map.getZoom()")
    for zoom in (fitted, fitted - 1, fitted + 1):
        page.evaluate("z => document.querySelector('#coverage-map').coverage.map.setZoom(z, {animate: false})", zoom)
        page.wait_for_timeout(200)
        assert page.evaluate(WORST_OVERLAP) <= 0.5, f"circles overlap at zoom {zoom}"
    context.close()


@pytest.mark.parametrize("size", SIZES)
def test_a_group_picked_from_the_list_opens_its_popup_in_full_view(browser, server, commander_token, size, screens_dir):
    context, page = open_map(browser, server, commander_token, SIZES[size])
    # the northernmost groups: their popups open upwards, towards the top bar
    ids = page.evaluate("""() => [...document.querySelector('#coverage-map').coverage.layers.values()]
        .sort((a, b) => b.getLatLng().lat - a.getLatLng().lat).slice(0, 3).map(l => l.groupId)""")
    for group_id in ids:
        page.locator(f'.map-list button[data-group="{group_id}"]').click()
        popup = page.locator(f'.leaflet-popup .popup[data-group="{group_id}"]')
        popup.wait_for()
        page.wait_for_function(
            "id => !document.querySelector(`.popup[data-group='${id}'] .popup-events`).textContent.includes('Đang tải')",
            arg=group_id)
        page.wait_for_timeout(600)  # the pan that makes room for it
        b = page.evaluate(BOXES)
        top = max(b["map"]["top"], b["topbar"]["bottom"] if b["topbar"] else 0)
        bottom = min(b["map"]["bottom"], b["height"], b["bottomnav"]["top"] if b["bottomnav"] else b["height"])
        assert b["popup"]["top"] >= top - 1, (group_id, b)
        assert b["popup"]["bottom"] <= bottom + 1, (group_id, b)
        assert b["map"]["left"] - 1 <= b["popup"]["left"] and b["popup"]["right"] <= b["map"]["right"] + 1, b
        if group_id == ids[0]:
            shoot(page, screens_dir, f"map-group-popup-{size}")
        page.locator(".leaflet-popup-close-button").click()
        popup.wait_for(state="detached")
    context.close()


def test_zoom_buttons_and_cluster_badges_fit_a_thumb_on_a_phone(browser, server, commander_token):
    context, page = open_map(browser, server, commander_token, PHONE)
    buttons = page.locator(".leaflet-control-zoom a").evaluate_all(
        "els => els.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])")
    assert len(buttons) == 2 and all(w >= 44 and h >= 44 for w, h in buttons), buttons
    page.evaluate("() => document.querySelector('#coverage-map').coverage.map.zoomOut(2, {animate: false})")
    page.wait_for_selector("#coverage-map .event-cluster")
    badges = page.locator("#coverage-map .event-cluster").evaluate_all(
        "els => els.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])")
    assert badges and all(w >= 44 and h >= 44 for w, h in badges), badges
    context.close()


@pytest.fixture(scope="module")
def few_points_server(tmp_path_factory, chromium_path):
    """A server that answers grid clusters past 3 located events in a period."""
    server = LiveServer(tmp_path_factory.mktemp("few-points"), extra_env={"MAP_POINTS_LIMIT": "3"})
    server.prepare().start()
    yield server
    server.stop()


def test_past_the_point_limit_the_map_draws_the_grid_counts_as_clusters(browser, few_points_server, screens_dir):
    server = few_points_server
    token = server.login("demo-commander")
    status, me = server.api("GET", "/me", token)
    start, end = this_month()
    status, answer = server.api("GET", f"/wards/{me['ward_id']}/event-points?from={start}&to={end}", token)
    assert status == 200 and answer["mode"] == "clusters" and answer["located"] > 3
    context, page = open_map(browser, server, token, PHONE)
    assert page.locator("#coverage-map").get_attribute("data-mode") == "clusters"
    assert "gộp theo ô" in page.locator(".map-counts").inner_text()
    assert vi_number(answer["located"]) in page.locator(".map-counts").inner_text()
    shoot(page, screens_dir, "map-clusters-360x640")
    # every cell in view: the badges add up to the period's located events, each a thumb wide
    page.evaluate("() => document.querySelector('#coverage-map').coverage.map.zoomOut(3, {animate: false})")
    page.wait_for_timeout(400)
    badges = page.locator("#coverage-map .event-cluster").evaluate_all(
        "els => els.map(e => [+e.textContent, e.getBoundingClientRect().width, e.getBoundingClientRect().height])")
    assert sum(n for n, _, _ in badges) == answer["located"], badges
    assert all(w >= 44 and h >= 44 for _, w, h in badges), badges
    context.close()


WARD_DOTS = """() => {
    const el = document.querySelector('#province-map');
    const {map, dots} = el.province;
    const box = el.getBoundingClientRect();
    return {w: el.clientWidth, h: el.clientHeight, dots: dots.getLayers().map(d => {
        const p = map.latLngToContainerPoint(d.getLatLng());
        return {ward: d.options.wardId, x: p.x, y: p.y, pageX: box.left + p.x, pageY: box.top + p.y,
                fill: d.options.fillColor};
    })};
}"""


@pytest.mark.parametrize("size", SIZES)
def test_the_province_map_is_fitted_named_and_coloured_by_the_ranked_rate(browser, server, size, screens_dir):
    token = server.login("demo-admin")
    status, me = server.api("GET", "/me", token)
    status, ranking = server.api("GET", f"/provinces/{me['province_id']}/ranking", token)
    rows = {r["ward_id"]: r for r in ranking["rows"]}
    context = browser.new_context(**SIZES[size], service_workers="block")
    page = context.new_page()
    block_tiles(page, server, token)
    sign_in(page, server, "demo-admin", ".ranking-table")
    page.wait_for_selector("#province-map[data-ready]")
    page.wait_for_timeout(300)
    drawn = page.evaluate(WARD_DOTS)
    assert len(drawn["dots"]) == int(page.locator("#province-map").get_attribute("data-wards")) > 0
    # fitted to the province: every ward in view but those far out at sea, which are named under
    # the map with a button that shows them; the others fill the map across or down
    far = [int(w) for w in page.locator(".province-far [data-ward]").evaluate_all("els => els.map(e => e.dataset.ward)")]
    near = [d for d in drawn["dots"] if d["ward"] not in far]
    assert len(far) <= 2 and len(near) >= len(drawn["dots"]) - 2
    assert all(0 <= d["x"] <= drawn["w"] and 0 <= d["y"] <= drawn["h"] for d in near), drawn
    filled = max((max(d["x"] for d in near) - min(d["x"] for d in near)) / drawn["w"],
                 (max(d["y"] for d in near) - min(d["y"] for d in near)) / drawn["h"])
    assert filled >= 0.6, drawn
    # coloured in ranges of the month's rates, which the legend names from lowest to highest
    rates = sorted(r["rate_pct"] for r in ranking["rows"] if r["rate_pct"] is not None)
    legend = page.locator(".province-map-wrap .map-legend li[data-min]")
    labels = legend.all_inner_texts()
    assert vi_number(rates[0]) in labels[0] and vi_number(rates[-1]) in labels[-1], labels
    assert len(labels) == min(5, len(set(rates)))
    rated = [d for d in drawn["dots"] if rows[d["ward"]]["rate_pct"] is not None]
    assert len({d["fill"] for d in rated}) == len(labels)
    # named on hover (a laptop) or tap (a phone): the ranked ward standing furthest from the others
    # (in the city the dots stand closer than a fingertip until one zooms in)
    page.evaluate("() => document.querySelector('#province-map').scrollIntoView({block: 'center'})")
    drawn = page.evaluate(WARD_DOTS)
    apart = lambda d: min((d["x"] - o["x"]) ** 2 + (d["y"] - o["y"]) ** 2 for o in drawn["dots"] if o is not d)
    best = max((d for d in drawn["dots"] if rows[d["ward"]]["rank"] is not None and d["ward"] not in far), key=apart)
    if size == "360x640":
        page.mouse.click(best["pageX"], best["pageY"])
    else:
        page.mouse.move(best["pageX"], best["pageY"])
    page.locator(".leaflet-tooltip, .leaflet-popup", has_text=rows[best["ward"]]["ward_name"]).first.wait_for()
    shoot(page, screens_dir, f"province-map-{size}")
    for ward in far:  # each far-off ward is a tap away
        page.locator(f'.province-far [data-ward="{ward}"]').click()
        page.locator(".leaflet-popup", has_text=rows[ward]["ward_name"]).wait_for()
        dot = next(d for d in page.evaluate(WARD_DOTS)["dots"] if d["ward"] == ward)
        assert 0 <= dot["x"] <= drawn["w"] and 0 <= dot["y"] <= drawn["h"]
    context.close()

"""The national desk and the province's place in the country, in Chromium at 360×640 and
1280×800: the national desk lands on "Toàn quốc" (every province ranked, the national line), opens
a province's ward ranking read-only with what works there, and a ward's dashboard from it, read-only
(months chosen in Vietnamese, "Tháng 11/2026"); an admin's province screen shows where
the province stands ("Toàn quốc") and what works. Screenshots go to tests/artifacts/screens/."""
import sqlite3

import pytest

from tests.browser.live_server import DEMO_PASSWORD
from tests.browser.phone import MANAGER_READY, sign_in
from tests.browser.test_desk import SIZES, page, size, ward_of  # noqa: F401  (the desk's sizes and pages)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def country(live_server):
    """The demo server (every province loaded) with a ward of Hà Nội reporting the demo's latest
    month, and a national desk account."""
    server = live_server.start()
    if not server.query("SELECT id FROM users WHERE username = 'bo-cong-an'"):
        server.flask("create-user", "bo-cong-an", "--role", "national", stdin=DEMO_PASSWORD + "\n")
    with sqlite3.connect(server.db_path) as conn:
        month = conn.execute("SELECT max(month) FROM filing_stats").fetchone()[0]
        conn.execute(
            "INSERT OR IGNORE INTO filing_stats (ward_id, province_id, month, service_group, total,"
            " online, in_person, source, updated_at) SELECT id, province_id, ?, 'id_card', 650,"
            " 420, 230, 'import', '2026-01-01' FROM wards WHERE code = '00004'", (month,))
    return server


# Whether a select is wide enough for its chosen option's text, its padding and its arrow (20 px).
SHOWN_WHOLE = """(el) => {
  const span = document.createElement('span'), style = getComputedStyle(el);
  span.style.font = style.font;
  span.style.whiteSpace = 'pre';
  span.textContent = el.selectedOptions[0].text;
  document.body.append(span);
  const text = span.getBoundingClientRect().width;
  span.remove();
  return text + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 20
    <= el.getBoundingClientRect().width;
}"""


def shoot(page, size, screens_dir, name):
    page.evaluate("() => document.querySelectorAll('.toast-close').forEach((b) => b.click())")
    page.wait_for_timeout(300)
    page.screenshot(path=str(screens_dir / f"national-{name}-{size}.png"), full_page=True)


def test_the_national_desk_and_where_a_province_stands(page, size, country, screens_dir):
    sign_in(page, country, "bo-cong-an", '[data-screen="national"] .ranking-table')
    month = page.locator(".province-controls select.month-select")
    assert month.locator("option:checked").inner_text().startswith("Tháng ")
    assert month.evaluate(SHOWN_WHOLE)  # "Tháng 11/2026", not cut at 360 px
    rows = page.locator('[data-screen="national"] tbody tr')
    assert rows.count() == 34  # every province, those with no figures last
    ranked = rows.nth(0).inner_text() + rows.nth(1).inner_text()
    assert "Hà Nội" in ranked and "Khánh Hòa" in ranked
    assert "Toàn quốc" in page.locator('[data-screen="national"] tfoot').inner_text()
    shoot(page, size, screens_dir, "landing")
    page.locator('[data-screen="national"] tbody tr a', has_text="Khánh Hòa").click()
    page.wait_for_selector('[data-card="what-works"] .what-works-outcome')
    assert page.locator('[data-card="national-standing"]').count() == 0  # the admin's card
    assert page.locator('[data-box="filing-import"], [data-box="eid-import"]').count() == 0
    # the month choices speak Vietnamese, not the browser's own month field
    months = page.locator(".province-controls select.month-select option").all_inner_texts()
    assert months[0].startswith("Tháng ") and all(m.startswith("Tháng ") for m in months)
    shoot(page, size, screens_dir, "province-read-only")
    # a ward of the ranking opens its dashboard, read-only: no map, channels, plans, management
    ward = page.locator(f'.ranking-table tbody a[data-ward="{ward_of(country, "demo-commander")}"]')
    name = ward.inner_text()
    ward.click()
    page.wait_for_selector('[data-screen="dashboard"][data-read-only="true"] .figure[data-figure="events"]')
    assert page.locator('.dash-title').inner_text() == name
    assert page.locator('.figure[data-figure="events"]').get_attribute("data-value") not in ("", "0")
    page.screenshot(path=str(screens_dir / f"national-ward-read-only-{size}-top.png"))
    assert page.locator('[data-screen="dashboard"] a[href="#/map"]').count() == 0
    assert page.locator('#dash-plans, [href="#/manage"], [href="#/review"]').count() == 0
    shoot(page, size, screens_dir, "ward-read-only")
    context = page.context.browser.new_context(**SIZES[size], service_workers="block")
    context.set_default_timeout(15000)
    admin = context.new_page()
    sign_in(admin, country, "demo-admin", MANAGER_READY)
    admin.evaluate("() => { location.hash = '#/province'; }")
    admin.wait_for_selector('[data-card="national-standing"] .standing')
    standing = admin.locator('[data-card="national-standing"]').inner_text()
    assert "Đứng thứ" in standing and "/2 tỉnh" in standing and "Toàn quốc" in standing
    admin.wait_for_selector('[data-card="what-works"] .what-works-outcome')
    shoot(admin, size, screens_dir, "admin-province")
    context.close()
    assert page.errors == []

"""QR boards: made by a commander, their public link redirects at once and counts a person's
scans per day (not HEAD, preview bots or prefetches; at most QR_SCANS_PER_ADDRESS per address),
stores nothing of the scanner, and a retired board's link and poster say so."""
from sqlalchemy import select

from server.extensions import db
from server.support.models import QrScanDay

PHONE = {"User-Agent": "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 "
                       "(KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"}
GUIDE = "https://vneid.gov.vn/huong-dan"


def _board(client, headers, ward, **extra):
    res = client.post(f"/api/v1/wards/{ward.id}/qr-boards",
                      json={"name": "Nhà văn hóa tổ 3", "target_url": GUIDE, **extra},
                      headers=headers)
    assert res.status_code == 201, res.get_json()
    return res.get_json()


def _scan(client, code, headers=PHONE, method="GET", address="203.0.113.7"):
    return client.open(f"/q/{code}", method=method, headers=headers,
                       environ_base={"REMOTE_ADDR": address})


def _scans(client, headers, board):
    return client.get(f"/api/v1/qr-boards/{board['id']}", headers=headers).get_json()


def test_each_scan_of_a_person_counts_and_redirects_at_once(client, world, as_user):
    headers = as_user("commander-w1")
    board = _board(client, headers, world.wards["w1"], group_id=world.groups["g1"].id)
    assert board["short_url"].endswith(f"/q/{board['code']}") and len(board["code"]) >= 8
    for _ in range(3):
        res = _scan(client, board["code"])
        assert res.status_code == 302 and res.headers["Location"] == GUIDE
        assert "Set-Cookie" not in res.headers and res.headers["Cache-Control"] == "no-store"
    not_counted = (
        _scan(client, board["code"], method="HEAD"),
        _scan(client, board["code"], headers={"User-Agent": "facebookexternalhit/1.1"}),
        _scan(client, board["code"], headers={**PHONE, "Sec-Purpose": "prefetch"}),
        _scan(client, board["code"], headers={**PHONE, "Purpose": "prefetch"}),
    )
    assert [res.status_code for res in not_counted] == [302] * 4
    body = _scans(client, headers, board)
    assert body["scans_total"] == 3 and [d["scans"] for d in body["scans_by_day"]] == [3]
    stored = db.session.execute(select(QrScanDay.__table__)).mappings().all()
    assert [set(row) for row in stored] == [{"board_id", "day", "scans"}]  # nothing of the scanner


def test_a_flood_from_one_address_counts_ten_a_minute(client, world, as_user):
    headers = as_user("commander-w1")
    board = _board(client, headers, world.wards["w1"])
    answers = [_scan(client, board["code"]).status_code for _ in range(15)]
    assert answers == [302] * 15
    _scan(client, board["code"], address="198.51.100.9")
    assert _scans(client, headers, board)["scans_total"] == 11


def test_unknown_codes_and_retired_boards(client, world, as_user):
    headers = as_user("commander-w1")
    board = _board(client, headers, world.wards["w1"])
    unknown = _scan(client, "no-such-code")
    assert unknown.status_code == 404 and "Phường" not in unknown.get_data(as_text=True)
    retired = client.post(f"/api/v1/qr-boards/{board['id']}/retire", headers=headers)
    assert retired.get_json()["retired"] is True
    res = _scan(client, board["code"])
    assert res.status_code == 410 and "ngừng sử dụng" in res.get_data(as_text=True)
    assert "Location" not in res.headers and _scans(client, headers, board)["scans_total"] == 0
    poster = client.get(f"/api/v1/qr-boards/{board['id']}/poster", headers=headers)
    assert poster.status_code == 422 and poster.get_json()["errors"] == {"board_id": ["retired"]}


def test_the_poster_carries_the_code_name_and_instruction(client, world, as_user):
    headers = as_user("commander-w1")
    board = _board(client, headers, world.wards["w1"])
    res = client.get(f"/api/v1/qr-boards/{board['id']}/poster", headers=headers)
    page = res.get_data(as_text=True)
    assert res.status_code == 200 and res.mimetype == "text/html"
    assert 'src="data:image/svg+xml' in page and "Nhà văn hóa tổ 3" in page
    assert "quét mã" in page and board["short_url"] in page


def test_bad_targets_and_places_of_another_ward_are_refused(client, world, as_user):
    headers = as_user("commander-w1")
    url = f"/api/v1/wards/{world.wards['w1'].id}/qr-boards"
    own_link = "http://localhost/q/abcdefgh"
    for body, field, code in (
            ({"target_url": "javascript:alert(1)"}, "target_url", "not_http_url"),
            ({"target_url": "ftp://example.org/a"}, "target_url", "not_http_url"),
            ({"target_url": "http://["}, "target_url", "not_http_url"),
            ({"target_url": "https://example.org:99999/"}, "target_url", "not_http_url"),
            ({"group_id": world.groups["g3"].id}, "group_id", "outside_ward")):
        res = client.post(url, json={"name": "Bảng", "target_url": GUIDE, **body}, headers=headers)
        assert res.status_code == 422
        errors = res.get_json()["errors"]
        assert errors.get("json", errors)[field] == [code]
    res = client.post(url, json={"name": "Bảng", "target_url": own_link}, headers=headers)
    assert res.status_code == 422 and res.get_json()["errors"] == {"target_url": ["own_short_link"]}


def test_the_ward_report_shows_the_boards_scans_beside_field_work(client, world, as_user):
    headers = as_user("commander-w1")
    w1 = world.wards["w1"]
    board = _board(client, headers, w1)
    for _ in range(2):
        _scan(client, board["code"])
    res = client.get(f"/api/v1/wards/{w1.id}/report?format=csv", headers=headers)
    text = res.get_data(as_text=True)
    assert res.status_code == 200
    assert "Kết quả theo kênh: điểm hỗ trợ, bảng QR, nền tảng số" in text
    assert "Bảng QR: Nhà văn hóa tổ 3,,2," in text.replace("\r", "")


def test_scans_wait_in_memory_and_are_written_in_one_go_before_a_read(app, client, world, as_user):
    app.config["QR_SCAN_FLUSH_S"] = 3600  # the writer thread sleeps through the test
    headers = as_user("commander-w1")
    board = _board(client, headers, world.wards["w1"])
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        assert _scan(client, board["code"], address=address).status_code == 302
    assert db.session.execute(select(QrScanDay.scans)).all() == []  # pending in this process
    assert _scans(client, headers, board)["scans_total"] == 3
    assert db.session.execute(select(QrScanDay.scans)).scalars().all() == [3]


def test_trying_codes_from_one_address_is_stopped(client, world):
    answers = [_scan(client, f"guess{i:04d}").status_code for i in range(31)]
    assert answers == [404] * 30 + [429]

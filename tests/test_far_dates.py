"""A day far outside the calendar anyone works in (year 1, year 9999) is a clear 422 on every
endpoint that takes a period of local days, never a 500 from the date arithmetic behind it; the
events list and export, which also take instants, answer 422 for an instant that cannot be."""
import pytest

FAR = ["0001-01-01", "9999-12-31"]
# (path with {w} for the ward, {p} for the province; the user who may read it)
PERIOD_ENDPOINTS = [
    ("/api/v1/wards/{w}/metrics", "commander-w1"),
    ("/api/v1/wards/{w}/review-queue", "commander-w1"),
    ("/api/v1/wards/{w}/report", "commander-w1"),
    ("/api/v1/wards/{w}/event-points", "commander-w1"),
    ("/api/v1/wards/{w}/targets", "commander-w1"),
    ("/api/v1/wards/{w}/audit", "admin-p1"),
    ("/api/v1/provinces/{p}/report", "admin-p1"),
]


@pytest.mark.parametrize("path,username", PERIOD_ENDPOINTS)
@pytest.mark.parametrize("bound", ["from", "to"])
@pytest.mark.parametrize("day", FAR)
def test_a_day_off_the_calendar_is_a_422(client, world, as_user, path, username, bound, day):
    url = path.format(w=world.wards["w1"].id, p=world.provinces["p1"].id)
    res = client.get(url, query_string={bound: day}, headers=as_user(username))
    assert res.status_code == 422, (url, bound, day, res.get_json())
    body = res.get_json()
    assert body["code"] == 422 and body["status"] and body["message"]  # the one error shape
    assert bound in str(body["errors"])


@pytest.mark.parametrize("path", ["/api/v1/events", "/api/v1/events/export"])
@pytest.mark.parametrize("bound", ["from", "to"])
@pytest.mark.parametrize("when", ["0001-01-01", "0001-01-01T00:00:00+07:00", "9999-12-31T23:59:59-07:00"])
def test_an_instant_off_the_calendar_is_a_422_on_the_events_list(client, world, as_user, path, bound, when):
    res = client.get(path, query_string={bound: when}, headers=as_user("commander-w1"))
    assert res.status_code == 422
    assert res.get_json()["errors"] == {bound: ["invalid_date"]}

def test_health(client):
    res = client.get("/healthz")
    assert res.status_code == 200
    assert res.get_json() == {"status": "ok"}


def test_world_login(world, login, client):
    headers = login("officer-w1")
    res = client.get("/api/v1/me", headers=headers)
    assert res.get_json()["username"] == "officer-w1"

"""The authorization matrix, generated from the app's URL map (DESIGN.md §2).

For every API rule and method: the view states an access rule; without a token it answers 401;
for every role × area the answer is what the rule promises —
  a role the rule does not name            → 403;
  an object of a foreign ward or province  → 403 or 404, in the error shape, never the data;
  an object of the caller's own area       → anything but 401/403/404 (and never a 500).
URL parameters are filled from PARAMS, so a new endpoint using them is covered without editing
this file; an endpoint with a parameter PARAMS does not know fails with a message saying so.
"""
from dataclasses import dataclass
from datetime import date, datetime

import pytest

from server import create_app
from server.access import ROLES
from server.auth.models import User
from server.auth.service import start_session
from server.config import TestConfig
from server.extensions import db
from server.plans.models import Campaign
from server.support.models import QrBoard, SupportPoint
from tests.factories import event_payload

SKIPPED_PATHS = {"/api/v1/openapi.json", "/api/v1/docs"}  # the API's own documentation
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
CALLERS = {"officer": "officer-w1", "volunteer": "volunteer-w1", "commander": "commander-w1",
           "admin": "admin-p1", "national": "national-1"}
# What the national desk may do besides reading (GET): its own account and session only.
NATIONAL_OWN_ACCOUNT = {("/api/v1/auth/refresh", "POST"), ("/api/v1/auth/logout", "POST"),
                        ("/api/v1/me/password", "PUT"), ("/api/v1/me/last-ward", "PUT"),
                        ("/api/v1/me/totp", "POST"), ("/api/v1/me/totp", "DELETE"),
                        ("/api/v1/me/totp/confirm", "POST")}


@dataclass
class Area:
    """The objects one request of the matrix points at."""

    ward: object
    province: object
    group: object
    event: str
    user: object
    campaign: object = None
    point: object = None
    board: object = None


# URL parameter → how to fill it from an Area. Add a line here for a new kind of object.
PARAMS = {
    "ward_id": lambda area: area.ward.id,
    "province_id": lambda area: area.province.id,
    "group_id": lambda area: area.group.id,
    "event_id": lambda area: area.event,
    "user_id": lambda area: area.user.id,
    "campaign_id": lambda area: area.campaign.id,
    "point_id": lambda area: area.point.id,
    "board_id": lambda area: area.board.id,
}
# Endpoints that name their object in the body, not the URL: (path, method) → the body sent,
# filled from an Area; the matrix then tries every area, as for a URL parameter.
BODIES = {
    ("/api/v1/me/last-ward", "PUT"): lambda area: {"ward_id": area.ward.id},
}
# URL parameters that name no object of an area: a valid value to send.
PLAIN_PARAMS = {
    "month": lambda: datetime.now().strftime("%Y-%m"),
}


def _url_map_app():
    return create_app(type("MapOnly", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": "sqlite://"}))


def api_routes(app):
    """(rule, method) for every API rule of the URL map, but its documentation."""
    return sorted(((rule, method) for rule in app.url_map.iter_rules()
                   if rule.rule.startswith("/api/") and rule.rule not in SKIPPED_PATHS
                   for method in sorted(rule.methods) if method in METHODS),
                  key=lambda item: (item[0].rule, item[1]))


def view_function(app, rule, method):
    """The function that handles `method` on `rule`: a MethodView's method, or the view itself."""
    view = app.view_functions[rule.endpoint]
    view_class = getattr(view, "view_class", None)
    return getattr(view_class, method.lower(), None) if view_class else view


def access_rule(app, rule, method):
    return getattr(view_function(app, rule, method), "_access", None)


_APP = _url_map_app()
ROUTES = [(rule.rule, method) for rule, method in api_routes(_APP)]


def test_the_url_map_has_api_routes():
    assert len(ROUTES) >= 15
    assert ("/api/v1/events/sync", "POST") in ROUTES


def test_every_api_view_carries_an_access_rule():
    missing = [f"{method} {rule.rule} ({rule.endpoint})" for rule, method in api_routes(_APP)
               if access_rule(_APP, rule, method) is None]
    assert not missing, ("These API views have no @access(...) or @public rule "
                         "(server/access.py):\n  " + "\n  ".join(missing))


def test_the_national_desk_only_reads_and_never_manages_users():
    """The national role is let in on reads (GET) and its own account's endpoints, nowhere else;
    and never on user management, events one by one, or audit logs."""
    writes = [f"{method} {rule.rule}" for rule, method in api_routes(_APP)
              if "national" in (access_rule(_APP, rule, method).roles or ())
              and method != "GET" and (rule.rule, method) not in NATIONAL_OWN_ACCOUNT]
    assert not writes, "The national role may write through:\n  " + "\n  ".join(writes)
    refused = [rule.rule for rule, method in api_routes(_APP)
               if rule.rule.startswith(("/api/v1/users", "/api/v1/events", "/api/v1/audit"))
               or "audit" in rule.rule]
    assert refused and not [path for path in refused for rule, method in api_routes(_APP)
                            if rule.rule == path
                            and "national" in access_rule(_APP, rule, method).roles]


def test_every_url_parameter_can_be_filled():
    unknown = [f"<{arg}> in {rule.rule}" for rule, _ in api_routes(_APP)
               for arg in sorted(rule.arguments) if arg not in PARAMS and arg not in PLAIN_PARAMS]
    assert not unknown, ("The authorization matrix cannot fill these URL parameters; add them to "
                         "PARAMS (an object of an area) or PLAIN_PARAMS (a plain value) in "
                         "tests/test_authz_matrix.py:\n  " + "\n  ".join(sorted(set(unknown))))


# ---- the matrix -------------------------------------------------------------------------------

@pytest.fixture
def areas(client, world):
    """Events of several authors, and the Area each (caller, area name) points at."""
    events = {}
    for author, group in (("officer-w1", "g1"), ("volunteer-w1", "g2"), ("commander-w1", "g1"),
                          ("officer-w2", "g3"), ("officer-w3", "g4")):
        payload = event_payload(world.groups[group])
        headers = {"Authorization": f"Bearer {tokens_for(world.users[author])['access_token']}"}
        res = client.post("/api/v1/events/sync", json={"events": [payload]}, headers=headers)
        assert res.get_json()["results"][0]["status"] == "created"
        events[author] = payload["id"]
    w, p, g, u = world.wards, world.provinces, world.groups, world.users
    c = {key: Campaign(ward_id=ward.id, name="Đợt", starts_on=date.today(), ends_on=date.today())
         for key, ward in w.items()}
    db.session.add_all(c.values())
    db.session.commit()
    u["national-1"] = add_national_user()
    points, boards = _support_objects(w)

    def area(role, name):
        caller = CALLERS[role]
        own_event = events.get(caller, events["officer-w1"])
        own_user = u[caller] if role in ("officer", "volunteer") else u["officer-w1"]
        colleague = "officer-w1" if role == "volunteer" else "volunteer-w1"
        return {
            "own": Area(w["w1"], p["p1"], g["g1"], own_event, own_user, c["w1"], points["w1"],
                        boards["w1"]),
            "colleague": Area(w["w1"], p["p1"], g["g2"], events[colleague], u[colleague], c["w1"],
                              points["w1"], boards["w1"]),
            "other_ward": Area(w["w2"], p["p1"], g["g3"], events["officer-w2"], u["officer-w2"],
                               c["w2"], points["w2"], boards["w2"]),
            "other_province": Area(w["w3"], p["p2"], g["g4"], events["officer-w3"],
                                   u["officer-w3"], c["w3"], points["w3"], boards["w3"]),
        }[name]

    return area


def _support_objects(wards):
    """A support point and a QR board in each ward, inserted directly."""
    points = {key: SupportPoint(ward_id=ward.id, name=f"Điểm {key}", kind="market",
                                opening_hours={}, active=True) for key, ward in wards.items()}
    boards = {key: QrBoard(ward_id=ward.id, code=f"code-{key}", name=f"Bảng {key}",
                           target_url="https://vneid.gov.vn/") for key, ward in wards.items()}
    db.session.add_all([*points.values(), *boards.values()])
    db.session.commit()
    return points, boards


def tokens_for(user):
    from flask import current_app

    with current_app.test_request_context():
        return start_session(user)


def add_national_user():
    user = User(username="national-1", full_name="Bộ Công an", role="national",
                password_hash="-")
    db.session.add(user)
    db.session.commit()
    return user


def is_own(role, area_name):
    """Whether an area is the caller's by DESIGN.md §2 (the national desk's is every ward and
    province: the roles of each endpoint decide what it may do there)."""
    if area_name == "own" or role == "national":
        return True
    if area_name == "colleague":  # another user's event or account in the caller's ward
        return role in ("commander", "admin")
    if area_name == "other_ward":
        return role == "admin"
    return False


def fill(rule, area):
    values = {}
    for arg in rule.arguments:
        if arg in PARAMS:
            values[arg] = PARAMS[arg](area)
        elif arg in PLAIN_PARAMS:
            values[arg] = PLAIN_PARAMS[arg]()
        else:
            pytest.fail(f"URL parameter <{arg}> of {rule.rule} is not in PARAMS or PLAIN_PARAMS")
    return rule.build(values, append_unknown=False)[1]


def send(client, method, url, token=None, body=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if method == "GET":
        return client.open(url, method=method, headers=headers)
    return client.open(url, method=method, headers=headers, json=body or {})


def is_error_shape(res):
    body = res.get_json(silent=True)
    return (isinstance(body, dict) and body.get("code") == res.status_code
            and set(body) <= {"code", "status", "message", "errors"})


def _rule(path, method):
    return next(r for r, m in api_routes(_APP) if r.rule == path and m == method)


@pytest.mark.parametrize("path,method", ROUTES, ids=[f"{m} {p}" for p, m in ROUTES])
def test_authorization_matrix(app, client, world, areas, path, method):
    rule = _rule(path, method)
    access = access_rule(app, rule, method)
    assert access is not None, f"{method} {path} has no access rule"
    scoped_args = [a for a in rule.arguments if a in PARAMS]
    problems = []
    if access.public:
        res = send(client, method, fill(rule, areas("officer", "own")))
        if res.status_code in (401, 403, 404) or res.status_code >= 500:
            problems.append(f"anonymous on a public view → {res.status_code}")
    else:
        res = send(client, method, fill(rule, areas("officer", "own")))
        if res.status_code != 401 or not is_error_shape(res):
            problems.append(f"no token → {res.status_code}, expected 401 in the error shape")
    for role in ROLES:
        scoped = scoped_args or (path, method) in BODIES
        area_names = ["own"] + (["other_ward", "other_province"] if scoped else [])
        if {"event_id", "user_id"} & set(scoped_args):  # a colleague's own things
            area_names.append("colleague")
        for area_name in area_names:
            if access.public:
                continue
            problems += _check(client, world, access, rule, method, role, area_name, areas)
    assert not problems, f"{method} {path} (roles {access.roles}, scope {access.scope}):\n  " \
        + "\n  ".join(problems)


def _check(client, world, access, rule, method, role, area_name, areas):
    tokens = tokens_for(world.users[CALLERS[role]])
    token = tokens["refresh_token"] if access.refresh is True else tokens["access_token"]
    area = areas(role, area_name)
    url = fill(rule, area)
    body = BODIES.get((rule.rule, method), lambda _: None)(area)
    res = send(client, method, url, token, body)
    where = f"{role} on {area_name} ({url}) → {res.status_code}"
    if res.status_code >= 500:
        return [f"{where}: a server error"]
    if role not in access.roles:
        return [] if res.status_code == 403 and is_error_shape(res) else [f"{where}, expected 403"]
    if is_own(role, area_name):
        return [f"{where}, expected access"] if res.status_code in (401, 403, 404) else []
    if res.status_code not in (403, 404) or not is_error_shape(res):
        return [f"{where}, expected 403/404 in the error shape"]
    return []

"""Request hardening shared by every endpoint: bounded ids, strict JSON, CORS for named origins."""
import json
import math

from flask import abort, current_app, request
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter, PathConverter

from .fields import DB_INT_MAX


class DbIntConverter(IntegerConverter):
    """`<int:...>` bounded to a database INTEGER: a huge id answers 404, never an overflow 500."""

    def __init__(self, map, fixed_digits=0, min=None, max=DB_INT_MAX, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


class AssetPathConverter(PathConverter):
    """A path of the web app that is never under /api/: an API URL called with a method it does
    not have answers 405 with `Allow`, and an unknown one 404, instead of falling to the assets."""

    regex = r"(?!api/)[^/].*?"


def _refuse_constant(name):
    raise ValueError(f"{name} is not JSON")


def _finite_float(text):
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"{text} overflows a float")
    return value


class StrictJSONProvider(DefaultJSONProvider):
    """JSON in and out as UTF-8. What Python's parser would take but the API must not — NaN,
    Infinity or a float that overflows, nesting deep enough to exhaust the parser's recursion —
    is a 400 like any malformed body, not a 500. A NUL character is valid JSON:
    `refuse_malformed_input` decides where it is refused."""

    ensure_ascii = False

    def loads(self, s, **kwargs):
        if isinstance(s, (bytes, bytearray)):
            s = s.decode("utf-8")
        try:
            return json.loads(s, parse_constant=_refuse_constant, parse_float=_finite_float, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


def refuse_malformed_input():
    """Before any API view: a NUL in the query or the body (outside the items of a batch, see
    `checked_per_item`), or a JSON body the strict parser refuses, is a 400.

    The views' own parser (webargs) reads the body with Python's json, which would let deep
    nesting crash and NaN through; parsing once here with StrictJSONProvider stops them.
    """
    if not request.path.startswith("/api/"):
        return None
    if "\x00" in request.path or any("\x00" in k + v for k, v in request.args.items(multi=True)):
        abort(400, "Ký tự NUL không được phép (NUL character in the URL).")
    if request.is_json and (request.content_length or request.headers.get("Transfer-Encoding")):
        try:
            body = request.get_json()
        except BadRequest:
            abort(400, "Nội dung JSON không hợp lệ (malformed JSON body).")
        if b"\\u0000" in request.get_data() and _holds_nul(_outside_items(body)):
            abort(400, "Ký tự NUL không được phép (NUL character in the body).")
    return None


def checked_per_item(key):
    """Class decorator of a batch endpoint whose body's `key` is a list answered item by item
    (sync): a NUL inside one item is that item's own field error, answered by its schema,
    and must not refuse the whole batch. A NUL anywhere else refuses the request, as on
    every other endpoint (PostgreSQL text cannot hold it)."""
    def mark(view_class):
        view_class.per_item_key = key
        return view_class
    return mark


def _outside_items(body):
    view = current_app.view_functions.get(request.endpoint)
    key = getattr(getattr(view, "view_class", None), "per_item_key", None)
    if key and isinstance(body, dict) and isinstance(body.get(key), list):
        return {name: value for name, value in body.items() if name != key}
    return body


def _holds_nul(value):
    """Whether a NUL is in any string (key or value) of a parsed JSON document; iterative, as
    the document may be nested as deeply as the parser allows."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and "\x00" in item:
            return True
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def apply_cors(response):
    """Cross-origin access to the API for the origins named in CORS_ORIGINS only (none by
    default). Tokens travel in the Authorization header, never cookies: no credentials mode."""
    allowed = current_app.config["CORS_ORIGINS"]
    if not allowed or not request.path.startswith("/api/"):
        return response
    response.vary.add("Origin")
    origin = request.headers.get("Origin")
    if origin not in allowed:
        return response
    headers = response.headers
    headers["Access-Control-Allow-Origin"] = origin
    headers["Access-Control-Expose-Headers"] = "Retry-After"
    if request.method == "OPTIONS":
        headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, PATCH, DELETE"
        headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type, X-Device-Id, X-Outbox-Size"
        headers["Access-Control-Max-Age"] = "600"
    return response


class SessionInterface(SecureCookieSessionInterface):
    """Flask's cookie session, never opened on the public QR links (`/q/`): they set no cookie,
    and a scan should not pay for making one's signer."""

    def open_session(self, app, request):
        if request.path.startswith("/q/"):
            return self.make_null_session(app)
        return super().open_session(app, request)

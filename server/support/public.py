"""The QR boards' public links, `/q/<code>`: no login, a redirect at once, one scan counted per
request a person's browser makes. Nothing of the scanner is kept: the address waits in memory
until the scan is weighed against its limit (within QR_SCAN_FLUSH_S, scans.py) and lives on only
in the rate limiter's counter for its window; the browser string is read and forgotten, no
cookie."""
from flask import Blueprint, Response, current_app, redirect, request
from flask_limiter.util import get_remote_address
from limits import parse

from ..access import public
from ..errors import DomainError, NotFound
from ..extensions import limiter
from . import poster, service

bp = Blueprint("qr", __name__)

# Link-preview and crawler agents (a chat app unfurling a pasted link is not a person scanning).
BOT_AGENTS = ("facebookexternalhit", "facebot", "twitterbot", "slackbot", "telegrambot",
              "whatsapp", "discordbot", "linkedinbot", "skypeuripreview", "googlebot",
              "bingbot", "applebot", "yandex", "baiduspider", "duckduckbot", "embedly",
              "redditbot", "pinterest", "vkshare", "bitlybot", "iframely", "petalbot",
              "curl/", "wget/", "python-requests", "preview", "crawler",
              "spider")


class TooManyMisses(DomainError):
    code = 429


@limiter.request_filter
def _no_limit_stack():
    """The rate-limit stack skips these links at once: their limits are taken by hand below."""
    return request.blueprint == bp.name


@bp.route("/q/<code>", methods=["GET", "HEAD"])
@public
@limiter.exempt  # its limits are taken by hand below: one counter per request, not the stack's
def scan(code):
    try:
        target_url, retired = service.open_board(code[:32], scanner=_scanner())
    except NotFound:
        if not _within("QR_LINK_LIMIT", "qr-miss"):  # someone trying codes
            raise TooManyMisses("Quá nhiều yêu cầu, vui lòng thử lại sau (too many requests).")
        return _page(poster.unknown_page(), 404)
    if retired:
        return _page(poster.retired_page(), 410)
    response = redirect(target_url, code=302)
    response.headers["Cache-Control"] = "no-store"  # each scan comes back here to be counted
    return response


def _scanner():
    """The address of a person's scan (a GET, not a preview bot nor a prefetch), whose scans of
    the minute beyond QR_SCANS_PER_ADDRESS will not count (scans.py); None for any other."""
    if request.method != "GET" or _is_prefetch() or _is_bot():
        return None
    return get_remote_address()


def _within(setting, scope):
    """Whether this address is still within the limit `setting` of `scope` (counting this one)."""
    return limiter.limiter.hit(parse(current_app.config[setting]), scope, get_remote_address())


def _is_prefetch():
    purpose = " ".join(request.headers.get(name, "") for name in
                       ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")).lower()
    return "prefetch" in purpose or "preview" in purpose or "prerender" in purpose


def _is_bot():
    agent = (request.headers.get("User-Agent") or "").lower()
    return not agent or any(bot in agent for bot in BOT_AGENTS)


def _page(html, status):
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response

"""Serves the installable web app from pwa/, and the API docs page from vendored Swagger UI."""
from pathlib import Path

from flask import Blueprint, current_app, redirect, send_from_directory

from .access import public

bp = Blueprint("pwa", __name__)


def _dir():
    return Path(current_app.config["PWA_DIR"])


@bp.route("/")
@public
def index():
    return _send("index.html")


@bp.route("/api/v1/docs")
@public
def api_docs():
    """Swagger UI for the OpenAPI document, from local files only."""
    return redirect("/api-docs/", code=302)


@bp.route("/<asset:filename>")
@public
def asset(filename):
    return _send(filename)


def _send(filename):
    if filename.endswith("/"):
        filename += "index.html"
    response = send_from_directory(_dir(), filename, max_age=0)
    if filename in ("sw.js", "index.html", "precache-manifest.js") or filename.endswith(".webmanifest"):
        response.headers["Cache-Control"] = "no-cache"
    if filename == "sw.js":
        response.headers["Service-Worker-Allowed"] = "/"
    return response

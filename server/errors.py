"""Domain errors and the handlers that render every error in the one JSON shape.

Shape (flask-smorest's): {"code": 404, "status": "Not Found", "message": "...", "errors": {...}?}
"""
from http import HTTPStatus

from flask import current_app, jsonify
from limits.errors import StorageError
from werkzeug.exceptions import HTTPException

from .extensions import db


class DomainError(Exception):
    """A rule of the product refused the request. Views raise, one handler renders."""

    code = 400
    headers = None

    def __init__(self, message, errors=None, code=None):
        super().__init__(message)
        self.message = message
        self.errors = errors
        if code is not None:
            self.code = code


class NotFound(DomainError):
    code = 404


class Forbidden(DomainError):
    code = 403


class Conflict(DomainError):
    code = 409


class Invalid(DomainError):
    code = 422


def error_body(code, message=None, errors=None):
    """The one error shape, as a dict."""
    status = HTTPStatus(code)
    body = {"code": code, "status": status.phrase, "message": message or status.description}
    if errors:
        body["errors"] = errors
    return body


def error_response(code, message=None, errors=None, headers=None):
    response = jsonify(error_body(code, message, errors))
    response.status_code = code
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _handle_http_exception(error: HTTPException):
    data = getattr(error, "data", None) or {}
    errors = data.get("messages") or data.get("errors")
    message = data.get("message") or error.description
    if error.code == 422 and errors and message == HTTPStatus(422).description:
        message = "Dữ liệu không hợp lệ (invalid input)."
    headers = dict(data.get("headers") or {})
    if error.code == 429:
        message = "Quá nhiều yêu cầu, vui lòng thử lại sau (too many requests)."
    if error.code == 413 and message == error.description:
        message = "Tệp hoặc yêu cầu quá lớn (payload too large)."
    response = error_response(error.code or 500, message, errors, headers)
    if error.code == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _handle_domain_error(error: DomainError):
    db.session.rollback()
    return error_response(error.code, error.message, error.errors, error.headers)


def _handle_counters_unreachable(error: StorageError):
    """The shared counters (Redis, or their table) did not answer: nothing was decided, try again."""
    db.session.rollback()
    current_app.logger.warning("Rate-limit counters unreachable: %s", error)
    return error_response(503, "Máy chủ tạm thời chưa sẵn sàng, vui lòng thử lại sau ít giây "
                               "(service temporarily unavailable, retry shortly).",
                          headers={"Retry-After": "5"})


def _handle_unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return _handle_http_exception(error)
    db.session.rollback()
    current_app.logger.exception("Unhandled error")
    return error_response(500, "Lỗi máy chủ (internal server error).")


def register_errorhandlers(app):
    app.register_error_handler(HTTPException, _handle_http_exception)
    app.register_error_handler(DomainError, _handle_domain_error)
    app.register_error_handler(StorageError, _handle_counters_unreachable)
    app.register_error_handler(Exception, _handle_unexpected)

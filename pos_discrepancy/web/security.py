"""HTTP-level protections of the staff pages (design §11).

* The session cookie is ``HttpOnly``, ``SameSite=Lax`` and ``Secure`` when the request came
  over HTTPS (directly, or through a proxy trusted with ``POSDISC_PROXY_COUNT``) or when
  ``POSDISC_COOKIE_SECURE`` says so.
* Every page carries a Content-Security-Policy that allows scripts, styles and images
  from this site only (no inline script), and no framing.
"""

from __future__ import annotations

from flask import Flask, Request, Response, has_request_context, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

#: The staff pages' Content-Security-Policy.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class StaffSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, ``Secure`` whenever the request was HTTPS; none for
    the HTTP API, whose callers are registers with tokens, never signed-in staff."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """The staff session; ``None`` (Flask's empty null session) under ``/api/``."""
        if request.path.startswith("/api/"):
            return None
        return super().open_session(app, request)

    def get_cookie_secure(self, app: Flask) -> bool:
        """``SESSION_COOKIE_SECURE``, or whether this request came over HTTPS."""
        configured = bool(app.config["SESSION_COOKIE_SECURE"])
        return configured or (has_request_context() and request.is_secure)


def _page_headers(response: Response) -> Response:
    if not request.path.startswith("/api/"):
        for name, value in PAGE_HEADERS.items():
            response.headers.setdefault(name, value)
    return response


def init_app(app: Flask, *, proxy_count: int) -> None:
    """Install the session interface, the page headers and (if any) the proxy fix."""
    app.session_interface = StaffSessionInterface()
    app.after_request(_page_headers)
    if proxy_count:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxy_count, x_proto=proxy_count
        )

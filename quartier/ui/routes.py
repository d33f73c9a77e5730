"""Web routes beside the Streamlit app: they set and clear the login cookie.

A Streamlit script cannot set an HttpOnly cookie, so the login form hands over to
``/auth/handoff`` with a one-time code, and logout passes through ``/auth/logout``.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from quartier import config
from quartier.auth import sessions
from quartier.auth.sessions import COOKIE_NAME, LoginPolicy, cookie_signer
from quartier.storage import Database, shared_database


def safe_next(value: str | None) -> str:
    """Only local paths are followed after login/logout (no open redirect).

    >>> safe_next("/konto?lang=en"), safe_next("//evil.example"), safe_next("https://x")
    ('/konto?lang=en', '/', '/')
    """
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def _redirect(location: str) -> RedirectResponse:
    response = RedirectResponse(location, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    return response


async def _database() -> Database:
    return await run_in_threadpool(shared_database, config.db_path())


async def handoff(request: Request) -> Response:
    code = request.query_params.get("code", "")
    target = safe_next(request.query_params.get("next"))
    db = await _database()
    token = await run_in_threadpool(sessions.redeem_handoff, db, code) if code else None
    if token is None:
        return _redirect("/anmelden")
    response = _redirect(target)
    response.set_cookie(
        COOKIE_NAME,
        cookie_signer(db.path).sign(token),
        max_age=int(LoginPolicy.from_config().session_lifetime.total_seconds()),
        path="/",
        httponly=True,
        samesite="strict",
        secure=config.get_bool("QUARTIER_COOKIE_SECURE"),
    )
    return response


async def logout(request: Request) -> Response:
    db = await _database()
    token = cookie_signer(db.path).unsign(request.cookies.get(COOKIE_NAME))
    await run_in_threadpool(sessions.end_session, db, token)
    response = _redirect(safe_next(request.query_params.get("next")))
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="strict")
    return response


ROUTES = [
    Route("/auth/handoff", handoff, methods=["GET"]),
    Route("/auth/logout", logout, methods=["GET"]),
]

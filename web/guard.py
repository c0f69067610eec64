"""What stands between the local page and the rest of the machine, as Jupyter does it.

- **Host header.** A web page the user visits could point its own host name at
  127.0.0.1 (DNS rebinding) and then read the local server as if same-origin. Its
  requests still carry that host name, so only the bound address (and ``localhost``
  when bound to loopback) is served; anything else gets 403.
- **Token.** Every request that reads or changes user data carries the random token
  printed with the URL: as the ``X-Kyoso-Token`` header or a ``token`` form field on
  POSTs; the page itself is opened once with ``?token=`` and then keeps a SameSite
  cookie, which is accepted for GETs only (a cookie alone never authorises a POST).
- **Body size.** A body over the upload limit gets 413, from Content-Length before
  anything is read, or while reading when the client sends no length.
- **Logging.** One line per request: method, path (no query: it may hold the token),
  status. Never file names, parties or contract text.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import sys
from typing import Callable

from ..core import limits

TOKEN_HEADER = "x-kyoso-token"


def token_cookie(port: int) -> str:
    """Cookies are shared by every port of a host: each server keeps its own by name."""
    return f"kyoso_token_{port}"

MAX_BODY_BYTES = limits.MAX_UPLOAD_BYTES + limits.MAX_FORM_OVERHEAD_BYTES


class BodyTooLarge(Exception):
    pass


def allowed_hosts(host: str, port: int) -> set[str]:
    """The Host header values this server answers to."""
    names = {host}
    try:
        if ipaddress.ip_address(host).is_loopback:
            names |= {"localhost", "127.0.0.1"}
    except ValueError:
        pass
    bracketed = {f"[{n}]" if ":" in n else n for n in names}
    return {f"{n}:{port}" for n in bracketed} | ({*bracketed} if port == 80 else set())


def same_token(given: str | None, token: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), token.encode())


async def _send_json(send, status: int, message: str, code: str) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _log_line(method: str, path: str, status: int) -> None:
    print(f"{method} {path} {status}", file=sys.stderr, flush=True)


class Guard:
    """ASGI middleware: Host check, body cap, the one log line."""

    def __init__(self, app, hosts: set[str], log: Callable[[str, str, int], None] = _log_line,
                 max_body: int = MAX_BODY_BYTES):
        self.app, self.hosts, self.log, self.max_body = app, hosts, log, max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        method, path = scope["method"], scope["path"]
        status = {"code": 0}

        async def logged_send(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            if headers.get("host", "").lower() not in self.hosts:
                await _send_json(logged_send, 403, "this server answers only to its own address "
                                 "(Host header refused; see 'kyoso serve --host')", "host")
                return
            length = headers.get("content-length")
            if length is not None and (not length.isdigit() or int(length) > self.max_body):
                await _send_json(logged_send, 413, _too_large(), "too-large")
                return
            await self._call_capped(scope, receive, logged_send, status)
        finally:
            self.log(method, path, status["code"])

    async def _call_capped(self, scope, receive, send, status):
        seen = {"bytes": 0}

        async def capped_receive():
            message = await receive()
            if message["type"] == "http.request":
                seen["bytes"] += len(message.get("body", b""))
                if seen["bytes"] > self.max_body:
                    raise BodyTooLarge()
            return message

        try:
            await self.app(scope, capped_receive, send)
        except BodyTooLarge:
            if not status["code"]:
                await _send_json(send, 413, _too_large(), "too-large")


def _too_large() -> str:
    return (f"the upload is larger than the limit of {limits.MAX_UPLOAD_BYTES // (1024 * 1024)} MB "
            f"(a contract is a few MB; split off large exhibits)")

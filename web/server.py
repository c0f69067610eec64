"""Run the page: pick the port, make the token, print the URL, serve until Ctrl-C.

The URL with its token is the first line on stdout, so a script can read it; uvicorn's
own access log is off (it would print the query string, token and all) and web/guard.py
logs method, path and status instead.
"""

from __future__ import annotations

import ipaddress
import secrets
import socket
import sys
import threading
import time
import webbrowser

from ..core.errors import KyosoError


def url_for(host: str, port: int, token: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


def bind(host: str, port: int | None) -> socket.socket:
    """A listening socket on ``host``; port 0 or None lets the system pick a free one."""
    try:
        unspecified = ipaddress.ip_address(host).is_unspecified
    except ValueError:
        unspecified = False
    if unspecified:  # the Host check needs the one address the page is opened at
        raise KyosoError(f"--host {host}: give the address the page will be opened at "
                         f"(e.g. 127.0.0.1 or this machine's LAN address); the page answers "
                         f"only to the address it listens on")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port or 0))
    except OSError as error:
        sock.close()
        raise KyosoError(f"cannot listen on {host}:{port or 0} ({error.strerror or error})") from None
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def serve(host: str = "127.0.0.1", port: int | None = None, open_browser: bool = False) -> None:
    import uvicorn

    from .app import create_app

    sock = bind(host, port)
    port = sock.getsockname()[1]
    token = secrets.token_urlsafe(32)
    url = url_for(host, port, token)
    app = create_app(host, port, token)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                           lifespan="off", server_header=False))
    print(url, flush=True)
    print("kyoso: serving the page; press Ctrl-C to stop", file=sys.stderr, flush=True)
    from .checking import warm_up

    threading.Thread(target=warm_up, daemon=True).start()
    if open_browser:
        threading.Thread(target=_open_when_started, args=(server, url), daemon=True).start()
    try:
        # uvicorn catches SIGINT/SIGTERM, finishes the requests in flight, then raises the
        # signal again once it has shut down: that Ctrl-C is the clean way out.
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    print("kyoso: stopped", file=sys.stderr, flush=True)


def _open_when_started(server, url: str) -> None:
    for _ in range(200):  # up to 10 s: the page opens once the server answers
        if server.started:
            webbrowser.open(url)
            return
        time.sleep(0.05)

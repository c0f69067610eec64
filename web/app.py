"""``kyoso serve``'s routes: each a few lines over web/checking.py and web/drafting.py,
which call the same library functions as the CLI.

Pages:  GET /  (check)   GET /draft          (opened once with ?token=, then a cookie)
API:    POST /api/check     multipart file [+ party, lang] → the JSON of `kyoso check --format json`
        POST /api/inspect   the same, plus the extracted text and notes, for the check page
        POST /api/sarif     → SARIF          POST /api/annotate → commented DOCX
        POST /api/redline   → tracked-changes DOCX (when this build has a redline writer)
        GET  /api/contracts, /api/form/{id}, /api/example/{id}   the library, as forms
        POST /api/draft?contract=…&lang=…   YAML answers body → DOCX
        POST /api/pack      YAML answers body, or example=1&lang=… → zip with the cover memo
Errors are JSON ``{"error": {"code", "message"}}`` with a 4xx status; an unreadable
upload never stops the server.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..core import limits
from ..core.errors import AnswersError, InputError, KyosoError
from . import checking, drafting
from .guard import TOKEN_HEADER, BodyTooLarge, Guard, allowed_hosts, same_token, token_cookie

HERE = Path(__file__).parent
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class HttpError(Exception):
    def __init__(self, status: int, message: str, code: str = "error", problems: list | None = None):
        super().__init__(message)
        self.status, self.message, self.code, self.problems = status, message, code, problems


def error_response(error: HttpError) -> JSONResponse:
    body: dict[str, Any] = {"error": {"code": error.code, "message": error.message}}
    if error.problems is not None:
        body["problems"] = error.problems
    return JSONResponse(body, status_code=error.status)


def _kyoso_error(error: KyosoError, pack: bool = False) -> HttpError:
    if isinstance(error, InputError):
        return HttpError(422, str(error), "input")
    if isinstance(error, AnswersError) or getattr(error, "problems", None):
        return HttpError(422, str(error), error.code, drafting.problems_json(error, pack))
    return HttpError(400, str(error), error.code)


# --- the token ----------------------------------------------------------------------


def _require_token(request: Request, form: Any = None) -> None:
    token = request.app.state.token
    given = request.headers.get(TOKEN_HEADER) or (form.get("token") if form is not None else None)
    if request.method == "GET":
        given = given or request.query_params.get("token") or \
            request.cookies.get(token_cookie(request.app.state.port))
    if not same_token(given if isinstance(given, str) else None, token):
        raise HttpError(403, "missing or wrong token: open the URL 'kyoso serve' printed "
                             "(http://…/?token=…)", "token")


@contextmanager
def _private_folder():
    """A folder only this user can read (mkdtemp is 0700), gone when the response is."""
    folder = Path(tempfile.mkdtemp(prefix="kyoso-serve-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


async def _form(request: Request):
    from starlette.formparsers import MultiPartException

    try:
        return await request.form(max_files=1, max_fields=20)
    except BodyTooLarge:
        raise HttpError(413, "the upload is larger than the limit of "
                             f"{limits.MAX_UPLOAD_BYTES // (1024 * 1024)} MB", "too-large") from None
    except (MultiPartException, ValueError) as error:
        raise HttpError(400, f"cannot read the form ({error})", "form") from None


async def _upload(request: Request, folder: Path):
    """(Upload, party, lang) from a multipart form; the file passes through ``folder``."""
    if TOKEN_HEADER in request.headers:  # refuse a wrong token before reading the body
        _require_token(request)
    form = await _form(request)
    try:
        _require_token(request, form)
        field = form.get("file")
        if field is None or isinstance(field, str):
            raise HttpError(400, "no file: send the contract as the multipart field 'file'", "form")
        held = folder / "upload"
        size = 0
        with held.open("wb") as out:
            while chunk := await field.read(1 << 16):
                size += len(chunk)
                if size > limits.MAX_UPLOAD_BYTES:
                    raise HttpError(413, "the upload is larger than the limit of "
                                         f"{limits.MAX_UPLOAD_BYTES // (1024 * 1024)} MB", "too-large")
                out.write(chunk)
        upload = checking.Upload(checking.display_name(field.filename), held.read_bytes())
        return upload, str(form.get("party") or ""), str(form.get("lang") or "auto")
    finally:
        await form.close()  # the parser's spooled copies go now, not at garbage collection


async def _checked(request: Request, folder: Path):
    upload, party, lang = await _upload(request, folder)
    try:
        checked = await run_in_threadpool(checking.check_upload, upload, party, lang)
    except KyosoError as error:
        raise _kyoso_error(error) from None
    return upload, checked


def _download(data: bytes, media_type: str, filename: str) -> Response:
    """An attachment named ``filename``: an ASCII fallback, and the real name (RFC 6266)."""
    fallback = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in filename)
    disposition = f'attachment; filename="{fallback}"'
    if fallback != filename:
        disposition += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return Response(data, media_type=media_type, headers={"content-disposition": disposition})


def _stem(upload: checking.Upload) -> str:
    return Path(upload.name).stem.replace('"', "") or "contract"


# --- routes ---------------------------------------------------------------------------


def route(handler):
    """Turn HttpError and KyosoError into JSON answers; never a traceback to the client."""
    async def wrapped(request: Request):
        try:
            return await handler(request)
        except HttpError as error:
            return error_response(error)
        except KyosoError as error:
            return error_response(_kyoso_error(error))
        except Exception as error:  # a bug: say so, keep serving, log no user data
            print(f"kyoso: internal error in {request.url.path}: {type(error).__name__}",
                  file=sys.stderr, flush=True)
            return error_response(HttpError(500, f"kyoso hit an internal error "
                                                 f"({type(error).__name__}); please report it", "internal"))
    wrapped.__name__ = handler.__name__
    return wrapped


@route
async def api_check(request: Request):
    with _private_folder() as folder:
        _, checked = await _checked(request, folder)
        return Response(checking.report_json(checked), media_type="application/json")


@route
async def api_inspect(request: Request):
    with _private_folder() as folder:
        _, checked = await _checked(request, folder)
        return JSONResponse({"report": checking.report_json(checked), "text": checked.source.text,
                             "warnings": checked.warnings})


@route
async def api_sarif(request: Request):
    with _private_folder() as folder:
        upload, checked = await _checked(request, folder)
        return _download(checking.report_sarif(checked).encode(), "application/sarif+json",
                         f"{_stem(upload)}.sarif")


@route
async def api_annotate(request: Request):
    with _private_folder() as folder:
        upload, checked = await _checked(request, folder)
        data = await run_in_threadpool(checking.annotated_docx, upload, checked, folder)
        return _download(data, DOCX, f"{_stem(upload)}-commented.docx")


@route
async def api_redline(request: Request):
    if checking.redline_writer() is None:
        raise HttpError(404, "this kyoso has no redline writer yet", "not-found")
    with _private_folder() as folder:
        upload, checked = await _checked(request, folder)
        data = await run_in_threadpool(checking.redlined_docx, upload, checked, folder)
        return _download(data, DOCX, f"{_stem(upload)}-redline.docx")


@route
async def api_contracts(request: Request):
    _require_token(request)
    return JSONResponse({"contracts": drafting.list_contracts()})


@route
async def api_form(request: Request):
    _require_token(request)
    return JSONResponse(drafting.contract_form(request.path_params["contract"]))


@route
async def api_example(request: Request):
    _require_token(request)
    return JSONResponse(drafting.example(request.path_params["contract"]))


def _lang(value: Any) -> str | None:
    """A language mode from a query or form; ``ja+en`` typed unencoded arrives as ``ja en``
    (a '+' means a space in both), which can only mean ja+en."""
    return str(value).strip().replace(" ", "+") if value else None


async def _answers_body(request: Request) -> bytes:
    try:
        body = await request.body()
    except BodyTooLarge:
        raise HttpError(413, "the answers are too large", "too-large") from None
    if len(body) > limits.MAX_YAML_BYTES:
        raise HttpError(413, f"the answers are larger than {limits.MAX_YAML_BYTES // 1024} KB", "too-large")
    return body


@route
async def api_draft(request: Request):
    _require_token(request)
    contract = request.query_params.get("contract", "")
    lang = _lang(request.query_params.get("lang")) or "ja"
    raw = drafting.parse_answers(await _answers_body(request), "answers")
    try:
        data = await run_in_threadpool(drafting.draft_docx, contract, raw, lang)
    except KyosoError as error:
        raise _kyoso_error(error) from None
    return _download(data, DOCX, f"{contract}.docx")


@route
async def api_pack(request: Request):
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await _form(request)
        _require_token(request, form)
        if form.get("example") not in ("1", "true", "yes"):
            raise HttpError(400, "send a YAML answers body, or example=1", "form")
        raw, lang = None, _lang(form.get("lang") or request.query_params.get("lang"))
    else:
        _require_token(request)
        raw = drafting.parse_answers(await _answers_body(request), "answers")
        lang = _lang(request.query_params.get("lang"))
    try:
        data = await run_in_threadpool(drafting.pack_zip, raw, lang)
    except KyosoError as error:
        raise _kyoso_error(error, pack=True) from None
    return _download(data, "application/zip", "kyoso-pack.zip")


# --- pages ----------------------------------------------------------------------------


def _page(name: str):
    @route
    async def page(request: Request):
        token = request.app.state.token
        query_token = request.query_params.get("token")
        if query_token is not None and same_token(query_token, token):
            # Drop the token from the address bar (and from the history), keep it as a cookie.
            response = RedirectResponse(request.url.path, status_code=303)
            response.set_cookie(token_cookie(request.app.state.port), token, httponly=True,
                                samesite="strict")
            return response
        _require_token(request)
        html = (HERE / "pages" / f"{name}.html").read_text("utf-8")
        html = html.replace("{{TOKEN}}", token).replace(
            "{{REDLINE}}", "1" if checking.redline_writer() else "0")
        return HTMLResponse(html, headers={"cache-control": "no-store",
                                           "content-security-policy": CSP,
                                           "referrer-policy": "no-referrer"})
    page.__name__ = f"page_{name}"
    return page


# Everything the pages load comes from this server; nothing from the internet.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "connect-src 'self'; frame-ancestors 'none'; form-action 'self'")


def create_app(host: str = "127.0.0.1", port: int = 8000, token: str = "",
               log=None) -> Guard:
    if not token:
        raise ValueError("a token is required")
    app = Starlette(routes=[
        Route("/", _page("check")),
        Route("/draft", _page("draft")),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/inspect", api_inspect, methods=["POST"]),
        Route("/api/sarif", api_sarif, methods=["POST"]),
        Route("/api/annotate", api_annotate, methods=["POST"]),
        Route("/api/redline", api_redline, methods=["POST"]),
        Route("/api/contracts", api_contracts),
        Route("/api/form/{contract}", api_form),
        Route("/api/example/{contract}", api_example),
        Route("/api/draft", api_draft, methods=["POST"]),
        Route("/api/pack", api_pack, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ])
    app.state.token, app.state.port = token, port
    kwargs = {"log": log} if log is not None else {}
    return Guard(app, allowed_hosts(host, port), **kwargs)



"""kyoso serve's JSON API through Starlette's test client: every endpoint, the token,
the Host check, the upload limit, and hostile uploads (the server answers 4xx and
keeps serving)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx2")

import docx  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from kyoso.core import limits  # noqa: E402
from kyoso.web.app import create_app  # noqa: E402

import factories as f  # noqa: E402
from one_sided import one_sided_docx, one_sided_text  # noqa: E402

HOST, PORT, TOKEN = "127.0.0.1", 8765, "test-token-123"
BASE = f"http://{HOST}:{PORT}"
AUTH = {"X-Kyoso-Token": TOKEN}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def log():
    return []


@pytest.fixture(scope="module")
def client(log):
    app = create_app(HOST, PORT, TOKEN, log=lambda m, p, s: log.append((m, p, s)))
    with TestClient(app, base_url=BASE) as test_client:
        yield test_client


def upload(path: Path, **fields):
    return {"files": {"file": (path.name, path.read_bytes(), "application/octet-stream")}, "data": fields}


def cli_json(folder: Path, *args: str) -> str:
    """What `kyoso check --format json ARGS` prints, run in ``folder``."""
    result = subprocess.run([sys.executable, "-m", "kyoso.cli", "check", "--format", "json", *args],
                            capture_output=True, text=True, cwd=folder)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


# --- the check endpoints ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_check_returns_exactly_the_cli_json(client, tmp_path, lang):
    contract = one_sided_docx(tmp_path, lang)
    response = client.post("/api/check", headers=AUTH, **upload(contract))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    # The CLI run in the file's folder names it as the page does: by its file name.
    assert response.text == cli_json(tmp_path, contract.name)
    document = response.json()["documents"][0]
    assert document["path"] == contract.name and document["language"] == lang
    assert len(document["findings"]) >= 2
    assert {f["severity"] for f in document["findings"]} & {"high", "medium"}


def test_check_with_party_and_lang_matches_the_cli(client, tmp_path):
    contract = one_sided_text(tmp_path, "en")
    response = client.post("/api/check", headers=AUTH, **upload(contract, party="Startup", lang="en"))
    expected = cli_json(tmp_path, contract.name, "--party", "Startup", "--lang", "en")
    assert response.status_code == 200 and response.text == expected
    assert any(f["against_user"] is True for f in response.json()["documents"][0]["findings"])


def test_inspect_gives_the_report_and_the_text_the_offsets_index(client, tmp_path):
    contract = one_sided_docx(tmp_path, "ja")
    body = client.post("/api/inspect", headers=AUTH, **upload(contract)).json()
    report = json.loads(body["report"])["documents"][0]
    for finding in report["findings"]:
        start, end = finding["location"]["start"], finding["location"]["end"]
        assert 0 <= start < end <= len(body["text"])
        assert body["text"][start:end].strip()


def test_sarif_download(client, tmp_path):
    response = client.post("/api/sarif", headers=AUTH, **upload(one_sided_docx(tmp_path, "en")))
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    log = response.json()
    assert log["version"] == "2.1.0" and log["runs"][0]["results"]


def test_annotate_returns_the_commented_docx(client, tmp_path):
    contract = one_sided_docx(tmp_path, "en")
    response = client.post("/api/annotate", headers=AUTH, **upload(contract))
    assert response.status_code == 200 and response.headers["content-type"] == DOCX
    commented = docx.Document(io.BytesIO(response.content))
    comments = list(commented.comments)
    assert len(comments) >= 2 and all(c.author == "kyoso" for c in comments)
    assert [p.text for p in commented.paragraphs] == [p.text for p in docx.Document(contract).paragraphs]


def test_annotate_refuses_a_text_file(client, tmp_path):
    response = client.post("/api/annotate", headers=AUTH, **upload(one_sided_text(tmp_path, "en")))
    assert response.status_code == 422
    assert ".docx" in response.json()["error"]["message"]


# --- the draft endpoints ----------------------------------------------------------------


def test_contracts_are_listed_from_the_library(client):
    from kyoso.clauses.loader import load_library

    listed = [c["id"] for c in client.get("/api/contracts", headers=AUTH).json()["contracts"]]
    assert set(load_library().contracts) <= set(listed) and "pack" in listed


def test_form_shows_choices_with_whom_they_favour_and_their_note(client):
    form = client.get("/api/form/joint-development", headers=AUTH).json()
    variables = {v["name"]: v for s in form["sections"] for v in s["variables"]}
    ownership = variables["joint_result_ownership"]
    assert ownership["type"] == "choice"
    assert {c["favours"] for c in ownership["choices"]} <= {"startup", "business", "balanced"}
    assert all(c["note"]["ja"] and c["note"]["en"] for c in ownership["choices"])
    pack = client.get("/api/form/pack", headers=AUTH).json()
    shared = next(s for s in pack["sections"] if s["id"] == "shared")
    assert {"startup", "business"} <= {v["name"] for v in shared["variables"]}


def test_draft_from_the_example_answers(client):
    answers = client.get("/api/example/nda", headers=AUTH).json()
    response = client.post("/api/draft?contract=nda&lang=en", headers=AUTH, content=json.dumps(answers))
    assert response.status_code == 200 and response.headers["content-type"] == DOCX
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "Non-Disclosure" in text or "NON-DISCLOSURE" in text.upper()


def test_draft_reports_every_problem_with_its_field(client):
    answers = {"contract": "nda", "startup": {"name": "A"}, "nda_date": "2026-02-30",
               "oral_confirmation_days": "soon"}
    response = client.post("/api/draft?contract=nda&lang=ja", headers=AUTH, content=json.dumps(answers))
    assert response.status_code == 422
    problems = response.json()["problems"]
    fields = {field for p in problems for field in p["fields"]}
    assert {"startup", "business", "nda_date", "oral_confirmation_days"} <= fields
    assert len(problems) >= 5  # all at once: address and representative missing too


def test_draft_refuses_hostile_yaml(client):
    response = client.post("/api/draft?contract=nda&lang=ja", headers=AUTH,
                           content=b"a: &x [1]\nb: *x\n")
    assert response.status_code == 422
    assert "anchor" in response.json()["error"]["message"]


def test_pack_example_returns_the_zip_with_the_cover_memo(client):
    response = client.post("/api/pack", data={"example": "1", "lang": "en", "token": TOKEN})
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "00-cover-memo.docx" in names and "03-joint-development.docx" in names
    assert len([n for n in names if n.endswith(".docx")]) == 5


def test_pack_from_a_yaml_body(client):
    deal = (Path(__file__).parents[1] / "clauses" / "examples" / "pack.yaml").read_bytes()
    deal = deal.replace(b"documents: {nda: true, poc: true, joint-development: true, license: true}",
                        b"documents: {nda: true, poc: true, joint-development: false, license: false}")
    response = client.post("/api/pack?lang=ja", headers={**AUTH, "content-type": "application/yaml"},
                           content=deal)
    assert response.status_code == 200, response.text
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "01-nda.docx" in names and "02-poc.docx" in names and "03-joint-development.docx" not in names


def test_pack_problems_name_their_fields(client):
    deal = {"language": "ja", "dates": {"nda": "2026-04-01", "poc": "2026-01-01",
                                        "joint-development": "2026-09-01", "license": "2027-01-01"},
            "shared": {}}
    response = client.post("/api/pack", headers=AUTH, content=json.dumps(deal))
    assert response.status_code == 422
    fields = {field for p in response.json()["problems"] for field in p["fields"]}
    assert "dates.poc" in fields and "shared.startup" in fields


# --- security ----------------------------------------------------------------------------


@pytest.mark.parametrize("method, path", [("post", "/api/check"), ("post", "/api/annotate"),
                                          ("post", "/api/pack"), ("post", "/api/draft?contract=nda"),
                                          ("get", "/api/contracts"), ("get", "/"), ("get", "/draft")])
def test_every_request_for_user_data_needs_the_token(client, tmp_path, method, path):
    kwargs = upload(one_sided_text(tmp_path)) if path in ("/api/check", "/api/annotate") else {}
    response = getattr(client, method)(path, **kwargs, headers={"X-Kyoso-Token": "wrong"})
    assert response.status_code == 403 and response.json()["error"]["code"] == "token"
    client.cookies.clear()
    assert getattr(client, method)(path, **kwargs).status_code == 403


def test_token_as_form_field(client, tmp_path):
    response = client.post("/api/check", **upload(one_sided_text(tmp_path), token=TOKEN))
    assert response.status_code == 200


def test_page_trades_the_url_token_for_a_cookie_that_only_opens_pages(client, tmp_path):
    client.cookies.clear()
    first = client.get(f"/?token={TOKEN}", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/"
    assert "httponly" in first.headers["set-cookie"].lower()
    assert "samesite=strict" in first.headers["set-cookie"].lower()
    page = client.get("/")
    assert page.status_code == 200 and TOKEN in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    # The cookie alone does not authorise a POST (a cross-site form could send it).
    assert client.post("/api/check", **upload(one_sided_text(tmp_path))).status_code == 403
    client.cookies.clear()


@pytest.mark.parametrize("host", ["evil.example:8765", "127.0.0.1:9999", "attacker.test", ""])
def test_other_host_headers_are_refused(client, host):
    response = client.get(f"/?token={TOKEN}", headers={"host": host}, follow_redirects=False)
    assert response.status_code == 403 and response.json()["error"]["code"] == "host"


def test_localhost_is_the_same_machine(client):
    response = client.get("/static/style.css", headers={"host": f"localhost:{PORT}"})
    assert response.status_code == 200


def test_static_assets_are_local_and_need_no_token(client):
    for name in ("style.css", "common.js", "check.js", "draft.js"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200
        assert "http://" not in response.text and "https://" not in response.text and "//cdn" not in response.text


def test_pages_fetch_nothing_from_the_internet():
    pages = Path(__file__).parents[1] / "web" / "pages"
    for page in pages.glob("*.html"):
        text = page.read_text("utf-8")
        assert "http://" not in text and "https://" not in text, page.name


def test_upload_over_the_limit_gets_413_and_the_server_goes_on(client, tmp_path):
    big = b"x" * (limits.MAX_UPLOAD_BYTES + 1)
    response = client.post("/api/check", headers=AUTH, files={"file": ("big.txt", big, "text/plain")})
    assert response.status_code == 413 and "MB" in response.json()["error"]["message"]
    # Streamed without a Content-Length: cut off while reading.
    def chunks():
        yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n"
        for _ in range(limits.MAX_UPLOAD_BYTES // (1 << 20) + 2):
            yield b"y" * (1 << 20)
        yield b"\r\n--b--\r\n"
    response = client.post("/api/check", headers={**AUTH, "content-type": "multipart/form-data; boundary=b"},
                           content=chunks())
    assert response.status_code == 413
    ok = client.post("/api/check", headers=AUTH, **upload(one_sided_text(tmp_path)))
    assert ok.status_code == 200


# The hostile-input suite's files and the words each refusal must contain (tests/factories.py).
UPLOADABLE = ("zip-bomb-ratio", "zip-bomb-400mb", "zip-bomb-forged-size", "billion-laughs",
              "external-entity", "not-a-zip", "truncated-zip", "encrypted-docx", "deep-xml",
              "binary-txt", "not-a-pdf", "truncated-pdf", "unsupported-suffix")


HOSTILE_UPLOADS = [(name, make, words) for name, make, words in f.HOSTILE if name in UPLOADABLE]


@pytest.mark.parametrize("make, words", [(make, words) for _, make, words in HOSTILE_UPLOADS],
                         ids=[name for name, _, _ in HOSTILE_UPLOADS])
def test_hostile_uploads_get_a_4xx_saying_why(client, tmp_path, make, words):
    path = make(tmp_path)
    response = client.post("/api/check", headers=AUTH, **upload(path))
    assert 400 <= response.status_code < 500
    message = response.json()["error"]["message"]
    assert message.startswith(path.name) or path.name in message
    assert all(w in message.lower() for w in words), message
    assert client.post("/api/check", headers=AUTH, **upload(one_sided_text(tmp_path))).status_code == 200


def test_the_log_has_method_path_and_status_only(client, log, tmp_path):
    log.clear()
    client.post("/api/check?secret=1", headers=AUTH, **upload(one_sided_text(tmp_path), party="Startup"))
    assert log == [("POST", "/api/check", 200)]


def test_uploads_do_not_outlive_the_response(client, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    client.post("/api/annotate", headers=AUTH, **upload(one_sided_docx(tmp_path, "en")))
    assert not [p for p in os.listdir(tmp_path) if p.startswith("kyoso-serve-")]


# --- the command --------------------------------------------------------------------------


def _serve(tmp_path, *args, env=None):
    return subprocess.Popen([sys.executable, "-m", "kyoso.cli", "serve", *args], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})


def _wait_for(url: str) -> int:
    import time
    import urllib.error
    import urllib.request

    for _ in range(100):
        try:
            return urllib.request.urlopen(url, timeout=1).status
        except urllib.error.HTTPError as error:
            return error.code
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def test_serve_prints_the_url_first_opens_the_browser_and_stops_on_ctrl_c(tmp_path):
    import signal
    import socket

    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}\n')
    browser.chmod(0o755)
    with socket.socket() as probe:  # a port that is free now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = _serve(tmp_path, "--port", str(port), "--open", env={"BROWSER": f"{browser} %s"})
    try:
        url = process.stdout.readline().strip()
        assert url.startswith(f"http://127.0.0.1:{port}/?token=") and len(url.split("=", 1)[1]) >= 32
        assert _wait_for(f"http://127.0.0.1:{port}/static/style.css") == 200
        assert _wait_for(f"http://127.0.0.1:{port}/api/contracts") == 403  # no token
        for _ in range(100):
            if opened.exists() and opened.read_text().strip():
                break
            import time
            time.sleep(0.1)
        assert opened.read_text().strip() == url
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0 and "kyoso: stopped" in err and "Traceback" not in err


def test_serve_picks_a_free_port_and_refuses_a_busy_one(tmp_path):
    import signal

    first = _serve(tmp_path)
    try:
        url = first.stdout.readline().strip()
        port = int(url.split(":")[2].split("/")[0])
        assert port > 0
        second = _serve(tmp_path, "--port", str(port))
        _, err = second.communicate(timeout=60)
        assert second.returncode == 2 and err.startswith("kyoso: error: cannot listen on 127.0.0.1:")
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=30)


def test_serve_refuses_an_unspecified_address(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kyoso.cli", "serve", "--host", "0.0.0.0"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 2 and "--host 0.0.0.0" in result.stderr
    assert result.stderr.count("\n") == 1


# --- the redline download (checker/report/redline.py, another branch) -------------------------


def test_redline_is_offered_only_when_a_writer_exists(client, tmp_path, monkeypatch):
    import types

    from kyoso.web import checking

    calls = []

    def fake_redline_docx(data, blocks, findings, language, parties, text, output, *, party=None):
        calls.append((len(findings), language, [p.name for p in parties], party))
        Path(output).write_bytes(data)

    monkeypatch.setitem(sys.modules, "kyoso.checker.report.redline",
                        types.SimpleNamespace(redline_docx=fake_redline_docx))
    monkeypatch.setattr("kyoso.checker.report.redline", sys.modules["kyoso.checker.report.redline"],
                        raising=False)
    assert checking.redline_writer() is fake_redline_docx
    client.cookies.clear()
    client.get(f"/?token={TOKEN}")
    assert '<meta name="kyoso-redline" content="1">' in client.get("/").text
    contract = one_sided_docx(tmp_path, "en")
    response = client.post("/api/redline", headers=AUTH, **upload(contract, party="Startup"))
    assert response.status_code == 200 and response.headers["content-type"] == DOCX
    assert calls and calls[0][1] == "en" and calls[0][3] == "Startup" and "Tiny Sensors Inc." in calls[0][2]
    client.cookies.clear()


def test_without_a_redline_writer_the_page_hides_it(client, monkeypatch):
    from kyoso.web import checking

    monkeypatch.setattr(checking, "redline_writer", lambda: None)
    client.cookies.clear()
    client.get(f"/?token={TOKEN}")
    assert '<meta name="kyoso-redline" content="0">' in client.get("/").text
    assert client.post("/api/redline", headers=AUTH).status_code == 404
    client.cookies.clear()


def test_redline_download_with_the_real_writer(client, tmp_path):
    pytest.importorskip("kyoso.checker.report.redline", reason="the redline writer is not merged yet")
    response = client.post("/api/redline", headers=AUTH, **upload(one_sided_docx(tmp_path, "en")))
    assert response.status_code == 200
    document_xml = zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml")
    assert b"<w:ins " in document_xml and b"<w:del " in document_xml


def test_a_pdf_upload_is_checked_as_the_cli_checks_it(client, tmp_path):
    pdf = f.text_pdf(tmp_path)
    response = client.post("/api/check", headers=AUTH, **upload(pdf))
    assert response.status_code == 200 and response.text == cli_json(tmp_path, pdf.name)


def test_a_bug_is_a_json_500_and_the_server_goes_on(client, tmp_path, monkeypatch):
    from kyoso.web import checking

    def broken(_checked):
        raise RuntimeError("contract text that must not be logged")

    monkeypatch.setattr(checking, "report_sarif", broken)
    response = client.post("/api/sarif", headers=AUTH, **upload(one_sided_text(tmp_path)))
    assert response.status_code == 500 and response.json()["error"]["code"] == "internal"
    assert "must not be logged" not in response.text
    assert client.post("/api/check", headers=AUTH, **upload(one_sided_text(tmp_path))).status_code == 200


def test_each_server_keeps_its_own_cookie(client):
    client.cookies.clear()
    response = client.get(f"/?token={TOKEN}", follow_redirects=False)
    assert response.headers["set-cookie"].startswith(f"kyoso_token_{PORT}=")
    client.cookies.clear()


def test_a_japanese_file_name_comes_back_as_it_was(client, tmp_path):
    contract = one_sided_docx(tmp_path, "ja").rename(tmp_path / "共同開発契約.docx")
    response = client.post("/api/annotate", headers=AUTH, **upload(contract))
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="')
    assert "filename*=UTF-8''%E5%85%B1%E5%90%8C%E9%96%8B%E7%99%BA%E5%A5%91%E7%B4%84-commented.docx" in disposition


def test_pack_lang_ja_en_typed_unencoded(client):
    response = client.post("/api/pack", headers={**AUTH, "content-type": "application/x-www-form-urlencoded"},
                           content=b"example=1&lang=ja+en")
    assert response.status_code == 200
    memo = docx.Document(io.BytesIO(zipfile.ZipFile(io.BytesIO(response.content)).read("00-cover-memo.docx")))
    text = "\n".join(p.text for p in memo.paragraphs)
    assert "カバーメモ" in text and "cover memo" in text  # both languages: ja+en

"""kyoso serve end to end, in a real headless browser: Playwright for Python driving
Debian's Chromium (Playwright's own browser download cannot reach the internet here;
.ci/run installs the chromium package when it is missing).

The server is the real command (``python -m kyoso.cli serve``), started once for the
module: its first stdout line is the URL with the token, and Ctrl-C must stop it.
Set KYOSO_UPDATE_SCREENSHOT=1 to refresh docs/serve-check.png from the check test.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).parents[1]

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium; .ci/run does this in CI)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extras")

import docx  # noqa: E402

expect = sync_api.expect

from one_sided import one_sided_docx  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    process = subprocess.Popen([sys.executable, "-m", "kyoso.cli", "serve"], cwd=folder,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = process.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:") and "/?token=" in url, url
    base = url.split("/?token=")[0]
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/static/style.css", timeout=1)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    yield url
    process.send_signal(signal.SIGINT)  # Ctrl-C
    _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "kyoso: stopped" in err and "Traceback" not in err
    for line in err.splitlines()[1:-1]:  # the log: method, path, status, nothing else
        method, path, status = line.split(" ")
        assert method in ("GET", "POST") and path.startswith("/") and "?" not in path and status.isdigit()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True,
                                  locale="en-US")
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "blob:", "data:")) else None)
    page.goto(server)
    yield page
    context.close()
    assert not outside, f"the page fetched from outside: {outside}"


def check(page, contract: Path):
    page.set_input_files("#file", str(contract))
    page.wait_for_selector(".card", timeout=60_000)


def test_check_page_highlights_findings_and_explains_them(page, tmp_path):
    page.click("[data-lang=en]")
    check(page, one_sided_docx(tmp_path, "en"))
    marks = page.locator("#doc mark.hl")
    assert marks.count() >= 2
    highlighted = " ".join(marks.all_inner_texts())
    assert "assigned to Company" in highlighted and "five (5) years" in highlighted
    assert all("sev-" in (marks.nth(i).get_attribute("class") or "") for i in range(marks.count()))
    cards = page.locator(".card")
    assert cards.count() >= 2
    first = cards.first
    assert first.locator(".message").inner_text().strip()
    assert first.locator(".rationale").inner_text().startswith("Why:")
    assert "Giant Motors" in first.locator(".favours").inner_text()
    assert first.locator(".dim").count() >= 1
    assert len(first.locator(".suggestion pre").inner_text()) > 40
    if os.environ.get("KYOSO_UPDATE_SCREENSHOT"):
        page.screenshot(path=str(ROOT / "docs" / "serve-check.png"))
    # Clicking a card marks its passage.
    first.click()
    assert page.locator("#doc mark.hl.focused").count() >= 1


def test_party_and_filters(page, tmp_path):
    page.click("[data-lang=en]")
    check(page, one_sided_docx(tmp_path, "en"))
    total = page.locator(".card").count()
    page.select_option("#party", label="Tiny Sensors Inc. (Startup)")
    page.wait_for_selector(".favours.against")
    assert "against you" in page.locator(".favours.against").first.inner_text()
    high = page.locator(".card.sev-high").count()
    page.uncheck(".sev-filter[value=high]")
    assert page.locator(".card").count() == total - high
    page.check(".sev-filter[value=high]")
    category = page.locator("#category option").nth(1).get_attribute("value")
    page.select_option("#category", category)
    assert page.locator(".card").count() == page.locator(f".card[data-category='{category}']").count() >= 1
    assert page.locator(".card").count() < total


def test_switch_the_interface_language(page, tmp_path):
    page.click("[data-lang=ja]")
    check(page, one_sided_docx(tmp_path, "ja"))
    assert page.locator("nav a").first.inner_text() == "契約書をチェック"
    assert page.locator(".card .rationale .label").first.inner_text().startswith("理由")
    assert "乙が単独でした発明" in " ".join(page.locator("#doc mark.hl").all_inner_texts())
    page.click("[data-lang=en]")
    assert page.locator("nav a").first.inner_text() == "Check a contract"
    assert page.locator(".card .rationale .label").first.inner_text().startswith("Why")
    assert page.locator("html").get_attribute("lang") == "en"


def test_download_the_commented_docx(page, tmp_path):
    contract = one_sided_docx(tmp_path, "en")
    check(page, contract)
    with page.expect_download() as download:
        page.click("#dl-annotate")
    saved = tmp_path / "commented.docx"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "one-sided-en-commented.docx"
    commented = docx.Document(str(saved))
    comments = list(commented.comments)
    assert len(comments) >= 2 and all(c.author == "kyoso" for c in comments)
    assert any("Why:" in c.text for c in comments)
    with page.expect_download() as report:
        page.click("#dl-json")
    assert report.value.suggested_filename == "one-sided-en.json"


def test_draft_the_example_pack_through_the_form(page, server, tmp_path):
    page.click("[data-lang=en]")
    page.click("nav a[href='/draft']")
    page.wait_for_selector("[data-field='shared.startup']")
    assert page.locator("#contract").input_value() == "pack"
    page.click("#fill-example")
    expect(page.locator("[data-path='shared.startup.name'][data-part=en]")).to_have_value("ThermoLink Inc.")
    # Each decision point shows its options, whom each favours, and the note.
    choices = page.locator("[data-field='joint-development.joint_result_ownership'] .choice")
    assert choices.count() >= 3
    assert page.locator("[data-field='joint-development.joint_result_ownership'] .favours-badge").count() >= 2
    assert page.locator("[data-field='joint-development.joint_result_ownership'] .choice-note").first.inner_text()
    page.select_option("#draftlang", "en")
    with page.expect_download(timeout=120_000) as download:
        page.click("#download")
    saved = tmp_path / "pack.zip"
    download.value.save_as(saved)
    names = zipfile.ZipFile(saved).namelist()
    assert "00-cover-memo.docx" in names
    assert {"01-nda.docx", "02-poc.docx", "03-joint-development.docx", "04-license.docx"} <= set(names)
    memo = docx.Document(io.BytesIO(zipfile.ZipFile(saved).read("00-cover-memo.docx")))
    cells = [cell.text for table in memo.tables for row in table.rows for cell in row.cells]
    assert "ThermoLink Inc." in "\n".join(p.text for p in memo.paragraphs) + "\n".join(cells)


def test_draft_shows_every_problem_next_to_its_field(page, tmp_path):
    page.click("[data-lang=en]")
    page.click("nav a[href='/draft']")
    page.wait_for_selector("[data-field='shared.startup']")
    page.select_option("#contract", "nda")
    page.wait_for_selector("[data-field='nda_date']")
    page.fill("[data-path='startup.name'][data-part=en]", "Tiny Sensors Inc.")
    page.fill("[data-field='oral_confirmation_days'] input", "0")
    page.click("#download")
    page.wait_for_selector("#errors:not([hidden])")
    flagged = page.locator(".field.has-error")
    fields = {flagged.nth(i).get_attribute("data-field") for i in range(flagged.count())}
    assert {"startup", "business", "nda_date", "oral_confirmation_days"} <= fields
    assert "address" in page.locator("[data-field='startup'] .field-error").inner_text()
    # Fixing them and downloading gives the DOCX.
    page.click("#fill-example")
    expect(page.locator(".field.has-error")).to_have_count(0)
    with page.expect_download() as download:
        page.click("#download")
    saved = tmp_path / "nda.docx"
    download.value.save_as(saved)
    assert docx.Document(str(saved)).paragraphs


def test_drop_a_file_on_the_page(page, tmp_path):
    from one_sided import PARAGRAPHS

    text = "\n".join(PARAGRAPHS["en"])
    transfer = page.evaluate_handle("""(text) => {
        const data = new DataTransfer();
        data.items.add(new File([text], "dropped.txt", {type: "text/plain"}));
        return data;
    }""", text)
    page.dispatch_event("#drop", "drop", {"dataTransfer": transfer})
    page.wait_for_selector(".card", timeout=60_000)
    assert page.locator("#doc mark.hl").count() >= 2
    assert page.locator("#dl-annotate").is_disabled()  # a text file has no Word file to comment


def test_redlined_docx_download_once_the_writer_exists(page, tmp_path):
    pytest.importorskip("kyoso.checker.report.redline", reason="the redline writer is not merged yet")
    check(page, one_sided_docx(tmp_path, "en"))
    expect(page.locator("#dl-redline")).to_be_visible()
    with page.expect_download() as download:
        page.click("#dl-redline")
    saved = tmp_path / "redlined.docx"
    download.value.save_as(saved)
    assert b"<w:ins " in zipfile.ZipFile(saved).read("word/document.xml")


def test_no_redline_button_without_the_writer(page, tmp_path):
    try:
        import kyoso.checker.report.redline  # noqa: F401
        pytest.skip("this build has the redline writer")
    except ImportError:
        pass
    check(page, one_sided_docx(tmp_path, "en"))
    expect(page.locator("#dl-redline")).to_be_hidden()


def test_a_corrupt_upload_says_why_and_the_page_goes_on(page, tmp_path):
    import factories as f

    page.click("[data-lang=en]")
    page.set_input_files("#file", str(f.truncated_docx(tmp_path)))
    expect(page.locator("#status.error")).to_contain_text("truncated")
    assert page.locator("#result").is_hidden()
    check(page, one_sided_docx(tmp_path, "en"))
    assert page.locator(".card").count() >= 2

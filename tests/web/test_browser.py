"""The reviewer UI in a real browser: Debian's Chromium driven by Playwright, against uvicorn.

A new reviewer's whole path with nothing but keys: a submitter signs in, drops a sample SOW on
the upload page (progress shown) and signs out; a reviewer signs in, sees the payment term
highlighted in the text, opens it, accepts it with the keyboard and finds the decision in the
item's audit history. Screenshots of the main pages land in ``screenshots/`` (git-ignored) for a
person to look at. Skipped only when Chromium or the playwright package is missing locally; CI
installs both.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from service.config import Settings
from service.db import make_engine, make_sessionmaker
from service.migrate import upgrade_url
from service.security import create_key
from tests.conftest import make_settings
from tests.web.conftest import sample_sow

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
IN_CI = os.environ.get("CI") == "true"

if not IN_CI:
    pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _serve(settings: Settings) -> Iterator[str]:
    """The app under uvicorn in a background thread on a free loopback port."""
    import uvicorn

    from service.app import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False, log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    url = f"sqlite:///{tmp_path / 'tollgate.db'}"
    upgrade_url(url)
    settings = make_settings(tmp_path, url)
    engine = make_engine(url)
    keys: dict[str, str] = {}
    with make_sessionmaker(engine)() as session:
        for role, name in (("submitter", "Sam Submitter"), ("reviewer", "Rita Reviewer")):
            _row, keys[role] = create_key(session, name=name, role=role)
        session.commit()
    engine.dispose()
    with _serve(settings) as base:
        yield base, keys


# Accessibility checks run in the page: every form control has a label, the page declares its
# language, and every visible text meets WCAG AA contrast (4.5:1) against its painted background.
A11Y_PROBLEMS = """() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push('html has no lang');
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden' || el.closest('[hidden]') || el.closest('dialog:not([open])')) continue;
    if (!(el.labels && el.labels.length) && !el.getAttribute('aria-label')) problems.push('unlabelled ' + (el.name || el.id));
  }
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !el.getClientRects().length) continue;
    if (el.closest('[hidden], dialog:not([open]), .skip, [disabled]')) continue;
    const fg = lum(rgb(getComputedStyle(el).color).slice(0, 3)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) problems.push('contrast ' + ratio.toFixed(2) + ' on "' + node.textContent.trim().slice(0, 30) + '"');
  }
  return problems;
}"""


def _shot(page: Any, name: str) -> None:
    """Save a screenshot for a person to look at, after checking the page's accessibility."""
    assert page.evaluate(A11Y_PROBLEMS) == [], name
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def _sign_in(page: Any, key: str) -> None:
    page.fill("#api_key", key)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/ui/login" not in page.url, page.content()


def test_upload_highlight_accept_with_keyboard_and_audit(served: tuple[str, dict[str, str]]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, keys = served
    name, data = sample_sow()
    expect.set_options(timeout=20_000)  # analysis loads the bundled models on this slow machine
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
            page.set_default_timeout(20_000)
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))

            # A submitter signs in and drops the SOW on the upload page.
            page.goto(base + "/")
            expect(page).to_have_url(base + "/ui/login")
            expect(page.get_by_label("API key")).to_be_focused()
            _shot(page, "01-sign-in")
            _sign_in(page, keys["submitter"])
            page.goto(base + "/ui/upload")
            page.keyboard.press("Tab")  # focus order starts at the skip link, then the header
            expect(page.locator("a.skip")).to_be_focused()
            page.keyboard.press("Tab")
            expect(page.locator("a.brand")).to_be_focused()
            expect(page.get_by_label("Document file")).to_be_visible()
            _shot(page, "02-upload")

            # An unsupported file: the problem's message shows inline, nothing navigates.
            junk = page.evaluate_handle(
                "() => { const dt = new DataTransfer();"
                " dt.items.add(new File([new Uint8Array([0, 159, 146, 150, 0, 1])], 'junk.bin',"
                " {type: 'application/octet-stream'})); return dt; }")
            page.dispatch_event("#dropzone", "drop", {"dataTransfer": junk})
            expect(page.locator("#upload-error")).to_be_visible()
            assert page.locator("#upload-error").inner_text().strip()
            _shot(page, "03-upload-problem")

            # Record the progress bar's values across the navigation that follows success.
            page.evaluate(
                "() => { const bar = document.getElementById('progress-bar');"
                " new MutationObserver(() => sessionStorage.setItem('progress', bar.value))"
                ".observe(bar, {attributes: true}); }")
            drop = page.evaluate_handle(
                "([name, text]) => { const dt = new DataTransfer();"
                " dt.items.add(new File([text], name, {type: 'text/plain'})); return dt; }",
                [name, data.decode("utf-8")])
            page.dispatch_event("#dropzone", "drop", {"dataTransfer": drop})
            page.wait_for_url("**/ui/documents/**")
            assert page.evaluate("() => sessionStorage.getItem('progress')") == "100"
            expect(page.locator(".flash")).to_contain_text("uploaded")
            document_url = page.url.split("?")[0]
            page.click("#sign-out")
            expect(page).to_have_url(base + "/ui/login?done=signed_out")

            # The reviewer signs in, opens the document and sees the payment term highlighted.
            _sign_in(page, keys["reviewer"])
            page.goto(document_url)
            highlight = page.locator("mark.term", has_text="Net 45")
            expect(highlight.first).to_be_visible()
            card = page.locator("#s-term-payment_terms_days")
            expect(card).to_contain_text("45")
            card.locator("a.jump").click()
            expect(page.locator("mark.term.active").first).to_be_visible()
            _shot(page, "04-document")

            # Open the suggestion (opening changes nothing), accept it with the keyboard.
            card.locator("a.review-link").click()
            expect(page.locator("#decision-form")).to_be_visible()
            expect(page.locator("#item-status")).to_have_text("pending")
            page.wait_for_load_state()
            _shot(page, "05-item")
            page.keyboard.press("?")
            expect(page.locator("#help")).to_be_visible()
            _shot(page, "06-shortcuts")
            page.keyboard.press("Escape")
            expect(page.locator("#help")).to_be_hidden()
            page.keyboard.press("a")
            expect(page.locator(".flash")).to_contain_text("Accepted.")
            page.wait_for_load_state()

            # Its audit history shows the decision, by whom.
            page.click("#last-decided")
            expect(page.locator("#decision-summary")).to_contain_text("accept by Rita Reviewer")
            audit = page.locator("#audit")
            expect(audit).to_contain_text("review_item.decided")
            expect(audit).to_contain_text("review_item.claimed")
            expect(audit.locator("tr", has_text="review_item.decided")).to_contain_text("Rita Reviewer")
            _shot(page, "07-item-decided")

            # Back on the next item, claimed explicitly: "e" edits its value; the correction is saved.
            page.go_back()
            page.wait_for_load_state()
            page.click("#btn-claim")
            page.wait_for_load_state()
            expect(page.locator("#item-status")).to_have_text("claimed")
            page.keyboard.press("e")
            expect(page.locator("#corrected_value")).to_be_focused()
            page.fill("#corrected_value", '"corrected by the browser test"')
            page.fill("#reason", "value checked against the SOW")
            page.click("#btn-correct")
            expect(page.locator(".flash")).to_contain_text("Corrected.")
            page.click("#last-decided")
            expect(page.locator("#decision-summary")).to_contain_text("correct by Rita Reviewer")
            expect(page.locator("#decision-summary")).to_contain_text("value checked against the SOW")
            expect(page.locator("body")).to_contain_text("corrected by the browser test")

            # The queue walks with j/k; the dashboard counts the decision.
            page.click("#nav-queue")
            page.wait_for_url("**/ui/queue")
            page.wait_for_load_state()
            page.keyboard.press("j")
            page.keyboard.press("j")
            expect(page.locator("tr[data-row].current")).to_have_count(1)
            _shot(page, "08-queue")
            page.click("#nav-dashboard")
            expect(page.locator("#agreement")).to_contain_text("billing-rules")
            expect(page.locator("#readiness")).to_contain_text(name)
            _shot(page, "09-dashboard")
            assert not errors, errors
        finally:
            browser.close()

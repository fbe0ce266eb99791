"""The built docs site in a real browser: Debian's Chromium, headless, driven by Playwright.

Playwright only drives the browser; it never downloads one (`executable_path`
points at the system Chromium, which `make browser` installs with apt-get).
A missing Chromium is a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest

from .conftest import REPO

pytestmark = [pytest.mark.site, pytest.mark.timeout(900)]  # a site build: see test_site.py

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOT = REPO / "reports" / "site-screenshot.png"
SEARCH_SCREENSHOT = REPO / "reports" / "site-search.png"
SEARCH_QUERY = "wait_for_event"


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail("Chromium is not installed: run `make browser` (Debian's chromium package)", pytrace=False)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=exe, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


@pytest.fixture
def page(browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"console.{msg.type}: {msg.text} ({page.url})")
            if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc} ({page.url})"))
    # ERR_ABORTED is the browser cancelling a page's pending loads when the test navigates on.
    page.on("requestfailed", lambda req: errors.append(f"request failed: {req.url} {req.failure}")
            if "ERR_ABORTED" not in (req.failure or "") else None)
    page.on("response", lambda resp: errors.append(f"HTTP {resp.status}: {resp.url}") if resp.status >= 400 else None)
    page.errors = errors
    yield page
    page.close()


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 (loopback)
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def internal(url: str, base: str) -> bool:
    return url.startswith(base)


def test_site_in_chromium(page, served_site):
    base = served_site

    # 1. Every navigation link loads.
    resp = page.goto(base)
    assert resp is not None and resp.ok, f"home page: {resp and resp.status}"
    nav_hrefs = page.eval_on_selector_all(
        ".md-tabs__link, .md-nav--primary a.md-nav__link[href]", "els => els.map(e => e.href)"
    )
    nav = sorted({urldefrag(h)[0] for h in nav_hrefs if internal(h, base)})
    assert len(nav) >= 10, f"expected the tabs and the sidebar to link the site's pages, got {nav}"
    visited: dict[str, int] = {}
    links: dict[str, set[str]] = {}  # target url -> pages linking it
    for url in nav:
        r = page.goto(url)
        visited[url] = r.status if r else 0
        assert r is not None and r.ok, f"nav link {url} answered {visited[url]}"
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            if internal(href, base):
                links.setdefault(href, set()).add(url)

    # 2. Every internal link on every page leads somewhere (and to an anchor that exists).
    broken = []
    anchors_of: dict[str, set[str]] = {}
    for href, sources in sorted(links.items()):
        target, frag = urldefrag(href)
        code = visited.get(target) or status_of(target)
        visited[target] = code
        if code != 200:
            broken.append(f"{href} -> HTTP {code} (linked from {sorted(sources)[0]})")
            continue
        if frag and target.endswith("/"):
            if target not in anchors_of:
                page.goto(target)
                anchors_of[target] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
            if frag not in anchors_of[target]:
                broken.append(f"{href}: no element #{frag} (linked from {sorted(sources)[0]})")
    assert not broken, "broken internal links:\n" + "\n".join(broken)

    # 3. Search finds the query.
    page.goto(base)
    page.click("input.md-search__input", timeout=5000)
    page.fill("input.md-search__input", SEARCH_QUERY)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    results = page.locator(".md-search-result__item").count()
    meta = page.inner_text(".md-search-result__meta")
    assert results > 0, f"no search results for {SEARCH_QUERY!r} ({meta})"
    first = page.locator(".md-search-result__item a").first.get_attribute("href")
    assert first and status_of(urljoin(page.url, first)) == 200

    # 4. Code blocks are highlighted on an example page.
    r = page.goto(urljoin(base, "examples/approval/"))
    assert r is not None and r.ok
    blocks = page.locator(".highlight pre code")
    assert blocks.count() >= 5, "expected one highlighted block per file of the example"
    tokens = page.locator(".highlight pre code span.k, .highlight pre code span.kn").count()
    assert tokens > 10, "code blocks are not syntax-highlighted (no keyword spans)"
    assert "wait_for_event" in page.inner_text("article")

    # 5. Screenshots as artefacts: the search results, and the example's highlighted code.
    page.click("input.md-search__input", timeout=5000)
    page.fill("input.md-search__input", SEARCH_QUERY)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SEARCH_SCREENSHOT))
    page.keyboard.press("Escape")
    page.goto(urljoin(base, "examples/approval/#file-functions-py"))
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(600)  # cosmetic only: let the header's title cross-fade finish before the picture
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000 and SEARCH_SCREENSHOT.stat().st_size > 10_000

    # 6. No console errors, failed requests or page errors anywhere.
    assert not page.errors, "browser errors:\n" + "\n".join(page.errors)


HOME_SCREENSHOT = REPO / "reports" / "site-home.png"
TRIGGER_SCREENSHOT = REPO / "reports" / "site-example-trigger.png"


def test_home_page_has_the_quick_start_and_an_example_page_a_trigger_command(page, served_site):
    """What a person sees first: the quick start on the home page, a copyable request on an example page."""
    from checks import triggers

    r = page.goto(served_site)
    assert r is not None and r.ok
    quick = page.locator("#quick-start")
    quick.scroll_into_view_if_needed()
    assert quick.is_visible(), "no Quick start section on the home page"
    section = page.inner_text("article")
    assert ".venv/bin/inngest-kit dev" in section and "curl -X PUT http://127.0.0.1:8000/api/inngest" in section
    assert page.locator("#gallery").count() == 1 and page.locator("#install").count() == 1
    page.goto(served_site)
    page.wait_for_load_state("networkidle")
    HOME_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(HOME_SCREENSHOT), full_page=True)  # down to the quick start and the gallery

    request = triggers.triggers(["approval"])["approval"].requests[0]
    r = page.goto(urljoin(served_site, "examples/approval/#trigger"))
    assert r is not None and r.ok
    page.wait_for_load_state("networkidle")
    code = page.locator("#trigger ~ div.highlight code").first
    assert code.is_visible(), "no trigger command under the Trigger it heading"
    shown = " ".join(page.locator("#trigger ~ div.highlight code").all_inner_texts())
    assert request.curl() in shown, f"{request.curl()!r} not among the trigger commands"
    # The copy button (content.code.copy) is there for the command.
    assert page.locator("#trigger ~ div.highlight button.md-code__button").count() >= 1
    page.wait_for_timeout(600)  # cosmetic only: the header's title cross-fade
    page.screenshot(path=str(TRIGGER_SCREENSHOT))
    assert HOME_SCREENSHOT.stat().st_size > 10_000 and TRIGGER_SCREENSHOT.stat().st_size > 10_000
    assert not page.errors, "browser errors:\n" + "\n".join(page.errors)

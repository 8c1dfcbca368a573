"""The dashboard in a real browser: `cckg app` serves it on localhost, headless Chromium opens every page.

Needs Debian's chromium and fonts-noto-cjk (.ci/run installs both) and the playwright
package; no browser download. Screenshots go to test-output/screenshots/.
"""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
GRAPH = '[data-testid="stBidiComponentIsolated"] canvas'

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(campaign_store) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    cjk = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    if not cjk.strip():
        pytest.fail("no Chinese font: install fonts-noto-cjk (.ci/run does), or every character renders as a box")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "cckg.cli", "app", "--store", str(campaign_store), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("dashboard did not start: " + proc.stdout.read1().decode(errors="replace"))
                time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 2000}, locale="zh-CN", accept_downloads=True)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="module")
def shots(output_dir) -> Path:
    path = output_dir / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def open_page(page, server: str, path: str, heading: str) -> None:
    """Open a page by its URL and wait for its heading and the end of its script run."""
    page.goto(f"{server}/{path}")
    page.get_by_role("heading", name=heading, exact=True).wait_for(timeout=30_000)
    _settle(page)


def _settle(page) -> None:
    """Wait until the script run is over (the running indicator disappears) and the page has drawn."""
    page.wait_for_timeout(500)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=30_000)
    page.wait_for_timeout(700)


def no_error_box(page) -> None:
    boxes = page.locator(ERRORS)
    assert boxes.count() == 0, boxes.first.inner_text()


def shows_the_graph(page) -> None:
    """The neo4j-viz canvas is drawn: it holds the City colour (#0072B2), not just a background."""
    from PIL import Image

    canvas = page.locator(GRAPH).first
    canvas.wait_for(timeout=30_000)
    city_blue, deadline = 0, time.monotonic() + 30
    while city_blue <= 30 and time.monotonic() < deadline:  # the force layout draws, then settles
        page.wait_for_timeout(1000)
        image = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
        colours = image.getcolors(maxcolors=image.width * image.height) or []
        city_blue = sum(n for n, (r, g, b) in colours if r < 30 and abs(g - 0x72) < 30 and abs(b - 0xB2) < 30)
    assert city_blue > 30, "the graph canvas shows no City node"


def test_overview_in_the_browser(page, server, shots):
    open_page(page, server, "", "概览")
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(5, timeout=30_000)
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(2, timeout=30_000)  # the map, the years
    expect(page.get_by_text("嵌入式数据库")).to_have_count(1)  # the sidebar says which store is open
    no_error_box(page)
    page.screenshot(path=shots / "overview.png")


def test_english_switch_in_the_browser(page, server, shots):
    open_page(page, server, "", "概览")
    page.get_by_text("English", exact=True).click()
    page.get_by_role("heading", name="Overview", exact=True).wait_for(timeout=30_000)
    _settle(page)
    expect(page.get_by_text("Documents per city")).to_have_count(1, timeout=30_000)
    page.screenshot(path=shots / "overview-en.png")


def test_heatmap_in_the_browser(page, server, shots):
    open_page(page, server, "heatmap", "城市 × 举措")
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=30_000)
    link = page.locator('a[href*="profiles?doc="]').first
    link.wait_for(timeout=30_000)
    evidence = page.locator('[data-testid="stMarkdownContainer"] blockquote').first
    expect(evidence).to_contain_text("全市推行网格化管理，每个网格配齐网格员。", timeout=30_000)
    # clicking a cell of the heatmap shows that cell's sentences
    page.locator('[data-testid="stVegaLiteChart"] .mark-rect path[aria-label*="city: 武威市"]').click()
    expect(evidence).to_contain_text("武威街道推行門前三包", timeout=30_000)
    expect(page.get_by_role("heading", name="证据句: 武威市 × 门前三包")).to_have_count(1)
    _settle(page)
    expect(page.locator('[data-testid="stMarkdownContainer"] blockquote')).to_have_count(1)  # its one sentence
    # after a click the boxes still choose: back to 焦作市
    page.get_by_label("城市", exact=True).click()
    page.get_by_role("option", name="焦作市").click()
    _settle(page)
    # 焦作市 cites 门前三包 too, so the tactic stays
    expect(page.get_by_role("heading", name="证据句: 焦作市 × 门前三包")).to_have_count(1, timeout=30_000)
    no_error_box(page)
    page.screenshot(path=shots / "heatmap.png")


def test_path_explorer_in_the_browser(page, server, shots):
    open_page(page, server, "paths", "路径探索")
    page.get_by_label("起点 · 搜索名称（简体或繁体）").fill("焦作")
    page.keyboard.press("Enter")
    _settle(page)
    page.get_by_label("终点 · 搜索名称（简体或繁体）").fill("商丘")
    page.keyboard.press("Enter")
    _settle(page)
    shows_the_graph(page)
    page.locator('[data-testid="stDataFrame"]').nth(1).wait_for(timeout=30_000)
    no_error_box(page)
    page.screenshot(path=shots / "paths.png")


def test_profiles_in_the_browser(page, server, shots):
    open_page(page, server, "profiles?city=410800", "档案")
    page.get_by_role("heading", name="焦作市 · 河南省 · 410800").wait_for(timeout=30_000)
    expect(page.get_by_text("网格化管理 (2)")).to_have_count(1, timeout=30_000)
    no_error_box(page)
    page.screenshot(path=shots / "profiles-city.png")
    open_page(page, server, "profiles?doc=ww", "档案")
    page.get_by_role("heading", name="武威市文明创建简报").wait_for(timeout=30_000)
    expect(page.locator(".cckg-text mark")).to_have_text(["武威市", "武威", "门前三包"], timeout=30_000)
    no_error_box(page)
    page.screenshot(path=shots / "profiles-document.png")


def test_console_in_the_browser(page, server, shots):
    open_page(page, server, "console", "Cypher 控制台")
    page.get_by_label("查询", exact=True).fill("MATCH p = (c:City {adcode: '410800'})-[]-(n) RETURN p")
    page.get_by_role("button", name="运行").click()
    _settle(page)
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
    no_error_box(page)
    page.get_by_role("tab", name="图").click()
    shows_the_graph(page)
    page.screenshot(path=shots / "console.png")


def test_export_in_the_browser(page, server, shots):
    open_page(page, server, "export", "导出")
    page.get_by_text("GEXF", exact=True).first.wait_for(timeout=30_000)
    no_error_box(page)
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="下载 cckg.gexf").click()
    gexf = Path(download.value.path()).read_text(encoding="utf-8")
    assert gexf.startswith("<?xml") and "焦作市" in gexf and "网格化管理" in gexf
    page.screenshot(path=shots / "export.png")

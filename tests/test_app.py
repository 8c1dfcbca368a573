"""The dashboard served for real over HTTP, on the store `make demo` builds (examples/corpus)."""

import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("demo") / "cckg-data"
    subprocess.run([sys.executable, "-m", "cckg.cli", "load", str(EXAMPLES), "--store", str(store)],
                   check=True, capture_output=True)
    return store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_app_serves_its_page_over_http(demo_store):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "cckg.cli", "app", "--store", str(demo_store), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("dashboard did not start: " + proc.stdout.read1().decode(errors="replace"))
                time.sleep(0.5)
        assert health == b"ok"
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
        assert "<div id=\"root\">" in page or "streamlit" in page.lower()
        # stopping `cckg app` stops the server too (no orphan left holding the port and the store)
        proc.terminate()
        proc.wait(timeout=20)
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_app_lists_the_demo_cities_and_documents(demo_store, monkeypatch):
    monkeypatch.setenv("CCKG_STORE", str(demo_store))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    cities = at.dataframe[0].value
    assert len(cities) >= 3 and cities["city"].str.endswith(("市", "旗", "县", "区")).all()
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics["Documents"] >= 8


def test_app_on_a_missing_store_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("CCKG_STORE", str(tmp_path / "none"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert any("cckg load" in i.value for i in at.info)


def test_app_refuses_neo4j_env_without_a_uri(monkeypatch):
    from typer.testing import CliRunner

    from cckg.cli import app

    monkeypatch.delenv("NEO4J_URI", raising=False)
    result = CliRunner().invoke(app, ["app", "--neo4j", "env"])
    assert result.exit_code == 1 and "NEO4J_URI" in result.output

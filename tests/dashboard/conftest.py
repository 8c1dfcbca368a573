"""Stores for the dashboard tests: the hand-written campaign graph, and the sample corpus as `make demo` loads it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.dashboard.facts import campaign_bundle


@pytest.fixture(scope="session")
def campaign_store(tmp_path_factory) -> Path:
    from graph.embedded import EmbeddedStore

    path = tmp_path_factory.mktemp("campaign") / "cckg"
    with EmbeddedStore(path) as store:
        store.write(campaign_bundle())
    return path


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("demo") / "cckg-data"
    subprocess.run([sys.executable, "-m", "cckg.cli", "load", str(EXAMPLES), "--store", str(store)],
                   check=True, capture_output=True)
    return store


@pytest.fixture(scope="session")
def empty_store(tmp_path_factory) -> Path:
    from graph.bundle import GraphBundle
    from graph.embedded import EmbeddedStore

    path = tmp_path_factory.mktemp("empty") / "cckg"
    with EmbeddedStore(path) as store:
        store.write(GraphBundle())
    return path

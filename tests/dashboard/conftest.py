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
def store_without_uses(tmp_path_factory) -> Path:
    """The campaign graph as a store written before USES edges were derived: citations only."""
    from graph.embedded import EmbeddedStore

    bundle = campaign_bundle()
    for key in [k for k, e in bundle.edges.items() if e.type == "USES"]:
        del bundle.edges[key]
    path = tmp_path_factory.mktemp("no-uses") / "cckg"
    with EmbeddedStore(path) as store:
        store.write(bundle)
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

"""Shared fixtures: the real seed documents from ../shared and stores built from them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CCKG_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold"
EXAMPLES = ROOT / "examples" / "corpus"
OUTPUT = ROOT / "test-output"


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"the seed documents are missing: expected {SEEDS} (../shared beside the repo)")
    return SEEDS


@pytest.fixture(scope="session")
def corpus_paths(seeds: Path) -> list[Path]:
    """The seeds and the sample corpus."""
    from loaders.read import iter_paths

    return list(iter_paths([seeds, EXAMPLES]))


@pytest.fixture(scope="session")
def corpus_bundle(corpus_paths):
    from loaders.pipeline import build_bundle

    bundle, results = build_bundle(corpus_paths)
    return bundle


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory, corpus_bundle) -> Path:
    """An embedded store holding the seeds and the sample corpus (written once per session)."""
    from graph.embedded import EmbeddedStore

    path = tmp_path_factory.mktemp("store") / "cckg"
    with EmbeddedStore(path) as store:
        store.write(corpus_bundle)
    return path


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT

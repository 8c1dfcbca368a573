"""`cckg tactics` on a store built from documents written for this test."""

import json

import pytest
from typer.testing import CliRunner

from cckg.cli import app
from graph.embedded import EmbeddedStore
from loaders.extract.campaign_facts import campaign_fact_extractors
from loaders.extract.places import PlaceExtractor
from loaders.pipeline import build_bundle

runner = CliRunner()

DOCS = {
    "a.txt": "南充市召开创建全国文明城市推进会。会议要求，全面推行网格化管理，探索推行“三色督办”工作法。",
    "b.txt": "遂宁市深化全国文明城市创建，持续推进网格化管理，严格落实门前三包责任制。",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("tactics")
    paths = []
    for name, text in DOCS.items():
        (root / name).write_text(text, encoding="utf-8")
        paths.append(root / name)
    bundle, _ = build_bundle(paths, [PlaceExtractor(), *campaign_fact_extractors()])
    with EmbeddedStore(root / "store") as db:
        db.write(bundle)
    return root / "store"


def test_curated_tactics_with_document_counts(store):
    result = runner.invoke(app, ["tactics", "--store", str(store), "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["tactic"]: r for r in json.loads(result.stdout)}
    assert rows["网格化管理"]["documents"] == 2
    assert rows["门前三包"]["documents"] == 1
    assert rows["网格化管理"]["category"]


def test_candidates_with_documents_and_example(store):
    result = runner.invoke(app, ["tactics", "--candidates", "--store", str(store), "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["tactic"]: r for r in json.loads(result.stdout)}
    row = rows["三色督办工作法"]
    assert row["documents"] == 1 and row["titles"] == ["a"]
    assert "三色督办" in row["example"]
    assert "网格化管理" not in rows


def test_table_output_and_missing_store(store, tmp_path):
    result = runner.invoke(app, ["tactics", "--store", str(store)])
    assert result.exit_code == 0 and "网格化管理" in result.output
    missing = runner.invoke(app, ["tactics", "--store", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "no store" in missing.output and "Traceback" not in missing.output


def test_candidates_as_taxonomy_stubs(store):
    import yaml

    result = runner.invoke(app, ["tactics", "--candidates", "--yaml", "--store", str(store)])
    assert result.exit_code == 0, result.output
    stubs = yaml.safe_load(result.stdout)
    assert {"name", "category", "description", "variants"} <= set(stubs[0])
    assert "三色督办工作法" in {s["name"] for s in stubs}
    wrong = runner.invoke(app, ["tactics", "--yaml", "--store", str(store)])
    assert wrong.exit_code == 1 and "--candidates" in wrong.output

"""The data files are parsed once, by libyaml where it is installed, with PyYAML's own results."""

from __future__ import annotations

import pytest
import yaml

from loaders.datafiles import DATA, load_data

FILES = sorted(p.name for p in DATA.glob("*.yaml"))


@pytest.mark.parametrize("name", FILES)
def test_a_data_file_parses_as_pyyamls_own_parser_reads_it(name):
    with open(DATA / name, encoding="utf-8") as fh:
        expected = yaml.load(fh, Loader=yaml.SafeLoader)
    assert load_data(name) == expected


def test_a_data_file_is_parsed_once():
    assert FILES and load_data(FILES[0]) is load_data(FILES[0])

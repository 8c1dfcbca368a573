"""The YAML files of loaders/data (lexicons, grammars, taxonomies), each parsed once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data"
# libyaml parses the data files ~7x faster than PyYAML's own parser: a few tenths of a second
# at the start of every load and of every worker.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.YAMLError


@lru_cache(maxsize=None)
def load_data(name: str) -> Any:
    """A YAML file of loaders/data, parsed once; shared by every caller, so never change it.

    name (str): file name, e.g. "campaigns.yaml".
    RETURNS (Any): the parsed document.
    """
    with open(DATA / name, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER)

import re

from graph.model import NODES
from graph.palette import LABEL_COLOURS, colour_rgb, missing_labels
from tests.conftest import ROOT


def test_every_label_has_its_own_colour():
    assert missing_labels() == []
    assert len(set(LABEL_COLOURS.values())) == len(LABEL_COLOURS)
    assert set(LABEL_COLOURS) == set(NODES)
    assert colour_rgb("City") == (0xD6, 0x27, 0x28)


def test_readme_legend_matches_the_palette():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    legend = dict((label, hex_) for hex_, label in re.findall(r"^\| `(#[0-9A-F]{6})` [^|]*\| (\w+) \|$", text, re.M))
    assert legend == LABEL_COLOURS

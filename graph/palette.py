"""Colours of node labels in exports (Gephi, GraphML, JSON, CSV) and in the README legend.

One colour per label of graph.model.NODES; tests check that every label has one and
that the README legend matches. Related labels share a hue (Tactic / TacticCategory,
Official / Person, Campaign / Honour) so a drawing reads at a glance.
"""

from __future__ import annotations

from graph.model import NODES

LABEL_COLOURS: dict[str, str] = {
    "City": "#D62728",            # red: the places everything hangs on
    "Tactic": "#1F77B4",          # blue
    "TacticCategory": "#AEC7E8",  # light blue
    "Official": "#FF7F0E",        # orange
    "Person": "#FFBB78",          # light orange
    "Meeting": "#9467BD",         # purple
    "Campaign": "#2CA02C",        # green
    "Honour": "#98DF8A",          # light green
    "Metric": "#17BECF",          # cyan
    "Publication": "#8C564B",     # brown
    "Organization": "#E377C2",    # pink
    "Slogan": "#BCBD22",          # olive
    "Document": "#7F7F7F",        # grey: the evidence layer
    "SourceFile": "#C7C7C7",      # light grey
    "Sentence": "#E7E7E7",        # pale grey: the text itself
}

FALLBACK_COLOUR = "#000000"


def colour_hex(label: str) -> str:
    """The colour of a node label as #RRGGBB (black for a label without one)."""
    return LABEL_COLOURS.get(label, FALLBACK_COLOUR)


def colour_rgb(label: str) -> tuple[int, int, int]:
    """The colour of a node label as (r, g, b), each 0-255."""
    h = colour_hex(label).lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def missing_labels() -> list[str]:
    """Model labels without a colour (should be empty)."""
    return [label for label in NODES if label not in LABEL_COLOURS]

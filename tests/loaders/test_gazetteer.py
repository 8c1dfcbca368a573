"""The gazetteer's names: short names cut at the first nation named, the same in every process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from loaders.gazetteer import short_name, units


@pytest.mark.parametrize("name, short", [
    ("焦作市", "焦作"), ("内蒙古自治区", "内蒙古"), ("延边朝鲜族自治州", "延边"),
    ("寻甸回族彝族自治县", "寻甸"), ("双江拉祜族佤族布朗族傣族自治县", "双江"), ("巴音郭楞蒙古自治州", "巴音郭楞"),
])
def test_short_name(name, short):
    assert short_name(name) == short


def test_short_names_do_not_depend_on_the_hash_seed():
    script = "from loaders.gazetteer import units; print(''.join(u.short_name for u in units()))"

    def names(seed: str) -> str:
        env = os.environ | {"PYTHONHASHSEED": seed}
        return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout

    assert names("1") == names("2") == names("3")
    assert len(units()) > 3000

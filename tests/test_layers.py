"""Layers (issue 10, item 4): ``wla/analysis`` returns numbers and frames only. No analysis module
imports the presentation (``wla.present``: words, number formats, source lines), and the
sources of a result are structured data (``attrs["sources"]``: key -> years), turned into the
reader's lines only by :mod:`wla.present.sources`."""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pandas as pd
import pytest

import wla
from wla.analysis import finance, findings, shift_share
from wla.analysis.indicators import FACILITIES, GAZETTEER_PREFIX, GEO_PREFIX, PARAMETER_PREFIX
from wla.paths import data_dir
from wla.present.sources import lines

ANALYSIS = Path(wla.__file__).parent / "analysis"
CATALOG = Path(wla.__file__).parent / "catalog.toml"


def _present_imports(path: Path, package: str = "wla.analysis") -> list[str]:
    """The imports of the presentation package in one module of ``package`` (at any depth of the
    file: a function-level import counts too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name == "wla.present" or a.name.startswith("wla.present.")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # resolve "..present" / "from .. import present" against the module's package
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [module] + [f"{module}.{a.name}" for a in node.names]
            found += [t for t in targets if t == "wla.present" or t.startswith("wla.present.")][:1]
    return found


def test_the_import_check_finds_relative_and_absolute_imports(tmp_path):
    """The check itself: each spelling of an import of the presentation is caught."""
    sample = tmp_path / "sample.py"
    spellings = ["from ..present.sources import lines", "from .. import present", "import wla.present.words",
                 "from wla.present.fmt import number", "from ..present import fmt"]
    for text in spellings:
        sample.write_text(f"def f():\n    {text}\n", encoding="utf-8")
        assert _present_imports(sample), text
    sample.write_text("from .. import data\nfrom .indicators import used\nfrom . import compare\n", encoding="utf-8")
    assert not _present_imports(sample)


@pytest.mark.parametrize("path", sorted(ANALYSIS.glob("*.py")), ids=lambda p: p.name)
def test_no_analysis_module_imports_the_presentation(path):
    assert not _present_imports(path), f"{path.name} imports {_present_imports(path)}: the analysis returns " \
                                       "numbers and frames; words, formats and source lines belong to wla.present"


def _catalogue_ids() -> set[str]:
    with open(CATALOG, "rb") as fh:
        return set(tomllib.load(fh))  # every top-level table of the catalogue is an indicator


def _assert_structured(sources, ids: set[str]) -> None:
    """``sources`` is a mapping key -> years: catalogue ids or the four other kinds, never text."""
    assert isinstance(sources, dict) and sources, sources
    for key, years in sources.items():
        assert key in ids or key == FACILITIES or key.startswith((GEO_PREFIX, GAZETTEER_PREFIX, PARAMETER_PREFIX)), key
        assert years is None or (isinstance(years, list) and all(isinstance(y, int) for y in years)), (key, years)
        if key.startswith(PARAMETER_PREFIX):
            assert years == [] and finance.source_record(key)["source_url"].startswith("http"), key


@pytest.fixture(scope="module")
def pair_findings():
    return findings.findings("kielregion", "coburg")


def test_public_results_carry_sources_as_mappings_not_reader_text(pair_findings):
    ids = _catalogue_ids()
    _assert_structured(pair_findings.attrs["sources"], ids)
    for quellen in pair_findings["quellen"]:
        _assert_structured(quellen, ids)
    load = finance.load_per_1000()
    _assert_structured(load.attrs["sources"], ids)
    rules = finance.flat_payment(["01", "09"])
    _assert_structured(rules.attrs["sources"], ids)
    assert all(key.startswith(PARAMETER_PREFIX) for key in rules.attrs["sources"])
    _assert_structured(shift_share.shift_share("coburg", 2015, 2025).attrs["sources"], ids)


def test_merging_sources_unites_the_years_of_one_indicator():
    from wla.analysis.indicators import used

    a, b = {"schutzsuchende": [2024], "geo:kreise": []}, {"schutzsuchende": [2023], "bevoelkerung_z22": [2024]}
    assert used(a, [b]) == {"schutzsuchende": [2023, 2024], "geo:kreise": [], "bevoelkerung_z22": [2024]}
    assert used({"x": [2020]}, {"x": None}) == {"x": None}  # every edition wins


def test_the_caption_of_the_load_names_the_table_and_the_date_of_the_edition_shown():
    """12531-0043 as the catalogue names it and the reference date of the newest year in the
    snapshot (31.12.2024), not every edition of the table (31.12.2023 too)."""
    with open(CATALOG, "rb") as fh:
        entry = tomllib.load(fh)["schutzsuchende"]["by_recipe"]["genesis_tables"]
    assert entry["table"] == "12531-0043" and entry["reference"] == "31.12.2023, 31.12.2024"
    raw = pd.read_parquet(data_dir() / "genesis_tables.parquet", filters=[("indicator", "==", "schutzsuchende")])
    newest, older = int(raw["year"].max()), int(raw["year"].min())
    assert (newest, older) == (2024, 2023)
    load = finance.load_per_1000()
    assert load.attrs["sources"]["schutzsuchende"] == [newest]
    (line,) = [s for s in lines(load.attrs["sources"]) if entry["table"] in s]
    assert line.startswith(f"{entry['publisher']}, {entry['table']}; Stand 31.12.{newest}")
    assert f"31.12.{older}" not in line
    (english,) = [s for s in lines(load.attrs["sources"], "en") if entry["table"] in s]
    assert f"as of 31 Dec {newest}" in english

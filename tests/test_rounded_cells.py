"""Protection seekers from 12531-0043: sums of cells Destatis rounds to multiples of 5 (review 2, P1 #1).

Expected values are summed here from the raw flat files, without wla. The table lists only
non-zero cells (Kreis × status × sex × citizenship); a status with no listed cell sums to 0,
which only says every cell held fewer than 3 persons – never shown as 0 or 0,0 %.
"""
from __future__ import annotations

import gzip
from collections import defaultdict

import pandas as pd
import pytest

import wla
from wla.analysis import findings as analysis
from wla.analysis import profile
from wla.present import findings as present
from wla.present import sources
from wla.present.words import t

#: Top-level status codes of SCHST2: pending, recognised, without; their sum is the total.
STATUS_CODES = {"SCHUTZST-OF": "offen", "SCHUTZST-AK-1": "anerkannt", "SCHUTZST-X": "ohne"}


def _raw_sums(year: int) -> dict[tuple[str, str], int]:
    """(Kreis, status) -> sum over sex × citizenship of the listed cells, read from the raw file."""
    from wla.paths import raw_dir

    path = raw_dir() / "kreise" / f"pystatis_destatis_12531-0043_schutzsuchende_{year}-12-31_flat.csv.gz"
    if not path.is_file():
        pytest.fail(f"raw file {path} missing: the check values cannot be computed")
    out: dict[tuple[str, str], int] = defaultdict(int)
    frame = pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str,
                        usecols=["1_variable_attribute_code", "2_variable_attribute_code", "value"])
    for kreis, code, value in frame.itertuples(index=False):
        if code in STATUS_CODES:
            out[(kreis, STATUS_CODES[code])] += int(value)
    return dict(out)


@pytest.fixture(scope="module")
def raw_2024():
    return _raw_sums(2024)


@pytest.fixture(scope="module")
def raw_2023():
    return _raw_sums(2023)


def test_raw_file_lists_no_cell_without_status_for_stadt_coburg_and_kronach_2024(raw_2024, raw_2023):
    # the premise of the check: no "ohne Schutzstatus" cell of 09463 / 09476 in 2024, some in 2023
    assert ("09463", "ohne") not in raw_2024 and ("09476", "ohne") not in raw_2024
    assert raw_2023[("09463", "ohne")] == 15 and raw_2023[("09476", "ohne")] == 5


def test_status_table_shows_no_zero_for_a_status_without_cells(raw_2024, raw_2023):
    status = profile.protection_status("09463").set_index("year")
    assert status.loc[2023, "ohne"] == raw_2023[("09463", "ohne")]
    assert pd.isna(status.loc[2024, "ohne"])  # not 0: every cell below 3, rounded to 0
    assert status.loc[2024, "offen"] == raw_2024[("09463", "offen")] == 45
    assert status.loc[2024, "insgesamt"] == sum(raw_2024.get(("09463", s), 0) for s in STATUS_CODES.values())
    assert status.attrs["unter_3"] == 1
    # a single Kreis has no region row repeating it
    assert len(status) == 2 and (status["ags"] == "09463").all()


def test_status_table_of_a_region_sums_its_kreise(raw_2024):
    status = profile.protection_status("kielregion")
    row = status[(status["ags"] == "") & (status["year"] == 2024)].iloc[0]
    for s in STATUS_CODES.values():
        assert row[s] == sum(raw_2024[(k, s)] for k in ("01002", "01004", "01057", "01058"))


def test_kronach_share_without_status_is_not_computed_from_a_zero(raw_2024):
    w = analysis.who(wla.region("09476"), year=2024)
    total = sum(raw_2024.get(("09476", s), 0) for s in STATUS_CODES.values())
    assert w["total"] == total == 1145
    assert w["status"]["offen"] == pytest.approx(raw_2024[("09476", "offen")] / total * 100)  # 25 / 1145
    assert pd.isna(w["status"]["ohne"]) and w["unter_3"] == ["ohne"]
    for lang in ("de", "en"):
        shown = present._status_share("ohne", w["status"]["ohne"], w, lang)
        assert shown == t("befund.status_unter_3", lang) and "0,0" not in shown and "0.0" not in shown
        assert present._status_share("offen", w["status"]["offen"], w, lang) == ("2,2 %" if lang == "de" else "2.2%")


def test_every_12531_0043_source_line_says_the_values_are_sums_of_rounded_cells():
    for lang in ("de", "en"):
        note = t("quelle.hinweis_12531_0043", lang)
        (line,) = sources.lines({"schutzsuchende": [2024]}, lang)
        assert line.endswith("; " + note)
        # a line an analysis module wrote in German reads in the page's language, the note once
        (again,) = sources.lines([sources.lines({"schutzsuchende": [2024]}, "de")[0]], lang)
        assert again.count(note) == 1 and again.endswith(note)
        if lang == "en":
            assert t("quelle.hinweis_12531_0043", "de") not in again
    # the 2018 publication (Regionaldatenbank, with published totals) carries no such note
    (old,) = sources.lines({"schutzsuchende": [2018]})
    assert t("quelle.hinweis_12531_0043", "de") not in old


def test_germany_is_the_sum_of_the_same_rounded_cells(raw_2024):
    total = sum(v for (_k, _s), v in raw_2024.items())
    germany = wla.data.region_total("schutzsuchende", wla.region("deutschland"), 2024)
    assert germany["value"].iloc[0] == total

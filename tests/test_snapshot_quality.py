"""The plausibility screen: implausible inputs are set aside (NaN, flag q) and listed in
data/quality.csv – checked with the real INKAR cases read independently from the raw files."""
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import wla
from wla.catalog import declared
from wla.paths import PROJECT_ROOT
from wla.snapshot.quality import FLAG, QUALITY_COLUMNS, screen

RAW = PROJECT_ROOT.parent / "shared" / "data"
QUALITY = PROJECT_ROOT / "data" / "quality.csv"
GERDA = RAW / "gemeinden" / "gerdapkg_inkar_county_covariates_1995_2022_EXTRACT.csv"
SCHUTZ = RAW / "kreise" / "heddesheimer_inkar_schutzsuchende_auslaender_anteil_kreise_1995-2021_EXTRACT.csv"


def raw_value(path, key_col, ags, year, column):
    if not path.exists():
        pytest.skip(f"raw file {path} not found: this check needs ../shared/data")
    frame = pd.read_csv(path, dtype={key_col: str})
    hit = frame[(frame[key_col] == ags) & (frame["year"].astype(float) == year)]
    assert len(hit) == 1
    return float(hit.iloc[0][column])


def snapshot_row(indicator, ags, year):
    rows = wla.load(indicator, ags, years=year)
    assert len(rows) == 1
    return rows.iloc[0]


def test_inkar_purchasing_power_zero_is_set_aside():
    """INKAR's purchasing power per inhabitant for Kelheim (09273) 2021 is published as 0.00."""
    assert raw_value(GERDA, "county_code", "09273", 2021, "purchasing_power") == 0.0
    row = snapshot_row("kaufkraft_je_ew", "09273", 2021)
    assert math.isnan(row["value"]) and row["flag"] == FLAG
    # a neighbouring year of the same Kreis is a real amount and stays
    kept = raw_value(GERDA, "county_code", "09273", 2020, "purchasing_power")
    assert kept > 0 and snapshot_row("kaufkraft_je_ew", "09273", 2020)["value"] == kept
    quality = pd.read_csv(QUALITY, dtype={"ags": str})
    listed = quality[(quality["indicator"] == "kaufkraft_je_ew") & (quality["ags"] == "09273")]
    assert listed[["year", "value"]].values.tolist() == [[2021, 0.0]]
    assert listed["rule"].iloc[0] == "amount per inhabitant or per m² <= 0"


def test_share_above_100_is_set_aside():
    """Saarlouis (10044) holds all Saarland protection seekers: 128.37 % 'of foreigners' in 2016."""
    assert raw_value(SCHUTZ, "kreis_id", "10044", 2016, "Schutzsuchende_an_ausländischer_Bevölkerung") == 128.37
    row = snapshot_row("schutzsuchende_anteil_auslaender", "10044", 2016)
    assert math.isnan(row["value"]) and row["flag"] == FLAG
    quality = pd.read_csv(QUALITY, dtype={"ags": str})
    hit = quality[(quality["indicator"] == "schutzsuchende_anteil_auslaender") & (quality["year"] == 2016)]
    assert hit[["ags", "value", "rule"]].values.tolist() == [["10044", 128.37, "share outside 0–100 %"]]


def test_quality_table_lists_exactly_the_flagged_rows():
    """Every set-aside row (flag q) is listed; breaks are listed too but keep their value."""
    from wla.snapshot.quality import BREAK_RULE

    quality = pd.read_csv(QUALITY, dtype={"ags": str, "category": str})
    assert list(quality.columns) == QUALITY_COLUMNS
    quality = quality[quality["rule"] != BREAK_RULE]
    flagged = []
    for ident in quality["indicator"].unique():
        rows = wla.load(ident)
        flagged.append(rows[rows["flag"] == FLAG][["indicator", "ags", "year"]])
    flagged = pd.concat(flagged).sort_values(["indicator", "ags", "year"]).reset_index(drop=True)
    expected = quality[["indicator", "ags", "year"]].sort_values(["indicator", "ags", "year"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(flagged, expected, check_dtype=False)


def test_screen_rules():
    inds = {i.id: i for i in declared("inkar_tables")}
    share, positive, none = inds["auslaenderanteil"], inds["bip_je_ew"], inds["kinderbetreuung_3_6"]
    assert (share.screen, positive.screen, none.screen) == ("share", "positive", "")
    rows = pd.DataFrame({
        "ags": ["01001"] * 9,
        "level": "kreis",
        "year": range(2000, 2009),
        "indicator": [share.id] * 4 + [positive.id] * 3 + [none.id] * 2,
        "category": "insgesamt",
        "value": [-0.1, 0.0, 100.0, 100.1, 0.0, 0.01, np.nan, 130.0, -5.0],
        "flag": ["", "", "", "", "", "", ".", "", ""],
    })
    out, quality = screen(rows, [share, positive, none])
    assert out["flag"].tolist() == [FLAG, "", "", FLAG, FLAG, "", ".", "", ""]
    assert out["value"].isna().tolist() == [True, False, False, True, True, False, True, False, False]
    assert quality["value"].tolist() == [-0.1, 100.1, 0.0]
    assert quality["rule"].tolist() == ["share outside 0–100 %"] * 2 + ["amount per inhabitant or per m² <= 0"]
    assert rows["flag"].tolist()[0] == ""  # the input is not changed


# --- breaks at boundary changes ------------------------------------------------------------------

KREISE = RAW / "kreise"


def _raw_cell(name, year, kreis, column, encoding="cp1252"):
    if not (KREISE / name).exists():
        pytest.skip("raw files ../shared/data not available")
    for line in (KREISE / name).read_text(encoding=encoding).splitlines():
        cells = line.split(";")
        if len(cells) > column and cells[0] == str(year) and cells[1] == kreis:
            return float(cells[column])
    raise AssertionError(f"{kreis} {year} not in {name}")


def test_wartburgkreis_after_eisenach_is_a_break_with_its_value_kept():
    """Eisenach (16056) joined the Wartburgkreis (16063) in 2021: the Regionaldatenbank count of
    the unemployed doubles from 2019 (old territory) to 2025 (new territory). The 2025 value is
    kept in the snapshot and marked as a break in data/quality.csv."""
    old = _raw_cell("nicofhahn_destatis_arbeitslose_2019.csv", 2019, "16063", 3, "iso-8859-1")   # 2,582
    new = _raw_cell("buddemax_destatis_13211-02-05-4.csv", 2025, "16063", 3)                     # 5,023
    assert new / old - 1 > 0.05
    quality = pd.read_csv(QUALITY, dtype={"ags": str})
    hit = quality[(quality["indicator"] == "arbeitslose") & (quality["ags"] == "16063") & (quality["year"] == 2025)]
    assert len(hit) == 1 and hit.iloc[0]["value"] == new
    assert hit.iloc[0]["rule"] == "jump at a known territorial change" and hit.iloc[0]["note"].startswith("break:")
    kept = wla.load("arbeitslose", "16063", years=2025)
    assert kept["value"].iloc[0] == new and kept["flag"].iloc[0] == ""
    # Kiel had no territorial change: none of its values is marked
    assert not ((quality["ags"] == "01002") & (quality["rule"] == "jump at a known territorial change")).any()


def test_break_rule_needs_a_count_a_jump_and_a_known_change():
    from wla.catalog import Indicator
    from wla.snapshot.quality import breaks

    def ind(ident, kind):
        return Indicator(id=ident, label_de="x", label_en="x", unit="x", theme="arbeiten", levels=("kreis",),
                         publisher="p", table="t", reference="r", licence="l", url="u", raw_files=(), kind=kind)

    rows = pd.DataFrame({
        "ags": ["11111", "11111", "22222", "22222", "11111", "11111", "11111", "11111"],
        "level": "kreis", "year": [2019, 2021, 2019, 2021, 2019, 2021, 2019, 2021],
        "indicator": ["n", "n", "n", "n", "r", "r", "m", "m"],
        "category": "insgesamt", "value": [100.0, 150.0, 100.0, 150.0, 10.0, 15.0, 100.0, 103.0], "flag": "",
    })
    changes = pd.DataFrame({"ags": ["11111"], "year": [2020], "source": ["x"]})
    out = breaks(rows, changes, [ind("n", "count"), ind("r", "rate"), ind("m", "count")])
    # 11111 count jumps across its change: a break; 22222 jumps without a change, r is a rate,
    # m moves by 3 % only
    assert out[["indicator", "ags", "year"]].values.tolist() == [["n", "11111", 2021]]


def _inkar_asylum(ags: str) -> dict[int, float]:
    """INKAR asylum-seeker benefit recipients per 1,000 (columns headed 'Asylbewerber…'), read with csv."""
    import csv

    path = RAW / "kreise" / \
        "heddesheimer_inkar_kreise_asylbewerber_alq_wanderung_1995-2020.csv"
    with open(path, encoding="utf-8-sig") as f:
        rows = list(csv.reader(f, delimiter=";"))
    head, years = rows[0], rows[1]
    row = next(r for r in rows[2:] if r[0] == ags)
    return {int(years[i]): float(row[i].replace(",", ".")) for i, h in enumerate(head)
            if h.lower().startswith("asylbewerber") and row[i]}


def test_reporting_gaps_of_the_asylum_benefit_series_are_set_aside():
    import wla

    berlin, koeln = _inkar_asylum("11000"), _inkar_asylum("05315")
    assert (berlin[2014], berlin[2015], berlin[2016]) == (7.09, 0.28, 11.54)
    assert koeln[2015] == 0.0 and koeln[2014] > 5 and koeln[2016] > 5
    for ags in ("11000", "05315"):
        row = wla.load("asylbewerber_je_1000", ags, years=2015)
        assert row["value"].isna().all() and row["flag"].tolist() == ["q"]
        assert wla.load("asylbewerber_je_1000", ags, years=2016)["value"].notna().all()
    # Memmingen 2011: 0.00 between 0.05 and 0.63 per 1,000 — a handful of people, kept as published
    memmingen = _inkar_asylum("09764")
    assert memmingen[2011] == 0.0 and memmingen[2010] < 1
    assert wla.load("asylbewerber_je_1000", "09764", years=2011)["value"].tolist() == [0.0]

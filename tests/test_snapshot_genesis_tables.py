"""Tests of the GENESIS flat-file recipe: on real excerpts and, if present, on the full raw files."""
import math
from pathlib import Path

import pandas as pd
import pytest

from wla.exceptions import SourceFormatError
from wla.snapshot import genesis_tables as recipe

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RAW = Path(__file__).resolve().parents[2] / "shared" / "data"


def value(rows, ags, indicator, category="insgesamt", year=None):
    hit = rows[(rows["ags"] == ags) & (rows["indicator"] == indicator) & (rows["category"] == category)]
    if year is not None:
        hit = hit[hit["year"] == year]
    assert len(hit) == 1, (ags, indicator, category, year)
    return hit.iloc[0]["value"]


def test_catalogue_entries():
    ids = [i.id for i in recipe.INDICATORS]
    assert len(ids) == len(set(ids))
    assert set(ids) == {
        "bevoelkerung_z22",
        "schutzsuchende",
        "schutzsuchende_staatsangehoerigkeit",
        "svb_beschaeftigte",
        "svb_beschaeftigte_auslaender",
        "zensus_bevoelkerung",
    }
    # the status categories in the catalogue are exactly those the recipe maps from SCHST2 codes
    status = next(i for i in recipe.INDICATORS if i.id == "schutzsuchende")
    assert status.categories.split(", ") == ["insgesamt", *recipe.PROTECTION_STATUS.values()]
    assert {i.basis for i in recipe.INDICATORS if i.id in ("bevoelkerung_z22", "zensus_bevoelkerung")} == {"Zensus 2022"}


def test_population_levels_and_dropped_rows():
    rows = recipe.population(FIXTURES / "destatis_12411-01-01-4_2024-12-31_excerpt_ffcsv.csv")
    assert list(rows.columns) == recipe.SNAPSHOT_COLUMNS
    assert value(rows, "01002", "bevoelkerung_z22") == 252668
    assert value(rows, "01002", "bevoelkerung_z22", "maennlich") == 123532
    assert value(rows, "09473", "bevoelkerung_z22", "weiblich") == 42564
    assert set(rows["ags"]) == {"01002", "09473"}  # abolished 15159 and Berlin-Spandau 11005005 dropped
    rows_2023 = recipe.population(FIXTURES / "destatis_12411-01-01-4_2023-12-31_excerpt_ffcsv.csv")
    assert value(rows_2023, "01002", "bevoelkerung_z22") == 251751
    assert value(rows_2023, "DG", "bevoelkerung_z22") == 83456045
    assert set(rows_2023["level"]) == {"kreis", "land", "bund"}  # Regierungsbezirk 032 dropped
    assert "032" not in set(rows_2023["ags"])


def test_employees_excerpt():
    rows = recipe.employees(FIXTURES / "destatis_13111-01-03-4_2024-06-30_excerpt_ffcsv.csv")
    assert value(rows, "01002", "svb_beschaeftigte") == 132517
    assert value(rows, "01002", "svb_beschaeftigte_auslaender") == 11828
    assert value(rows, "09473", "svb_beschaeftigte") == 26693
    assert value(rows, "09473", "svb_beschaeftigte_auslaender") == 2479
    assert set(rows["ags"]) == {"01002", "09473", "01", "DG"}
    assert (rows["year"] == 2024).all() and (rows["flag"] == "").all()


def test_protection_excerpt():
    rows = recipe.protection(FIXTURES / "destatis_12531-0043_2024-12-31_excerpt_ffcsv.csv")
    assert value(rows, "01002", "schutzsuchende", "offen") == 75 + 45  # Syrien only in the excerpt
    assert value(rows, "01002", "schutzsuchende", "insgesamt") == 120 + 2605 + 1720 + 35 + 20
    assert value(rows, "09473", "schutzsuchende", "anerkannt_befristet_nicht_asyl") == 240 + 325
    zero = rows[(rows["ags"] == "09473") & (rows["category"] == "ohne")].iloc[0]
    assert zero["value"] == 0.0 and zero["flag"] == ""
    hidden = rows[rows["ags"].isin(recipe.REPORTED_INSIDE) & (rows["indicator"] == "schutzsuchende")]
    assert len(hidden) == 7 * 11 and hidden["value"].isna().all() and (hidden["flag"] == "x").all()
    assert value(rows, "01002", "schutzsuchende_staatsangehoerigkeit", "Syrien") == 4500
    assert value(rows, "09473", "schutzsuchende_staatsangehoerigkeit", "Ukraine") == 15 + 10 + 240 + 325


def test_protection_rejects_special_sign(tmp_path):
    path = tmp_path / "signed.csv"
    text = (FIXTURES / "destatis_12531-0043_2024-12-31_excerpt_ffcsv.csv").read_text(encoding="utf-8-sig")
    path.write_text(text.replace(";1805;", ";.;"), encoding="utf-8-sig")
    with pytest.raises(SourceFormatError, match="signed.csv.*special sign"):
        recipe.protection(path)


def test_zensus_kreis_is_sum_of_gemeinden():
    rows = recipe.zensus_population(FIXTURES / "destatis_1000A-0000_2022-05-15_excerpt_ffcsv.csv")
    assert value(rows, "09473159", "zensus_bevoelkerung") == 12545
    assert value(rows, "01002", "zensus_bevoelkerung") == 249132
    assert value(rows, "09473", "zensus_bevoelkerung") == 3497 + 12545 + 6089 + 4049
    assert value(rows, "DG", "zensus_bevoelkerung") == 82719540
    assert set(rows.loc[rows["ags"] == "01002000", "level"]) == {"gemeinde"}


@pytest.fixture(scope="module")
def built():
    if not RAW.exists():
        pytest.skip("raw files ../shared/data not present")
    return recipe.build(RAW)


def test_build_schema(built):
    assert list(built.columns) == recipe.SNAPSHOT_COLUMNS
    assert built["value"].dtype == "float64" and built["year"].dtype.kind == "i"
    assert not built.duplicated(["ags", "year", "indicator", "category"]).any()
    lengths = built["ags"].str.len().groupby(built["level"]).unique()
    assert {k: list(v) for k, v in lengths.items()} == {"bund": [2], "gemeinde": [8], "kreis": [5], "land": [2]}
    assert set(built["indicator"]) == {i.id for i in recipe.INDICATORS}


def test_build_check_values(built):
    assert value(built, "01002", "bevoelkerung_z22", year=2024) == 252668
    assert value(built, "01002", "bevoelkerung_z22", year=2023) == 251751
    assert value(built, "09473", "bevoelkerung_z22", year=2024) == 84468
    assert value(built, "09473", "bevoelkerung_z22", year=2023) == 84518
    kiel_2024 = {c: value(built, "01002", "schutzsuchende", c, 2024) for c in recipe.PROTECTION_STATUS.values()}
    assert (kiel_2024["offen"], kiel_2024["anerkannt"], kiel_2024["ohne"]) == (1200, 11935, 770)
    assert (kiel_2024["anerkannt_befristet"], kiel_2024["anerkannt_unbefristet"]) == (10685, 1210)
    assert value(built, "01002", "schutzsuchende", "insgesamt", 2024) == 1200 + 11935 + 770
    assert value(built, "01002", "schutzsuchende", "offen", 2023) == 1220
    assert value(built, "01002", "schutzsuchende", "anerkannt", 2023) == 11345
    assert value(built, "01002", "schutzsuchende", "ohne", 2023) == 680
    assert [value(built, "09473", "schutzsuchende", c, 2024) for c in ("offen", "anerkannt", "ohne")] == [35, 1205, 20]
    assert value(built, "01002", "svb_beschaeftigte") == 132517
    assert value(built, "09473", "svb_beschaeftigte_auslaender") == 2479
    assert value(built, "01002000", "zensus_bevoelkerung") == 249132
    assert value(built, "09463000", "zensus_bevoelkerung") == 40296
    assert value(built, "09473159", "zensus_bevoelkerung") == 12545
    gemeinden = built[(built["indicator"] == "zensus_bevoelkerung") & (built["level"] == "gemeinde")]
    assert gemeinden["value"].sum() == 82711282  # 8,258 short of Germany (82,719,540), see the notes


def test_build_coverage(built):
    for year in (2023, 2024):
        kreise = built[(built["indicator"] == "schutzsuchende") & (built["year"] == year)]["ags"].nunique()
        assert kreise == 400
        pop = built[(built["indicator"] == "bevoelkerung_z22") & (built["year"] == year) & (built["level"] == "kreis")]
        assert pop["ags"].nunique() == 400
    kassel = built[(built["ags"] == "06633") & (built["indicator"] == "schutzsuchende")]
    assert kassel["value"].isna().all() and (kassel["flag"] == "x").all()
    assert math.isnan(value(built, "10041", "schutzsuchende", "offen", 2024))
    bund = built[(built["indicator"] == "bevoelkerung_z22") & (built["level"] == "bund")]
    assert set(bund["year"]) == {2023}
    assert pd.api.types.is_string_dtype(built["ags"])

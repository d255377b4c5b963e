"""Recipe for the Regionaldatenbank xlsx tables (13111, 31231, 31121, 31111)."""
import math
import shutil
from pathlib import Path

import pytest

from wla.snapshot import regionalstatistik_xlsx_tables as recipe

FIXTURES = Path(__file__).parent / "fixtures"
RAW = Path(__file__).resolve().parents[2] / "shared" / "data"
COLUMNS = ["ags", "level", "year", "indicator", "category", "value", "flag"]


def value(df, indicator, ags, year, category="insgesamt"):
    row = df[(df["indicator"] == indicator) & (df["ags"] == ags) & (df["year"] == year) & (df["category"] == category)]
    assert len(row) == 1, (indicator, ags, year, category)
    return row.iloc[0]["value"]


@pytest.fixture(scope="module")
def excerpt_build(tmp_path_factory):
    """build() over a raw folder holding the excerpts under the real file names."""
    raw = tmp_path_factory.mktemp("raw")
    (raw / "kreise").mkdir()
    for name in recipe.FILES.values():
        code = name.split("_")[2]
        shutil.copy(FIXTURES / f"regionalstatistik_{code}_excerpt.xlsx", raw / "kreise" / name)
    return recipe.build(raw)


def test_catalogue_entries():
    ids = [i.id for i in recipe.INDICATORS]
    assert len(ids) == len(set(ids))
    for required in ("svb_beschaeftigte", "svb_beschaeftigte_auslaender", "svb_beschaeftigte_wohnort",
                     "svb_beschaeftigte_wohnort_auslaender", "wohnungsbestand", "wohngebaeude", "wohnflaeche_1000m2",
                     "baufertigstellungen", "baugenehmigungen"):
        assert required in ids
    for ind in recipe.INDICATORS:
        assert set(ind.raw_files) <= set(recipe.FILES.values())
        assert ind.table in ind.url and ind.table in ind.raw_files[0]
    by_id = {i.id: i for i in recipe.INDICATORS}
    assert by_id["svb_beschaeftigte"].reference == "30.06.2008–30.06.2019"
    assert by_id["svb_beschaeftigte"].publisher.startswith("Statistik der Bundesagentur für Arbeit")
    assert "Gebäude- und Wohnungszählung 2011" in by_id["wohnungsbestand"].notes
    assert by_id["wohnungsbestand"].basis == ""


def test_excerpt_build_schema_and_values(excerpt_build):
    df = excerpt_build
    assert list(df.columns) == COLUMNS
    assert set(df["indicator"]) == {i.id for i in recipe.INDICATORS}
    assert df["value"].dtype == "float64" and df["year"].dtype == "int64"
    assert set(df["level"]) == {"bund", "land", "kreis"}
    assert value(df, "svb_beschaeftigte", "01002", 2015) == 117471
    assert value(df, "svb_beschaeftigte_auslaender", "09473", 2019) == 1946
    assert value(df, "svb_beschaeftigte_wohnort_auslaender", "01002", 2019) == 7855
    assert value(df, "svb_beschaeftigte", "09473", 2019, "weiblich") == 13140
    assert value(df, "wohnflaeche_1000m2", "09473", 2019) == 4388.1
    assert value(df, "wohngebaeude", "01002", 2019, "Wohnheime") == 116
    assert value(df, "wohnungsbestand", "01002", 2019, "7 und mehr Räume") == 6246
    assert value(df, "baufertigstellungen", "09473", 2015) == 117
    assert value(df, "baugenehmigungen", "01002", 2019, "mit 3 und mehr Wohnungen") == 593


def test_excerpt_build_drops_aggregates_and_nonexistent_regions(excerpt_build):
    df = excerpt_build
    assert not df["ags"].isin(["031", "094", "11001001"]).any()  # Regierungsbezirke, Berlin-Bezirk
    svb = df[df["indicator"] == "svb_beschaeftigte"]
    assert sorted(svb.loc[svb["ags"] == "03159", "year"]) == [2019] * 3  # new Göttingen from 2016
    assert sorted(set(svb.loc[svb["ags"] == "03152", "year"])) == [2010, 2015]  # old Göttingen until 2015
    assert sorted(set(svb.loc[svb["ags"] == "13052", "year"])) == [2010]  # Demmin until 2011
    secret = df[(df["indicator"] == "svb_beschaeftigte_auslaender") & (df["ags"] == "13052") & (df["category"] == "maennlich")]
    assert secret["flag"].tolist() == ["."] and math.isnan(secret["value"].iloc[0])
    early = df[(df["indicator"] == "baugenehmigungen") & (df["year"] == 1995) & (df["category"] == "mit 1 Wohnung")]
    assert (early["flag"] == ".").all()


def test_full_build_check_values():
    if not (RAW / "kreise").is_dir():
        pytest.skip("raw files ../shared/data not present")
    df = recipe.build(RAW)
    assert list(df.columns) == COLUMNS
    checks = [
        ("svb_beschaeftigte", "01002", 2015, 117471), ("svb_beschaeftigte_auslaender", "01002", 2015, 4927),
        ("svb_beschaeftigte", "01002", 2019, 125483), ("svb_beschaeftigte_auslaender", "01002", 2019, 7443),
        ("svb_beschaeftigte", "09473", 2015, 28018), ("svb_beschaeftigte_auslaender", "09473", 2015, 1126),
        ("svb_beschaeftigte", "09473", 2019, 29198), ("svb_beschaeftigte_auslaender", "09473", 2019, 1946),
        ("svb_beschaeftigte_wohnort", "01002", 2019, 91908), ("svb_beschaeftigte_wohnort_auslaender", "01002", 2019, 7855),
        ("svb_beschaeftigte_wohnort", "09473", 2019, 38367), ("svb_beschaeftigte_wohnort_auslaender", "09473", 2019, 1964),
        ("wohnungsbestand", "01002", 2019, 135520), ("wohnungsbestand", "09473", 2019, 42498),
        ("wohnungsbestand", "01002", 2015, 133442), ("wohnungsbestand", "09473", 2015, 41568),
        ("wohnflaeche_1000m2", "01002", 2019, 9532.1), ("wohnflaeche_1000m2", "09473", 2019, 4388.1),
        ("baufertigstellungen", "01002", 2019, 500), ("baufertigstellungen", "09473", 2019, 251),
        ("baufertigstellungen", "01002", 2015, 442), ("baufertigstellungen", "09473", 2015, 117),
        ("baugenehmigungen", "01002", 2019, 644), ("baugenehmigungen", "09473", 2019, 207),
        ("baugenehmigungen", "01002", 2015, 279), ("baugenehmigungen", "09473", 2015, 164),
    ]
    totals = df[df["category"] == "insgesamt"].set_index(["indicator", "ags", "year"])["value"]
    for indicator, ags, year, expected in checks:
        assert totals.loc[(indicator, ags, year)] == expected, (indicator, ags, year)
    years = df.groupby("indicator")["year"].agg(["min", "max"])
    assert tuple(years.loc["svb_beschaeftigte"]) == (2008, 2019)
    assert tuple(years.loc["wohnungsbestand"]) == (2011, 2019)
    assert tuple(years.loc["baugenehmigungen"]) == (1995, 2019)
    assert not df.duplicated(["ags", "year", "indicator", "category"]).any()

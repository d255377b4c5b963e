"""Recipes ba_tables and zensus_tables: row schema, derived totals, SOURCES.md check values."""
from pathlib import Path

import pandas as pd
import pytest

from wla.snapshot import ba_tables, zensus_tables
from wla.sources.ba import read_ba_codes, read_ba_occupation_extract
from wla.sources.zensus import read_census_extract

FIX = Path(__file__).parent / "fixtures"
RAW = Path(__file__).resolve().parents[2] / "shared" / "data"
ROW_COLUMNS = ["ags", "level", "year", "indicator", "category", "value", "flag"]


def one(rows, indicator, ags, year, category="insgesamt"):
    hit = rows[
        (rows["indicator"] == indicator) & (rows["ags"] == ags) & (rows["year"] == year) & (rows["category"] == category)
    ]
    assert len(hit) == 1, (indicator, ags, year, category)
    return hit.iloc[0]


def test_catalogue_entries():
    for module in (ba_tables, zensus_tables):
        ids = [i.id for i in module.INDICATORS]
        assert len(ids) == len(set(ids))
        for ind in module.INDICATORS:
            assert ind.url.startswith("https://") and ind.raw_files and ind.notes
    weights = {i.id: i.weight for i in zensus_tables.INDICATORS}
    assert weights["leerstandsquote"] == "wohnungen"
    assert weights["nettokaltmiete_m2"] == "" and weights["haushaltsgroesse"] == ""


# --- BA, on the fixture excerpts -----------------------------------------------------------


def test_ba_kreis_totals_from_excerpt():
    long = read_ba_occupation_extract(FIX / "ba_arbeitslose_kreis_x_beruf_insgesamt_excerpt.csv.gz")
    rows = ba_tables.kreis_totals(long, "arbeitslose_ba")
    assert list(rows.columns) == ROW_COLUMNS
    assert one(rows, "arbeitslose_ba", "01002", 2015)["value"] == pytest.approx(13021.7, abs=0.06)
    assert 0 < one(rows, "arbeitslose_ba", "01002", 2015, "frauen")["value"] < 13021.7
    # Göttingen 2025: named groups empty in the extract -> no total, flagged, not filled
    gott = one(rows, "arbeitslose_ba", "03159", 2025)
    assert pd.isna(gott["value"]) and gott["flag"] == "na"


def test_ba_by_occupation_from_excerpt():
    long = read_ba_occupation_extract(FIX / "ba_arbeitslose_kreis_x_beruf_auslaender_excerpt.csv.gz")
    labels = ba_tables.occupation_labels(read_ba_codes(FIX / "ba_kldb2010_berufsgruppen_codes_excerpt.csv"))
    assert labels["121"] == "121 Gartenbau"
    assert labels["ohne_angabe"] == "ohne Angabe zum Zielberuf"
    known = long[long["occupation"].isin(list(labels))]
    rows = ba_tables.by_occupation(known, labels, "arbeitslose_auslaender_beruf", "fixture")
    assert list(rows.columns) == ROW_COLUMNS
    assert set(rows["category"]) <= set(labels.values())
    assert (rows["level"] == "kreis").all() and (rows["year"] == 2025).all()
    with pytest.raises(Exception, match="not in the KldB code list"):
        ba_tables.by_occupation(long, labels, "arbeitslose_auslaender_beruf", "fixture")


def _long(cells):
    """A hand-made extract in the reader's schema: cells (ags, occupation, value)."""
    frame = pd.DataFrame(cells, columns=["ags", "occupation", "value"])
    frame = frame.assign(name="", year=2024, date="2024", variable="insgesamt",
                         flag=frame["value"].isna().map({True: "na", False: ""}))
    frame = frame[["ags", "name", "year", "date", "variable", "value", "flag", "occupation"]]
    for column in ("ags", "name", "date", "variable", "flag", "occupation"):
        frame[column] = frame[column].astype("category")
    return frame


def test_fold_adds_the_part_into_its_kreis_and_never_sums_a_gap():
    long = _long([
        ("06415", "121", 2.5), ("06435", "121", 4.0),        # both parts: 6.5
        ("06415", "122", None), ("06435", "122", 3.0),       # a part without value: unknown
        ("06435", "123", 1.0),                               # the part has no row: unknown
        ("01002", "121", 7.0), ("01002", "122", None),       # other Kreise unchanged
    ])
    out = ba_tables.fold_regions(long).set_index(["ags", "occupation"])
    assert set(out.index.get_level_values("ags")) == {"06435", "01002"}
    assert out.loc[("06435", "121"), "value"] == 6.5 and out.loc[("06435", "121"), "flag"] == ""
    for occupation in ("122", "123"):
        assert pd.isna(out.loc[("06435", occupation), "value"]) and out.loc[("06435", occupation), "flag"] == "na"
    assert out.loc[("01002", "121"), "value"] == 7.0
    assert pd.isna(out.loc[("01002", "122"), "value"]) and out.loc[("01002", "122"), "flag"] == "na"
    folded = ba_tables.fold_regions(long)
    assert list(folded.columns) == list(long.columns) and len(folded) == 5
    assert isinstance(folded["occupation"].dtype, pd.CategoricalDtype)


# --- Zensus, on the fixture excerpts -------------------------------------------------------


@pytest.fixture(scope="module")
def zensus_rows():
    long = read_census_extract(FIX / "zensus_census_2022_gemeinden_excerpt.csv", FIX / "zensus_census_2022_codebook.csv")
    wide = zensus_tables._wide(long, "fixture")
    return pd.concat([zensus_tables.gemeinde_rows(long), zensus_tables.kreis_rows(wide)], ignore_index=True)


def test_zensus_gemeinde_rows(zensus_rows):
    assert list(zensus_rows.columns) == ROW_COLUMNS
    assert set(zensus_rows["indicator"]) == {i.id for i in zensus_tables.INDICATORS}
    assert one(zensus_rows, "auslaenderanteil_zensus", "01002000", 2022)["value"] == 12.3
    assert one(zensus_rows, "wohnungen", "09473159", 2022)["value"] == 6464
    assert one(zensus_rows, "nettokaltmiete_m2", "09473159", 2022)["value"] == 5.24
    gaps = zensus_rows[zensus_rows["flag"] == "na"]
    assert len(gaps) and gaps["value"].isna().all()


def test_zensus_kreis_rows(zensus_rows):
    kreis = zensus_rows[zensus_rows["level"] == "kreis"]
    assert set(kreis["indicator"]) == {"wohnungen", "leerstandsquote", "auslaenderanteil_zensus"}
    # kreisfreie Stadt: Kreis value = its only Gemeinde
    assert one(kreis, "leerstandsquote", "01002", 2022)["value"] == 2.1
    assert one(kreis, "wohnungen", "01002", 2022)["value"] == 138600
    # Landkreis Coburg: all 17 Gemeinden in the excerpt, all with values
    assert one(kreis, "wohnungen", "09473", 2022)["value"] == 42662
    vacancy = one(kreis, "leerstandsquote", "09473", 2022)
    assert vacancy["value"] == 5.3 and vacancy["flag"] == ""
    # Plön: only Gemeinden with gaps in the excerpt -> derived mean flagged as limited
    assert one(kreis, "leerstandsquote", "01057", 2022)["flag"] in ("()", "na")


# --- full builds on the raw files ----------------------------------------------------------


def _raw_or_skip():
    if not (RAW / "kreise").is_dir() or not (RAW / "gemeinden").is_dir():
        pytest.skip("raw files ../shared/data not present")
    return RAW


def test_ba_build_check_values():
    rows = ba_tables.build(_raw_or_skip())
    assert list(rows.columns) == ROW_COLUMNS
    assert rows["ags"].str.len().eq(5).all() and (rows["level"] == "kreis").all()
    assert not (rows["value"].isna() & (rows["flag"] == "")).any()
    assert not rows.duplicated(["indicator", "ags", "year", "category"]).any()
    checks = [
        ("arbeitslose_ba", "01002", 2015, 13021.7),
        ("arbeitslose_ba", "09473", 2015, 1894.5),
        ("arbeitslose_ba", "01002", 2019, 10555.7),
        ("arbeitslose_ba", "01002", 2025, 11665.4),
        ("arbeitslose_auslaender_ba", "01002", 2014, 2338.5),
        ("arbeitslose_auslaender_ba", "01002", 2016, 2882.8),
        ("arbeitslose_auslaender_ba", "01002", 2024, 3715.8),
        ("arbeitslose_auslaender_ba", "01002", 2025, 3699.9),
        ("arbeitslose_auslaender_ba", "09473", 2014, 128.7),
        ("arbeitslose_auslaender_ba", "09473", 2025, 430.3),
    ]
    ours = rows[rows["ags"].isin(["01002", "09473"])]
    for indicator, ags, year, expected in checks:
        assert one(ours, indicator, ags, year)["value"] == pytest.approx(expected, abs=0.06)
    beruf = rows[rows["indicator"] == "arbeitslose_beruf"]
    # 401 BA regions, Hanau (06415) added into the Main-Kinzig-Kreis (06435): 400 Kreise
    assert beruf["category"].nunique() == 145 and beruf["ags"].nunique() == 400
    assert "06415" not in set(rows["ags"]) and "06435" in set(beruf["ags"])
    kiel = ours[(ours["indicator"] == "arbeitslose_beruf") & (ours["ags"] == "01002") & (ours["year"] == 2019)]
    assert kiel["value"].sum() == pytest.approx(10555.7, abs=0.06)


def test_zensus_build_check_values():
    rows = zensus_tables.build(_raw_or_skip())
    assert list(rows.columns) == ROW_COLUMNS
    assert not (rows["value"].isna() & (rows["flag"] == "")).any()
    expected = {
        "01002000": {"auslaenderanteil_zensus": 12.3, "leerstandsquote": 2.1, "nettokaltmiete_m2": 7.64, "wohnungen": 138600},
        "09473159": {"auslaenderanteil_zensus": 5.7, "wohnungen": 6464, "leerstandsquote": 4.1, "nettokaltmiete_m2": 5.24},
    }
    for ags, values in expected.items():
        for indicator, value in values.items():
            assert one(rows, indicator, ags, 2022)["value"] == value
    gem = rows[rows["level"] == "gemeinde"]
    assert gem["ags"].nunique() == 10786
    kreis = rows[rows["level"] == "kreis"]
    assert kreis["ags"].nunique() == 400 and kreis["ags"].str.len().eq(5).all()
    assert one(kreis, "auslaenderanteil_zensus", "01002", 2022)["value"] == 12.3


def _raw_ba(name: str, year: int) -> pd.DataFrame:
    """Rows of one year of a BA extract, read here with pandas alone."""
    raw = pd.read_csv(RAW / "kreise" / name, dtype={"region": str, "occupational_group": str})
    return raw[raw["year"] == year]


def test_hanau_inside_main_kinzig_in_the_snapshot():
    """06435 is one territory in every table: the BA's 06415 Hanau is added into it."""
    import wla
    from wla import data

    _raw_or_skip()
    raw = _raw_ba("badata_ba_arbeitslose_kreis_x_beruf_2012-2025_auslaender_EXTRACT.csv.gz", 2024)
    hanau = raw.loc[raw["region"] == "06415", "total"].sum()                 # 2,632.9
    rest = raw.loc[raw["region"] == "06435", "total"].sum()                  # 3,854.3
    total = wla.load("arbeitslose_auslaender_ba", "06435", years=2024, category="insgesamt")["value"].iloc[0]
    assert total == pytest.approx(hanau + rest) and total == pytest.approx(6487.25, abs=0.01)
    # per occupational group, too
    occ = wla.load("arbeitslose_auslaender_beruf", "06435", years=2024)
    assert len(occ) == 145 and occ["value"].sum() == pytest.approx(hanau + rest)
    kfz = raw[(raw["region"].isin(["06415", "06435"])) & (raw["occupational_group"] == "252")]["total"].sum()
    assert occ.loc[occ["category"].str.startswith("252 "), "value"].iloc[0] == pytest.approx(kfz)
    # Hessen: the sum over all Hessian BA regions (Hanau included), not lost and not counted twice
    hessen = wla.region_total("arbeitslose_auslaender_ba", "06", 2024).iloc[0]
    assert hessen["members"] == 26 and hessen["value"] == pytest.approx(raw.loc[raw["region"].str[:2] == "06", "total"].sum())
    # no Hanau of its own anywhere in the snapshot's BA tables
    for ident in ("arbeitslose_ba", "arbeitslose_beruf", "arbeitslose_auslaender_ba", "arbeitslose_auslaender_beruf"):
        assert "06415" not in set(data.load(ident, level="kreis")["ags"]), ident

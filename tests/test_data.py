"""Tests of wla.load, wla.indicators and wla.region_total on the committed snapshot.

Check values are those printed in ../shared/data/kreise/SOURCES.md and
../shared/data/gemeinden/SOURCES.md, read there from the official files.
"""
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import wla
from wla import store
from wla.data import OUTPUT_COLUMNS
from wla.exceptions import NoDataError, ParameterError, UnknownIndicatorError
from wla.paths import data_dir, raw_dir

CATALOG = wla.indicators().set_index("id")
IDS = CATALOG.index.tolist()
REGIONS = ("kielregion", "coburg", "01054")

#: Indicator ids the issue asks for by name (wla data foundation, section 5).
REQUIRED = {
    "bevoelkerung", "flaeche_km2", "bevoelkerung_z22", "schutzsuchende", "schutzsuchende_anteil",
    "asylbewerber_je_1000", "asylbewerberleistungen", "zensus_bevoelkerung", "auslaenderanteil",
    "auslaenderanteil_zensus", "leerstandsquote", "nettokaltmiete_m2", "wohnungen", "arbeitslose",
    "arbeitslose_auslaender", "arbeitslose_ba", "arbeitslose_auslaender_ba", "svb_beschaeftigte",
    "svb_beschaeftigte_auslaender", "wohnungsbestand", "baugenehmigungen", "baufertigstellungen",
    "schueler", "schueler_auslaender", "schulabgaenger_ohne_abschluss", "arbeitslosenquote_inkar",
    "kinderbetreuung_u3", "kinderbetreuung_3_6", "mietpreis_angebot", "wohnflaeche_je_ew",
    "kommunale_schulden_je_ew", "steuerkraft_je_ew", "bbsr_kreistyp", "bbsr_gemeindetyp",
    "bbsr_staedtisch_laendlich",
}


def one(indicator, ags, year, category="insgesamt"):
    """The single row of ``indicator`` for one key (Kreis or Gemeinde AGS) and year."""
    level = "gemeinde" if len(ags) == 8 else "kreis"
    rows = wla.load(indicator, ags, level=level, years=year, category=category)
    assert len(rows) == 1, rows
    return rows.iloc[0]


# --- catalogue -------------------------------------------------------------------------------

def test_catalogue_lists_every_required_indicator():
    cat = wla.indicators()
    assert REQUIRED <= set(cat["id"]), sorted(REQUIRED - set(cat["id"]))
    assert cat["id"].is_unique
    for col in ("id", "label_de", "label_en", "unit", "theme", "levels", "years", "source"):
        assert (cat[col].astype(str).str.len() > 0).all(), col
    # the five themes plus "raum" for the BBSR spatial types
    assert set(cat["theme"]) <= {"bevoelkerung", "wohnen", "lernen", "arbeiten", "finanzen", "raum"}


@pytest.mark.parametrize(
    "indicator, years",
    [
        ("schutzsuchende", "2018, 2023, 2024"),
        ("schutzsuchende_anteil", "2007–2020"),
        ("asylbewerber_je_1000", "2010–2020"),
        ("arbeitslose_ba", "2012–2025"),
        ("arbeitslose_auslaender_ba", "2012–2025"),
        ("bevoelkerung_z22", "2023, 2024"),
    ],
)
def test_catalogue_years(indicator, years):
    cat = wla.indicators().set_index("id")
    assert cat.loc[indicator, "years"] == years


def test_catalogue_theme_filter():
    wohnen = wla.indicators("wohnen")
    assert set(wohnen["theme"]) == {"wohnen"}
    assert "leerstandsquote" in set(wohnen["id"])
    with pytest.raises(ParameterError, match="unknown theme"):
        wla.indicators("wohnung")


# --- every indicator answers for the default regions and another Kreis ------------------------

@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("indicator", IDS)
def test_every_indicator_answers(indicator, region):
    rows = wla.load(indicator, region)
    reg = wla.region(region)
    levels = CATALOG.loc[indicator, "levels"].split(",")
    expected_level = "kreis" if "kreis" in levels else "gemeinde"
    assert list(rows.columns) == OUTPUT_COLUMNS
    assert not rows.empty
    assert rows["level"].unique().tolist() == [expected_level]
    assert rows["ags"].map(type).eq(str).all()
    assert rows["ags"].str.len().eq(5 if expected_level == "kreis" else 8).all()
    assert reg.contains(rows["ags"]).all()
    assert set(rows["ags"].str[:5]) == set(reg.codes)  # every member Kreis is there
    assert (rows["indicator"] == indicator).all()
    assert rows["source"].str.len().gt(0).all()
    # a value is NaN exactly where the publisher printed a sign other than '-' (true zero)
    assert (rows["value"].isna() <= rows["flag"].isin([".", "x", "/", "...", "()", "na", "*"])).all()
    assert (rows.loc[rows["flag"] == "-", "value"] == 0).all()


@pytest.mark.parametrize("indicator", [i for i in IDS if CATALOG.loc[i, "levels"] == "gemeinde"])
def test_gemeinde_indicators_default_to_gemeinde_level(indicator):
    rows = wla.load(indicator, "coburg")
    assert set(rows["level"]) == {"gemeinde"}
    assert set(rows["ags"].str[:5]) == {"09473"}


# --- schema and keys ---------------------------------------------------------------------------

def test_schema_and_types():
    rows = wla.load("schutzsuchende", "kielregion", years=2024)
    assert list(rows.columns) == OUTPUT_COLUMNS
    assert rows["ags"].tolist()[0] == "01002"  # leading zero kept
    assert pd.api.types.is_integer_dtype(rows["year"])
    assert pd.api.types.is_float_dtype(rows["value"])
    assert set(rows["name"]) == {
        "Kiel, Landeshauptstadt", "Neumünster, Stadt", "Plön", "Rendsburg-Eckernförde"
    }
    assert set(rows["unit"]) == {"Personen"}
    assert rows["source"].str.contains("12531").all()


def test_list_of_indicators():
    rows = wla.load(["bevoelkerung_z22", "schutzsuchende"], "coburg", years=2024, category="insgesamt")
    assert rows.set_index("indicator")["value"].to_dict() == {"bevoelkerung_z22": 84468.0, "schutzsuchende": 1260.0}


# --- values from SOURCES.md --------------------------------------------------------------------

CHECK_VALUES = [
    # (indicator, ags, year, category, value) – SOURCES.md, kreise and gemeinden
    ("bevoelkerung_z22", "01002", 2024, "insgesamt", 252668),
    ("bevoelkerung_z22", "01002", 2023, "insgesamt", 251751),
    ("bevoelkerung_z22", "09473", 2024, "insgesamt", 84468),
    ("bevoelkerung_z22", "09473", 2023, "insgesamt", 84518),
    ("bevoelkerung", "09473", 2023, "insgesamt", 87259),
    ("bevoelkerung", "01002000", 2023, "insgesamt", 248873),
    ("bevoelkerung", "01002000", 2013, "insgesamt", 241533),
    ("bevoelkerung", "09473159", 2013, "insgesamt", 13046),
    ("flaeche_km2", "01002000", 2013, "insgesamt", 118.65),
    ("schutzsuchende", "01002", 2024, "offen", 1200),
    ("schutzsuchende", "01002", 2024, "anerkannt", 11935),
    ("schutzsuchende", "01002", 2024, "anerkannt_befristet", 10685),
    ("schutzsuchende", "01002", 2024, "anerkannt_unbefristet", 1210),
    ("schutzsuchende", "01002", 2024, "ohne", 770),
    ("schutzsuchende", "01002", 2023, "offen", 1220),
    ("schutzsuchende", "01002", 2023, "anerkannt", 11345),
    ("schutzsuchende", "01002", 2023, "ohne", 680),
    ("schutzsuchende", "09473", 2024, "offen", 35),
    ("schutzsuchende", "09473", 2024, "anerkannt", 1205),
    ("schutzsuchende", "09473", 2024, "ohne", 20),
    ("schutzsuchende", "01004", 2024, "anerkannt", 2755),
    ("schutzsuchende", "01002", 2018, "insgesamt", 7990),
    ("schutzsuchende", "09473", 2018, "insgesamt", 645),
    ("asylbewerberleistungen", "01002", 2019, "insgesamt", 1355),
    ("asylbewerberleistungen", "09473", 2019, "insgesamt", 264),
    ("asylbewerber_je_1000", "01004", 2015, "insgesamt", 70.31),
    ("asylbewerber_je_1000", "01002", 2016, "insgesamt", 10.18),
    ("asylbewerber_je_1000", "09473", 2010, "insgesamt", 0.0),
    ("schutzsuchende_anteil", "01002", 2018, "insgesamt", 3.23),
    ("schutzsuchende_anteil", "09473", 2018, "insgesamt", 0.74),
    ("arbeitslose", "01002", 2025, "insgesamt", 11665),
    ("arbeitslose_auslaender", "01002", 2025, "insgesamt", 3700),
    ("arbeitslose", "01002", 2019, "insgesamt", 10556),
    ("arbeitslose_auslaender", "09473", 2019, "insgesamt", 185),
    ("arbeitslosenquote", "01002", 2025, "insgesamt", 8.1),
    ("arbeitslosenquote_auslaender", "09473", 2025, "insgesamt", 12.1),
    ("svb_beschaeftigte", "01002", 2015, "insgesamt", 117471),
    ("svb_beschaeftigte_auslaender", "01002", 2015, "insgesamt", 4927),
    ("svb_beschaeftigte", "01002", 2024, "insgesamt", 132517),
    ("svb_beschaeftigte_auslaender", "09473", 2024, "insgesamt", 2479),
    ("wohnungsbestand", "01002", 2019, "insgesamt", 135520),
    ("wohnungsbestand", "09473", 2019, "insgesamt", 42498),
    ("baufertigstellungen", "01002", 2019, "insgesamt", 500),
    ("baugenehmigungen", "09473", 2019, "insgesamt", 207),
    ("schueler", "01002", 2023, "insgesamt", 24639),
    ("schueler_auslaender", "01002", 2023, "insgesamt", 3828),
    ("schueler_auslaender", "09473", 2023, "insgesamt", 538),
    ("schulabgaenger", "01002", 2023, "insgesamt", 1959),
    ("schulabgaenger_ohne_abschluss", "01002", 2023, "insgesamt", 210),
    ("schulabgaenger_ohne_abschluss", "09473", 2023, "insgesamt", 51),
    ("schulabgaenger_beruflich", "01002", 2023, "insgesamt", 1275),
    ("einkommen_verfuegbar_je_ew", "09473", 2021, "insgesamt", 24703),
    ("auslaenderanteil", "01002", 2015, "insgesamt", 9.84),
    ("auslaenderanteil", "09473", 2022, "insgesamt", 6.81),
    ("arbeitslosenquote_inkar", "01002", 2021, "insgesamt", 8.0),
    ("schulabgaenger_abitur_quote", "09473", 2022, "insgesamt", 14.67),
    ("bevoelkerung_inkar", "01002", 2015, "insgesamt", 246306),
    ("beschaeftigtenquote", "09473", 2020, "insgesamt", 69.34),
    ("sgb2_quote", "01002", 2017, "insgesamt", 16.9),
    ("zensus_bevoelkerung", "01002000", 2022, "insgesamt", 249132),
    ("zensus_bevoelkerung", "09473159", 2022, "insgesamt", 12545),
    ("auslaenderanteil_zensus", "01002000", 2022, "insgesamt", 12.3),
    ("migrationshintergrund_anteil", "01002000", 2022, "insgesamt", 22.1),
    ("wohnungen", "01002000", 2022, "insgesamt", 138600),
    ("leerstandsquote", "01002000", 2022, "insgesamt", 2.1),
    ("leerstandsquote", "01002", 2022, "insgesamt", 2.1),
    ("nettokaltmiete_m2", "01002000", 2022, "insgesamt", 7.64),
    ("nettokaltmiete_m2", "09473159", 2022, "insgesamt", 5.24),
]


@pytest.mark.parametrize("indicator, ags, year, category, expected", CHECK_VALUES)
def test_check_values_from_sources_md(indicator, ags, year, category, expected):
    row = one(indicator, ags, year, category)
    assert row["value"] == pytest.approx(expected, abs=1e-9)
    assert row["flag"] == ""


@pytest.mark.parametrize(
    "indicator, ags, year, expected",
    # BA extracts: annual averages summed over occupational groups (SOURCES.md 3c)
    [("arbeitslose_auslaender_ba", "01002", 2025, 3699.9), ("arbeitslose_auslaender_ba", "09473", 2016, 161.3),
     ("arbeitslose_ba", "01002", 2015, 13021.7), ("arbeitslose_ba", "09473", 2015, 1894.5)],
)
def test_ba_sums_over_occupations(indicator, ags, year, expected):
    assert one(indicator, ags, year)["value"] == pytest.approx(expected, abs=0.05)


def test_schutzsuchende_total_is_open_plus_recognised_plus_without():
    rows = wla.load("schutzsuchende", "01002", years=2024, category="all").set_index("category")["value"]
    assert rows["insgesamt"] == 13905
    assert rows["insgesamt"] == rows["offen"] + rows["anerkannt"] + rows["ohne"]
    # nested groups are sums of cells rounded to multiples of 5: close, not equal (11,935 vs 11,895)
    assert rows["anerkannt_befristet"] + rows["anerkannt_unbefristet"] == 11895


def test_germany_2018_row():
    rows = wla.load("schutzsuchende", level="bund", years=2018)
    assert rows.set_index("ags").loc["DG", "value"] == 1781750


def test_both_population_bases_present_and_recorded():
    z11 = one("bevoelkerung", "09473", 2023)
    z22 = one("bevoelkerung_z22", "09473", 2023)
    assert (z11["value"], z22["value"]) == (87259, 84518)
    assert z11["basis"] == "Zensus 2011"
    assert z22["basis"] == "Zensus 2022"
    assert "12411" in z22["source"]
    assert "Gemeindeverzeichnis" in z11["source"]


# --- official signs ----------------------------------------------------------------------------

def test_dash_is_a_true_zero_and_keeps_its_flag():
    row = one("schulabgaenger_beruflich", "09473", 2023)
    assert row["value"] == 0
    assert row["flag"] == "-"


def test_kreise_reported_inside_another_kreis_are_flagged_x():
    rows = wla.load("schutzsuchende", years=2024, category="insgesamt")
    flagged = rows[rows["flag"] == "x"]
    inside = store.reported_inside()
    inside = inside[(inside["indicator"] == "schutzsuchende") & (inside["year"] == 2024)]
    assert sorted(flagged["ags"]) == sorted(inside["ags"]) == [
        "06633", "10041", "10042", "10043", "10045", "10046", "12071"
    ]
    assert flagged["value"].isna().all()
    assert dict(zip(inside["ags"], inside["inside"]))["06633"] == "06611"


# --- region=None, levels, errors ---------------------------------------------------------------

def test_region_none_is_all_of_germany():
    rows = wla.load("schutzsuchende", years=2024, category="insgesamt")
    assert rows["ags"].nunique() == 400
    assert set(rows["level"]) == {"kreis"}
    gem = wla.load("zensus_bevoelkerung", level="gemeinde")
    assert gem["ags"].nunique() == 10786  # all Gemeinden of Zensus 2022 table 1000A-0000
    assert {"01002000", "09473159"} <= set(gem["ags"])


def test_unknown_indicator_names_close_matches():
    with pytest.raises(UnknownIndicatorError) as err:
        wla.load("schutzsuchend", "kielregion")
    assert "schutzsuchende" in err.value.suggestions
    assert "schutzsuchende" in str(err.value)


def test_level_not_published():
    with pytest.raises(NoDataError, match="kreis"):
        wla.load("schutzsuchende", "coburg", level="gemeinde")
    with pytest.raises(NoDataError):
        wla.load("nettokaltmiete_m2", "coburg", level="kreis")


def test_unknown_level():
    with pytest.raises(ParameterError, match="level"):
        wla.load("schutzsuchende", "coburg", level="bezirk")


def test_gemeinde_region_needs_gemeinde_level():
    with pytest.raises(ParameterError, match="Gemeinden"):
        wla.load("schutzsuchende", ["09473159"], level="kreis")


def test_years_not_available_lists_available_years():
    with pytest.raises(NoDataError) as err:
        wla.load("schutzsuchende", "kielregion", years=2020)
    assert "2018, 2023, 2024" in str(err.value)


@pytest.mark.parametrize("years", ["2024", 2024.0, [2024, "2023"], True, []])
def test_bad_years_type(years):
    with pytest.raises(ParameterError, match="years"):
        wla.load("schutzsuchende", "kielregion", years=years)


def test_years_as_range():
    rows = wla.load("asylbewerber_je_1000", "01004", years=range(2014, 2017))
    assert rows["year"].tolist() == [2014, 2015, 2016]
    assert rows["value"].tolist() == [7.91, 70.31, 15.84]


def test_unknown_category():
    with pytest.raises(NoDataError, match="category"):
        wla.load("schutzsuchende", "coburg", years=2024, category="geduldet")


# --- region totals -----------------------------------------------------------------------------

def test_region_total_sums_counts():
    total = wla.region_total("schutzsuchende", "kielregion", 2024)
    assert len(total) == 1
    row = total.iloc[0]
    members = wla.load("schutzsuchende", "kielregion", years=2024, category="insgesamt")
    # Kiel 13,905 + Neumünster 3,600 + Plön 3,945 + Rendsburg-Eckernförde 9,735 (SOURCES.md 1a)
    assert row["value"] == members["value"].sum() == 31185
    assert row["members"] == 4
    assert row["flag"] == ""
    offen = wla.region_total("schutzsuchende", "kielregion", 2024, category="offen")
    assert offen["value"].iloc[0] == 1200 + 565 + 445 + 1600


def test_region_total_recomputes_rate_from_numerator_and_denominator():
    total = wla.region_total("schulabgaenger_ohne_abschluss_anteil", "kielregion", 2023)["value"].iloc[0]
    ohne = wla.load("schulabgaenger_ohne_abschluss", "kielregion", years=2023, category="insgesamt")
    alle = wla.load("schulabgaenger", "kielregion", years=2023, category="insgesamt")
    rates = wla.load("schulabgaenger_ohne_abschluss_anteil", "kielregion", years=2023, category="insgesamt")
    assert total == pytest.approx(ohne["value"].sum() / alle["value"].sum() * 100)
    # 10.70 % pooled vs 10.75 % as the mean of the four Kreis rates
    assert total == pytest.approx(10.7037, abs=1e-4)
    assert abs(total - rates["value"].mean()) > 0.04


def test_region_total_weights_a_rate_by_its_denominator():
    total = wla.region_total("leerstandsquote", "kielregion", 2022)
    q = wla.load("leerstandsquote", "kielregion", years=2022).set_index("ags")["value"]
    w = wla.load("wohnungen", "kielregion", years=2022, category="insgesamt").set_index("ags")["value"]
    expected = (q * w).sum() / w.sum()
    assert total["value"].iloc[0] == pytest.approx(expected)
    assert abs(expected - q.mean()) > 0.05
    assert "wohnungen" in total["note"].iloc[0]


def test_region_total_of_one_member_is_its_published_value():
    assert wla.region_total("leerstandsquote", "01002", 2022)["value"].iloc[0] == 2.1


def test_rate_without_denominator_has_no_region_total():
    total = wla.region_total("arbeitslosenquote", "kielregion", 2025).iloc[0]
    assert np.isnan(total["value"])
    assert total["flag"] == "/"
    assert "not meaningful" in total["note"]


def test_germany_total_folds_kreise_reported_inside():
    total = wla.region_total("schutzsuchende", "deutschland", 2024).iloc[0]
    kreise = wla.load("schutzsuchende", years=2024, category="insgesamt")
    shown = kreise[kreise["flag"] == ""]
    assert len(shown) == 393
    assert total["value"] == shown["value"].sum()
    assert total["flag"] == ""
    for ags in ("06633", "10041", "10042", "10043", "10045", "10046", "12071"):
        assert ags in total["note"]


def test_unknown_sum_names_the_missing_kreise_not_a_count_of_values():
    """BA foreigners 2024 for Germany (no national row in the BA series): Kreise whose named
    occupational groups are all empty in the raw extract have no total, so Germany's sum is
    unknown and the note names exactly those Kreise by code and name."""
    raw = pd.read_csv(raw_dir() / "kreise" / "badata_ba_arbeitslose_kreis_x_beruf_2012-2025_auslaender_EXTRACT.csv.gz",
                      dtype={"region": str, "occupational_group": str})
    raw = raw[raw["year"] == 2024]
    named = raw[raw["occupational_group"].notna()]              # "ohne Angabe" has no code
    empty = sorted(set(named["region"]) - set(named.loc[named["total"].notna(), "region"]))
    assert empty == ["07336", "08231"]                          # Kusel, Pforzheim
    total = wla.region_total("arbeitslose_auslaender_ba", "deutschland", 2024).iloc[0]
    assert np.isnan(total["value"]) and total["flag"] == "na"
    assert "sum of" not in total["note"] and total["note"].startswith("not available")
    assert "07336 Kusel (na)" in total["note"] and "08231 Pforzheim" in total["note"]
    assert f"2 of {total['members']}" in total["note"]
    # a region whose members all have values keeps the plain note
    kiel = wla.region_total("arbeitslose_auslaender_ba", "kielregion", 2024).iloc[0]
    assert kiel["note"] == "sum of 4 kreis values" and not np.isnan(kiel["value"])


def test_total_with_a_member_shown_elsewhere_is_unknown():
    """Landkreis Kassel alone: its people are counted in Stadt Kassel, the value is 'x'."""
    alone = wla.region_total("schutzsuchende", ["06633"], 2024).iloc[0]
    assert np.isnan(alone["value"]) and alone["flag"] == "x"
    both = wla.region_total("schutzsuchende", ["06611", "06633"], 2024).iloc[0]
    stadt = one("schutzsuchende", "06611", 2024)
    assert both["value"] == stadt["value"]
    assert "06633" in both["note"]


# --- import is light ---------------------------------------------------------------------------

def test_import_wla_is_light():
    code = f"""
import json, sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else None)
import wla
heavy = ["matplotlib", "seaborn", "geopandas", "statsmodels", "papermill", "nbconvert"]
data = {str(data_dir())!r}
print(json.dumps({{"heavy": [m for m in heavy if m in sys.modules],
                  "data": [p for p in opened if p.startswith(data)]}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"heavy": [], "data": []}


# --- nested categories (issue 9, "What to build" 8) --------------------------------------------

RAW_12531_2024 = "kreise/pystatis_destatis_12531-0043_schutzsuchende_2024-12-31_flat.csv.gz"


@pytest.fixture(scope="module")
def raw_12531_2024():
    """The raw GENESIS flat file 12531-0043 (31.12.2024), read here without wla: Kreis code,
    status code, value (cells rounded to multiples of 5 by Destatis)."""
    from wla.paths import raw_dir

    frame = pd.read_csv(raw_dir() / RAW_12531_2024, sep=";", encoding="utf-8-sig", dtype=str,
                        usecols=["1_variable_attribute_code", "2_variable_attribute_code", "value"])
    frame.columns = ["kreis", "status", "value"]
    frame["value"] = frame["value"].astype(int)
    return frame


def test_load_gives_the_total_by_default_so_sum_is_the_total(raw_12531_2024):
    # issue 9: the sum over all nested categories was 112,760; the total is 31,185
    rows = wla.load("schutzsuchende", region="kielregion", years=2024)
    kiel = raw_12531_2024[raw_12531_2024["kreis"].isin(["01002", "01004", "01057", "01058"])]
    # top-level statuses of SCHST2: offen + anerkannt + ohne = all protection seekers
    total = kiel.loc[kiel["status"].isin(["SCHUTZST-OF", "SCHUTZST-AK-1", "SCHUTZST-X"]), "value"].sum()
    assert total == 31185
    assert rows["value"].sum() == total
    assert set(rows["category"]) == {"insgesamt"}
    assert set(rows["parent"]) == {""}


def test_category_all_names_each_parent(raw_12531_2024):
    rows = wla.load("schutzsuchende", region="kielregion", years=2024, category="all")
    assert rows["value"].sum() == raw_12531_2024.loc[
        raw_12531_2024["kreis"].isin(["01002", "01004", "01057", "01058"]), "value"].sum() + 31185
    parents = dict(zip(rows["category"], rows["parent"]))
    assert parents == {
        "insgesamt": "", "offen": "insgesamt", "anerkannt": "insgesamt", "ohne": "insgesamt",
        "anerkannt_befristet": "anerkannt", "anerkannt_unbefristet": "anerkannt",
        "anerkannt_befristet_asyl": "anerkannt_befristet", "anerkannt_befristet_nicht_asyl": "anerkannt_befristet",
        "ohne_geduldet": "ohne", "ohne_vollziehbar": "ohne", "ohne_latent": "ohne",
    }
    # the parts of the top level add up to the total in every Kreis
    for ags, group in rows.groupby("ags"):
        v = group.set_index("category")["value"]
        assert v["offen"] + v["anerkannt"] + v["ohne"] == v["insgesamt"]


def test_category_picks_one():
    rows = wla.load("schutzsuchende", region="01002", years=2024, category="offen")
    assert rows["value"].tolist() == [1200]  # SOURCES.md 1a: Kiel 2024 Offen 1,200
    assert rows["parent"].tolist() == ["insgesamt"]


def test_categories_that_do_not_nest_are_all_returned():
    rows = wla.load("arbeitslose_beruf", region="01002", years=2024)
    assert rows["category"].nunique() > 100
    assert set(rows["parent"]) == {""}
    assert wla.load("bbsr_kreistyp", "coburg")["category"].nunique() == 1


def test_nesting_table_matches_the_data():
    """Every category of a nested indicator is in wla/categories.csv and vice versa; one total
    per indicator; every parent is a category of the same indicator."""
    from wla.data import _nesting_table

    table = _nesting_table()
    assert set(table["relation"]) <= {"total", "part", "darunter", "nachrichtlich"}
    for indicator, tree in table.groupby("indicator"):
        assert indicator in IDS
        assert tree.loc[tree["parent"] == "", "category"].tolist() == ["insgesamt"], indicator
        assert set(tree["parent"]) - {""} <= set(tree["category"])
        stored = set()
        for level in CATALOG.loc[indicator, "levels"].split(","):
            stored |= set(wla.load(indicator, category="all", level=level)["category"])
        assert stored == set(tree["category"]), indicator


@pytest.mark.parametrize("indicator", ["bevoelkerung_z22", "wohnungsbestand", "wohngebaeude", "svb_beschaeftigte_wohnort"])
def test_parts_add_up_to_their_parent(indicator):
    # relation 'part' claims the parts make the parent; these tables are not rounded
    rows = wla.load(indicator, "kielregion", category="all").dropna(subset=["value"])
    for (ags, year), group in rows.groupby(["ags", "year"]):
        parts = group[group["parent"] == "insgesamt"]
        total = group.loc[group["category"] == "insgesamt", "value"]
        if len(total) and len(parts) == len(wla.data.nesting(indicator)) - 1:
            assert parts["value"].sum() == pytest.approx(total.iloc[0]), (ags, year)


def test_nesting_is_documented_in_the_readme():
    readme = (data_dir().parent / "README.md").read_text()
    assert "category=\"all\"" in readme and "parent" in readme
    for flag in ("`-`", "`.`", "`x`", "`/`", "`...`", "`()`", "`na`"):
        assert flag in readme, flag


def test_readme_lists_every_flag_in_the_snapshot():
    import re

    readme = (data_dir().parent / "README.md").read_text()
    section = readme[readme.index("### Columns of `wla.load`"):]
    documented = set(re.findall(r"^\| `([^`]+)` \|", section, flags=re.M))
    flags = set()
    for f in store.manifest()["files"]:
        if f.endswith("_tables.parquet") or f == "gazetteer.parquet":
            flags |= set(pd.read_parquet(data_dir() / f, columns=["flag"])["flag"].unique())
    assert flags - {""} <= documented, flags - documented


# --- silent fallbacks are errors (issue 9, "What was found") ------------------------------------

def test_years_with_one_missing_year_is_an_error():
    with pytest.raises(NoDataError) as err:
        wla.load("schutzsuchende", "kielregion", years=[2024, 1800])
    assert "1800" in str(err.value) and "2018, 2023, 2024" in str(err.value)


def test_level_land_with_a_region_that_is_not_a_land():
    with pytest.raises(ParameterError, match="whole Länder"):
        wla.load("bevoelkerung_z22", "kielregion", level="land")


def test_level_land_with_a_land_gives_its_row():
    rows = wla.load("bevoelkerung_z22", "Schleswig-Holstein", level="land", years=2023)
    assert rows["ags"].tolist() == ["01"]
    assert rows["value"].iloc[0] == wla.load("bevoelkerung_z22", level="land", years=2023).set_index("ags").loc["01", "value"]


def test_level_bund_needs_germany():
    with pytest.raises(ParameterError, match="Germany"):
        wla.load("bevoelkerung_z22", "coburg", level="bund")
    assert wla.load("bevoelkerung_z22", "deutschland", level="bund", years=2023)["ags"].tolist() == ["DG"]


@pytest.mark.parametrize("indicator", [[], ()])
def test_load_of_no_indicator(indicator):
    with pytest.raises(ParameterError, match="no indicator"):
        wla.load(indicator)


def test_load_accepts_comma_strings_and_names():
    a = wla.load("schutzsuchende", "01054,01059", years=2024)
    b = wla.load("schutzsuchende", ["01054", "01059"], years=2024)
    pd.testing.assert_frame_equal(a, b)
    assert wla.load("schutzsuchende", "Landkreis Coburg", years=2024)["value"].tolist() == [1260]

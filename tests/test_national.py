"""Germany's values are the publisher's national rows; region totals never add what is there.

Expected values are read from the raw files in ../shared/data/kreise (the publisher's own
national rows, "DG"), not from the code under test.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import wla
from wla.analysis import compare
from wla.present.fmt import number
from wla.regions import region

RAW = Path(__file__).resolve().parents[2] / "shared" / "data" / "kreise"
if not RAW.is_dir():
    RAW = Path("/work/shared/data/kreise")


def _dg_rows(name: str, encoding: str = "cp1252") -> list[list[str]]:
    lines = (RAW / name).read_text(encoding=encoding).splitlines()
    return [line.split(";") for line in lines if ";DG;" in line]


def test_foreign_pupils_share_is_the_publishers_national_row():
    total = [r for r in _dg_rows("buddemax_destatis_21111-01-03-4.csv") if r[3] == "Insgesamt"][0]
    pupils, foreign = int(total[5]), int(total[7])             # 8,819,489 and 1,359,457
    h = compare.headline("auslaendische_schueler")
    value = compare.value(h, region("deutschland"), 2023)["value"]
    assert value == pytest.approx(foreign / pupils * 100)
    assert number(value, 1) == "15,4"


def test_vocational_school_leavers_are_the_publishers_national_row():
    row = _dg_rows("buddemax_destatis_21121-02-02-4.csv")[0]
    total = wla.region_total("schulabgaenger_beruflich", "deutschland", 2023).iloc[0]
    assert total["value"] == int(row[3]) == 222742
    assert total["note"] == "publisher's national row"


def test_a_sum_over_kreise_with_kreise_missing_is_not_available():
    # the same 400 Kreise, but as a plain set: the 22811 extract holds 2024 only for the six Kreise of the
    # default pair (kartenwerk_destatis_22811-01-01-4_..._EXTRACT_kielregion_coburg.csv)
    every_kreis = wla.region(list(region("deutschland").kreise), name="alle Kreise")
    total = wla.region_total("asylbewerberleistungen", every_kreis, 2024).iloc[0]
    assert np.isnan(total["value"]) and total["flag"] == "."
    assert "394 member(s) missing" in total["note"] and "Flensburg" in total["note"]
    # with Berlin and Hamburg read from their Land rows, the school table's Kreise add up (without them the sum was 213,279, issue 8)
    school = wla.region_total("schulabgaenger_beruflich", every_kreis, 2023).iloc[0]
    assert school["value"] == 222636 and school["flag"] == ""


def test_protection_seekers_per_1000_germany_2018():
    seekers = int(_dg_rows("nicofhahn_destatis_schutzsuchende_2018.csv", "iso-8859-1")[0][3])   # 1,781,750
    inkar = pd.read_csv(RAW / "ruettenauer_inkar_kreise_12indikatoren_1995-2020.csv", sep=";", header=None,
                        skiprows=2, dtype=str, encoding="utf-8-sig")
    head = pd.read_csv(RAW / "ruettenauer_inkar_kreise_12indikatoren_1995-2020.csv", sep=";", header=None, nrows=2,
                       dtype=str, encoding="utf-8-sig")
    col = [i for i in head.columns if head.iloc[0, i] == "Bevölkerung gesamt" and head.iloc[1, i] == "2018"][0]
    population = inkar[col].str.replace(".", "", regex=False).str.replace(",", ".", regex=False).astype(float).sum()
    value = compare.value(compare.headline("schutzsuchende_je_1000"), region("deutschland"), 2018)["value"]
    assert value == pytest.approx(seekers / population * 1000, rel=1e-9)
    assert number(value, 1) == "21,5"


def test_asylum_benefits_per_1000_germany():
    # 2019: the publisher's national count (385,307) over the INKAR population; INKAR's Kreis rates
    # (two decimals) weighted by population reproduce it to 0.01
    recipients = int(_dg_rows("nicofhahn_destatis_asylbewerberleistungen_2019.csv", "iso-8859-1")[0][3])
    population = wla.region_total("bevoelkerung_inkar", "deutschland", 2019)["value"].iloc[0]
    h = compare.headline("asyl_je_1000")
    assert compare.value(h, region("deutschland"), 2019)["value"] == pytest.approx(
        recipients / population * 1000, abs=0.01)
    # 2020: Berlin has no value in the INKAR file -> not available, shown as "k. A.", never "–"
    total = wla.region_total("asylbewerber_je_1000", "deutschland", 2020).iloc[0]
    assert np.isnan(total["value"])
    assert number(total["value"], 1) == "k. A."


def test_members_counted_inside_another_are_not_missing():
    # Destatis counts Kassel (Landkreis, 06633) inside Kassel (Stadt, 06611) in 12531
    both = wla.region_total("schutzsuchende", ["06611", "06633"], 2024).iloc[0]
    assert not np.isnan(both["value"]) and "06633" in both["note"]


def test_complete_sum():
    from wla.data import complete_sum

    assert complete_sum(pd.Series([1.0, 2.0])) == 3.0
    assert np.isnan(complete_sum(pd.Series([1.0, np.nan])))
    assert np.isnan(complete_sum(pd.Series([], dtype=float)))


def test_who_the_protection_seekers_are():
    """Ukrainians' share: the issue reads about 28 % (KielRegion) and 47 % (Landkreis Coburg);
    recomputed here from the 12531-0043 flat file (cells of the three top-level statuses)."""
    from wla.analysis import findings

    flat = pd.read_csv(RAW / "pystatis_destatis_12531-0043_schutzsuchende_2024-12-31_flat.csv.gz", sep=";",
                       dtype=str, encoding="utf-8-sig")
    top = flat[flat["2_variable_attribute_code"].isin(["SCHUTZST-OF", "SCHUTZST-AK-1", "SCHUTZST-X"])]
    for key, codes in (("kielregion", ["01002", "01004", "01057", "01058"]), ("coburg", ["09473"])):
        mine = top[top["1_variable_attribute_code"].isin(codes)]
        total = mine["value"].astype(float).sum()
        ukraine = mine.loc[mine["4_variable_attribute_label"] == "Ukraine", "value"].astype(float).sum()
        w = findings.who(region(key), 2024)
        assert w["total"] == total and w["ukraine"] == ukraine
        assert w["ukraine_anteil"] == pytest.approx(ukraine / total * 100)
    assert round(findings.who(region("kielregion"), 2024)["ukraine_anteil"]) == 28
    assert round(findings.who(region("coburg"), 2024)["ukraine_anteil"]) == 47


GEMEINDEN = RAW.parent / "gemeinden"
CENSUS = GEMEINDEN / "gerdapkg_census_2022_internal_EXTRACT.csv"


def test_vacancy_rate_germany_is_not_available_rather_than_a_wrong_weighting():
    """The publisher's national rate (4.3 %, occupied + vacant dwellings) cannot be reproduced from
    the raw files: the census extract holds rounded Gemeinde rates and all dwellings only, no
    occupied or vacant counts and no national row; the 1000A-0000 flat file holds population only."""
    census = pd.read_csv(CENSUS, dtype={"ags": str})
    assert not [c for c in census.columns if "occupied_dwell" in c or "vacant" in c or "bewohnt" in c]
    assert census["ags"].str.fullmatch(r"\d{8}").all()                   # Gemeinden only
    flat = pd.read_csv(GEMEINDEN / "hdigital_zensus2022_1000A-0000_de_flat.csv", sep=";", dtype=str,
                       encoding="utf-8-sig")
    assert set(flat["value_variable_label"]) == {"Personen"}
    # what the old weighting gave: 4.5, not the published 4.3
    known = census["vacancy_rate_census22"].notna()
    weighted = (census["vacancy_rate_census22"] * census["total_dwellings_census22"])[known].sum() \
        / census.loc[known, "total_dwellings_census22"].sum()
    assert number(weighted, 1) == "4,5"
    total = wla.region_total("leerstandsquote", "deutschland", 2022).iloc[0]
    assert np.isnan(total["value"]) and total["flag"] == "."
    assert "not among the source files" in total["note"] and "wrong denominator" in total["note"]
    shown = compare.value(compare.headline("leerstandsquote"), region("deutschland"), 2022)
    assert np.isnan(shown["value"]) and "not available" in shown["note"]
    assert number(shown["value"], 1, "de") == "k. A." and number(shown["value"], 1, "en") == "n/a"
    # a region of Kreise is still formed (weighted by dwellings, as documented in the catalogue)
    assert not np.isnan(wla.region_total("leerstandsquote", "kielregion", 2022)["value"].iloc[0])


def test_vacancy_threshold_is_the_median_of_all_gemeinden():
    from wla.analysis import housing

    census = pd.read_csv(CENSUS, dtype={"ags": str})
    median = census["vacancy_rate_census22"].median()                   # 4.9
    attrs = housing.vacancy_and_shrinking("kielregion").attrs
    assert attrs["threshold"] == pytest.approx(median) and number(median, 1) == "4,9"
    assert "median" in attrs["threshold_rule"]
    frame = housing.vacancy_and_shrinking("kielregion")
    assert (frame["hoher_leerstand"] == (frame["leerstandsquote"] > median)).all()


def test_asylum_benefits_2020_germany_names_the_missing_kreis():
    """2020: no national row among the raw files (the 2019 table is the last with one) and Berlin has
    no value in the INKAR file, so Germany is not available — never the sum of the other Kreise."""
    total = wla.region_total("asylbewerber_je_1000", "deutschland", 2020).iloc[0]
    assert np.isnan(total["value"]) and "not available" in total["note"] and "Berlin" in total["note"]
    shown = compare.value(compare.headline("asyl_je_1000"), region("deutschland"), 2020)
    assert np.isnan(shown["value"]) and "Berlin" in shown["note"]


def _ba_extract_totals(name: str, year: int) -> pd.Series:
    """Kreis totals of a BA occupation extract for one year, summed over the occupational groups
    from the raw file; NaN where every named group is empty (only 'ohne Angabe' has a value)."""
    raw = pd.read_csv(RAW / name, dtype={"region": str, "occupational_group": str})
    raw = raw[raw["year"] == year]
    named = raw[raw["occupational_group"].notna()]              # the "ohne Angabe" group has no code
    complete = named.groupby("region")["total"].apply(lambda s: s.notna().any())
    return raw.groupby("region")["total"].sum().where(complete)


@pytest.mark.parametrize("year, csv, encoding", [
    (2025, "buddemax_destatis_13211-02-05-4.csv", "cp1252"),
    (2019, "nicofhahn_destatis_arbeitslose_2019.csv", "iso-8859-1"),
])
def test_foreigners_share_of_the_unemployed_germany_is_the_ba_national_row(year, csv, encoding):
    """The BA occupation series (badata extract) has no national row, and in every year some Kreise
    have values only in the group 'ohne Angabe zum Zielberuf', so no complete sum over Kreise exists.
    The same BA count has a national row in Regionaldatenbank 13211-02-05-4 (2019 and 2025):
    Germany's share is that row's foreigners / all."""
    row = [r for r in _dg_rows(csv, encoding) if r[0] == str(year)][0]
    alle, auslaender = int(row[3]), int(row[4])              # 2025: 2,948,092 and 1,081,475
    totals = _ba_extract_totals("badata_ba_arbeitslose_kreis_x_beruf_2012-2025_auslaender_EXTRACT.csv.gz", year)
    assert totals.isna().any()                                # a complete sum over Kreise does not exist
    shown = compare.value(compare.headline("auslaender_an_arbeitslosen"), region("deutschland"), year)
    assert shown["value"] == pytest.approx(auslaender / alle * 100)
    assert number(shown["value"], 1) == {2025: "36,7", 2019: "28,1"}[year]
    from wla.present.sources import lines
    assert shown["sources"] and all("13211-02-05-4" in s for s in lines(shown["sources"]))


def test_foreigners_share_of_the_unemployed_germany_2024_is_not_available():
    # 2024: no national row among the raw files; Pforzheim and Kusel have values only in the group
    # 'ohne Angabe zum Zielberuf' -> their totals and hence Germany's are unknown, shown "k. A."
    totals = _ba_extract_totals("badata_ba_arbeitslose_kreis_x_beruf_2012-2025_insgesamt_EXTRACT.csv.gz", 2024)
    assert set(totals[totals.isna()].index) == {"08231", "07336"}
    shown = compare.value(compare.headline("auslaender_an_arbeitslosen"), region("deutschland"), 2024)
    assert np.isnan(shown["value"]) and number(shown["value"], 1) == "k. A."
    # the region side keeps the BA series: Kiel 2024 from the extract (3,715.8 foreigners)
    kiel = compare.value(compare.headline("auslaender_an_arbeitslosen"), region("01002"), 2024)
    foreign = _ba_extract_totals("badata_ba_arbeitslose_kreis_x_beruf_2012-2025_auslaender_EXTRACT.csv.gz", 2024)
    assert kiel["value"] == pytest.approx(foreign["01002"] / totals["01002"] * 100)


def test_page_00_table_of_who_the_protection_seekers_are_per_kreis():
    """Review 5 #4 (issue 8 item 11): citizenships per Kreis and region on page 00, Ukraine
    separately; each Kreis's counts recomputed from the 12531-0043 flat file."""
    from wla.analysis import compare
    from wla.present import findings as present
    flat = pd.read_csv(RAW / "pystatis_destatis_12531-0043_schutzsuchende_2024-12-31_flat.csv.gz", sep=";",
                       dtype=str, encoding="utf-8-sig")
    top = flat[flat["2_variable_attribute_code"].isin(["SCHUTZST-OF", "SCHUTZST-AK-1", "SCHUTZST-X"])]
    table = present.who_table(compare.table_regions(region("kielregion"), region("coburg")), "de").set_index("Gebiet")
    assert list(table.index[:5]) == ["KielRegion", "Kiel, Landeshauptstadt", "Neumünster, Stadt", "Plön",
                                     "Rendsburg-Eckernförde"]
    for name, code in (("Kiel, Landeshauptstadt", "01002"), ("Plön", "01057"), ("Coburg, Stadt", "09463")):
        mine = top[top["1_variable_attribute_code"] == code]
        ukraine = mine.loc[mine["4_variable_attribute_label"] == "Ukraine", "value"].astype(float).sum()
        assert table.loc[name, "Schutzsuchende"] == mine["value"].astype(float).sum()
        assert table.loc[name, "darunter aus der Ukraine"] == ukraine
    assert table.loc["KielRegion", "Größte Gruppen nach Staatsangehörigkeit (Anteil)"].startswith("Syrien 9.010 (28,9 %)")
    assert "Landkreis Coburg" in table.index and "Coburg, Landkreis" not in table.index  # one row per area


def test_asylum_benefit_recipients_from_22811_per_kreis():
    """Review 5 #3 (issue 8 item 11): recipients of asylum-seeker benefits from the benefit
    statistic itself (22811-01-01-4) for the default pair's Kreise 2019/2022/2024, beside the INKAR
    series that ends in 2020; Neumünster (arrival centre) 2022 recomputed from the raw extract."""
    from wla.analysis import compare, profile
    from wla.present import findings as present
    raw = pd.read_csv(RAW / "kartenwerk_destatis_22811-01-01-4_mindestsicherung_2010-2024_EXTRACT_kielregion_coburg.csv",
                      sep=None, engine="python", dtype=str, encoding="utf-8-sig")
    neumuenster = raw[(raw["kreis_code"] == "01004") & raw["stichtag"].str.startswith("2022")]
    assert int(neumuenster["asylblg_regelleistungen"].item()) == 3580  # Neumünster 2022: 3,580 recipients
    rows = profile.asylum_recipients(compare.table_regions(region("kielregion"), region("coburg")))
    nms = rows[(rows["region"] == "Neumünster, Stadt") & (rows["year"] == 2022)].iloc[0]
    assert nms["count"] == 3580
    table = present.asylum_table(rows, "de").set_index("Gebiet")
    assert list(table.columns[-3:]) == ["2019", "2022", "2024"]
    assert np.isnan(table.loc["Deutschland", "2022"])  # no national row for 2022: not a sum of some Kreise
    assert table.loc["Deutschland", "2019"] == pytest.approx(385307 / rows.loc[(rows["region"] == "Deutschland")
                                                                                 & (rows["year"] == 2019), "population"].item() * 1000)


def test_the_asylum_table_note_names_each_years_population_basis_from_the_rows():
    """Final read: the note's population bases are taken from the rows (2024 on the Zensus-2022
    basis in the snapshot), not typed; the note names no particular Kreis."""
    from wla.analysis import compare, profile
    from wla.present import findings as present
    from wla.present.words import t
    rows = profile.asylum_recipients(compare.table_regions(region("kielregion"), region("coburg")))
    basis = present.asylum_table(rows, "de").attrs["basis"]
    assert "2024 auf Basis Zensus 2022" in basis and "2019, 2022 auf Basis Zensus 2011" in basis
    assert "Neumünster" not in t("profil.asylblg.hinweis", "de", basis=basis)

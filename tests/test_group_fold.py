"""Group values (twins, Kreistyp, comparator, rank groups) fold Kreise whose protection seekers
12531 reports inside another Kreis; Germany's missing values say why; the fair frame chooses
facility hosts by the year of each figure.

Expected values are computed here from the raw files in ../shared/data (12531-0043 flat file:
cells of the three top-level statuses OF + AK-1 + X; 12411-01-01-4: women + men; the facilities
list data/einrichtungen.csv; the INKAR extract), never from the code under test.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wla.analysis import benchmark, compare
from wla.present import comparators as present_comparators, ranking, tables
from wla.regions import Region, region

RAW = Path(__file__).resolve().parents[2] / "shared" / "data" / "kreise"
if not RAW.is_dir():
    RAW = Path("/work/shared/data/kreise")
FACILITIES = Path(__file__).resolve().parents[1] / "data" / "einrichtungen.csv"
TOP = ["SCHUTZST-OF", "SCHUTZST-AK-1", "SCHUTZST-X"]
SEEKERS = compare.headline("schutzsuchende_je_1000")


@pytest.fixture(scope="module")
def raw_2024() -> tuple[pd.Series, pd.Series]:
    """Protection seekers and population per Kreis, 31.12.2024, from the raw flat files."""
    flat = pd.read_csv(RAW / "pystatis_destatis_12531-0043_schutzsuchende_2024-12-31_flat.csv.gz", sep=";",
                       dtype=str, encoding="utf-8-sig")
    flat = flat[flat["2_variable_attribute_code"].isin(TOP)]
    counts = pd.to_numeric(flat["value"].replace("-", "0"), errors="raise")   # "-": exactly zero
    seekers = flat.assign(v=counts).groupby("1_variable_attribute_code")["v"].sum()
    pop = pd.read_csv(RAW / "pystatis_destatis_12411-01-01-4_bevoelkerung_2024-12-31_flat.csv", sep=";",
                      dtype=str, encoding="utf-8-sig")
    pop = pop[pop["1_variable_attribute_code"].str.fullmatch(r"\d{5}")]
    pop = pop[pop["2_variable_attribute_code"].isin(["GESM", "GESW"]) & (pop["value"] != "-")]  # "-": old Kreise
    pop = pop.assign(v=pop["value"].astype(float)).groupby("1_variable_attribute_code")["v"].sum()
    return seekers, pop


def test_saarland_has_one_count_in_saarlouis_in_the_raw_file(raw_2024):
    seekers, pop = raw_2024
    saar = [c for c in pop.index if c.startswith("10")]
    assert [c for c in saar if c in seekers.index] == ["10044"]        # the other five have no cell
    assert seekers["10044"] == 54160                                    # REVIEW4 #1


def test_twins_group_value_leaves_out_a_kreis_carrying_a_whole_land(raw_2024):
    """REVIEW4 #1: Göttingen's twins are Gießen, Lahn-Dill, Saarlouis, Euskirchen, Neustadt/W.;
    Saarlouis carries all of Saarland, so the group value is formed over the other four
    (the reviewer's 53.9), and the rank, the value and the note all say 4 of 5."""
    seekers, pop = raw_2024
    table = benchmark.benchmark("03159", "09476", outcomes=[benchmark.outcome("schutzsuchende_je_1000")])
    row = table[(table["region"] == "Göttingen") & (table["gruppe"] == "zwillinge")].iloc[0]
    twins = ["05366", "06531", "06532", "07316", "10044"]
    assert row["gruppe_n"] == 5 and row["wert_von"] == 5
    kept = [c for c in twins if c != "10044"]
    expected = seekers[kept].sum() / pop[kept].sum() * 1000
    assert row["gruppenwert"] == pytest.approx(expected)
    assert round(row["gruppenwert"], 1) == 53.9
    assert row["wert_kreise"] == 4 and row["ausgelassen"] == "10044"
    assert row["differenz"] == pytest.approx(seekers["03159"] / pop["03159"] * 1000 - expected)
    note = ranking.benchmark_coverage_note(table, "en")
    assert "4 of 5 districts, without Saarlouis" in note and "numerator and denominator" in note


def test_kreistyp_group_is_never_blank_for_protection_seekers(raw_2024):
    """REVIEW4 #2: District type 2 of Göttingen holds Landkreis Kassel, whose people 12531 counts in
    Stadt Kassel (type 1): the group is formed over its other Kreise and says so."""
    seekers, pop = raw_2024
    table = compare.side_by_side("03159", "09476", "bevoelkerung")
    col = [c for c in table.columns if c.startswith("Kreistyp 2")][0]
    group = compare.bbsr_peers(region("03159"))
    counted = [c for c in group.codes if c in seekers.index]        # Kreise with cells of their own
    saar = [c for c in pop.index if c.startswith("10")]
    assert set(saar) <= set(group.codes)                                # Saarland lies wholly in type 2: one unit
    assert set(group.codes) - set(counted) == {"06633"} | (set(saar) - {"10044"})
    people = [c for c in group.codes if c != "06633"]                   # Landkreis Kassel: its Stadt is type 1
    # the column leaves out the pair's own Kreise (Göttingen is type 2 itself; review 7, item 6)
    counted, people = [c for c in counted if c != "03159"], [c for c in people if c != "03159"]
    row = table.set_index("kennzahl")
    assert row.loc["schutzsuchende_je_1000", col] == pytest.approx(seekers[counted].sum() / pop[people].sum() * 1000)
    assert row.loc["schutzsuchende", col] == seekers[counted].sum()
    assert not np.isnan(row.loc["offen_anteil", col])
    cover = {e["kennzahl"]: e for e in table.attrs["coverage"]}
    assert cover["schutzsuchende_je_1000"]["kreise"] == len(group.codes) - 2  # without Kassel and Göttingen
    assert cover["offen_anteil"]["ausgelassen"] == ["06633"]
    note = present_comparators.side_by_side_coverage_note(table, "de")
    assert f"{len(group.codes) - 2} von {len(group.codes) - 1} Kreisen, ohne Kassel, Landkreis (06633)" in note


def test_a_unit_wholly_in_a_group_counts_once_over_all_its_people(raw_2024):
    """Stadt + Landkreis Kassel together: the count of the Stadt over the people of both."""
    seekers, pop = raw_2024
    group = Region("g", "g", ("03159", "06611", "06633"), "kreis")
    v = compare.group_value(SEEKERS, group, 2024)
    expected = (seekers["03159"] + seekers["06611"]) / pop[["03159", "06611", "06633"]].sum() * 1000
    assert v["value"] == pytest.approx(expected) and v["ausgelassen"] == []
    alone = compare.group_value(SEEKERS, Region("h", "h", ("10041",), "kreis"), 2024)
    assert np.isnan(alone["value"]) and alone["ausgelassen"] == ["10041"] and alone["kreise"] == 0


def test_germany_says_why_it_has_no_value():
    """REVIEW4 #5: AsylbLG recipients 2020 lack Berlin (its 2020 cell in the INKAR extract is
    empty); the Kreistyp groups of Göttingen and Kronach hold no Berlin and have values."""
    raw = (RAW / "heddesheimer_inkar_kreise_asylbewerber_alq_wanderung_1995-2020.csv").read_text(encoding="utf-8-sig")
    berlin = [line for line in raw.splitlines() if line.startswith('"11000"')][0].split(";")
    assert berlin[-1].strip('"') == ""                                  # 2020 is the last column
    table = compare.side_by_side("03159", "09476", "finanzen")
    gap = {g["kennzahl"]: g for g in table.attrs["germany_gaps"]}["asyl_je_1000"]
    assert gap["grund"] == "kreise" and "11000" in gap["kreise"] and len(gap["gruppen_mit_wert"]) == 2
    line = tables.germany_notes(table, "de")
    assert "Deutschland k. A." in line and "Berlin, Stadt (11000)" in line and "Gruppenwert vorhanden" in line
    vacancy = tables.germany_notes(compare.side_by_side("03159", "09476", "wohnen"), "en")
    assert "national figure is not among the source files" in vacancy
    assert "4.3" not in vacancy                                         # no figure that the raw files lack


def test_fair_frame_takes_facility_hosts_of_each_figures_year():
    """REVIEW4 #23 and issue 8: AsylbLG 2020 is measured without the Kreise whose facility is in
    operation by the newest listing up to 2020 – if that listing decides 2020 at all: a listing
    holds for its year and the 2 following, so the 2015 listings leave 2020 unknown (no Kreis left
    out, the note says so), while the 2023 listings decide 2024."""
    fac = pd.read_csv(FACILITIES, dtype={"kreis": str})
    fac["kreis"] = fac["kreis"].str.zfill(5)
    kiel = region("kielregion")

    def newest(year: int) -> pd.DataFrame:
        upto = fac[pd.to_datetime(fac["stand_datum"]).dt.year <= year]
        return upto.sort_values("stand_datum").groupby("ort").last()

    def hosts(year: int) -> set[str]:
        new = newest(year)
        planned = (new["art"] + " " + new["hinweis"].fillna("")).str.contains("neuer Standort|ab Inbetriebnahme")
        current = pd.to_datetime(new["stand_datum"]).dt.year >= year - 2
        use = new[(new["status"] == "in_betrieb") & ~planned & current & new["kreis"].isin(kiel.kreise)]
        return set(use["kreis"])

    def stale(year: int) -> set[str]:
        new = newest(year)
        old = new[(pd.to_datetime(new["stand_datum"]).dt.year < year - 2) & new["kreis"].isin(kiel.kreise)]
        return set(old["kreis"]) - hosts(year)

    assert hosts(2017) == {"01002", "01004"} and hosts(2020) == set() and hosts(2024) == {"01004", "01058"}
    assert stale(2020) == {"01002", "01004", "01057"} and stale(2024) == {"01057"}
    frame = compare.fair_frame("kielregion", "coburg", ["asyl_je_1000", "offen_anteil"])
    lean = frame[frame["variante"] == "ohne_einrichtung"].set_index("kennzahl")
    assert frame.set_index("kennzahl").loc["asyl_je_1000", "jahr"].iloc[0] == 2020
    assert set(lean.loc["asyl_je_1000", "ags"].split(",")) == set(kiel.kreise) - hosts(2020) == set(kiel.kreise)
    assert set(lean.loc["offen_anteil", "ags"].split(",")) == set(kiel.kreise) - hosts(2024)
    assert lean["ort"].nunique() == 1 and "2020: " in lean["ort"].iloc[0]   # one column naming the Kreise per year
    note = present_comparators.facility_entries_note(frame, "de")
    in_2020, in_2024 = note.split("KielRegion 2020:")[1].split("KielRegion 2024:")
    assert "Belegung unbekannt (neuester Eintrag zu alt): Kiel, Landeshauptstadt (2015); Neumünster, Stadt " \
           "(18.09.2015); Plön (12/2015)" in in_2020 and "Plätze" not in in_2020
    assert "Neumünster, Stadt 900 Plätze" in in_2024 and "Plön (12/2015)" in in_2024
    assert "20.11.2023" not in note and "die 2 folgenden Jahre" in note


def test_benchmark_says_why_germany_has_no_vacancy_value():
    """The catalogue's national note (the publisher's rate is not among the raw files) stands
    under the rank table, without the figure itself."""
    table = benchmark.benchmark("03159", "09476", outcomes=[benchmark.outcome("leerstandsquote")])
    assert table.loc[table["gruppe"] == "deutschland", "gruppenwert"].isna().all()
    assert [g["grund"] for g in table.attrs["germany_gaps"]] == ["national_note"]
    note = ranking.benchmark_coverage_note(table, "de")
    assert note.startswith("Deutschland k. A. bei Leerstandsquote") and "4,3" not in note


def test_twins_text_names_the_kreistyp_the_candidates_come_from():
    """REVIEW4 #15: the candidates are the Kreise of the region's type, not 'all Kreise'."""
    import wla

    result = wla.twins("kielregion", k=5, vergleich="coburg")
    typ = int(result.attrs["match"]["bbsr_kreistyp"])
    peers = compare.bbsr_peers(region("kielregion"))
    assert result.attrs["candidates"] <= len(peers.codes)
    text = ranking.twins_text(result, "de")
    assert f"aus den {result.attrs['candidates']} übrigen Kreisen des Kreistyps {typ} mit vollständigen Werten" in text
    assert "aus allen" not in text
    years = {i: y for i, y in result.attrs["years"].items() if i == "kaufkraft_je_ew"}
    assert f"Kaufkraft je Einwohner {years['kaufkraft_je_ew']}" in ranking.model_years_text(years, "de")

"""Benchmarking: rank and percentile arithmetic, and real positions a reader can check."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import wla
from wla.analysis import benchmark
from wla.analysis.twins import twins
from wla.paths import raw_dir
from wla.present.sources import lines


def test_position_on_a_hand_made_group():
    p = benchmark.position(5.0, pd.Series([1.0, 3.0, 7.0, 9.0, np.nan]))
    assert {k: p[k] for k in ("n", "rank", "percentile")} == {"n": 5, "rank": 3, "percentile": 50.0}
    # exact values: no band, the interval is the rank itself
    assert p["rank_low"] == p["rank"] == p["rank_high"] == 3
    # values known to ±0.05 (one published decimal): 10.03 and 9.97 lie within the joint precision
    # 0.1 of 10.0 and cannot be ordered against it; 20 and 1 can
    q = benchmark.position(10.0, pd.Series([10.03, 9.97, 20.0, 1.0]), 0.05, 0.05)
    assert (q["rank"], q["rank_low"], q["rank_high"]) == (3, 2, 4)
    # one published unit apart (15.6 vs 15.5 at ±0.05 each) is ordered; an equal value is not
    r = benchmark.position(15.5, pd.Series([15.6, 15.4, 15.5]), 0.05, 0.05)
    assert (r["rank"], r["rank_low"], r["rank_high"]) == (2, 2, 3)


def test_rank_interval_of_coburg_from_published_rates():
    # Landkreis Coburg's foreigners' unemployment rate 2025 is 12.1 % (BA, one decimal); no other
    # Kreis prints 12.1, so every other Kreis is at least one published unit away: a single rank
    table = benchmark.benchmark("coburg", "09476", outcomes=[benchmark.outcome("alq_auslaender")],
                                twins_of={"coburg": twins("coburg", k=5), "09476": twins("09476", k=5)})
    row = table[(table["region"] == "Landkreis Coburg") & (table["gruppe"] == "deutschland")].iloc[0]
    rates = wla.load("arbeitslosenquote_auslaender", level="kreis", years=2025).set_index("ags")["value"].dropna()
    assert rates["09473"] == row["wert"] == 12.1
    others = rates.drop("09473")
    assert not (others == 12.1).any()
    assert row["rank_low"] == row["rank"] == row["rank_high"] == int((others > 12.1).sum()) + 1
    # Kronach (09476) prints a rate other Kreise share: those tie within ±0.05 each and widen its range
    kr = table[(table["region"] != "Landkreis Coburg") & (table["gruppe"] == "deutschland")].iloc[0]
    same = int((rates.drop("09476") == rates["09476"]).sum())
    assert kr["rank_high"] - kr["rank_low"] == same and kr["rank_low"] == kr["rank"]


def test_protection_seekers_per_kreis_leave_out_counts_reported_elsewhere():
    values, sources = benchmark.kreis_outcome(benchmark.outcome("schutzsuchende_je_1000"))
    # Landkreis Kassel is reported inside the city of Kassel: neither can be ranked
    assert "06633" not in values.index and "06611" not in values.index
    seekers = wla.load("schutzsuchende", level="kreis", years=2024, category="insgesamt").set_index("ags")["value"]
    pop = wla.load("bevoelkerung_z22", level="kreis", years=2024, category="insgesamt").set_index("ags")["value"]
    assert values["09473"] == pytest.approx(seekers["09473"] / pop["09473"] * 1000)
    assert sources["schutzsuchende"] == [2024] and any("12531" in s for s in lines(sources))


def test_coburg_vacancy_rank_in_germany():
    tw = twins("coburg", k=5)
    table = benchmark.benchmark("coburg", "09476", outcomes=[benchmark.outcome("leerstandsquote")],
                                twins_of={"coburg": tw, "09476": twins("09476", k=5)})
    sources = table.attrs["sources"]
    row = table[(table["region"] == "Landkreis Coburg") & (table["gruppe"] == "deutschland")].iloc[0]
    vac = wla.load("leerstandsquote", level="kreis", years=2022).set_index("ags")["value"].dropna()
    own = vac["09473"]
    others = vac.drop("09473")
    assert row["wert"] == pytest.approx(own)
    assert row["rank"] == int((others > own).sum()) + 1
    assert row["percentile"] == pytest.approx((others < own).sum() / len(others) * 100)
    # Germany's vacancy rate as the publisher defines it is not among the source files: no group
    # value and no difference, never the dwelling-weighted 4.5 % (issue 8)
    assert np.isnan(row["gruppenwert"]) and np.isnan(row["differenz"])
    # the rank interval contains the point rank and stays inside the group
    assert (table["rank_low"] <= table["rank"]).all() and (table["rank"] <= table["rank_high"]).all()
    assert (table["rank_high"] <= table["n"]).all()
    twins_row = table[(table["region"] == "Landkreis Coburg") & (table["gruppe"] == "zwillinge")].iloc[0]
    assert twins_row["n"] == 6
    assert twins_row["rank"] == int((vac.reindex(tw["ags"]) > own).sum()) + 1
    assert any("Zensus 2022" in s for s in lines(sources))


def test_gap_is_foreigners_rate_minus_overall_rate():
    values, _ = benchmark.kreis_outcome(benchmark.outcome("alq_abstand"))
    a = wla.load("arbeitslosenquote_auslaender", level="kreis", years=2025).set_index("ags")["value"]
    b = wla.load("arbeitslosenquote", level="kreis", years=2025).set_index("ags")["value"]
    assert values["09473"] == pytest.approx(a["09473"] - b["09473"])


def test_rounding_base_of_school_counts_is_read_from_the_data():
    # Schleswig-Holstein publishes school leavers rounded to multiples of 3, NRW to 5; Bavaria exact
    counts = wla.load("schulabgaenger_ohne_abschluss", level="kreis", years=2023).set_index("ags")["value"].dropna()
    base = benchmark.rounding_base(counts)
    sh, nrw, by = (counts[counts.index.str[:2] == land] for land in ("01", "05", "09"))
    assert (sh % 3 == 0).all() and not (sh % 5 == 0).all() and (base[sh.index] == 3).all()
    assert (nrw % 5 == 0).all() and (base[nrw.index] == 5).all()
    assert not (by % 3 == 0).all() and (base[by.index] == 0).all()
    # Kiel: precision = 1.5 persons / leavers × 100
    leavers = wla.load("schulabgaenger", level="kreis", years=2023).set_index("ags")["value"]
    e = benchmark.kreis_precision(benchmark.outcome("ohne_abschluss"))
    assert e["01002"] == pytest.approx(1.5 / leavers["01002"] * 100) and e["09473"] == 0


def _raw_12531_cells(ags: str, day: str, statuses=("SCHUTZST-OF", "SCHUTZST-AK-1", "SCHUTZST-X")) -> pd.DataFrame:
    """The rows (cells) of the raw 12531-0043 flat file for one Kreis in the top statuses whose sum is the total."""
    raw = pd.read_csv(raw_dir() / "kreise" / f"pystatis_destatis_12531-0043_schutzsuchende_{day}_flat.csv.gz",
                      sep=";", dtype=str, encoding="utf-8-sig")
    mine = raw[(raw["1_variable_attribute_code"] == ags) & raw["2_variable_attribute_code"].isin(statuses)]
    return mine.assign(value=pd.to_numeric(mine["value"]))


@pytest.mark.parametrize("ags, day, year", [("01002", "2024-12-31", 2024), ("09473", "2023-12-31", 2023)])
def test_the_snapshot_counts_the_rounded_cells_of_a_kreis_total(ags, day, year):
    """Issue 8: a 12531-0043 Kreis total is a sum of cells each rounded to 5; the snapshot carries how many."""
    cells = _raw_12531_cells(ags, day)
    nonzero = cells[cells["value"] != 0]
    assert (cells["value"] % 5 == 0).all()
    assert wla.data.summed_cells("schutzsuchende", year)[ags] == len(nonzero)
    offen = nonzero[nonzero["2_variable_attribute_code"] == "SCHUTZST-OF"]
    assert wla.data.summed_cells("schutzsuchende", year, "offen")[ags] == len(offen)
    total = wla.load("schutzsuchende", ags, level="kreis", years=year)["value"].iloc[0]
    assert total == nonzero["value"].sum()


def test_protection_seekers_precision_over_the_summed_cells():
    """Kiel 2024: e = 2 · √(cells · 25 / 12) / inhabitants × 1,000 (two SD of independent rounding errors of
    the listed cells, smaller than the worst case 2.5 × cells); inhabitants from the raw 12411-01-01-4 file."""
    raw = pd.read_csv(raw_dir() / "kreise" / "pystatis_destatis_12411-01-01-4_bevoelkerung_2024-12-31_flat.csv",
                      sep=";", dtype=str, encoding="utf-8-sig")
    kiel = raw[(raw["1_variable_attribute_code"] == "01002") & raw["2_variable_attribute_code"].isna()]
    inhabitants = float(kiel["value"].iloc[0])
    assert inhabitants == 252668
    n = len(_raw_12531_cells("01002", "2024-12-31"))
    assert n == 155
    e = benchmark.kreis_precision(benchmark.outcome("schutzsuchende_je_1000"))
    assert e["01002"] == pytest.approx(2 * (n * 25 / 12) ** 0.5 / inhabitants * 1000)  # 35.9 persons: 0.14 per 1,000
    assert n * 2.5 / inhabitants * 1000 == pytest.approx(1.53, abs=0.005)  # the worst case, not used: all 155 one way


def test_rounding_error_of_one_cell_is_half_the_step():
    assert benchmark.rounding_error(1.0, 5.0) == 2.5  # one published cell: exactly ±b/2
    assert benchmark.rounding_error(2.0, 3.0) == pytest.approx(2 * (2 * 9 / 12) ** 0.5)  # 2.45 < worst case 3


def _kreistyp_1_leavers():
    """Kreise of BBSR Kreistyp 1 (newest Kreise) and their school leavers 2023 (all, without
    certificate; 21111-02-06-4), read with wla.load."""
    from wla.regions import newest_kreise

    types = wla.load("bbsr_kreistyp")
    current = set(newest_kreise())
    codes = sorted(c for c in types.loc[types["value"] == 1, "ags"] if c in current)
    without = wla.load("schulabgaenger_ohne_abschluss", level="kreis", years=2023).set_index("ags")["value"]
    leavers = wla.load("schulabgaenger", level="kreis", years=2023).set_index("ags")["value"]
    return codes, without, leavers


def test_the_kreistyp_group_leaves_out_both_sides_like_the_lead_table():
    """Review 7 #6, REVIEW9_K #6, REVIEW9_BE #11: Berlin (11000) against Kreistyp 1 is neither
    Berlin against itself nor against its partner Hamburg (02000) — rank and group value pool the
    other Kreistyp-1 Kreise."""
    codes, without, leavers = _kreistyp_1_leavers()
    assert "11000" in codes and "02000" in codes
    others = [c for c in codes if c not in ("11000", "02000")]
    expected = without.reindex(others).sum() / leavers.reindex(others).sum() * 100
    with_hamburg = without.reindex(others + ["02000"]).sum() / leavers.reindex(others + ["02000"]).sum() * 100
    assert abs(expected - with_hamburg) > 0.01  # Hamburg's leavers move the pooled share
    table = benchmark.benchmark("11000", "02000", outcomes=[benchmark.outcome("ohne_abschluss")])
    for side, own in (("Berlin", "11000"), ("Hamburg", "02000")):
        row = table[(table["region"] == side) & (table["gruppe"] == "kreistyp")].iloc[0]
        assert row["gruppe_n"] == len(others) and row["n"] == len(others) + 1
        assert row["gruppenwert"] == pytest.approx(expected)
        assert row["differenz"] == pytest.approx(without[own] / leavers[own] * 100 - expected)
    # Germany stays the national value, Berlin included (21111-02-06-4 "DG": 55,708 of 782,423)
    de = table[(table["region"] == "Berlin") & (table["gruppe"] == "deutschland")].iloc[0]
    assert de["gruppenwert"] == pytest.approx(55708 / 782423 * 100)
    assert de["n"] == len(without.dropna()) == 400 and de["gruppe_n"] == 399  # only Berlin left out


def test_the_side_by_side_kreistyp_column_leaves_out_both_sides():
    """Page 40's headline tables: Berlin and Hamburg share Kreistyp 1, and its column holds
    neither of them."""
    from wla.analysis import compare

    codes, without, leavers = _kreistyp_1_leavers()
    others = [c for c in codes if c not in ("11000", "02000")]
    table = compare.side_by_side("11000", "02000", "lernen", until=2023)
    column = [c for c in table.columns if str(c).startswith("Kreistyp 1")]
    assert len(column) == 1
    row = table.set_index("kennzahl").loc["ohne_abschluss"]
    assert row[column[0]] == pytest.approx(without.reindex(others).sum() / leavers.reindex(others).sum() * 100)

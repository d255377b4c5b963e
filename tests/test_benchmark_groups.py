"""Benchmark groups without the partner (REVIEW9_K #6, REVIEW9_BE #11) and one percentile on
pages 40 and 60 (REVIEW9_BE #12): values recomputed from the published Kreis rows."""
from __future__ import annotations

import pandas as pd
import pytest

import wla
from wla.analysis import benchmark, compare, finance


def _schutzsuchende_2024() -> tuple[pd.Series, pd.Series]:
    """Protection seekers (12531, sums of the listed cells; NaN where reported inside another
    Kreis) and population (12411, Zensus-2022 basis) per Kreis on 31.12.2024."""
    s = wla.load("schutzsuchende", level="kreis", years=2024, category="insgesamt").set_index("ags")["value"]
    p = wla.load("bevoelkerung_z22", level="kreis", years=2024, category="insgesamt").set_index("ags")["value"]
    return s, p


@pytest.fixture(scope="module")
def bh():
    return benchmark.benchmark("11000", "02000", outcomes=[benchmark.outcome("schutzsuchende_je_1000")])


def test_kreistyp_value_equals_the_lead_table_and_leaves_out_both_cities(bh):
    s, p = _schutzsuchende_2024()
    types = wla.load("bbsr_kreistyp").query("value == 1")["ags"]
    group = compare.bbsr_peers(wla.region("11000"))
    others = [c for c in group.codes if c not in ("11000", "02000")]
    assert set(others) <= set(types)
    # Kassel (06611) holds Landkreis Kassel (06633, type 2): the unit lies partly outside type 1
    # and is left out of numerator and denominator
    kept = [c for c in others if c != "06611"]
    expected = s.reindex(kept).sum() / p.reindex(kept).sum() * 1000
    lead = compare.side_by_side("11000", "02000", until=2024).set_index("kennzahl")
    column = [c for c in lead.columns if str(c).startswith("Kreistyp 1")][0]
    rows = bh[bh["gruppe"] == "kreistyp"]
    assert rows["gruppenwert"].tolist() == pytest.approx([expected, expected])
    assert rows["gruppenwert"].iloc[0] == pytest.approx(lead.loc["schutzsuchende_je_1000", column])
    assert round(expected, 1) == 47.8  # REVIEW9_BE #11: one value, not 47,8 / 48,2 / 48,7
    assert (rows["gruppe_n"] == len(others)).all()


def test_hamburgs_percentile_is_the_same_on_pages_40_and_60(bh):
    """Germany: every Kreis with its own value and each unit reported as one (Saarland in
    Saarlouis, Kassel Stadt + Landkreis, Cottbus + Spree-Neiße) counted once: Hamburg's
    51,4 per 1,000 is above 335 of the 392 other units = 85,46 % -> 85 on both pages."""
    s, p = _schutzsuchende_2024()
    per_1000 = (s / p * 1000).dropna()
    units = compare.reported_units(compare.headline("schutzsuchende_je_1000"), 2024)
    inside = set().union(*units)
    single = per_1000.drop([c for c in per_1000.index if c in inside])
    folded = pd.Series([s.reindex(sorted(u)).sum() / p.reindex(sorted(u)).sum() * 1000 for u in units])
    values = pd.concat([single, folded], ignore_index=True)
    hh = per_1000["02000"]
    lower = int((values < hh).sum())
    expected = lower / (len(values) - 1) * 100
    assert len(values) == 393 and lower == 335 and expected == pytest.approx(85.459, abs=1e-3)
    page40 = bh[(bh["region"] == "Hamburg") & (bh["gruppe"] == "deutschland")].iloc[0]
    page60 = finance.fiscal_capacity("11000", "02000").set_index("ags").loc["02000", "p_je_1000"]
    assert page40["percentile"] == pytest.approx(expected) and page60 == pytest.approx(expected)
    assert page40["n"] == 393
    from wla.present import ranking
    from wla.present.fmt import number

    printed = ranking.benchmark_table(bh, "de")
    assert printed.loc[(printed["Region"] == "Hamburg") & (printed["Gruppe"] == "Deutschland"), "Perzentil"].iloc[0] \
        == number(page60, 0, "de") == "85"


def test_percentiles_by_hand():
    got = benchmark.percentiles(pd.Series([1.0, 2.0, 2.0, 4.0, float("nan")]))
    assert got.iloc[:4].tolist() == pytest.approx([0, 100 / 3, 100 / 3, 100])  # ties count as not lower
    assert pd.isna(got.iloc[4])


def test_benchmark_table_names_each_figures_unit():
    """REVIEW9_K #19: the Differenz column mixed points, per 1,000 and % without a unit; each row
    now names its unit, and a gap of two rates is in percentage points."""
    from wla.analysis import benchmark
    from wla.present import ranking

    b = benchmark.benchmark("kielregion", "coburg")
    de, en = ranking.benchmark_table(b, "de"), ranking.benchmark_table(b, "en")
    units = dict(zip(b["outcome"], de["Einheit"]))
    assert units == {"schutzsuchende_je_1000": "je 1.000 EW", "alq_auslaender": "%", "alq_abstand": "Prozentpunkte",
                     "ohne_abschluss": "%", "leerstandsquote": "%"}
    assert dict(zip(b["outcome"], en["Unit"]))["alq_abstand"] == "percentage points"


def test_a_whole_land_is_neither_twinned_nor_ranked_among_kreise():
    """REVIEW9_BE #6 / REVIEW10: Schleswig-Holstein (15 Kreise) as a comparison is no Kreis-sized
    unit: the benchmark has no rows for it and names it; a city state (one Kreis) still is ranked."""
    import wla
    from wla.analysis import benchmark
    from wla.present.words import t

    sh = wla.region("01")
    assert sh.whole_laender == ("01",) and len(sh.kreise) == 15
    assert wla.region("11000").whole_laender == () and wla.region("kielregion").whole_laender == ()
    b = benchmark.benchmark(wla.region("09473"), sh)
    assert b.attrs["nicht_gerangt"] == ["Schleswig-Holstein"]
    assert "Schleswig-Holstein" not in set(b["region"])
    assert {"Coburg, Landkreis", "Coburg, Stadt + Coburg, Landkreis"} == set(b["region"])
    assert "15 Kreisen" in t("vergleich.land_keine_zwillinge", "de", region="Schleswig-Holstein", n=15)
    berlin = benchmark.benchmark("11000", "02000")
    assert berlin.attrs["nicht_gerangt"] == [] and set(berlin["region"]) == {"Berlin", "Hamburg"}


def test_lead_table_widens_both_sides_alike():
    """Review of the change: Landkreis Coburg as the REGION also gets its "Stadt + Landkreis" column
    (before only as the comparison), and the Kreistyp group leaves the enclosed Stadt out."""
    import wla
    from wla.analysis import compare

    table = compare.side_by_side(wla.region("09473"), wla.region("01"), "lernen")
    assert table.columns.tolist()[3:6] == ["Coburg, Landkreis", "Coburg, Stadt + Coburg, Landkreis", "Schleswig-Holstein"]
    row = table.set_index("kennzahl").loc["ohne_abschluss"]
    assert round(row["Coburg, Stadt + Coburg, Landkreis"], 1) == 9.9 and round(row["Coburg, Landkreis"], 1) == 11.7
    from wla.analysis import benchmark

    kreistyp = [c for c in table.columns if c.startswith("Kreistyp")][0]
    ranked = benchmark.benchmark(wla.region("09473"), wla.region("01"))
    group = ranked[(ranked["outcome"] == "ohne_abschluss") & (ranked["gruppe"] == "kreistyp")]["gruppenwert"]
    assert group.iloc[0] == pytest.approx(row[kreistyp])  # one Kreistyp value on the page

"""Review 4 #20: the shift-share as printed — change = difference of the printed endpoints, the
reference's coverage where the national value is missing, and the * on a thin start OR end.
Expected values are read from the raw BA extract and the raw 13211 files."""
from __future__ import annotations

import pandas as pd
import pytest

from wla.analysis import shift_share as ss
from wla.paths import raw_dir
from wla.present import ranking

RAW = "badata_ba_arbeitslose_kreis_x_beruf_2012-2025_auslaender_EXTRACT.csv.gz"
KIELREGION = ("01002", "01004", "01057", "01058")


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return pd.read_csv(raw_dir() / "kreise" / RAW, dtype={"region": str, "occupational_group": str})


@pytest.fixture(scope="module")
def pair():
    return [ss.shift_share("kielregion", vergleich="coburg"), ss.shift_share("coburg", vergleich="kielregion")]


def _national_years_in_raw_files() -> list[int]:
    """Years with a Germany row ('DG') in the raw 13211 files (cp1252, ';')."""
    years = set()
    for name in ("buddemax_destatis_13211-02-05-4.csv", "nicofhahn_destatis_arbeitslose_2019.csv"):
        for line in (raw_dir() / "kreise" / name).read_text(encoding="cp1252").splitlines():
            f = line.split(";")
            if len(f) > 2 and f[1] == "DG" and f[0].isdigit():
                years.add(int(f[0]))
    return sorted(years)


def test_printed_change_is_the_difference_of_the_printed_endpoints(raw, pair):
    kiel = raw[raw["region"].isin(KIELREGION)].groupby("year")["total"].sum()
    start, end = round(kiel[2012]), round(kiel[2025])
    assert (start, end) == (3343, 7479)          # the review's 3.343 and 7.479
    assert kiel[2025] - kiel[2012] == pytest.approx(4136.58, abs=0.01)  # rounds to 4.137 on its own
    assert ranking.printed_change(kiel[2012], kiel[2025]) == end - start == 4136
    summary = ranking.shift_share_summary(pair, "de").set_index("Komponente (Personen)")
    column = summary["KielRegion"]
    assert column["Veränderung insgesamt"] == 4136
    assert column["Arbeitslose Ausländer 2012 (Jahresdurchschnitt)"] == pytest.approx(kiel[2012])
    assert column["Arbeitslose Ausländer 2025 (Jahresdurchschnitt)"] == pytest.approx(kiel[2025])


def test_the_finding_prints_the_same_change():
    import wla
    from wla.analysis import findings
    from wla.present import findings as present

    rows = findings._shift_share_findings(wla.region("kielregion"), wla.region("coburg"))
    kiel = next(r for r in pd.DataFrame(rows).itertuples() if r.ort == "KielRegion")
    assert "2012 3.343, 2025 7.479 (Veränderung 4.136)" in present.statement(kiel, "Landkreis Coburg", "de")
    assert "2012 3,343, 2025 7,479 (change 4,136)" in present.statement(kiel, "Landkreis Coburg", "en")


def test_coverage_without_a_national_value_says_why(pair):
    a = pair[0].attrs
    assert _national_years_in_raw_files() == [2019, 2025] == a["bundeswert_jahre"]
    assert pd.isna(a["abdeckung_start"]) and a["start"] == 2012
    de, en = ranking.shift_share_text(pair[0], "de"), ranking.shift_share_text(pair[0], "en")
    assert "k. A." not in de and "n/a" not in en
    assert "Für 2012 ist ihr Anteil" in de and "nur für 2019, 2025" in de
    assert "89,0 % (2025)" in de and "For 2012 its share" in en
    # REVIEW10: the period is the pair's, and the page says it can differ with another comparison
    assert "die gemeinsamen dieses Paares" in de and "with another comparison the same region can have another period" in en


def test_a_component_is_flagged_when_either_end_is_thin(raw, pair):
    coburg = raw[(raw["region"] == "09473") & (raw["occupational_group"] == "513")].set_index("year")["total"]
    assert round(coburg[2012]) == 11 and round(coburg[2025]) == 64   # thin start, end above 50
    shown = ranking.top_components_table(pair[1], 5, "de")
    names = list(shown.iloc[:, 0])
    storage = [n for n in names if n.startswith("513 ")]
    assert storage and storage[0].endswith(" *")
    # KielRegion's 541 Reinigung (672 -> 1,375) is not flagged
    kiel = ranking.top_components_table(pair[0], 5, "de")
    assert all(not n.endswith(" *") for n in kiel.iloc[:, 0] if n.startswith("541 "))


def test_rate_text_refers_back_only_to_a_shift_share_shown():
    rates = ss.rates("03159", vergleich="09476")
    assert "oben" in ranking.rates_text(rates, "de") and "above" in ranking.rates_text(rates, "en")
    alone_de, alone_en = ranking.rates_text(rates, "de", False), ranking.rates_text(rates, "en", False)
    assert "Shift-Share-Zerlegung oben" not in alone_de and "shift-share above" not in alone_en
    assert f"der {rates.attrs['kreise_referenz']} Kreise mit allen nötigen Werten" in alone_de


def test_the_text_says_why_the_decomposition_ends_before_the_newest_year():
    text = ranking.shift_share_text(ss.shift_share("03159", vergleich="09476"), "de")
    assert "2012–2024" in text and "endet 2024, nicht 2025: Für Göttingen (2025)" in text

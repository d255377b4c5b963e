"""Page 30 measured alike: Germany beside the regions (publisher's national rows of
13211-02-05-4, read back from the raw file) and shares on small counts marked."""
from __future__ import annotations

import pandas as pd
import pytest

from wla.analysis import compare, labour
from wla.paths import raw_dir
from wla.present import tables


def _national_13211(year: int) -> dict[str, float]:
    """Germany's row of the raw 13211 files (cp1252, ';', decimal comma): 2025 from
    13211-02-05-4 (with rates), 2019 from the counts-only extract."""
    name = "buddemax_destatis_13211-02-05-4.csv" if year == 2025 else "nicofhahn_destatis_arbeitslose_2019.csv"
    text = (raw_dir() / "kreise" / name).read_text(encoding="cp1252")
    for line in text.splitlines():
        f = line.split(";")
        if f[0] == str(year) and f[1] == "DG":
            num = [float(x.replace(",", ".")) for x in f[3:]]
            rates = {"alq": num[8], "alq_auslaender": num[11]} if len(num) > 8 else {}
            return {"arbeitslose": num[0], "auslaender": num[1], **rates}
    raise AssertionError(f"no national row for {year}")


def test_the_rate_table_has_a_germany_row_from_the_national_figures():
    # review 2, P2 #19: the finding quotes 6,3 / 14,8 %; the table now shows them
    gap = labour.rate_gap([*compare.table_regions("kielregion", "coburg"), "deutschland"], year=2025)
    germany = gap[gap["ebene"] == "deutschland"]
    assert len(germany) == 1                                          # one row, not 400 Kreise
    raw = _national_13211(2025)
    assert (germany["alq"].iloc[0], germany["alq_auslaender"].iloc[0]) == (raw["alq"], raw["alq_auslaender"]) == (6.3, 14.8)
    assert germany["abstand"].iloc[0] == pytest.approx(8.5)
    assert "Coburg, Stadt + Landkreis Coburg" in set(gap["region"])


def test_germanys_share_of_foreigners_among_the_unemployed_comes_from_the_national_rows():
    series = labour.unemployed_series(["deutschland"])
    germany = series.set_index("year")
    for year in (2019, 2025):
        raw = _national_13211(year)
        assert germany.loc[year, "anteil_auslaender"] == pytest.approx(raw["auslaender"] / raw["arbeitslose"] * 100)
    assert germany["anteil_auslaender"].drop([2019, 2025]).isna().all()  # no national total in the BA extract
    assert series.attrs["sources"]["arbeitslose"] == [2019, 2025]


def test_occupation_shares_on_small_counts_are_marked():
    from wla.analysis.findings import MIN_COUNT

    jobs = labour.occupations("kielregion", "coburg", year=2025)
    assert (jobs["arbeitslose_auslaender_vergleich"] < MIN_COUNT).any()   # Landkreis Coburg: small groups
    shown = tables.marked(jobs["anteil_vergleich"], jobs["arbeitslose_auslaender_vergleich"], 1, "de", MIN_COUNT)
    for text, n in zip(shown, jobs["arbeitslose_auslaender_vergleich"]):
        assert text.endswith(tables.SMALL_MARK) == (not pd.isna(n) and n < MIN_COUNT)
    assert tables.marked([0.93], [4.0], 1, "de", 50) == ["0,9 *"]
    assert tables.marked([12.5], [60.0], 1, "en", 50) == ["12.5"]
    assert tables.marked([float("nan")], [4.0], 1, "de", 50) == ["k. A."]


def test_a_gemeinde_set_of_whole_kreise_gets_the_kreis_rate():
    import wla

    gemeinden = ",".join(wla.region("09473").gemeinden()["ags"])
    rate = labour.implied_rate(gemeinden, "arbeitslose", "arbeitslosenquote", 2025)
    raw = (raw_dir() / "kreise" / "buddemax_destatis_13211-02-05-4.csv").read_text(encoding="cp1252")
    coburg = next(line.split(";") for line in raw.splitlines() if line.startswith("2025;09473;"))
    assert rate["value"] == float(coburg[11].replace(",", ".")) == 4.6

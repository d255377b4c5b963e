"""Findings as data: columns, ranking rule, themes, and the catalogue export."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wla.analysis import compare, findings
from wla.exceptions import WlaError


@pytest.fixture(scope="module")
def all_findings():
    return findings.findings("kielregion", "coburg")


def test_columns_and_themes(all_findings):
    assert list(all_findings.columns) == findings.COLUMNS
    assert set(all_findings["thema"]) == set(findings.THEMES)
    assert list(all_findings["rang"]) == list(range(1, len(all_findings) + 1))
    assert (all_findings["quellen"].str.len() > 0).all()
    assert (all_findings["massnahmen"].str.len() > 0).all()
    assert set(all_findings["ebene"]) == {"Region", "Kreis", "Gemeinde"}


def test_ranking_rule(all_findings):
    dev = all_findings["abweichung_prozent"]
    known = dev.dropna().abs()
    assert list(known) == sorted(known, reverse=True)
    # all findings with a comparison value come first
    assert dev.notna().sum() == dev.notna().cumprod().sum()
    row = all_findings[all_findings["kennzahl"] == "schutzsuchende_je_1000"].iloc[0]
    assert row["abweichung_prozent"] == pytest.approx((row["wert"] - row["vergleichswert"]) / row["vergleichswert"] * 100)


def test_headline_values_match_compare(all_findings):
    h = compare.headline("schutzsuchende_je_1000")
    row = all_findings[all_findings["kennzahl"] == h.key].iloc[0]
    year = int(row["aussage"].split(":")[0].split()[-1])
    from wla.regions import region

    assert row["wert"] == pytest.approx(compare.value(h, region("kielregion"), year)["value"])


def test_cost_arithmetic_from_finance(all_findings):
    gem = all_findings[all_findings["kennzahl"] == "potenzial_gemeinde"]
    assert len(gem) == findings.TOP_GEMEINDEN and (gem["ebene"] == "Gemeinde").all()
    assert gem["kosten_eur"].notna().all() and gem["kosten"].str.contains("EUR").all()
    kreis = all_findings[all_findings["kennzahl"] == "last_steuerkraft"]
    assert sorted(kreis["ort"]) == sorted(["Kiel, Landeshauptstadt", "Neumünster, Stadt", "Plön",
                                           "Rendsburg-Eckernförde"])
    assert (kreis["kosten_eur"] == 6750).all()  # the SH pass-on share, an assumption with its source
    assert kreis["quellen"].str.contains("Annahme weitergabe_anteil").all()


def test_one_theme_and_english():
    frame = findings.findings("kielregion", "coburg", "lernen", "en")
    assert set(frame["thema"]) == {"lernen"}
    assert set(frame["art"]) <= {"challenge", "potential"}
    with pytest.raises(WlaError, match="unknown theme"):
        findings.findings("kielregion", "coburg", "wohnung")


def test_rank_on_a_hand_made_frame():
    frame = pd.DataFrame({"thema": ["lernen", "wohnen", "arbeiten"], "wert": [12.0, 5.0, 1.0],
                          "vergleichswert": [10.0, np.nan, 2.0]})
    for col in set(findings.COLUMNS) - set(frame.columns) - {"rang", "abweichung_prozent"}:
        frame[col] = ""
    out = findings.rank(frame)
    # lernen +20 %, arbeiten -50 %, wohnen no comparison: order arbeiten, lernen, wohnen
    assert list(out["thema"]) == ["arbeiten", "lernen", "wohnen"]
    assert list(out["abweichung_prozent"][:2]) == pytest.approx([-50.0, 20.0])


def test_export_writes_excel_and_csv(tmp_path, all_findings):
    xlsx, csv = findings.export(all_findings, tmp_path, "katalog")
    back = pd.read_excel(xlsx)
    assert len(back) == len(all_findings) and back.columns[0] == "Rang"
    text = csv.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Rang;Thema;Ort")
    assert not list(tmp_path.glob(".*tmp"))
    with pytest.raises(WlaError, match="does not exist"):
        findings.export(all_findings, tmp_path / "missing", "katalog")


def test_output_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("WLA_OUTPUT_DIR", str(tmp_path))
    assert findings.output_folder() == tmp_path
    assert findings.output_folder("/x") == type(tmp_path)("/x")

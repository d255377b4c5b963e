"""The reception-facility caveat of a finding names the Länder the facilities list really covers
(read here from the raw list), not one Land typed into the words."""
from __future__ import annotations

import csv

import pandas as pd

from wla.analysis import findings
from wla.paths import raw_dir
from wla.present import findings as present

#: Land codes of the Gemeindeverzeichnis (the first two digits of a Kreis key).
LAENDER = {"01": "Schleswig-Holstein", "02": "Hamburg", "03": "Niedersachsen", "04": "Bremen",
           "05": "Nordrhein-Westfalen", "06": "Hessen", "07": "Rheinland-Pfalz", "08": "Baden-Württemberg",
           "09": "Bayern", "10": "Saarland", "11": "Berlin", "12": "Brandenburg", "13": "Mecklenburg-Vorpommern",
           "14": "Sachsen", "15": "Sachsen-Anhalt", "16": "Thüringen"}


def _covered_from_the_raw_list() -> list[str]:
    with open(raw_dir() / "einrichtungen" / "landesunterkuenfte_sh.csv", encoding="utf-8") as f:
        codes = {row["kreis"].zfill(5)[:2] for row in csv.DictReader(f, delimiter=";")}
    return [LAENDER[c] for c in sorted(codes)]


def test_the_caveat_for_a_kreis_outside_the_list_names_the_laender_the_list_covers():
    covered = _covered_from_the_raw_list()
    assert covered == ["Schleswig-Holstein"]  # the list as delivered; the caveat must follow it if it grows
    frame = findings.findings("03159", "09476", theme="bevoelkerung")  # Göttingen (Niedersachsen) vs Kronach
    row = next(r for r in frame.itertuples() if r.kennzahl == "offen_anteil")
    de = present.statement(row, "Kronach", "de", frame.attrs["variants"])
    en = present.statement(row, "Kronach", "en", frame.attrs["variants"])
    assert f"sie umfasst aber nur {', '.join(covered)} und auch dort nicht jeden Standort" in de
    assert f"but it covers {', '.join(covered)} only and not every site there" in en
    assert "Niedersachsen" not in de and "Bayern" not in de


def test_the_caveat_follows_the_list_when_it_covers_another_land(monkeypatch):
    from wla import store

    frame = findings.findings("03159", "09476", theme="bevoelkerung")
    row = next(r for r in frame.itertuples() if r.kennzahl == "offen_anteil")
    listed = store.einrichtungen()
    bamberg = listed.iloc[[0]].assign(kreis=9471, ags_gemeinde="09471000")  # a row moved to Bayern (Bamberg)
    monkeypatch.setattr(store, "einrichtungen", lambda: pd.concat([listed, bamberg]))
    assert "sie umfasst aber nur Schleswig-Holstein, Bayern und auch dort" in present.statement(row, "Kronach", "de")

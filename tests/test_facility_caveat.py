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


def _raw_listing(place: str, stand: str) -> dict:
    with open(raw_dir() / "einrichtungen" / "landesunterkuenfte_sh.csv", encoding="utf-8") as f:
        return next(r for r in csv.DictReader(f, delimiter=";") if r["ort"] == place and r["stand"] == stand)


def test_a_listing_decides_its_year_and_the_two_after_then_the_state_is_unknown():
    """Issue 8: Neumünster's listing of 18.09.2015 (2,000 places, in use) makes Neumünster a host in
    2015–2017 only; 2018–2022 (no newer listing) are unknown, not "host"; the 11/2023 listing (900
    places) decides 2023–2025."""
    from wla import region
    from wla.analysis import compare

    assert compare.FACILITY_LISTING_YEARS == 2
    first, second = _raw_listing("Neumünster", "2015-09-18"), _raw_listing("Neumünster", "2023-11")
    kiel = region("kielregion")
    for year in range(2015, 2027):
        hosts = compare.facility_hosts(kiel, year).set_index("kreis")
        unknown = compare.facility_unknown(kiel, year).set_index("kreis")
        if year <= 2015 + 2:
            assert hosts.loc[first["kreis"], "plaetze"] == int(first["plaetze"]) == 2000, year
        elif year < 2023:
            assert first["kreis"] not in hosts.index and unknown.loc[first["kreis"], "stand"] == first["stand"], year
        elif year <= 2023 + 2:
            assert hosts.loc[second["kreis"], "plaetze"] == int(second["plaetze"]) == 900, year
        else:
            assert unknown.loc[second["kreis"], "stand"] == second["stand"], year
    assert compare.without_facility_host(kiel, 2020) is None  # no Kreis is known to host one in 2020


def test_the_asylum_benefit_finding_of_2020_says_the_hosts_are_unknown():
    frame = findings.findings("kielregion", "coburg", theme="finanzen")
    row = next(r for r in frame.itertuples() if r.kennzahl == "asyl_je_1000")
    assert row.jahr == 2020 and pd.isna(row.details["region_ohne_einrichtung"])
    de = present.statement(row, "Landkreis Coburg", "de", frame.attrs["variants"])
    en = present.statement(row, "Landkreis Coburg", "en", frame.attrs["variants"])
    assert ("Für Kiel, Landeshauptstadt (2015); Neumünster, Stadt (18.09.2015); Plön (12/2015) ist unbekannt, "
            "ob dort 2020 eine belegte Einrichtung lag") in de
    assert "und die 2 folgenden Jahre" in de and "names none for either side" not in en
    assert "it is unknown whether an occupied facility was there in 2020" in en

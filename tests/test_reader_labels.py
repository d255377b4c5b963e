"""Names and run facts as readers read them (review 2, P2 #26/#27, P3 glossary).

Gemeinde names in the tables of 10 and 50 are the region labels of :func:`wla.regions.gemeinde_label`
("Kronach, St" -> "Kronach"); the index names the snapshot by its date and a short checksum, not
by an internal path; the glossary's long terms do not run into their definitions.
"""
from __future__ import annotations

import hashlib
import re

from bs4 import BeautifulSoup

from conftest import rendered_style
from wla.analysis import housing, potential
from wla.paths import data_dir
from wla.report import index

#: The Bavarian GV kinds after the comma ("Kronach, St", "Tettau, M", "Kulmbach, GKSt").
KIND = re.compile(r", (?:St|M|GKSt)$")


def test_potential_names_gemeinden_and_centres_as_region_labels():
    frame = potential.potential("09476")  # Landkreis Kronach: Stadt Kronach is "Kronach, St" in the GV
    assert not frame["name"].str.contains(KIND).any()
    assert {"Kronach", "Ludwigsstadt", "Tettau"} <= set(frame["name"])
    assert not frame["zentrum"].dropna().str.contains(r", (?:St|M|GKSt|Stadt)$").any()


def test_vacancy_table_names_gemeinden_as_region_labels():
    frame = housing.vacancy_and_shrinking("coburg")
    assert "Neustadt bei Coburg" in set(frame["name"]) and "Rödental" in set(frame["name"])
    assert not frame["name"].str.contains(KIND).any()


def test_index_names_the_snapshot_by_date_and_short_checksum():
    snap = index.snapshot_info()
    full = hashlib.sha256((data_dir() / "manifest.json").read_bytes()).hexdigest()
    assert snap["checksum"] == full and re.fullmatch(r"\d{4}-\d{2}-\d{2}", snap["built"])
    for lang, words in (("de", "Datenstand: Snapshot vom "), ("en", "Data as of: snapshot of ")):
        soup = BeautifulSoup(index.snapshot_line(snap, lang), "html.parser")
        text = soup.get_text()
        assert text.startswith(words) and full[:12] in text and full not in text
        assert "manifest" not in text and "sha256" not in text
        assert soup.find(id="snapshot-checksum")["data-sha256"] == full
    y, m, d = snap["built"].split("-")
    assert f"{d}.{m}.{y}" in index.snapshot_line(snap, "de")


def test_glossary_terms_stand_above_their_definitions(tmp_path):
    rules = rendered_style(tmp_path, "# Regionalprofil", "wla-glossary")
    # the lab template floats dt into 20 % of the width; the box overrides it on screen and paper
    assert "aside.wla-glossary dt { float: none; width: auto;" in rules and "@media" not in rules

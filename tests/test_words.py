"""Reader-facing words: every entry in both languages, every key used in code exists."""
from __future__ import annotations

import csv
import json
import re
import string
from pathlib import Path

import pytest

from wla.present import words

ROOT = Path(__file__).resolve().parents[1]
#: Literal keys in calls such as t("profil.intro", ...) or ctx.say("profil.intro", ...) in the package and the notebooks.
KEY_CALL = re.compile(r"""(?:\bt|\bctx\.say)\(\s*\\?["']([a-z0-9_]+(?:\.[a-z0-9_]+)?)\\?["']""")


#: Fields an entry may carry beside de and en: a glossary term's words on a page per language and
#: its whole-cell signs (:mod:`wla.present.glossary`).
EXTRA = {"glossar": {"auf_seite", "zelle"}, "einrichtung": {"liste"}}


def test_every_glossary_term_says_how_a_page_shows_it_in_both_languages():
    for entry, texts in words.chapter("glossar").items():
        if entry == "titel":
            continue
        marks = texts.get("auf_seite", {})
        assert texts.get("zelle") or (marks.get("de") and marks.get("en")), f"glossar.{entry}: no auf_seite de/en"
        assert set(marks) <= {"de", "en"} and all(w.strip() for ws in marks.values() for w in ws), entry


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("chapter", words.chapters())
def test_every_entry_has_german_and_english_with_the_same_fields(chapter):
    for entry, texts in words.chapter(chapter).items():
        assert set(texts) - EXTRA.get(chapter, set()) == {"de", "en"}, f"{chapter}.{entry}: needs exactly de and en"
        assert texts["de"].strip() and texts["en"].strip(), f"{chapter}.{entry}: empty text"
        assert _fields(texts["de"]) == _fields(texts["en"]), f"{chapter}.{entry}: placeholders differ"


def _sources():
    for path in list((ROOT / "wla").rglob("*.py")) + list((ROOT / "notebooks").glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            text = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"])
        yield path, text


def test_every_key_used_in_code_and_notebooks_exists():
    used = {(path.name, key) for path, text in _sources() for key in KEY_CALL.findall(text)}
    assert used, "the key pattern found no t(...) call at all"
    missing = sorted((name, key) for name, key in used if not words.has(key))
    assert not missing, f"keys used but not in wla/present/words: {missing}"


def test_unknown_key_and_language_fail_clearly():
    with pytest.raises(Exception, match="words/profil.toml"):
        words.t("profil.gibt_es_nicht")
    with pytest.raises(Exception, match="sprache"):
        words.t("profil.karte_entwicklung", "fr", region="A", start=2013, end=2023)
    assert words.t("profil.karte_entwicklung", "en", region="A", start=2013, end=2023) == "A: population change 2013–2023 in %"


# --- KldB 2010 occupational groups (issue 10: BA titles in German on English pages) ----------------
def _kldb_raw() -> list[dict]:
    """The BA's code list of Berufsgruppen, read with the csv module (not wla's reader)."""
    import csv

    from wla.paths import raw_dir

    path = raw_dir() / "kreise" / "badata_ba_kldb2010_berufsgruppen_codes_EXTRACT.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_kldb_group_of_the_ba_list_has_the_ba_title_and_an_english_one():
    raw = _kldb_raw()
    assert len(raw) == 145 and sum(r["code"] == "" for r in raw) == 1  # 144 groups + "ohne Angabe"
    entries = words.chapter("kldb")
    for row in raw:
        key = row["code"] or "ohne_angabe"
        assert key in entries, f"KldB {key} ({row['name']}) missing in words/kldb.toml"
        assert entries[key]["de"] == row["name"].strip(), f"KldB {key}: German title differs from the BA's"
        en = entries[key]["en"]
        assert en.strip() and en != entries[key]["de"] and not re.search("[äöüßÄÖÜ]", en), f"KldB {key}: {en!r}"
    assert len(entries) == len(raw), "words/kldb.toml has groups the BA list does not have"


def test_occupation_titles_follow_the_page_language():
    raw = {r["code"]: r["name"] for r in _kldb_raw()}
    assert words.occupation(f"541 {raw['541']}", "de") == "541 Reinigung"
    assert words.occupation("541 Reinigung", "en") == "541 Cleaning"
    # the title readers of issue 10 stumbled over, in English on English pages
    assert words.occupation(f"531 {raw['531']}", "en") == "531 Property, personal and fire protection, occupational safety"
    assert words.occupation(raw[""], "en") == "No target occupation stated"
    assert words.occupation(raw[""], "de") == "ohne Angabe zum Zielberuf"
    for wrong in ("541 Putzen", "999 Reinigung", "Reinigung"):
        with pytest.raises(Exception, match="kldb.toml"):
            words.occupation(wrong, "en")


# --- the facility list: type, source and remark in English on English pages ------------------------
def _facility_texts() -> list[tuple[str, str]]:
    """(column, text) of every non-empty type, source and remark in the raw facility list
    (``;``-separated; a source naming several outlets holds "; " itself, so it is everything
    between ``stand`` and the last field ``hinweis``)."""
    from wla.paths import raw_dir

    lines = (raw_dir() / "einrichtungen" / "landesunterkuenfte_sh.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    assert header[4] == "art" and header[7:] == ["quelle", "hinweis"], header
    out = []
    for line in filter(str.strip, lines[1:]):
        fields = [f.strip() for f in line.split(";")]
        out += [(col, text) for col, text in
                (("art", fields[4]), ("quelle", "; ".join(fields[7:-1])), ("hinweis", fields[-1])) if text]
    return out


def test_every_text_of_the_facility_list_reads_in_both_languages():
    # as every region's page shows it: the compiler's remark on the KielRegion is left out of the
    # remarks (wla.analysis.profile.facilities) — "liegt im Kreis Segeberg, außerhalb der KielRegion"
    # reads "liegt im Kreis Segeberg" (a Schleswig-Holstein pair showed it; no words for it broke page 00)
    texts = [(col, re.sub(r",?\s*(au(ß|ss)erhalb|innerhalb) der KielRegion", "", text).strip())
             for col, text in _facility_texts()]
    assert ("hinweis", "liegt im Kreis Segeberg") in texts
    texts = [(col, text) for col, text in texts if text]
    assert len(texts) >= 15
    for col, text in texts:
        listed_as = {e["liste"]: e["de"] for e in words.chapter("einrichtung").values() if "liste" in e}
        assert words.listed("einrichtung", text, "de") == listed_as.get(text, text), f"{col}: German differs: {text!r}"
        en = words.listed("einrichtung", text, "en")
        assert en != text and not re.search(r"\b(und|am|auf|bei|ohne|im|nennt|Pressebericht|Landesunterkunft|Erstaufnahme|Kreis)\b", en), (col, en)


def test_a_post_id_is_cited_as_the_web_address_it_is():
    # review 4 P3: "Pressebericht (archiv.nepoli.eu, ?p=894753)" read like an internal reference
    text = next(t for col, t in _facility_texts() if "?p=" in t)
    assert words.listed("einrichtung", text, "de") == "Pressebericht (archiv.nepoli.eu/?p=894753)"
    assert words.listed("einrichtung", text, "en") == "Press report (archiv.nepoli.eu/?p=894753)"


def test_figures_of_a_listed_text_are_written_in_the_page_format():
    assert words.listed("einrichtung", "am Stichtag 4.700 Bewohnerinnen und Bewohner", "en") == "4,700 residents on the reference date"
    assert words.listed("einrichtung", "shz.de nennt 1.126 Betten bei höchster Belegung 958", "en") == (
        "shz.de reports 1,126 beds at a peak occupancy of 958")
    assert words.listed("einrichtung", "", "en") == ""
    with pytest.raises(Exception, match="einrichtung.toml"):
        words.listed("einrichtung", "ein neuer Hinweis", "en")
    assert words.listed("einrichtung", "ein neuer Hinweis", "de") == "ein neuer Hinweis"  # the list's words


# --- citizenships of the Schutzsuchende statistics and Länder (review 2, P2 #26) -------------------
def _raw_citizenships() -> dict[str, str]:
    """GENESIS code -> label of every citizenship in the raw 12531-0043 flat files (both dates)."""
    import gzip

    from wla.paths import raw_dir

    found: dict[str, str] = {}
    paths = sorted((raw_dir() / "kreise").glob("pystatis_destatis_12531-0043_schutzsuchende_*_flat.csv.gz"))
    assert len(paths) >= 2, "raw 12531-0043 files missing: the names cannot be checked"
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh, delimiter=";"):
                found[row["4_variable_attribute_code"]] = row["4_variable_attribute_label"]
    return found


def test_every_citizenship_of_the_raw_file_has_its_label_and_an_english_name():
    raw = _raw_citizenships()
    assert len(raw) == 137  # 133 countries and historical states of STAAG5 used, stateless, unresolved, not stated
    entries = words.chapter("staat")
    for code, label in raw.items():
        assert code in entries, f"citizenship {code} ({label}) missing in words/staat.toml"
        assert entries[code]["de"] == label, f"{code}: German name differs from Destatis' label"
        en = words.citizenship(label, "en")
        assert en.strip() and not re.search("[äöüßÄÖÜ]", en), f"{code}: {en!r}"
        assert words.citizenship(label, "de") == label
    assert set(entries) == set(raw), "words/staat.toml has citizenships the raw files do not have"
    assert words.citizenship("Syrien", "en") == "Syria" and words.citizenship("Ukraine", "en") == "Ukraine"
    with pytest.raises(words.ParameterError, match="not a citizenship"):
        words.citizenship("Atlantis", "en")


def test_every_land_of_the_gazetteer_has_an_english_name():
    from wla import store
    from wla.present.fmt import region_label

    laender = {k: n for k, n in store.names().items() if len(k) == 2 and k != "DG"}
    assert len(laender) == 16
    english = {region_label(n, "en") for n in laender.values()}
    assert len(english) == 16 and {"Bavaria", "Lower Saxony", "North Rhine-Westphalia", "Thuringia"} <= english
    assert all(region_label(n, "de") == n for n in laender.values())
    assert region_label("Bayern", "en") == "Bavaria"

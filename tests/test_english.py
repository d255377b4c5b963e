"""English pages are English: no German word, no internal id, no unformatted number.

`wla report --sprache en` for the default pair, every page and the index read as a reader reads
them (text and image alt texts), with the places left in that readers may meet in German: proper
names of places (every Gemeinde, Kreis and Land of the gazetteer and the pair's own labels),
source lines (publishers and table titles are quoted as published), the German term the
glossary names beside its English one ("Protection seekers (Schutzsuchende)"), a German word
given in parentheses after its English one ("states (Länder)") and quoted programme names
(MORO "Lebendige Regionen"). :func:`english_problems` is also run on pages built in-process by
tests/test_present.py.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

#: Common German words that have no place in English text (case-sensitive, whole words).
GERMAN_WORDS = (
    "und", "oder", "der", "die", "das", "des", "dem", "den", "mit", "ohne", "für", "über", "nach", "vom", "zum",
    "zur", "im", "am", "je", "nicht", "sind", "wird", "bei", "auf", "aus", "Kreis", "Kreise", "Kreises", "Landkreis",
    "Landkreise", "kreisfreie", "kreisfreien", "kreisfreier", "Deutschland", "Gemeinde", "Gemeinden", "Stadt", "Land",
    "Länder", "Bund", "Einwohner", "EW", "Anteil", "Jahr", "Quelle", "Stand", "Stichtag", "Hinweis", "insgesamt",
    "Personen", "Ausländer", "Schutzsuchende", "Berufsgruppe", "Kennzahl", "Einheit", "Wert", "Summe",
    "Erstaufnahme", "Landesunterkunft", "Pressebericht", "Kleinstadt", "Landgemeinde", "Mittelstadt", "Großstadt",
)
#: German word endings (nouns in -ung, -schaft, -keit, ...); the English words that end alike are allowed.
GERMAN_ENDING = re.compile(r"\b[A-Za-zÄÖÜäöüß-]+(?:ung|ungen|schaft|keit|heit|lich|isch|pflege|wesen|technik)\b")
ENGLISH_ALIKE = {"young", "among", "hung", "lung", "sung", "rung", "stung", "swung", "flung", "clung", "wrung",
                 "strung", "slung", "dung", "Jung"}
#: Abbreviations glued by commas as in the BA's short titles ("Obj.-,Pers.-,Brandschutz"); English
#: text has a space after a comma.
GLUED = re.compile(r"\S*[A-Za-z.-],[A-Za-zÄÖÜ]\S*")
_GERMAN = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, GERMAN_WORDS)) + r")(?![\w-])|[A-Za-z-]*[äöüßÄÖÜ][\wäöüß-]*")
#: An internal id (snake_case) and numbers a reader should not see in English.
INTERNAL_ID = re.compile(r"(?<![\w./=?-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w.-])")
RAW_FLOAT = re.compile(r"\d+\.0*[1-9]\d{4,}")  # five significant decimals or more: 12.217412217412218
GERMAN_DECIMAL = re.compile(r"(?<![\d,.])\d+,\d{1,2}(?![\d])")
GERMAN_THOUSANDS = re.compile(r"(?<![\d,.])[1-9]\d{0,2}(?:\.\d{3})+(?![\d])")


@functools.cache
def _place_names() -> tuple[str, ...]:
    """Every Gemeinde, Kreis and Land name of the gazetteer (also as written out for readers)."""
    from wla import store
    from wla.regions import gemeinde_label

    names = {n for k, n in store.names().items() if k != "DG"}  # "Deutschland" is no proper name in English
    names |= {gemeinde_label(n) for n in names} | {n.split(",")[0].strip() for n in names}  # "Neumünster"
    return tuple(sorted(names, key=len, reverse=True))


def _mask_names(text: str, labels: tuple[str, ...] = ()) -> str:
    present = [n for n in (*labels, *_place_names()) if n and n in text]
    if not present:
        return text
    names = re.compile("|".join(rf"(?<![\w]){re.escape(n)}(?![\w])" for n in sorted(set(present), key=len, reverse=True)))
    return names.sub("#", text)


def reader_text(soup: BeautifulSoup) -> str:
    """What a reader of an English page reads that must be English: text and alt texts, without
    source lines, the glossary's German terms, parenthesised German glosses and quoted names."""
    for tag in soup(["script", "style"]):
        tag.decompose()
    for tag in soup.select("aside.wla-glossary dt, ul#sources"):
        tag.decompose()
    for caption in soup.select(".wla-source"):  # captions and findings' source paragraphs: keep the notes, drop the source lines
        parts = [p for p in caption.decode_contents().split("<br/>") if not p.startswith(("Source:", "Quelle:"))]
        caption.replace_with(BeautifulSoup(" ".join(parts), "html.parser"))
    for img in soup.find_all("img"):
        img.replace_with(f" {img.get('alt', '')} ")
    text = soup.get_text("\n")
    text = re.sub(r"https?://\S+|\b[\w.-]+\.(?:de|eu|ag|com|org|net)\b", " ", text)  # web addresses
    text = re.sub(r"\((?:[A-ZÄÖÜ][\wäöüß-]*)\)", " ", text)  # "states (Länder)"
    return re.sub(r"\"[^\"\n]*\"|„[^“\n]*“", " ", text)  # MORO "Lebendige Regionen"


def english_problems(soup: BeautifulSoup, labels: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """German words, internal ids and unformatted numbers on an English page, by kind."""
    text = _mask_names(reader_text(soup), labels)
    german = [m.group(0) for m in _GERMAN.finditer(text)]
    german += [m.group(0) for m in GERMAN_ENDING.finditer(text) if m.group(0) not in ENGLISH_ALIKE]
    german += [m.group(0) for m in GLUED.finditer(text)]
    lines = [line for line in text.splitlines() if line.strip()]
    found = {
        "German": german,
        "internal id": [m.group(0) for m in INTERNAL_ID.finditer(text)],
        "raw float": [m.group(0) for m in RAW_FLOAT.finditer(text)],
        "German number": [m.group(0) for line in lines for rx in (GERMAN_DECIMAL, GERMAN_THOUSANDS)
                          for m in rx.finditer(line)],
    }
    return {k: sorted(set(v)) for k, v in found.items() if v}


# --- the heuristic itself --------------------------------------------------------------------------
def _page(html: str) -> BeautifulSoup:
    return BeautifulSoup(f"<html><body>{html}</body></html>", "html.parser")


def test_the_check_finds_what_readers_found_on_english_pages():
    """Leaks of the English report before issue 10 was fixed (30_arbeiten, 40_vergleich,
    00_regionsprofil, the fair-frame note), each found."""
    leaks = {
        "<td>541 Reinigung</td>": "German",
        "<td>531 Obj.-,Pers.-,Brandschutz,Arbeitssicherh.</td>": "German",
        "<td>ohne Angabe zum Zielberuf</td>": "German",
        "<p>Coburg, Stadt (a kreisfreie Stadt) lies inside Landkreis Coburg; pupils of the Landkreis attend "
        "schools in the city, and each Kreis's value beside the aggregates.</p>": "German",
        "<td>je 1.000 EW</td>": "German",
        "<td>Personen</td>": "German",
        "<td>Landesunterkunft (Erstaufnahme)</td>": "German",
        "<td>am Stichtag 4.700 Bewohnerinnen und Bewohner</td>": "German number",
        "<p>settlement type Kleine Kleinstadt</p>": "German",
        "<p>Std. error (Land clusters)</p>": "German",
        "<td>abendschulen_und_kollegs</td>": "internal id",
        "<td>12.217412217412218</td>": "raw float",
        "<td>12,2</td>": "German number",
    }
    for html, kind in leaks.items():
        assert kind in english_problems(_page(html), ("Landkreis Coburg",)), html


def test_the_check_leaves_proper_names_sources_and_glosses_alone():
    clean = (
        "<p>Coburg, Stadt + Landkreis Coburg: 14.4 %. Kiel, Landeshauptstadt 600 places; Plön; Neumünster, Stadt; "
        "Rödental. The states (Länder) pass costs on. MORO \"Lebendige Regionen\". Germany 1,234.5; "
        "p &lt; 0.001; 2012, 2025.</p>"
        '<figure class="wla-figure"><figcaption class="wla-source">Source: Statistische Ämter des Bundes und der '
        "Länder, Regionaldatenbank Deutschland; as of 31 Dec 2024<br/>Note: counted in the district.</figcaption></figure>"
        '<aside class="wla-glossary"><dl><dt>Protection seekers (Schutzsuchende)</dt><dd>foreigners staying in '
        "Germany on humanitarian grounds.</dd></dl></aside>"
        '<img alt="Map of the municipalities of Landkreis Coburg" src="x.png">'
    )
    assert english_problems(_page(clean), ("Landkreis Coburg", "KielRegion")) == {}


def test_every_english_entry_of_the_words_files_reads_english():
    """The English side of every words entry, its {figures} left out; a glossary entry's term
    (before the colon) may name the German term beside the English one."""
    import html

    from wla.present import words

    found = {}
    for chapter in words.chapters():
        for entry, texts in words.chapter(chapter).items():
            text = re.sub(r"\{\w+\}", "0", texts["en"])
            if chapter == "glossar":
                text = text.partition(":")[2] or text
            problems = english_problems(_page(f"<p>{html.escape(text)}</p>"), ("KielRegion", "Landkreis Coburg"))
            if problems:
                found[f"{chapter}.{entry}"] = problems
    assert not found, found


# --- the English report --------------------------------------------------------------------------
def test_every_english_page_is_english(report_en):
    from wla import region

    params = report_en.parameters
    labels = (region(params["region"]).label, region(params["vergleich"]).label)
    assert report_en.ok
    pages = [report_en.folder / "index.html"] + [report_en.folder / r.html for r in report_en.results]
    assert len(pages) == 9
    found = {}
    for page in pages:
        problems = english_problems(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"), labels)
        if problems:
            found[page.name] = problems
    assert not found, f"German, internal ids or unformatted numbers on English pages: {found}"


def test_english_index_names_each_page_by_its_title(report_en):
    index = BeautifulSoup((report_en.folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"]: a.get_text() for a in index.select("table#reports a[href$='.html']")}
    assert links["10_wohnen.html"] == "Housing" and links["30_arbeiten.html"] == "Work", links
    assert not [t for t in links.values() if re.fullmatch(r"\d\d_\w+", t)], links


def test_index_names_pages_by_their_title_in_the_page_language():
    """Index links read "Wohnen" / "Housing", not the file id "10_wohnen" (also for pages not made)."""
    from wla.report.index import index_html, page_name

    assert (page_name("10_wohnen", "de"), page_name("10_wohnen", "en")) == ("Wohnen", "Housing")
    assert page_name("70_massnahmenkatalog", "de") == "Maßnahmenkatalog"
    params = {"region": "kielregion", "vergleich": "coburg", "jahr": None, "sprache": "en"}
    pages = [{"notebook": "10_wohnen", "ok": True, "error": "", "seconds": 3, "html": "10_wohnen.html", "exports": [],
              "parameters": params, "made": 0}]
    run = {"parameters": params, "started": 0, "seconds": 3}
    for lang, wohnen, lernen in (("en", "Housing", "Learning"), ("de", "Wohnen", "Lernen")):
        index = BeautifulSoup(index_html(pages, run, ("KielRegion", "Landkreis Coburg"), lang, ["10_wohnen", "20_lernen"]),
                              "html.parser")
        assert index.select_one('a[href="10_wohnen.html"]').get_text() == wohnen
        assert index.select_one('tr[data-notebook="10_wohnen"]')  # the id stays for tools, not as text
        assert index.find(id="not-made").get_text().endswith(lernen)
        assert "10_wohnen" not in index.find(id="reports").get_text()


# --- names on English pages (review 2, P2 #26) ----------------------------------------------------
def test_who_finding_names_citizenships_and_statuses_in_english():
    """Kronach 2024 (12531-0043): Syria, not "Syrien"; no share from a status sum of 0."""
    import wla
    from wla.analysis import findings as analysis
    from wla.present import findings as present

    w = analysis.who(wla.region("09476"), year=2024)
    row = type("Row", (), {"kennzahl": "schutzsuchende_herkunft", "details": w, "ort": "Kronach"})()
    text = present.statement(row, "Nordfriesland", "en")
    assert "Syria " in text and "Syrien" not in text and "0.0 %" not in text
    problems = english_problems(_page(f"<p>{text}</p>"), ("Kronach",))
    assert not problems, problems
    assert "Syrien " in present.statement(row, "Nordfriesland", "de")

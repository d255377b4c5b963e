"""Reader-facing words, German and English side by side, in one TOML file per chapter.

``wla/present/words/<chapter>.toml`` holds one table per entry with a ``de`` and an ``en``
string; ``t("<chapter>.<entry>", lang, **figures)`` returns the text in ``lang`` with the
``{name}`` fields filled in from the data. Keys without a chapter live in ``allgemein.toml``.
Only words live in these files; every number in a sentence is passed in by the caller.
"""
from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

from ..exceptions import ParameterError
from .fmt import MISSING, without_missing_units

WORDS_DIR = Path(__file__).with_name("words")
LANGUAGES = ("de", "en")
DEFAULT_CHAPTER = "allgemein"


@functools.cache
def chapter(name: str) -> dict[str, dict[str, str]]:
    """All entries of one chapter file: entry -> {"de": ..., "en": ...}."""
    path = WORDS_DIR / f"{name}.toml"
    if not path.is_file():
        raise ParameterError(f"no words file for chapter {name!r} ({path.name} is missing in {WORDS_DIR})")
    with path.open("rb") as fh:
        return tomllib.load(fh)


def chapters() -> list[str]:
    """Names of all chapter files."""
    return sorted(p.stem for p in WORDS_DIR.glob("*.toml"))


def _split(key: str) -> tuple[str, str]:
    name, _, entry = key.partition(".")
    return (name, entry) if entry else (DEFAULT_CHAPTER, name)


def has(key: str) -> bool:
    name, entry = _split(key)
    return name in chapters() and entry in chapter(name)


#: Two full stops after a letter, not part of an ellipsis or the official sign "...".
_DOUBLE_STOP = re.compile(r"(?<=[^\W\d_])\.\.(?!\.)")


def t(key: str, lang: str = "de", **figures) -> str:
    """The text ``key`` ("<chapter>.<entry>") in ``lang`` ("de" or "en") with ``figures`` filled in."""
    if lang not in LANGUAGES:
        raise ParameterError(f"sprache must be 'de' or 'en', not {lang!r}")
    name, entry = _split(key)
    entries = chapter(name)
    if entry not in entries:
        raise ParameterError(f"no report text {key!r} (add [{entry}] with de and en to words/{name}.toml)")
    text = entries[entry][lang].format(**figures)
    text = without_missing_units(text, lang) if MISSING[lang] in text else text
    # a figure ending in an abbreviation ("per 1,000 inh.", "k. A.") before the sentence's full stop: one stop
    return _DOUBLE_STOP.sub(".", text)


def joined(items, lang: str = "de") -> str:
    """Names as running text: ``["A"]`` -> "A", ``["A", "B"]`` -> "A und B", ``["A", "B", "C"]``
    -> "A, B und C" ("A, B and C" in English; words ``und``). Where a name holds a comma itself
    ("Kiel, Landeshauptstadt") the names are parted by "; " instead, so no name is cut in two.
    No names: an empty string."""
    items = [str(x) for x in items]
    if len(items) < 2:
        return "".join(items)
    sep = "; " if any("," in x for x in items) else ", "
    return t("und", lang, vorne=sep.join(items[:-1]), hinten=items[-1])


def theme_name(theme: str, lang: str = "de") -> str:
    """Reader name of a catalogue theme (``wohnen`` -> "Wohnen" / "Housing")."""
    return t(f"thema.{theme}", lang)


#: Words chapter of the KldB 2010 occupational groups (Berufsgruppen) and the entry of the group
#: without a target occupation.
OCCUPATIONS = "kldb"
NO_OCCUPATION_ENTRY = "ohne_angabe"


def occupation(label, lang: str = "de") -> str:
    """Reader title of a KldB 2010 occupational group as the data label it ("541 Reinigung", or
    "ohne Angabe zum Zielberuf" for the group without target occupation): on German pages the
    BA's title, on English pages wla's translation of it (``words/kldb.toml``); the code stays in
    front. A label whose code or title is not the BA's is an error, never shown as it is."""
    entries = chapter(OCCUPATIONS)
    text = str(label).strip()
    code, _, title = text.partition(" ")
    if re.fullmatch(r"\d{3}", code) and code in entries and entries[code]["de"] == title:
        return f"{code} {t(f'{OCCUPATIONS}.{code}', lang)}"
    if text == entries[NO_OCCUPATION_ENTRY]["de"]:
        return t(f"{OCCUPATIONS}.{NO_OCCUPATION_ENTRY}", lang)
    raise ParameterError(f"{label!r} is not a KldB 2010 occupational group of the BA code list "
                         f"(add it with de and en to words/{OCCUPATIONS}.toml)")


#: Words chapter of the citizenships of the Statistik über Schutzsuchende (12531, GENESIS STAAG5).
CITIZENSHIPS = "staat"


@functools.cache
def _citizenship_keys() -> dict[str, str]:
    """Destatis' German label -> entry of :data:`CITIZENSHIPS`."""
    return {entry["de"]: key for key, entry in chapter(CITIZENSHIPS).items()}


def citizenship(label, lang: str = "de") -> str:
    """A citizenship as 12531 labels it ("Syrien") in the page's language ("Syria" in English,
    ``words/staat.toml``). A label that is not in the file is an error, never shown in German on
    an English page."""
    key = _citizenship_keys().get(str(label).strip())
    if key is None:
        raise ParameterError(f"{label!r} is not a citizenship of the Schutzsuchende statistics "
                             f"(add it with de and en to words/{CITIZENSHIPS}.toml)")
    return t(f"{CITIZENSHIPS}.{key}", lang)


#: A number as German source text writes it ("4.700", "958", "12,5").
_GERMAN_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"


@functools.cache
def _patterns(name: str) -> list[tuple[re.Pattern, str]]:
    """(pattern of the German text with its {figures} as German numbers, entry) per entry: the
    list's words are ``liste`` where an entry gives them (a source reference a page words
    otherwise, e.g. "?p=894753" -> a web address), else ``de``."""
    out = []
    for entry, texts in chapter(name).items():
        parts = re.split(r"\{(\w+)\}", texts.get("liste", texts["de"]))
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>{_GERMAN_NUMBER})" for i, p in enumerate(parts))
        out.append((re.compile(regex), entry))
    return out


def listed(name: str, text, lang: str = "de") -> str:
    """A German text of a source list (the facility list's type, source or remark) in ``lang``:
    the entry of ``words/<name>.toml`` whose ``de`` (or ``liste``) is the text, its ``{figures}`` read from the
    text and written in the page's number format ("am Stichtag 4.700 Bewohnerinnen und Bewohner"
    -> "4,700 residents on the reference date"). Empty stays empty; a text without an entry is
    shown as the list words it on a German page and is an error on an English one (never shown
    untranslated)."""
    from .fmt import number

    text = "" if text is None else str(text).strip()
    if not text:
        return ""
    for pattern, entry in _patterns(name):
        found = pattern.fullmatch(text)
        if found:
            figures = {k: number(float(v.replace(".", "").replace(",", ".")), len(v.partition(",")[2]), lang)
                       for k, v in found.groupdict().items()}
            return t(f"{name}.{entry}", lang, **figures)
    if lang == "de":  # the list's own words
        return text
    raise ParameterError(f"no words for {text!r} (add an entry with de and en to words/{name}.toml)")

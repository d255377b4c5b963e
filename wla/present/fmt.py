"""Numbers in the reader's format: German ``1.234,5`` (default) or English ``1,234.5``.

A missing value is never printed as ``–`` (in official tables the dash means exactly zero):
it prints as :data:`MISSING` of the language, or as the official sign passed by the caller.
"""
from __future__ import annotations

import functools
import re

import pandas as pd

from ..exceptions import ParameterError

#: How a value that is not available reads, per language.
MISSING = {"de": "k. A.", "en": "n/a"}


def number(x, decimals: int = 0, lang: str = "de") -> str:
    """``x`` in the format of ``lang``: ``1234.5`` -> ``"1.234,5"`` (de) or ``"1,234.5"`` (en)."""
    if lang not in MISSING:
        raise ParameterError(f"sprache must be 'de' or 'en', not {lang!r}")
    if x is None or pd.isna(x):
        return MISSING[lang]
    text = f"{float(x):,.{decimals}f}"
    if lang == "de":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text[1:] if text.startswith("-") and text.strip("-0,.") == "" else text


def percent(x, decimals: int = 1, lang: str = "de") -> str:
    """A percentage (``x`` already in %, e.g. ``12.3``) as ``"12,3 %"`` / ``"12.3%"``."""
    text = number(x, decimals, lang)
    if x is None or pd.isna(x):
        return text
    return f"{text} %" if lang == "de" else f"{text}%"


#: Units that follow (or, "EUR 5" in English, precede) a number in report text; after or before
#: a missing value they are dropped ("k. A." not "k. A. %"): a unit belongs to a number.
UNITS = ("%", "Prozentpunkte", "percentage points", "points", "je 1.000 EW", "per 1,000 inh.", "EUR/m²", "EUR",
         "km", "Personen", "persons")
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_MISSING_UNIT = {lang: (re.compile(rf"{re.escape(text)}\s?(?:{_UNIT})(?![\w/²])"), re.compile(rf"\bEUR {re.escape(text)}"))
                 for lang, text in MISSING.items()}


def without_missing_units(text: str, lang: str = "de") -> str:
    """``text`` with the unit beside every missing value removed: "(k. A. %)" -> "(k. A.)",
    "n/a per 1,000 inh." -> "n/a", "EUR n/a" -> "n/a" (:data:`UNITS`)."""
    after, before = _MISSING_UNIT[lang]
    return before.sub(MISSING[lang], after.sub(MISSING[lang], text))


#: Short English month names (dates read "31 Dec 2022").
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: An ISO date or month ("2015-09-18", "2023-11", "2024-07/08": July to August) – not part of a
#: longer number such as a table code ("12411-01-01-4").
_ISO = re.compile(r"(?<![\d-])(?P<y>(?:19|20)\d{2})-(?P<m>0[1-9]|1[0-2])(?:-(?P<d>0[1-9]|[12]\d|3[01])|/(?P<m2>0[1-9]|1[0-2]))?(?![\d-])")
#: A German date "31.12.2022" – not one inside a German title, after its German preposition
#: ("FAG-Änderungsgesetz 2024 …, BGBl. … vom 02.08.2024", "Mietobergrenzen zum 01.01.2025"): a
#: publication title keeps its German date on an English page.
#: A German preposition before a date: the date belongs to German words (a title, a quote such as
#: 'vorläufig seit dem 01.01.2019') and keeps its German form on an English page.
_GERMAN_BEFORE = r"(?<!\bvom )(?<!\bzum )(?<!\bab )(?<!\bbis )(?<!\bFassung )(?<!\bdem )(?<!\bseit )(?<!\bam )"
_GERMAN = re.compile(r"(?<![\d.])" + _GERMAN_BEFORE +
                     r"(?P<d>0[1-9]|[12]\d|3[01])\.(?P<m>0[1-9]|1[0-2])\.(?P<y>(?:19|20)\d{2})(?!\d)")
#: German month names (a date written out, "14./15. November 2016").
MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
             "November", "Dezember")
#: English month names, written out.
MONTHS_EN_LONG = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December")
#: A German date with its month written out, one day or two ("1. März 2020", "14./15. November",
#: "14./15. November 2016") – not after a German preposition (see :data:`_GERMAN_BEFORE`).
_GERMAN_LONG = re.compile(r"(?<![\w.])" + _GERMAN_BEFORE + r"(?P<d>[1-9]|[12]\d|3[01])\.(?:/(?P<d2>[1-9]|[12]\d|3[01])\.)?"
                          r" (?P<m>" + "|".join(MONTHS_DE) + r")\b(?: (?P<y>(?:19|20)\d{2})\b)?")
_URL = re.compile(r"https?://\S+")


def _iso(m: re.Match, lang: str) -> str:
    y, mo, d, mo2 = m["y"], int(m["m"]), m["d"], m["m2"]
    if lang == "de":
        if d:
            return f"{d}.{mo:02d}.{y}"
        return f"{mo:02d}–{mo2}/{y}" if mo2 else f"{mo:02d}/{y}"
    if d:
        return f"{int(d)} {MONTHS_EN[mo - 1]} {y}"
    return f"{MONTHS_EN[mo - 1]}–{MONTHS_EN[int(mo2) - 1]} {y}" if mo2 else f"{MONTHS_EN[mo - 1]} {y}"


def _long_en(m: re.Match) -> str:
    """A written-out German date in English form: "14./15. November 2016" -> "14/15 November 2016"."""
    days = m["d"] + (f"/{m['d2']}" if m["d2"] else "")
    month = MONTHS_EN_LONG[MONTHS_DE.index(m["m"])]
    return f"{days} {month}" + (f" {m['y']}" if m["y"] else "")


def dates(text: str, lang: str = "de") -> str:
    """``text`` with every date in the reader's format, web addresses left alone: ISO dates
    "2015-09-18" -> "18.09.2015" / "18 Sep 2015", "2023-11" -> "11/2023" / "Nov 2023"; in
    English also German dates "31.12.2022" -> "31 Dec 2022" and "14./15. November 2016" ->
    "14/15 November 2016" – except after a German preposition ("vom", "seit dem", …): such a date
    belongs to German words (a title or a quote) and keeps its German form."""
    if lang not in MISSING:
        raise ParameterError(f"sprache must be 'de' or 'en', not {lang!r}")

    def plain(part: str) -> str:
        part = _ISO.sub(lambda m: _iso(m, lang), part)
        if lang == "en":
            part = _GERMAN.sub(lambda m: f"{int(m['d'])} {MONTHS_EN[int(m['m']) - 1]} {m['y']}", part)
            part = _GERMAN_LONG.sub(_long_en, part)
        return part

    out, last = [], 0
    for url in _URL.finditer(str(text)):
        out += [plain(str(text)[last:url.start()]), url.group(0)]
        last = url.end()
    return "".join(out + [plain(str(text)[last:])])


def date(value, lang: str = "de") -> str:
    """One date (ISO "2024-01-01" / "2013-11" or German "31.12.2022") in the reader's format;
    empty or missing -> "k. A." / "n/a"."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == "":
        return MISSING[lang] if lang in MISSING else number(None, 0, lang)
    return dates(str(value).strip(), lang)


def _laender() -> dict[str, str]:
    """German Land name -> entry of ``words/land.toml``."""
    from .words import chapter

    return {entry["de"]: key for key, entry in chapter("land").items()}


#: A BBSR siedlungsstruktureller Kreistyp as wla labels its peer group ("Kreistyp 4: Dünn
#: besiedelter ländlicher Kreis", :func:`wla.analysis.compare.bbsr_peers`).
#: A group labelled with its side ("… (Kronach)") keeps that name.
_KREISTYP = re.compile(r"^Kreistyp (?P<n>[1-4]): [^()]+?(?P<side> \(.+\))?$")


def region_label(label: str, lang: str = "de") -> str:
    """A region's label in the reader's language: a BBSR Kreistyp peer group reads
    "District type 4: Sparsely populated rural district" in English (words ``grafik.kreistyp_<n>``),
    Germany reads "Germany", a Land its English name ("Bayern" -> "Bavaria"), a region without its
    facility hosts reads as words ``rahmen.ohne_einrichtung_name``; other labels are names and stay
    as they are."""
    from .words import t

    if str(label) == "Deutschland":  # the built-in region's label
        return t("allgemein.deutschland", lang)
    land = _laender().get(str(label))
    if land:  # "Bayern" -> "Bavaria" (words/land.toml)
        return t(f"land.{land}", lang)
    m = _KREISTYP.match(str(label))
    if m:
        return t(f"grafik.kreistyp_{m['n']}", lang) + (m["side"] or "")
    m = _without_facility().match(str(label))
    if not m:
        return str(label)
    from ..analysis.compare import UNKNOWN_HOSTS

    kreise = m["kreise"].replace(UNKNOWN_HOSTS, t("rahmen.belegung_unbekannt", lang))
    return t("rahmen.ohne_einrichtung_name", lang, region=m["region"], kreise=kreise)


@functools.lru_cache(maxsize=1)
def _without_facility() -> re.Pattern:
    """The label of a region without its facility hosts
    (:data:`wla.analysis.compare.WITHOUT_FACILITY_LABEL`) as a pattern."""
    from ..analysis.compare import WITHOUT_FACILITY_LABEL

    pattern = re.escape(WITHOUT_FACILITY_LABEL).replace(r"\{region\}", "(?P<region>.+)").replace(r"\{kreise\}", "(?P<kreise>.+)")
    return re.compile(f"^{pattern}$")

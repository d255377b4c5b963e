"""Numbers in the reader's format: German ``1.234,5`` (default) or English ``1,234.5``.

A missing value is never printed as ``–`` (in official tables the dash means exactly zero):
it prints as :data:`MISSING` of the language, or as the official sign passed by the caller.
"""
from __future__ import annotations

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


#: Abbreviated kinds at the end of official Gemeinde names (Bavarian GV entries) -> written out.
PLACE_KINDS = {"St": "Stadt", "M": "Markt", "GKSt": "Große Kreisstadt"}


def place(name: str) -> str:
    """An official Gemeinde name as readers write it: ``"Rödental, St"`` -> ``"Rödental, Stadt"``,
    ``"Ahorn, M"`` -> ``"Ahorn, Markt"``; other names unchanged."""
    head, sep, kind = str(name).rpartition(", ")
    return f"{head}, {PLACE_KINDS[kind]}" if sep and kind in PLACE_KINDS else str(name)

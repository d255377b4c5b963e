"""Reader of the hand-compiled list of initial reception facilities (Landesunterkünfte).

``einrichtungen/landesunterkuenfte_sh.csv`` (UTF-8, ``;``) lists Schleswig-Holstein's initial
reception facilities in and near the KielRegion, compiled from press reports and the state
portal (see ``einrichtungen/SOURCES.md``). It is context, not official statistics: capacities
(``plaetze``, places) are reported figures at the date in ``stand``.

The list has no status column: whether a facility is in use is said only in the free-text
``hinweis`` (e.g. Lütjenburg, Schill-Kaserne: "später in Bereitschaft gehalten, ohne Belegung").
The reader derives ``status`` from these words of the source (:data:`STANDBY_WORDS`):
``bereitschaft`` (kept on standby, no residents — not in use) where the note says so, else
``in_betrieb`` (the listing reports places and no words say otherwise).

The ``quelle`` column is free text that itself contains unquoted ``;`` in some rows (two sources
named); such rows have more fields than the header, and the surplus fields are joined back into
``quelle``, the only column whose text is a list of sources.
"""
from __future__ import annotations

import re

import pandas as pd

from ..exceptions import SourceFormatError
from .common import open_text

COLUMNS = ["ort", "ags_gemeinde", "kreis", "in_kielregion", "art", "plaetze", "stand", "quelle", "hinweis"]
_QUELLE = COLUMNS.index("quelle")
_STAND = re.compile(r"^(\d{4})(-\d{2})?(-\d{2})?$")
_PRECISION = {1: "Jahr", 2: "Monat", 3: "Tag"}
#: Words in ``hinweis`` by which the source says a facility is not in use (status ``bereitschaft``).
STANDBY_WORDS = ("in Bereitschaft", "ohne Belegung")
#: Values of the derived ``status`` column.
STATUSES = ("in_betrieb", "bereitschaft")


def status(hinweis: str) -> str:
    """``bereitschaft`` when the source's note uses one of :data:`STANDBY_WORDS`, else ``in_betrieb``."""
    return "bereitschaft" if any(w.lower() in hinweis.lower() for w in STANDBY_WORDS) else "in_betrieb"


def _split(path, line: str, number: int) -> list[str]:
    fields = [f.strip() for f in line.split(";")]
    surplus = len(fields) - len(COLUMNS)
    if surplus < 0:
        raise SourceFormatError(path, f"line {number}: {len(fields)} fields, expected {len(COLUMNS)}")
    if surplus:
        joined = "; ".join(fields[_QUELLE : _QUELLE + surplus + 1])
        fields = fields[:_QUELLE] + [joined] + fields[_QUELLE + surplus + 1 :]
    return fields


def _stand(path, text: str, number: int) -> tuple[pd.Timestamp, str]:
    match = _STAND.match(text)
    if not match:
        raise SourceFormatError(path, f"line {number}: stand {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    parts = sum(1 for g in match.groups() if g)
    return pd.Timestamp(text if parts == 3 else f"{text}-01" if parts == 2 else f"{text}-01-01"), _PRECISION[parts]


def read_einrichtungen(path) -> pd.DataFrame:
    """The facilities as a frame: all columns of the file, typed.

    ``ags_gemeinde`` (8-digit AGS) and ``kreis`` (5-digit) stay strings; ``in_kielregion`` is
    bool ("ja"/"nein"); ``plaetze`` is an int (places reported); ``stand`` stays as printed
    (a day, month or year) and is parsed into ``stand_datum`` (first day of that period) and
    ``stand_genauigkeit`` ("Tag", "Monat" or "Jahr"); ``status`` is derived from ``hinweis``
    (:func:`status`, module docstring).
    """
    lines = [line for line in open_text(path).splitlines() if line.strip()]
    if not lines:
        raise SourceFormatError(path, "empty file")
    header = [h.strip() for h in lines[0].split(";")]
    if header != COLUMNS:
        raise SourceFormatError(path, f"header {header} differs from the expected columns {COLUMNS}")
    records = []
    for number, line in enumerate(lines[1:], start=2):
        row = dict(zip(COLUMNS, _split(path, line, number)))
        if not re.fullmatch(r"\d{8}", row["ags_gemeinde"]) or not re.fullmatch(r"\d{5}", row["kreis"]):
            raise SourceFormatError(path, f"line {number}: bad AGS {row['ags_gemeinde']!r} / Kreis {row['kreis']!r}")
        if not row["ags_gemeinde"].startswith(row["kreis"]):
            raise SourceFormatError(path, f"line {number}: Gemeinde {row['ags_gemeinde']} not in Kreis {row['kreis']}")
        if row["in_kielregion"] not in ("ja", "nein"):
            raise SourceFormatError(path, f"line {number}: in_kielregion {row['in_kielregion']!r} is not ja/nein")
        if not row["plaetze"].isdigit():
            raise SourceFormatError(path, f"line {number}: plaetze {row['plaetze']!r} is not a whole number")
        row["in_kielregion"] = row["in_kielregion"] == "ja"
        row["plaetze"] = int(row["plaetze"])
        row["stand_datum"], row["stand_genauigkeit"] = _stand(path, row["stand"], number)
        row["status"] = status(row["hinweis"])
        records.append(row)
    frame = pd.DataFrame(records, columns=COLUMNS + ["stand_datum", "stand_genauigkeit", "status"])
    frame["plaetze"] = frame["plaetze"].astype("int64")
    frame["in_kielregion"] = frame["in_kielregion"].astype(bool)
    frame["stand_datum"] = pd.to_datetime(frame["stand_datum"])
    return frame

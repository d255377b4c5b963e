"""Readers for the Destatis Gemeindeverzeichnis (GV-ISys): the yearly xlsx extract
"Gemeinden in Deutschland nach Fläche, Bevölkerung und Postleitzahl", the fixed-width
GV100AD file and the yearly list of Gebietsänderungen.

Source: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem GV-ISys,
https://www.destatis.de/DE/Themen/Laender-Regionen/Regionales/Gemeindeverzeichnis/_inhalt.html
(dl-de/by-2-0). Layouts and traps: ../shared/data/gemeinden/SOURCES.md §1.

Satzart (record type): 10 Land, 20 Regierungsbezirk, 30 Region (Baden-Württemberg),
40 Kreis, 50 Gemeindeverband, 60 Gemeinde. Textkennzeichen of Satzart 60: 60 Markt,
61 kreisfreie Stadt, 62 Stadtkreis, 63 Stadt, 64 kreisangehörige Gemeinde, 65 gemeindefreies
Gebiet (bewohnt), 66 gemeindefreies Gebiet (unbewohnt), 67 große Kreisstadt.
"""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd

from ..exceptions import SourceFormatError
from .common import open_text, parse_column

#: Textkennzeichen of Satzart-60 records that are gemeindefreie Gebiete, not municipalities.
GEMEINDEFREI_TEXTKENNZEICHEN = ("65", "66")

GV_COLUMNS = [
    "satzart", "textkennzeichen", "ags", "ars_gv", "name", "area_km2", "population", "male",
    "female", "plz", "lon", "lat", "degurba", "flag", "edition", "population_date",
    "population_basis",
]

_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
# Expected header cells of the data sheet (row, 0-based column, start of the text).
_GV_HEADER = [
    (3, 0, "Satz"), (3, 1, "Text"), (3, 7, "Gemeindename"), (3, 8, "Fläche km2"),
    (3, 9, "Bevölkerung"), (4, 2, "Land"), (4, 3, "RB"), (4, 4, "Kreis"), (4, 5, "VB"),
    (4, 6, "Gem"), (4, 9, "insgesamt"), (4, 10, "männlich"), (4, 11, "weiblich"),
    (4, 14, "Längengrad"), (4, 15, "Breitengrad"),
]


def _iso(text) -> str:
    """First ``DD.MM.YYYY`` in ``text`` as ISO ``YYYY-MM-DD``, or ``""``."""
    m = _DATE.search(str(text or ""))
    return f"{m.group(3)}-{m.group(2)}-{m.group(1)}" if m else ""


def _cell(row, i) -> str:
    return "" if i >= len(row) or row[i] is None else str(row[i]).strip()


def _edition_from_name(path: Path) -> str:
    """Gebietsstand from a file name like ``31122013_Auszug_GV`` or ``…Aktuell_2024``."""
    m = re.search(r"(\d{2})(\d{2})(\d{4})_Auszug", path.name)
    if m:
        return f"{m.group(3)}-{m.group(2)}-{m.group(1)}"
    m = re.search(r"_(\d{4})\.xlsx$", path.name)
    return f"{m.group(1)}-12-31" if m else ""


def _gv_key(satzart: str, land: str, rb: str, kreis: str, vb: str, gem: str) -> tuple[str, str]:
    """(ags, ars_gv) of one GV record; ags has 2/3/4/5/9/8 digits for Satzart 10…60."""
    ars_gv = land + rb + kreis + vb if vb else ""
    ags = {
        "10": land,
        "20": land + rb,
        "30": land + rb + kreis,
        "40": land + rb + kreis,
        "50": ars_gv,
        "60": land + rb + kreis + gem,
    }[satzart]
    return ags, ars_gv


def read_gv_isys(path) -> pd.DataFrame:
    """All records of a GV-ISys xlsx extract ("Auszug GV", sheet 2, header rows 1–6).

    Columns (:data:`GV_COLUMNS`): ``satzart``, ``textkennzeichen``, ``ags`` (Land 2, RB 3,
    Region 4, Kreis 5, Gemeindeverband 9, Gemeinde 8 digits), ``ars_gv`` (Gemeindeverband key
    Land+RB+Kreis+VB, 9 digits), ``name``, ``area_km2`` (km²), ``population``, ``male``,
    ``female`` (persons), ``plz`` (of the Verwaltungssitz), ``lon``/``lat`` (geographic centre,
    WGS84 degrees, printed as text with decimal comma), ``degurba`` (EU degree of
    urbanisation code 01/02/03), ``flag`` (official sign in the area or population cells, ""
    if plain), ``edition`` (Gebietsstand, ISO date), ``population_date`` (ISO date the
    population refers to; the 2024 extract holds 31.12.2023) and ``population_basis``
    ("Zensus 2011"/"Zensus 2022" where the header states it, else ""). Only Satzart 60 rows carry figures.
    """
    path = Path(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, OSError …
        raise SourceFormatError(path, f"not a readable xlsx workbook ({exc.__class__.__name__})") from None
    try:
        if len(wb.worksheets) < 2:
            raise SourceFormatError(path, "expected the GV data on sheet 2, workbook has one sheet")
        intro = " ".join(_cell(r, 0) for r in wb.worksheets[0].iter_rows(max_col=1, values_only=True))
        rows = list(wb.worksheets[1].iter_rows(values_only=True))
    finally:
        wb.close()
    if len(rows) < 7:
        raise SourceFormatError(path, "data sheet has fewer than 7 rows (truncated file?)")
    for r, c, start in _GV_HEADER:
        if not _cell(rows[r - 1], c).replace("-", "").startswith(start.replace("-", "")):
            raise SourceFormatError(
                path, f"header row {r}, column {c + 1}: expected {start!r}, found {_cell(rows[r - 1], c)!r}"
            )
    edition = _iso(_cell(rows[4], 2)) or _edition_from_name(path)
    if not edition:
        raise SourceFormatError(path, "Gebietsstand date not found in header row 5 nor in the file name")
    population_date = _iso(_cell(rows[4], 9)) or edition
    header_text = " ".join(_cell(rows[i], 9) for i in (2, 4)) + " " + intro
    basis = next((b for b in ("Zensus 2022", "Zensus 2011") if b in header_text), "")

    records = []
    for row in rows[6:]:
        satzart = _cell(row, 0)
        if satzart not in ("10", "20", "30", "40", "50", "60"):
            continue  # blank lines, source line and footnotes
        ags, ars_gv = _gv_key(satzart, *(_cell(row, i) for i in range(2, 7)))
        records.append((satzart, _cell(row, 1), ags, ars_gv, _cell(row, 7), *row[8:12],
                        _cell(row, 13), row[14], row[15], _cell(row, 18)))
    if not any(r[0] == "60" for r in records):
        raise SourceFormatError(path, "no Gemeinde records (Satzart 60) found (truncated file?)")
    cols = ["satzart", "textkennzeichen", "ags", "ars_gv", "name", "area_km2", "population",
            "male", "female", "plz", "lon", "lat", "degurba"]
    df = pd.DataFrame.from_records(records, columns=cols)
    flags = pd.Series("", index=df.index, dtype="object")
    for col, what in [("area_km2", "Fläche km²"), ("population", "Bevölkerung insgesamt"),
                      ("male", "männlich"), ("female", "weiblich"), ("lon", "Längengrad"),
                      ("lat", "Breitengrad")]:
        values, col_flags = parse_column(df[col].tolist(), path, what)
        df[col] = values.to_numpy()
        if col in ("area_km2", "population", "male", "female"):
            sign = col_flags.where(~col_flags.isin(["", "na"]), "").to_numpy()
            flags = flags.where(flags != "", sign)
    df["flag"] = flags
    bad = df[(df["satzart"] == "60") & ~df["ags"].str.fullmatch(r"\d{8}")]
    if len(bad):
        raise SourceFormatError(path, f"Gemeinde key not 8 digits in {len(bad)} rows, e.g. {bad['ags'].iloc[0]!r}")
    df["edition"] = edition
    df["population_date"] = population_date
    df["population_basis"] = basis
    df = df[GV_COLUMNS]
    df.attrs["path"] = str(path)
    return df


# GV100AD fixed-width layout (1-based inclusive positions, Destatis "Datensatzbeschreibung").
_GV100_FIELDS = {
    "satzart": (1, 2), "date": (3, 10), "key": (11, 18), "vb": (19, 22), "name": (23, 72),
    "textkennzeichen": (123, 124), "area_ha": (129, 139), "population": (140, 150),
    "male": (151, 161), "plz": (166, 170),
}
_GV100_KEY_LEN = {"10": 2, "20": 3, "30": 4, "40": 5, "50": 5, "60": 8}


def _field(line: str, name: str) -> str:
    a, b = _GV100_FIELDS[name]
    return line[a - 1:b].strip()


def read_gv100ad(path) -> pd.DataFrame:
    """Destatis GV100AD fixed-width file (UTF-8 as stored; Gebietsstand 30.11.2023).

    Same columns as :func:`read_gv_isys` where the record has them. Area is printed in
    hectares and converted here to km² (÷ 100). The file has no female count: ``female`` is
    NaN. Population refers to 31.12.2022 (Zensus-2011 basis); no coordinates or DEGURBA.
    """
    path = Path(path)
    text = open_text(path, ("utf-8",))
    records = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        satzart = line[:2]
        if satzart not in _GV100_KEY_LEN:
            raise SourceFormatError(path, f"line {n}: unknown Satzart {satzart!r}")
        if len(line) < 220:  # every GV100AD record is 220 characters wide
            raise SourceFormatError(path, f"line {n}: record shorter than 220 characters (truncated?)")
        key = line[10:10 + _GV100_KEY_LEN[satzart]].strip()
        vb = _field(line, "vb") if satzart in ("50", "60") else ""
        ars_gv = key[:5] + vb if vb else ""
        records.append({
            "satzart": satzart,
            "textkennzeichen": _field(line, "textkennzeichen") if satzart in ("40", "50", "60") else "",
            "ags": ars_gv if satzart == "50" else key,
            "ars_gv": ars_gv,
            "name": _field(line, "name"),
            "edition": _field(line, "date"),
            "area_ha": _field(line, "area_ha") if satzart == "60" else None,
            "population": _field(line, "population") if satzart == "60" else None,
            "male": _field(line, "male") if satzart == "60" else None,
            "plz": _field(line, "plz") if satzart == "60" else "",
        })
    if not any(r["satzart"] == "60" for r in records):
        raise SourceFormatError(path, "no Gemeinde records (Satzart 60) found (truncated file?)")
    df = pd.DataFrame.from_records(records)
    flags = pd.Series("", index=df.index, dtype="object")
    for col, what in [("area_ha", "Fläche ha"), ("population", "Bevölkerung"), ("male", "männlich")]:
        values, col_flags = parse_column(df[col].tolist(), path, what)
        df[col] = values.to_numpy()
        sign = col_flags.where(~col_flags.isin(["", "na"]), "").to_numpy()
        flags = flags.where(flags != "", sign)
    df["area_km2"] = df["area_ha"] / 100.0  # 1 km² = 100 ha
    df["female"] = float("nan")
    df["lon"] = df["lat"] = float("nan")
    df["degurba"] = ""
    df["flag"] = flags
    dates = df["edition"].unique()
    if len(dates) != 1 or not re.fullmatch(r"\d{8}", dates[0]):
        raise SourceFormatError(path, f"expected one Gebietsstand date (YYYYMMDD), found {list(dates)[:3]}")
    d = dates[0]
    df["edition"] = f"{d[:4]}-{d[4:6]}-{d[6:]}"
    # The GV100AD of a Gebietsstand in year Y carries the population of 31.12. of year Y-1.
    df["population_date"] = f"{int(d[:4]) - 1}-12-31"
    df["population_basis"] = "Zensus 2011"
    df = df[GV_COLUMNS]
    df.attrs["path"] = str(path)
    return df


CHANGE_KINDS = {"1": "Auflösung", "2": "Teilausgliederung", "3": "Schlüsseländerung", "4": "Namensänderung"}
CHANGE_COLUMNS = [
    "kennziffer", "unit", "ars_old", "ags_old", "name_old", "kind", "kind_label", "area_m2",
    "population", "ars_new", "ags_new", "name_new", "date_legal", "date_statistical",
]


def read_gebietsaenderungen(path) -> pd.DataFrame:
    """Destatis "Gebietsänderungen vom 01.01. bis 31.12.YYYY" (sheet ``Gebietsaenderungen``).

    One row per change record, columns :data:`CHANGE_COLUMNS`: ``unit`` (``Gemeinde`` or
    ``Gemeindeverband``), old/new ARS (12 digits Gemeinde, 9 Gemeindeverband), old/new AGS
    (8 digits, Gemeinde rows only), ``kind`` (Änderungsart codes, e.g. ``"1"`` or ``"3, 4"``)
    and ``kind_label``, ``area_m2`` (area moved, m²) and ``population`` (inhabitants moved),
    both NaN when not printed (key or name changes), and the legal and statistical effective
    dates (ISO).
    """
    path = Path(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise SourceFormatError(path, f"not a readable xlsx workbook ({exc.__class__.__name__})") from None
    try:
        if "Gebietsaenderungen" not in wb.sheetnames:
            raise SourceFormatError(path, f"sheet 'Gebietsaenderungen' missing (sheets: {wb.sheetnames})")
        rows = [r[:13] for r in wb["Gebietsaenderungen"].iter_rows(values_only=True)]
    finally:
        wb.close()
    expected = {(1, 0): "Kennziffer", (1, 2): "Abgebende", (1, 8): "Aufnehmende", (1, 11): "Wirksamkeit",
                (2, 2): "Amtlicher Regionalschlüssel", (2, 3): "Amtlicher Gemeinde", (2, 5): "Änderungs",
                (2, 6): "Fläche qm", (2, 7): "Einwohner", (2, 11): "juristisch", (2, 12): "statistisch"}
    for (r, c), start in expected.items():
        if len(rows) <= r or not _cell(rows[r], c).startswith(start):
            got = _cell(rows[r], c) if len(rows) > r else "<missing row>"
            raise SourceFormatError(path, f"header row {r + 1}, column {c + 1}: expected {start!r}, found {got!r}")
    records = []
    for row in rows[3:]:
        unit = _cell(row, 1)
        if unit not in ("Gemeinde", "Gemeindeverband"):
            continue
        kind = _cell(row, 5)
        records.append({
            "kennziffer": _cell(row, 0), "unit": unit, "ars_old": _cell(row, 2), "ags_old": _cell(row, 3),
            "name_old": _cell(row, 4), "kind": kind,
            "kind_label": ", ".join(CHANGE_KINDS.get(k.strip(), k.strip()) for k in kind.split(",")),
            "area_m2": row[6], "population": row[7], "ars_new": _cell(row, 8), "ags_new": _cell(row, 9),
            "name_new": _cell(row, 10), "date_legal": _iso(_cell(row, 11)),
            "date_statistical": _iso(_cell(row, 12)),
        })
    if not records:
        raise SourceFormatError(path, "no change records found below the header")
    df = pd.DataFrame.from_records(records)
    for col, what in [("area_m2", "Fläche qm"), ("population", "Einwohner")]:
        df[col] = parse_column(df[col].tolist(), path, what)[0].to_numpy()
    return df[CHANGE_COLUMNS]


__all__ = ["read_gv_isys", "read_gv100ad", "read_gebietsaenderungen"]

"""Readers for BBSR reference and conversion tables (Laufende Raumbeobachtung).

Source: Bundesinstitut für Bau-, Stadt- und Raumforschung (BBSR), Laufende Raumbeobachtung –
Raumabgrenzungen,
https://www.bbsr.bund.de/BBSR/DE/forschung/raumbeobachtung/Raumabgrenzungen/raumabgrenzungen_node.html
Layouts and traps: ../shared/data/gemeinden/SOURCES.md §2.

* Referenz Gemeinden/Kreise, Gebietsstand 31.12.2019: spatial types per Gemeinde and Kreis.
  Keys are stored as integers without leading zeros (Kreise as 8-digit Gemeinde-style keys,
  e.g. ``1002000`` for Kiel); returned here as strings with leading zeros.
* Umsteigeschlüssel Gemeinden (sheets 2020, 2021, 2022) and Kreise (sheets 1990…2020): the
  population unit differs per sheet ("in 100", "in 1000", "in 1.000" or persons); it is read
  from each sheet's header and converted to persons.
"""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd

from ..exceptions import SourceFormatError
from .common import normalise_code, parse_column

# (short name, start of the header "<title> Kennziffer" in row 2), in sheet order.
_GEMEINDE_CLASSES = [
    ("zentraler_ort", "Zentrale Orte (ja/nein)"),
    ("zentraloertliche_einstufung", "Zentralörtliche Einstufung"),
    ("gemeindeverband", "Gemeindeverbände"),
    ("mittelbereich", "BBSR-Mittelbereiche"),
    ("grossstadtregion", "Großstadtregionen"),
    ("grossstadtregion_einzugsbereich", "Großstadtregionaler Einzugsbereich"),
    ("ihk_bezirk", "IHK-Bezirke"),
    ("raumtyp_lage", "Raumtyp Bezug: Lage"),
    ("regiostar17", "RegioStaR17"),
    ("regiostar7", "RegioStaR7"),
    ("regiostar2", "RegioStaR2"),
    ("regiostargem5", "RegioStaRGem5"),
    ("gemeindetyp", "Stadt- und Gemeindetyp Kennziffer"),
    ("gemeindetyp_laender", "Stadt- und Gemeindetyp (Bundesländer)"),
    ("gemeindetyp_west_ost", "Stadt- und Gemeindetyp (West-Ost)"),
    ("gemeindetyp_differenziert", "Stadt- und Gemeindetyp differenziert"),
    ("wachsend_schrumpfend", "Wachsend-Schrumpfend"),
]
_KREIS_CLASSES = [
    ("land", "Bundesländer"),
    ("regierungsbezirk", "Regierungsbezirke"),
    ("arbeitsmarktregion", "Arbeitsmarktregionen"),
    ("braunkohlerevier", "Braunkohlerevier"),
    ("kreisregion", "Kreisregionen"),
    ("raumordnungsregion", "Raumordnungsregionen"),
    ("west_ost", "West-Ost"),
    ("raumtyp_lage", "Raumtyp Bezug Lage"),
    ("kreistyp", "Siedlungsstrukturelle Kreistyp Kennziffer"),
    ("kreistyp_laender", "Siedlungsstruktureller Kreistyp (Bundesländer)"),
    ("kreistyp_west_ost", "Siedlungsstruktureller Kreistyp (West-Ost)"),
    ("regionstyp", "Siedlungsstruktureller Regionstyp Kennziffer"),
    ("regionstyp_laender", "Siedlungsstruktureller Regionstyp (Bundesländer)"),
    ("regionstyp_west_ost", "Siedlungsstruktureller Regionstyp (West-Ost)"),
    ("staedtisch_laendlich", "Städtischer-Ländlicher Raum Kennziffer"),
    ("staedtisch_laendlich_laender", "Städtischer-Ländlicher Raum (Bundesländer)"),
    ("staedtisch_laendlich_west_ost", "Städtischer-Ländlicher Raum (West-Ost)"),
    ("wachsend_schrumpfend", "Wachsend-Schrumpfend"),
]


def _load_rows(path: Path, sheets=None) -> dict[str, list[tuple]]:
    """All rows of the named sheets (all sheets if None); clear error on a broken workbook."""
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, OSError …
        raise SourceFormatError(path, f"not a readable xlsx workbook ({exc.__class__.__name__})") from None
    try:
        names = wb.sheetnames if sheets is None else sheets
        missing = [s for s in names if s not in wb.sheetnames]
        if missing:
            raise SourceFormatError(path, f"sheet(s) {missing} missing (sheets: {wb.sheetnames})")
        return {s: list(wb[s].iter_rows(values_only=True)) for s in names}
    finally:
        wb.close()


def _class_sheet(path: Path, sheet: str, rows: list[tuple], key_title: str, spec) -> pd.DataFrame:
    """Wide frame of a reference sheet: key, name and ``<short>_code``/``<short>_label`` pairs."""
    if len(rows) < 3:
        raise SourceFormatError(path, f"sheet {sheet!r} has no data rows (truncated file?)")
    header = [str(c or "").strip() for c in rows[1]]
    if len(header) < 2 + 2 * len(spec) or not header[0].startswith(key_title):
        raise SourceFormatError(path, f"sheet {sheet!r}: header row 2 does not start with {key_title!r} "
                                      f"and {len(spec)} code/name column pairs")
    for i, (short, title) in enumerate(spec):
        code_h, name_h = header[2 + 2 * i], header[3 + 2 * i]
        if not (code_h.startswith(title) and code_h.endswith("Kennziffer") and name_h.endswith("Name")):
            raise SourceFormatError(path, f"sheet {sheet!r}, column {3 + 2 * i}: expected {title!r} "
                                          f"Kennziffer/Name, found {code_h!r} / {name_h!r}")
    data = [r for r in rows[2:] if r and r[0] is not None]
    out = {"key": [normalise_code(r[0]) for r in data], "name": [str(r[1]).strip() for r in data]}
    for i, (short, _) in enumerate(spec):
        codes = [r[2 + 2 * i] for r in data]
        values, _flags = parse_column(codes, path, f"{sheet}: {short} Kennziffer")
        out[f"{short}_code"] = values.round().astype("Int64")
        out[f"{short}_label"] = [str(r[3 + 2 * i]).strip() if r[3 + 2 * i] is not None else "" for r in data]
    return pd.DataFrame(out)


def read_bbsr_reference_2019(path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """BBSR/INKAR "Referenz Gemeinden, Kreise, NUTS", Gebietsstand 31.12.2019.

    Returns ``(gemeinden, kreise)``:

    * ``gemeinden`` (sheet ``Gemeinden-Gemeindeverbände``, 11,007 rows): ``ags`` (8 digits),
      ``name`` and for each class a ``<x>_code`` (Int64) and ``<x>_label`` column: zentraler_ort,
      zentraloertliche_einstufung, gemeindeverband (BBSR Gemeindeverband key, 8 digits, as
      ``gemeindeverband_key`` str), mittelbereich, grossstadtregion, grossstadtregion_einzugsbereich,
      ihk_bezirk, raumtyp_lage, regiostar17, regiostar7, regiostar2, regiostargem5, gemeindetyp
      (Stadt- und Gemeindetyp), gemeindetyp_laender, gemeindetyp_west_ost,
      gemeindetyp_differenziert, wachsend_schrumpfend (code 0 = "missing").
    * ``kreise`` (sheet ``Kreise``, 401 rows): ``kreis`` (5 digits), ``name`` and pairs for
      land, regierungsbezirk, arbeitsmarktregion, braunkohlerevier, kreisregion,
      raumordnungsregion, west_ost, raumtyp_lage, kreistyp (siedlungsstruktureller Kreistyp),
      kreistyp_laender, kreistyp_west_ost, regionstyp, …, staedtisch_laendlich, …,
      wachsend_schrumpfend.

    Labels are kept exactly as printed (one is cut off in the file: "keine zentralörtliche
    Einstufun").
    """
    path = Path(path)
    sheets = _load_rows(path, ["Gemeinden-Gemeindeverbände", "Kreise"])
    gem = _class_sheet(path, "Gemeinden-Gemeindeverbände", sheets["Gemeinden-Gemeindeverbände"],
                       "Gemeinden Kennziffer", _GEMEINDE_CLASSES)
    gem = gem.rename(columns={"key": "ags"})
    gem["gemeindeverband_key"] = gem["gemeindeverband_code"].astype(str).map(normalise_code)
    gem = gem.drop(columns=["gemeindeverband_code"])
    if not gem["ags"].str.fullmatch(r"\d{8}").all():
        raise SourceFormatError(path, "Gemeinden Kennziffer not convertible to 8-digit AGS")
    kreise = _class_sheet(path, "Kreise", sheets["Kreise"], "Kreise Kennziffer", _KREIS_CLASSES)
    if not kreise["key"].str.fullmatch(r"\d{5}000").all():
        raise SourceFormatError(path, "Kreise Kennziffer not of the form KKKKK000")
    kreise.insert(0, "kreis", kreise.pop("key").str[:5])
    return gem, kreise


_UNIT = re.compile(r"in (1\.?000|100)\s*$")


def _unit_factor(header: str) -> float:
    """Persons per printed unit from a header like "Bevölkerung am 31.12.2020 in 100"."""
    m = _UNIT.search(header)
    return float(m.group(1).replace(".", "")) if m else 1.0


def _conversion_sheet(path: Path, sheet: str, rows: list[tuple], level: str) -> pd.DataFrame:
    """One sheet of a BBSR Umsteigeschlüssel table as a tidy frame (see the public readers)."""
    if len(rows) < 2:
        raise SourceFormatError(path, f"sheet {sheet!r} has no data rows (truncated file?)")
    header = [str(c or "").strip() for c in rows[0]]
    word = "Gemeinden" if level == "gemeinde" else "Kreise"

    def find(start: str, nth: int = 0, required: bool = True):
        if start == word:  # key columns: first header line is exactly "Gemeinden"/"Kreise"
            hits = [i for i, h in enumerate(header) if h.split("\n")[0].strip() == word]
        else:
            hits = [i for i, h in enumerate(header) if h.startswith(start)]
        if len(hits) <= nth:
            if required:
                raise SourceFormatError(path, f"sheet {sheet!r}: column starting {start!r} missing")
            return None
        return hits[nth]

    cols = {
        "key_old": find(word), "key_new": find(word, 1),
        "share_area": find("flächen"), "share_population": find("bevölkerungs"),
        "share_employment": find("beschäftigten", required=False),
        "area_km2": find("Fläche"), "population": find("Bevölkerung"),
        "employees_svb": find("sozialvers", required=False),
    }
    name_cols = [i for i, h in enumerate(header) if "name" in h.lower()]
    if len(name_cols) != 2:
        raise SourceFormatError(path, f"sheet {sheet!r}: expected two name columns, found {len(name_cols)}")
    data = [r for r in rows[1:] if r and r[0] is not None]
    out = pd.DataFrame({"year": int(sheet)}, index=range(len(data)))
    key_len = 8 if level == "gemeinde" else 5
    for new, idx in (("old", cols["key_old"]), ("new", cols["key_new"])):
        keys = [normalise_code(r[idx])[:key_len] for r in data]
        if not all(re.fullmatch(rf"\d{{{key_len}}}", k) for k in keys):
            raise SourceFormatError(path, f"sheet {sheet!r}: {word} key not convertible to {key_len} digits")
        out[f"{level}_{new}"] = keys
    target = re.search(r"\d{2}\.\d{2}\.(\d{4})", header[cols["key_new"]])
    if not target:
        raise SourceFormatError(path, f"sheet {sheet!r}: no Gebietsstand date in {header[cols['key_new']]!r}")
    out["year_new"] = int(target.group(1))
    out["name_old"] = [str(r[name_cols[0]]).strip() for r in data]
    out["name_new"] = [str(r[name_cols[1]]).strip() for r in data]
    for col in ("share_area", "share_population", "share_employment", "area_km2", "population", "employees_svb"):
        idx = cols[col]
        if idx is None:
            out[col] = float("nan")
            continue
        values, _ = parse_column([r[idx] for r in data], path, f"{sheet}: {header[idx]!r}")
        factor = _unit_factor(header[idx]) if col in ("population", "employees_svb") else 1.0
        # Scaling a value printed in hundreds/thousands back to persons; rounding removes
        # binary float noise only (2462.43 × 100 → 246243), not the publisher's rounding.
        out[col] = (values * factor).round(6).to_numpy()
    out["population_unit_printed"] = _unit_factor(header[cols["population"]])
    return out


def read_bbsr_umstieg_gemeinden(path) -> pd.DataFrame:
    """BBSR Umsteigeschlüssel Gemeinden (sheets 2020, 2021, 2022 → Gebietsstand of the next year).

    Columns: ``year`` (Gebietsstand 31.12. of the sheet), ``year_new`` (Gebietsstand of the
    target keys), ``gemeinde_old``/``gemeinde_new``
    (8-digit AGS, new = 31.12. of the following year), ``name_old``/``name_new``,
    ``share_area``/``share_population``/``share_employment`` (conversion shares 0–1; the 2022
    sheet has no employment share), ``area_km2`` (km²), ``population`` (persons; printed in
    hundreds in 2020 and 2021 and in persons in 2022 – converted here; the 2020 sheet's figures
    are rounded to 100 persons), ``employees_svb`` (persons, 30.06.; 2020/2021 only) and
    ``population_unit_printed`` (the printed unit: 100 or 1).
    """
    path = Path(path)
    sheets = _load_rows(path)
    frames = [_conversion_sheet(path, s, rows, "gemeinde") for s, rows in sheets.items() if s.isdigit()]
    if not frames:
        raise SourceFormatError(path, "no year sheets (e.g. '2020') found")
    return pd.concat(frames, ignore_index=True)


def read_bbsr_kreise_umrechnung(path) -> pd.DataFrame:
    """BBSR Kreise conversion table, sheets 1990…2020 → Kreise (Gebietsstand of the target
    columns, 31.12.2021 for most sheets, 31.12.2020 in one).

    Columns: ``year``, ``year_new`` (Gebietsstand of the target keys), ``kreis_old``/``kreis_new``
    (5 digits), ``name_old``/``name_new``,
    ``share_area``/``share_population`` (0–1), ``share_employment`` (where printed),
    ``area_km2`` (km², of the part), ``population`` (persons, of the part; printed in 1,000
    with one decimal, so precise to 100 persons only) and ``employees_svb`` (persons, where
    printed), ``population_unit_printed`` (1000).
    """
    path = Path(path)
    sheets = _load_rows(path)
    frames = [_conversion_sheet(path, s, rows, "kreis") for s, rows in sheets.items() if s.isdigit()]
    if not frames:
        raise SourceFormatError(path, "no year sheets (e.g. '1990') found")
    return pd.concat(frames, ignore_index=True)


__all__ = ["read_bbsr_reference_2019", "read_bbsr_umstieg_gemeinden", "read_bbsr_kreise_umrechnung"]

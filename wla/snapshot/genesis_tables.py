"""Recipe: GENESIS flat files – population (12411, Zensus 2022), Schutzsuchende (12531-0043),
employees at workplace (13111) and Zensus 2022 population per Gemeinde (1000A-0000).

All inputs are GENESIS flat files read with :func:`wla.sources.genesis.read_ffcsv`; values are
persons ("Personen"). Region rows kept: Kreise (5-digit ``KREISE`` keys of Kreise that exist in
the file's year), Länder (``DLAND``), Germany (``DINSG``/``GEODL1`` → ``"DG"``) and Gemeinden
(``GEOGM4``, 12-digit ARS → 8-digit AGS). Regierungsbezirke and the 8-digit ``KREISE`` keys
(Berlin Bezirke, Hannover/Aachen/Saarbrücken inside their Region) are dropped.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import dataclasses
import re

import pandas as pd

from ..catalog import Indicator, declared
from ..exceptions import SourceFormatError
from ..sources.genesis import read_ffcsv

SNAPSHOT_COLUMNS = ["ags", "level", "year", "indicator", "category", "value", "flag", "zellen"]

#: The flat files this recipe reads, one per reference date (``..._<YYYY-MM-DD>_flat.csv``). They
#: are found by pattern, so that files fetched later by ``wla fetch`` for newer dates join in.
PATTERNS = {
    "population": "kreise/*_12411-01-01-4_*_flat.csv",
    "protection": "kreise/*_12531-0043_*_flat.csv*",
    "employees": "kreise/*_13111-01-03-4_*_flat.csv",
}
ZENSUS_FILE = "gemeinden/hdigital_zensus2022_1000A-0000_de_flat.csv"
_DATE = re.compile(r"_(\d{4})-(\d{2})-(\d{2})_flat")


def files(raw: Path, kind: str) -> list[Path]:
    """The raw flat files of one table in ``raw``, oldest reference date first."""
    found = sorted(Path(raw).glob(PATTERNS[kind]), key=lambda p: _DATE.search(p.name).groups() if _DATE.search(p.name) else ())
    found = [p for p in found if _DATE.search(p.name)]
    if not found:
        raise SourceFormatError(Path(raw) / PATTERNS[kind], "no raw file of this table found")
    return found


def reference(paths: list[Path]) -> str:
    """Reference dates of the files in German notation, e.g. ``31.12.2023, 31.12.2024``."""
    return ", ".join(".".join(reversed(_DATE.search(p.name).groups())) for p in paths)


#: SCHST2 attribute codes of table 12531-0043 → snapshot category. The categories are nested:
#: offen + anerkannt + ohne = all Schutzsuchende; anerkannt = befristet + unbefristet;
#: befristet = aus Asylverfahren + nicht aus Asylverfahren; ohne = geduldet + vollziehbar + latent.
PROTECTION_STATUS = {
    "SCHUTZST-OF": "offen",
    "SCHUTZST-AK-1": "anerkannt",
    "SCHUTZST-AK-2": "anerkannt_befristet",
    "SCHUTZST-AK-5": "anerkannt_unbefristet",
    "SCHUTZST-AK-3": "anerkannt_befristet_asyl",
    "SCHUTZST-AK-4": "anerkannt_befristet_nicht_asyl",
    "SCHUTZST-X": "ohne",
    "AUSRPFL-G": "ohne_geduldet",
    "AUSRPFL-V": "ohne_vollziehbar",
    "AUSRPFL-L": "ohne_latent",
}
#: The three disjoint top-level statuses whose sum is the total.
PROTECTION_TOP = ("SCHUTZST-OF", "SCHUTZST-AK-1", "SCHUTZST-X")

#: Kreise that the Ausländerzentralregister reports inside another Kreis (table 12531-0043).
REPORTED_INSIDE = {
    "06633": "06611",  # Landkreis Kassel in Stadt Kassel
    "12071": "12052",  # Spree-Neiße in Cottbus
    "10041": "10044",  # Regionalverband Saarbrücken in Saarlouis (whole Saarland)
    "10042": "10044",  # Merzig-Wadern
    "10043": "10044",  # Neunkirchen
    "10045": "10044",  # Saarpfalz-Kreis
    "10046": "10044",  # St. Wendel
}

SEX = {"": "insgesamt", "GESM": "maennlich", "GESW": "weiblich"}
GEO_LEVEL = {"KREISE": "kreis", "DLAND": "land", "DINSG": "bund", "GEODL1": "bund", "GEOGM4": "gemeinde"}
GEO_LENGTH = {"kreis": 5, "land": 2, "bund": 2, "gemeinde": 8}

#: Catalogue rows of this recipe (wla/catalog.toml); reference dates and raw files follow the
#: flat files found, see :func:`indicators`.
INDICATORS = declared("genesis_tables")


#: Which flat-file table each indicator comes from (its reference dates follow the files found).
TABLE_OF = {
    "bevoelkerung_z22": "population",
    "schutzsuchende": "protection",
    "schutzsuchende_staatsangehoerigkeit": "protection",
    "svb_beschaeftigte": "employees",
    "svb_beschaeftigte_auslaender": "employees",
}


def indicators(raw: Path) -> list[Indicator]:
    """:data:`INDICATORS` with raw files and reference dates of the flat files in ``raw``."""
    out = []
    for ind in INDICATORS:
        kind = TABLE_OF.get(ind.id)
        if kind is None:
            out.append(ind)
            continue
        paths = files(raw, kind)
        out.append(dataclasses.replace(ind, raw_files=tuple(p.name for p in paths), reference=reference(paths)))
    return out


def build(raw: Path) -> pd.DataFrame:
    """All rows of this recipe's indicators from the raw directory (../shared/data)."""
    raw = Path(raw)
    parts = [population(p) for p in files(raw, "population")]
    parts += [protection(p) for p in files(raw, "protection")]
    parts += [employees(p) for p in files(raw, "employees")]
    parts.append(zensus_population(raw / ZENSUS_FILE))
    return pd.concat(parts, ignore_index=True)[SNAPSHOT_COLUMNS]


def population(path: Path) -> pd.DataFrame:
    """``bevoelkerung_z22`` from one 12411-01-01-4 flat file (total row and the two sexes)."""
    table = regions(read_ffcsv(path))
    return snapshot_rows(table, "bevoelkerung_z22", table["GES_code"].map(SEX))


def employees(path: Path) -> pd.DataFrame:
    """``svb_beschaeftigte`` (NAT total) and ``svb_beschaeftigte_auslaender`` (NATA), sexes together."""
    table = regions(read_ffcsv(path))
    table = table[table["GES_code"] == ""]
    nationality = {"": "svb_beschaeftigte", "NATA": "svb_beschaeftigte_auslaender"}
    parts = [
        snapshot_rows(table[table["NAT_code"] == code], indicator, "insgesamt")
        for code, indicator in nationality.items()
    ]
    return pd.concat(parts, ignore_index=True)


def protection(path: Path) -> pd.DataFrame:
    """``schutzsuchende`` and ``schutzsuchende_staatsangehoerigkeit`` from one 12531-0043 flat file."""
    table = regions(read_ffcsv(path))
    unknown = set(table["SCHST2_code"]) - set(PROTECTION_STATUS)
    if unknown:
        raise SourceFormatError(path, f"unknown Schutzstatus (SCHST2) codes {sorted(unknown)}")
    return pd.concat([protection_status(table, path), protection_citizenship(table, path)], ignore_index=True)


def protection_status(table: pd.DataFrame, path) -> pd.DataFrame:
    """``schutzsuchende`` by status category from one 12531-0043 flat file (Kreise only).

    Each category is the sum over sex × nationality of the listed (rounded) cells; every Kreis in
    the file gets every category (0 if no cell is listed); ``insgesamt`` = offen + anerkannt + ohne.
    ``zellen`` = how many listed cells each value sums (each rounded to a multiple of 5, so the
    value is off by at most 2.5 × zellen). The Kreise of :data:`REPORTED_INSIDE` get NaN with flag ``x``.
    """
    wide = []
    for summed in (sum_cells(table, ["ags", "SCHST2_code"], path), cell_counts(table, ["ags", "SCHST2_code"])):
        summed = summed.unstack(fill_value=0.0).reindex(columns=list(PROTECTION_STATUS), fill_value=0.0)
        summed["insgesamt"] = summed[list(PROTECTION_TOP)].sum(axis=1)
        summed = summed.rename(columns=PROTECTION_STATUS)
        hidden = pd.DataFrame(np.nan, index=pd.Index(sorted(REPORTED_INSIDE), name="ags"), columns=summed.columns)
        wide.append(pd.concat([summed, hidden]).stack(future_stack=True))
    long = pd.concat(wide, axis=1, keys=["value", "zellen"]).reset_index()
    long.columns = ["ags", "category", "value", "zellen"]
    long["flag"] = np.where(long["value"].isna(), "x", "")
    return _finish(long, "kreis", int(table["year"].iat[0]), "schutzsuchende")


def protection_citizenship(table: pd.DataFrame, path) -> pd.DataFrame:
    """``schutzsuchende_staatsangehoerigkeit``: offen + anerkannt + ohne, summed over sex, per citizenship."""
    table = table[table["SCHST2_code"].isin(PROTECTION_TOP)]
    long = sum_cells(table, ["ags", "STAAG5"], path).rename("value").reset_index()
    long["zellen"] = cell_counts(table, ["ags", "STAAG5"]).to_numpy()
    long = long.rename(columns={"STAAG5": "category"})
    long["flag"] = ""
    return _finish(long, "kreis", int(table["year"].iat[0]), "schutzsuchende_staatsangehoerigkeit")


def zensus_population(path: Path) -> pd.DataFrame:
    """``zensus_bevoelkerung``: Gemeinden and Germany as published, Kreise as sums of Gemeinden."""
    table = regions(read_ffcsv(path))
    published = snapshot_rows(table, "zensus_bevoelkerung", "insgesamt")
    gemeinden = table[table["level"] == "gemeinde"]
    kreise = sum_cells(gemeinden.assign(kreis=gemeinden["ags"].str[:5]), ["kreis"], path).rename("value")
    kreise = kreise.rename_axis("ags").reset_index().assign(category="insgesamt", flag="")
    year = int(table["year"].iat[0])
    return pd.concat([published, _finish(kreise, "kreis", year, "zensus_bevoelkerung")], ignore_index=True)


def regions(table: pd.DataFrame) -> pd.DataFrame:
    """Keep Kreis, Land, Germany and Gemeinde rows, with a ``level`` column.

    Drops Regierungsbezirke, keys of the wrong length (8-digit ``KREISE`` keys) and abolished
    Kreise, i.e. ``KREISE`` keys whose every cell in the file is ``-``.
    """
    level = table["geo_variable"].map(GEO_LEVEL)
    keep = level.notna() & (table["ags"].str.len() == level.map(GEO_LENGTH))
    table = table[keep].assign(level=level[keep])
    is_kreis = table["level"] == "kreis"
    all_dash = (table["flag"] == "-").groupby(table["ags"]).transform("all")
    return table[~(is_kreis & all_dash)]


def sum_cells(table: pd.DataFrame, keys: list[str], path) -> pd.Series:
    """Sum of plain-number cells by ``keys``; a special sign among them is a format error."""
    signs = table.loc[table["flag"] != "", "flag"]
    if len(signs):
        raise SourceFormatError(path, f"special sign {signs.iat[0]!r} among cells that are summed")
    return table.groupby(keys)["value"].sum()


def cell_counts(table: pd.DataFrame, keys: list[str]) -> pd.Series:
    """How many listed cells :func:`sum_cells` adds up per ``keys`` (same order)."""
    return table.groupby(keys)["value"].count().astype("float64")


def snapshot_rows(table: pd.DataFrame, indicator: str, category) -> pd.DataFrame:
    """Snapshot rows straight from source rows (one value each, so no ``zellen``)."""
    out = pd.DataFrame(
        {
            "ags": table["ags"],
            "level": table["level"],
            "year": table["year"].astype(int),
            "indicator": indicator,
            "category": category,
            "value": table["value"].astype("float64"),
            "flag": table["flag"],
            "zellen": np.nan,
        }
    )
    return out.reset_index(drop=True)


def _finish(long: pd.DataFrame, level: str, year: int, indicator: str) -> pd.DataFrame:
    """Add level, year and indicator to ``ags, category, value, flag`` (and ``zellen``) rows."""
    long = long.assign(level=level, year=year, indicator=indicator, **({} if "zellen" in long else {"zellen": np.nan}))
    long["value"] = long["value"].astype("float64")
    return long[SNAPSHOT_COLUMNS].reset_index(drop=True)

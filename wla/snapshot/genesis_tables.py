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

from ..catalog import DL_DE_BY, Indicator
from ..exceptions import SourceFormatError
from ..sources.genesis import read_ffcsv

SNAPSHOT_COLUMNS = ["ags", "level", "year", "indicator", "category", "value", "flag"]

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

_DESTATIS = "Statistisches Bundesamt (Destatis), GENESIS-Online"
_REGIO = "Statistische Ämter des Bundes und der Länder, Regionaldatenbank Deutschland"
_REGIO_URL = "https://www.regionalstatistik.de/genesis/online?operation=table&code="
_PROTECTION_URL = "https://www-genesis.destatis.de/datenbank/online/statistic/12531/table/12531-0043"
_PROTECTION_NOTES = (
    "Ausländerzentralregister-based; Stichtag 31.12. The flat file lists only non-empty cells by "
    "Kreis × status × sex × nationality, each rounded by Destatis to a multiple of 5; the values here "
    "are sums of those rounded cells (so they deviate slightly from published totals, and nested "
    "categories do not add up exactly), 0 where no cell is listed. Not shown separately, reported "
    "inside another Kreis (value NaN, flag x): 06633 LK Kassel in 06611 Kassel; 12071 Spree-Neiße in "
    "12052 Cottbus; 10041, 10042, 10043, 10045, 10046 in 10044 Saarlouis (all of Saarland). "
    "Kreis level only – Land totals are not derived from these rounded, incomplete Kreis sums."
)
_HISTORIC_KREISE = (
    "The table also lists abolished Kreise (old keys, every cell '-'); they are dropped, as are "
    "Regierungsbezirke and 8-digit keys (Berlin Bezirke, cities inside a Region)."
)

SVB_INDICATORS = [
    Indicator(
        id="svb_beschaeftigte",
        label_de="Sozialversicherungspflichtig Beschäftigte am Arbeitsort",
        label_en="Employees subject to social insurance contributions, at place of work",
        unit="Personen",
        theme="arbeiten",
        levels=("kreis", "land", "bund"),
        publisher=_REGIO,
        table="13111-01-03-4",
        reference="30.06.2024",
        licence=DL_DE_BY,
        url=_REGIO_URL + "13111-01-03-4",
        raw_files=(),
        kind="count",
        categories="insgesamt",
        notes="Statistik der Bundesagentur für Arbeit, Stichtag 30.06. " + _HISTORIC_KREISE,
    ),
    Indicator(
        id="svb_beschaeftigte_auslaender",
        label_de="Ausländische sozialversicherungspflichtig Beschäftigte am Arbeitsort",
        label_en="Foreign employees subject to social insurance contributions, at place of work",
        unit="Personen",
        theme="arbeiten",
        levels=("kreis", "land", "bund"),
        publisher=_REGIO,
        table="13111-01-03-4",
        reference="30.06.2024",
        licence=DL_DE_BY,
        url=_REGIO_URL + "13111-01-03-4",
        raw_files=(),
        kind="count",
        categories="insgesamt",
        notes="Nationalität 'ausländisch' (NATA). Statistik der Bundesagentur für Arbeit, Stichtag 30.06. "
        + _HISTORIC_KREISE,
    ),
]

INDICATORS = [
    Indicator(
        id="bevoelkerung_z22",
        label_de="Bevölkerung (Fortschreibung auf Basis Zensus 2022)",
        label_en="Population (intercensal update, 2022 census base)",
        unit="Personen",
        theme="bevoelkerung",
        levels=("kreis", "land", "bund"),
        publisher=_REGIO,
        table="12411-01-01-4",
        reference="31.12.2023, 31.12.2024",
        licence=DL_DE_BY,
        url=_REGIO_URL + "12411-01-01-4",
        raw_files=(),
        kind="count",
        basis="Zensus 2022",
        categories="insgesamt, maennlich, weiblich",
        notes="Länder and Germany only for 31.12.2023 (the 2024 file holds Kreise only). Not comparable "
        "with Zensus-2011-based figures. " + _HISTORIC_KREISE,
    ),
    Indicator(
        id="schutzsuchende",
        label_de="Schutzsuchende nach Schutzstatus",
        label_en="Persons seeking protection, by protection status",
        unit="Personen",
        theme="bevoelkerung",
        levels=("kreis",),
        publisher=_DESTATIS,
        table="12531-0043",
        reference="31.12.2023, 31.12.2024",
        licence=DL_DE_BY,
        url=_PROTECTION_URL,
        raw_files=(),
        kind="count",
        categories="insgesamt, " + ", ".join(PROTECTION_STATUS.values()),
        notes="insgesamt = offen + anerkannt + ohne. Nested, never add all categories: anerkannt = "
        "anerkannt_befristet + anerkannt_unbefristet; anerkannt_befristet = anerkannt_befristet_asyl + "
        "anerkannt_befristet_nicht_asyl (mostly Ukrainians, § 24 AufenthG); ohne = ohne_geduldet + "
        "ohne_vollziehbar + ohne_latent (ausreisepflichtig). " + _PROTECTION_NOTES,
    ),
    Indicator(
        id="schutzsuchende_staatsangehoerigkeit",
        label_de="Schutzsuchende nach Staatsangehörigkeit",
        label_en="Persons seeking protection, by citizenship",
        unit="Personen",
        theme="bevoelkerung",
        levels=("kreis",),
        publisher=_DESTATIS,
        table="12531-0043",
        reference="31.12.2023, 31.12.2024",
        licence=DL_DE_BY,
        url=_PROTECTION_URL,
        raw_files=(),
        kind="count",
        categories="Staatsangehörigkeit as labelled by Destatis (STAAG5), e.g. Syrien, Ukraine, Afghanistan",
        notes="All Schutzsuchende (offen + anerkannt + ohne Schutzstatus), summed over sex. Only "
        "citizenships with at least one listed cell in the Kreis appear; the seven Kreise reported inside "
        "another Kreis have no rows. " + _PROTECTION_NOTES,
    ),
    *SVB_INDICATORS,
    Indicator(
        id="zensus_bevoelkerung",
        label_de="Bevölkerung laut Zensus 2022",
        label_en="Population, 2022 census",
        unit="Personen",
        theme="bevoelkerung",
        levels=("gemeinde", "kreis", "bund"),
        publisher="Statistisches Bundesamt (Destatis), Zensus 2022 Datenbank",
        table="1000A-0000",
        reference="15.05.2022",
        licence=DL_DE_BY,
        url="https://ergebnisse.zensus2022.de/datenbank/online/table/1000A-0000",
        raw_files=(Path(ZENSUS_FILE).name,),
        kind="count",
        basis="Zensus 2022",
        categories="insgesamt",
        notes="Gemeinden as of 15.05.2022 (AGS = ARS[0:5] + ARS[9:12]). Kreis rows are sums over their "
        "Gemeinden (Kreis boundaries of 15.05.2022); Germany as published. The 10,786 Gemeinden add up "
        "to 82,711,282, 8,258 fewer than the published Germany total of 82,719,540 – the file does not "
        "say why, so a Kreis sum may fall slightly short of an official Kreis figure.",
    ),
]


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
    The Kreise of :data:`REPORTED_INSIDE` get NaN with flag ``x``.
    """
    sums = sum_cells(table, ["ags", "SCHST2_code"], path).unstack(fill_value=0.0)
    sums = sums.reindex(columns=list(PROTECTION_STATUS), fill_value=0.0)
    sums["insgesamt"] = sums[list(PROTECTION_TOP)].sum(axis=1)
    sums = sums.rename(columns=PROTECTION_STATUS)
    hidden = pd.DataFrame(np.nan, index=pd.Index(sorted(REPORTED_INSIDE), name="ags"), columns=sums.columns)
    wide = pd.concat([sums, hidden])
    long = wide.stack(future_stack=True).rename("value").reset_index()
    long.columns = ["ags", "category", "value"]
    long["flag"] = np.where(long["value"].isna(), "x", "")
    return _finish(long, "kreis", int(table["year"].iat[0]), "schutzsuchende")


def protection_citizenship(table: pd.DataFrame, path) -> pd.DataFrame:
    """``schutzsuchende_staatsangehoerigkeit``: offen + anerkannt + ohne, summed over sex, per citizenship."""
    table = table[table["SCHST2_code"].isin(PROTECTION_TOP)]
    long = sum_cells(table, ["ags", "STAAG5"], path).rename("value").reset_index()
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


def snapshot_rows(table: pd.DataFrame, indicator: str, category) -> pd.DataFrame:
    """Snapshot rows straight from source rows (one value each)."""
    out = pd.DataFrame(
        {
            "ags": table["ags"],
            "level": table["level"],
            "year": table["year"].astype(int),
            "indicator": indicator,
            "category": category,
            "value": table["value"].astype("float64"),
            "flag": table["flag"],
        }
    )
    return out.reset_index(drop=True)


def _finish(long: pd.DataFrame, level: str, year: int, indicator: str) -> pd.DataFrame:
    """Add level, year and indicator to ``ags, category, value, flag`` rows."""
    long = long.assign(level=level, year=year, indicator=indicator)
    long["value"] = long["value"].astype("float64")
    return long[SNAPSHOT_COLUMNS].reset_index(drop=True)

"""Gazetteer (Gemeinden, Kreise, Länder per GV edition) and the recipe for population, area,
density (Destatis Gemeindeverzeichnis) and the BBSR spatial types (Gebietsstand 31.12.2019).

Raw files: ``gemeinden/`` in ../shared/data (see its SOURCES.md §1–§2).

Gemeindefreie Gebiete (GV Satzart 60 with Textkennzeichen 65 "bewohnt" or 66 "unbewohnt",
e.g. "Gdefr. Geb. (Lkr Coburg)", Bavarian forests, Küstengewässer) are not municipalities:
they are left out of the gazetteer and of Gemeinde rows (also of the BBSR classes, whose
reference sheet lists them), but their area and (few) inhabitants are part of the Kreis, Land
and Germany totals.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..catalog import declared
from ..exceptions import SourceFormatError
from ..sources.bbsr import read_bbsr_reference_2019
from ..sources.gemeindeverzeichnis import (
    GEMEINDEFREI_TEXTKENNZEICHEN,
    read_gebietsaenderungen,
    read_gv100ad,
    read_gv_isys,
)

#: GV-ISys xlsx extracts by edition (year of the Gebietsstand 31.12.).
GV_FILES = {
    2013: "gerda_destatis_31122013_Auszug_GV.xlsx",
    2017: "gerda_destatis_31122017_Auszug_GV.xlsx",
    2019: "eyayaw_destatis_31122019_Auszug_GV.xlsx",
    2021: "gerda_destatis_31122021_Auszug_GV.xlsx",
    2023: "gerda_destatis_31122023_Auszug_GV.xlsx",
    2024: "gerda_destatis_AuszugGV4QAktuell_2024.xlsx",
}
#: Editions whose population is used; the 2024 extract repeats the 31.12.2023 population.
POPULATION_EDITIONS = (2013, 2017, 2019, 2021, 2023)
GV100AD_FILE = "theodm_GV100AD_301123.txt"
CHANGE_FILES = {
    2023: "gerda_destatis_gebietsaenderungen_2023.xlsx",
    2024: "gerda_destatis_gebietsaenderungen_2024.xlsx",
}
BBSR_REFERENCE_FILE = "eyayaw_bbsr_inkar_Referenz_Gemeinden_Kreise_NUTS_31.12.2019.xlsx"

#: Catalogue rows of this recipe (wla/catalog.toml).
INDICATORS = declared("gazetteer")

SNAPSHOT_COLUMNS = ["ags", "level", "year", "indicator", "category", "value", "flag"]
GAZETTEER_COLUMNS = ["edition", "ags", "name", "kreis", "kreis_name", "land", "land_name",
                     "verband", "verband_name", "lon", "lat"]


def read_gv_editions(raw: Path, editions=tuple(GV_FILES)) -> dict[int, pd.DataFrame]:
    """Read the GV-ISys extracts once; ``{edition year: read_gv_isys frame}``."""
    folder = Path(raw) / "gemeinden"
    return {year: read_gv_isys(folder / GV_FILES[year]) for year in editions}


def _municipalities(gv: pd.DataFrame) -> pd.DataFrame:
    """Satzart-60 records that are municipalities (no gemeindefreie Gebiete)."""
    return gv[(gv["satzart"] == "60") & ~gv["textkennzeichen"].isin(GEMEINDEFREI_TEXTKENNZEICHEN)]


def _gazetteer_of(edition: int, gv: pd.DataFrame) -> pd.DataFrame:
    kreise = gv[gv["satzart"] == "40"].set_index("ags")["name"]
    laender = gv[gv["satzart"] == "10"].set_index("ags")["name"]
    gem = _municipalities(gv)
    verbaende = gv[gv["satzart"] == "50"].set_index("ags")["name"]
    out = pd.DataFrame({
        "edition": edition,
        "ags": gem["ags"].to_numpy(),
        "name": gem["name"].to_numpy(),
        "kreis": gem["ags"].str[:5].to_numpy(),
        "land": gem["ags"].str[:2].to_numpy(),
        "verband": gem["ars_gv"].to_numpy(),
        "lon": gem["lon"].to_numpy(),
        "lat": gem["lat"].to_numpy(),
    })
    out["kreis_name"] = out["kreis"].map(kreise)
    out["land_name"] = out["land"].map(laender)
    out["verband_name"] = out["verband"].map(verbaende)
    return out[GAZETTEER_COLUMNS]


def build_gazetteer(raw: Path, editions: dict[int, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One row per (GV edition, Gemeinde), editions 2013, 2017, 2019, 2021, 2023, 2024.

    Columns :data:`GAZETTEER_COLUMNS`: ``edition`` (int, year of the Gebietsstand 31.12.),
    ``ags`` (8 digits), ``kreis`` (5), ``land`` (2), ``verband`` (9-digit Gemeindeverband key
    Land+RB+Kreis+VB) with their names, ``lon``/``lat`` (geographic centre, WGS84 degrees).
    Gemeindefreie Gebiete are excluded. ``editions`` takes frames already read by
    :func:`read_gv_editions` (to read each file once per build).
    """
    editions = editions if editions is not None else read_gv_editions(raw)
    return pd.concat([_gazetteer_of(y, gv) for y, gv in sorted(editions.items())], ignore_index=True)


def build_kreise(raw: Path, editions: dict[int, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One row per (edition, Kreis): ``edition``, ``kreis`` (5 digits), ``name``,
    ``textkennzeichen`` (41 kreisfreie Stadt, 42 Stadtkreis, 43 Kreis, 44 Landkreis,
    45 Regionalverband), ``land``, ``land_name``."""
    editions = editions if editions is not None else read_gv_editions(raw)
    frames = []
    for year, gv in sorted(editions.items()):
        laender = gv[gv["satzart"] == "10"].set_index("ags")["name"]
        k = gv[gv["satzart"] == "40"]
        frames.append(pd.DataFrame({
            "edition": year, "kreis": k["ags"].to_numpy(), "name": k["name"].to_numpy(),
            "textkennzeichen": k["textkennzeichen"].to_numpy(), "land": k["ags"].str[:2].to_numpy(),
            "land_name": k["ags"].str[:2].map(laender).to_numpy(),
        }))
    return pd.concat(frames, ignore_index=True)


def build_laender(raw: Path, editions: dict[int, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One row per (edition, Land): ``edition``, ``land`` (2 digits), ``name``."""
    editions = editions if editions is not None else read_gv_editions(raw)
    return pd.concat(
        [pd.DataFrame({"edition": y, "land": gv.loc[gv["satzart"] == "10", "ags"].to_numpy(),
                       "name": gv.loc[gv["satzart"] == "10", "name"].to_numpy()})
         for y, gv in sorted(editions.items())],
        ignore_index=True,
    )


def build_territorial_changes(raw: Path) -> pd.DataFrame:
    """Destatis Gebietsänderungen 2023 and 2024 (see :func:`read_gebietsaenderungen`) with a
    ``list_year`` column naming the yearly list."""
    folder = Path(raw) / "gemeinden"
    return pd.concat(
        [read_gebietsaenderungen(folder / f).assign(list_year=y) for y, f in sorted(CHANGE_FILES.items())],
        ignore_index=True,
    )


def successor_map(gazetteer: pd.DataFrame, from_edition: int, to_edition: int,
                  changes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Map the Gemeinden of ``from_edition`` to those of ``to_edition``.

    Returns ``ags_old``, ``ags_new``, ``share`` (part of the old Gemeinde's population going to
    ``ags_new``; 1.0 unless a dissolved Gemeinde was split) and ``method``:
    ``"gebietsaenderung"`` (dissolution or key change in the Destatis change lists),
    ``"identity"`` (same AGS exists in the target edition) or ``"unresolved"`` (AGS gone and no
    change record covers it; ``ags_new`` empty).

    Limitation: change lists are only at hand for 2023 and 2024 (``changes`` from
    :func:`build_territorial_changes`); for earlier years only the AGS identity is used, so a
    merger before 2023 shows up as ``"unresolved"``. Partial transfers (Teilausgliederung) are
    ignored: the Gemeinde keeps its AGS and only small parts move.
    """
    if to_edition < from_edition:
        raise ValueError("to_edition must not be earlier than from_edition")
    old = gazetteer.loc[gazetteer["edition"] == from_edition, "ags"]
    new = set(gazetteer.loc[gazetteer["edition"] == to_edition, "ags"])
    targets = {a: {a: 1.0} for a in old}
    changed = set()
    if changes is not None and len(changes):
        years = pd.to_datetime(changes["date_statistical"]).dt.year
        moves = changes[(changes["unit"] == "Gemeinde") & (years > from_edition) & (years <= to_edition)
                        & changes["kind"].str.contains("1|3") & (changes["ags_old"] != changes["ags_new"])]
        for date, step in moves.sort_values("date_statistical").groupby("date_statistical", sort=False):
            weights = {}
            for ags_old, part in step.groupby("ags_old"):
                w = part["population"].fillna(0.0)
                if w.sum() <= 0:
                    w = part["area_m2"].fillna(0.0)
                w = w / w.sum() if w.sum() > 0 else pd.Series(1.0 / len(part), index=part.index)
                weights[ags_old] = dict(zip(part["ags_new"], w))
            for origin, dest in targets.items():
                if not set(dest) & set(weights):
                    continue
                out: dict[str, float] = {}
                for ags, share in dest.items():
                    for ags_new, w in weights.get(ags, {ags: 1.0}).items():
                        out[ags_new] = out.get(ags_new, 0.0) + share * w
                targets[origin] = out
                changed.add(origin)
    rows = []
    for origin, dest in targets.items():
        for ags_new, share in dest.items():
            if origin in changed:
                rows.append((origin, ags_new, share, "gebietsaenderung"))
            elif ags_new in new:
                rows.append((origin, ags_new, share, "identity"))
            else:
                rows.append((origin, "", np.nan, "unresolved"))
    return pd.DataFrame(rows, columns=["ags_old", "ags_new", "share", "method"])


def _unique_records(gv: pd.DataFrame) -> pd.DataFrame:
    """Satzart-60 records with exact repeats removed (the 2017 extract lists some Bavarian
    gemeindefreie Gebiete, e.g. 09471444, up to four times with identical figures)."""
    recs = gv[gv["satzart"] == "60"]
    figures = ["area_km2", "population", "male"]
    if (recs.groupby("ags")[figures].nunique(dropna=False) > 1).any(axis=None):
        raise SourceFormatError(gv.attrs.get("path", "GV file"), "same AGS printed twice with different figures")
    return recs.drop_duplicates("ags")


def _level_rows(gv: pd.DataFrame, year: int, categories: dict[str, str]) -> pd.DataFrame:
    """Gemeinde values and Kreis/Land/Germany sums of the given GV columns, snapshot schema.

    ``categories`` maps GV columns to (indicator, category) as "indicator|category".
    """
    recs = _unique_records(gv)
    kreise = set(gv.loc[gv["satzart"] == "40", "ags"])
    gem = _municipalities(gv)
    frames = []
    for col, target in categories.items():
        indicator, category = target.split("|")
        parts = [
            pd.DataFrame({"ags": gem["ags"], "level": "gemeinde", "value": gem[col], "flag": gem["flag"]}),
        ]
        keyed = recs.assign(kreis=recs["ags"].str[:5], land=recs["ags"].str[:2], bund="DG")
        for level, key in (("kreis", "kreis"), ("land", "land"), ("bund", "bund")):
            sub = keyed[keyed["kreis"].isin(kreise)] if level == "kreis" else keyed
            # rounding removes float noise only: areas are printed to 0.01 km², counts are whole
            sums = sub.groupby(key)[col].sum(min_count=1).round(2 if col == "area_km2" else 0)
            incomplete = sub.groupby(key)[col].apply(lambda s: s.isna().any())
            sums[incomplete] = np.nan
            parts.append(pd.DataFrame({"ags": sums.index, "level": level, "value": sums.to_numpy(),
                                       "flag": np.where(incomplete.to_numpy(), "na", "")}))
        df = pd.concat(parts, ignore_index=True)
        df["flag"] = np.where(df["value"].isna() & (df["flag"] == ""), "na", df["flag"])
        frames.append(df.assign(year=year, indicator=indicator, category=category))
    return pd.concat(frames, ignore_index=True)


def _gv_rows(gv: pd.DataFrame, year: int, with_female: bool = True) -> pd.DataFrame:
    cols = {"population": "bevoelkerung|insgesamt", "male": "bevoelkerung|maennlich",
            "area_km2": "flaeche_km2|insgesamt"}
    if with_female:
        cols["female"] = "bevoelkerung|weiblich"
    rows = _level_rows(gv, year, cols)
    pop = rows[(rows["indicator"] == "bevoelkerung") & (rows["category"] == "insgesamt")].set_index(["ags", "level"])
    area = rows[rows["indicator"] == "flaeche_km2"].set_index(["ags", "level"])
    dens = pop[["year", "category"]].copy()
    dens["value"] = pop["value"] / area["value"].reindex(pop.index)
    dens["flag"] = np.where(dens["value"].isna(), "na", "")
    dens["indicator"] = "bevoelkerungsdichte"
    return pd.concat([rows, dens.reset_index()], ignore_index=True)


def _class_rows(frame: pd.DataFrame, key: str, level: str, column: str, indicator: str) -> pd.DataFrame:
    code = frame[f"{column}_code"].astype("float64")
    missing = code.isna() | ((code == 0) & (frame[f"{column}_label"] == "missing"))
    return pd.DataFrame({
        "ags": frame[key].to_numpy(), "level": level, "year": 2019, "indicator": indicator,
        "category": frame[f"{column}_label"].to_numpy(),
        "value": code.where(~missing).to_numpy(), "flag": np.where(missing, "na", ""),
    })


#: GV edition of the BBSR reference file's Gebietsstand (31.12.2019).
BBSR_EDITION = 2019


def bbsr_municipalities(gem: pd.DataFrame, gv: pd.DataFrame) -> pd.DataFrame:
    """The rows of the BBSR Gemeinde sheet that are municipalities in the GV edition of the same
    Gebietsstand (``gv``, 31.12.2019). The BBSR sheet also lists the gemeindefreie Gebiete
    (210 rows, e.g. 09473452–09473454 in Landkreis Coburg, forests with no inhabitants) and
    gives them a Stadt- und Gemeindetyp; they are not Gemeinden and must not count as such.
    A row that is neither a Gemeinde nor a gemeindefreies Gebiet of the GV raises
    :class:`SourceFormatError`."""
    records = gv[gv["satzart"] == "60"]
    free = set(records.loc[records["textkennzeichen"].isin(GEMEINDEFREI_TEXTKENNZEICHEN), "ags"])
    municipal = set(_municipalities(gv)["ags"])
    unknown = sorted(set(gem["ags"]) - free - municipal)
    if unknown:
        raise SourceFormatError(BBSR_REFERENCE_FILE, f"Gemeinde keys not in the GV {BBSR_EDITION} edition: "
                                                     f"{unknown[:5]}; check that both have the same Gebietsstand")
    return gem[gem["ags"].isin(municipal)]


def _bbsr_rows(raw: Path, gv: pd.DataFrame) -> pd.DataFrame:
    gem, kreise = read_bbsr_reference_2019(Path(raw) / "gemeinden" / BBSR_REFERENCE_FILE)
    gem = bbsr_municipalities(gem, gv)
    spec = [
        (gem, "ags", "gemeinde", "gemeindetyp", "bbsr_gemeindetyp"),
        (gem, "ags", "gemeinde", "regiostar7", "bbsr_regiostar7"),
        (gem, "ags", "gemeinde", "raumtyp_lage", "bbsr_raumtyp_lage"),
        (gem, "ags", "gemeinde", "zentraloertliche_einstufung", "bbsr_zentraler_ort"),
        (gem, "ags", "gemeinde", "wachsend_schrumpfend", "bbsr_wachsend_schrumpfend"),
        (kreise, "kreis", "kreis", "raumtyp_lage", "bbsr_raumtyp_lage"),
        (kreise, "kreis", "kreis", "kreistyp", "bbsr_kreistyp"),
        (kreise, "kreis", "kreis", "staedtisch_laendlich", "bbsr_staedtisch_laendlich"),
        (kreise, "kreis", "kreis", "wachsend_schrumpfend", "bbsr_wachsend_schrumpfend"),
    ]
    return pd.concat([_class_rows(*s) for s in spec], ignore_index=True)


def build(raw: Path) -> pd.DataFrame:
    """Snapshot rows of :data:`INDICATORS` (population, area, density, BBSR classes)."""
    raw = Path(raw)
    editions = read_gv_editions(raw, POPULATION_EDITIONS)
    for year, gv in editions.items():
        if gv["population_basis"].iloc[0] == "Zensus 2022":
            raise SourceFormatError(GV_FILES[year], "population on Zensus-2022 basis; recipe expects Zensus 2011")
    frames = [_gv_rows(gv, year) for year, gv in editions.items()]
    gv100 = read_gv100ad(raw / "gemeinden" / GV100AD_FILE)
    frames.append(_gv_rows(gv100, int(gv100["population_date"].iloc[0][:4]), with_female=False))
    frames.append(_bbsr_rows(raw, editions[BBSR_EDITION]))
    out = pd.concat(frames, ignore_index=True)
    out["year"] = out["year"].astype(int)
    out["value"] = out["value"].astype("float64")
    out["flag"] = out["flag"].astype(str)
    return out[SNAPSHOT_COLUMNS].reset_index(drop=True)

"""The snapshot driver: raw official files -> tidy, checksummed ``data/``.

``build_snapshot(raw, out)`` runs every recipe, checks its rows against the snapshot schema,
writes one Parquet file per recipe plus the gazetteer, geometries, the facilities list, the
merged catalogue (``catalog.csv``, with the levels and years that hold rows), the data-quality
table of the plausibility screen (``quality.csv``, see :mod:`wla.snapshot.quality`) and ``manifest.json`` (publisher, table, reference date,
licence, download page and sha256 of every file). Everything is written into a temporary folder
first and moved into place only when the whole build succeeded, so a failed build never leaves a
half-written snapshot. The result is deterministic: rows are sorted, no timestamps are stored.
"""
from __future__ import annotations

import importlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from .. import __version__
from ..catalog import CATALOG_COLUMNS, Indicator
from ..exceptions import SnapshotError
from . import city_states
from .quality import CHANGE_FILES, QUALITY_COLUMNS, breaks, screen, territorial_changes
from ..store import sha256, verify

#: Recipe modules in build order; each takes INDICATORS from wla/catalog.toml and has build(raw).
RECIPES = (
    "gazetteer",
    "genesis_tables",
    "regionaldatenbank_tables",
    "regionalstatistik_xlsx_tables",
    "inkar_tables",
    "ba_tables",
    "zensus_tables",
    "mindestsicherung_tables",
)
SNAPSHOT_COLUMNS = ["ags", "level", "year", "indicator", "category", "value", "flag", "source"]
#: Columns a recipe may add (kept, as float, only in its own file): ``zellen`` = how many published
#: cells a value sums (12531-0043 flat files list rounded cells only: data/README.md); NaN where the
#: value is one published cell.
OPTIONAL_COLUMNS = ("zellen",)
LEVELS = {"bund", "land", "kreis", "gemeinde"}
KEY = ["indicator", "ags", "year", "category"]




def check_rows(rows: pd.DataFrame, indicators: list[Indicator], recipe: str) -> pd.DataFrame:
    """Validate a recipe's rows against the snapshot schema; return them typed and sorted."""
    missing = [c for c in SNAPSHOT_COLUMNS[:-1] if c not in rows.columns]
    if missing:
        raise SnapshotError(f"recipe {recipe}: rows lack columns {missing}")
    ids = {i.id for i in indicators}
    unknown = set(rows["indicator"].unique()) - ids
    if unknown:
        raise SnapshotError(f"recipe {recipe}: rows for indicators not in its INDICATORS: {sorted(unknown)}")
    bad_levels = set(rows["level"].unique()) - LEVELS
    if bad_levels:
        raise SnapshotError(f"recipe {recipe}: unknown levels {sorted(bad_levels)}")
    declared_levels = {i.id: set(i.levels) for i in indicators}
    for ident, levels in rows.groupby("indicator")["level"].unique().items():
        extra = set(levels) - declared_levels[ident]
        if extra:
            raise SnapshotError(
                f"recipe {recipe}: rows of {ident} at levels {sorted(extra)} that wla/catalog.toml does not "
                f"declare (levels = {sorted(declared_levels[ident])})"
            )
    silent = sorted(ids - set(rows["indicator"].unique()))
    if silent:
        raise SnapshotError(f"recipe {recipe}: no rows for catalogue indicators {silent}")
    out = rows[SNAPSHOT_COLUMNS[:-1] + [c for c in OPTIONAL_COLUMNS if c in rows.columns]].copy()
    for column in OPTIONAL_COLUMNS:
        if column in out:
            out[column] = out[column].astype("float64")
    out["ags"] = out["ags"].astype(str)
    out["year"] = out["year"].astype("int16")
    out["value"] = out["value"].astype("float64")
    out["flag"] = out["flag"].fillna("").astype(str)
    out["category"] = out["category"].fillna("insgesamt").astype(str)
    plain_nan = out["value"].isna() & (out["flag"] == "")
    if plain_nan.any():
        example = out[plain_nan].iloc[0].to_dict()
        raise SnapshotError(f"recipe {recipe}: NaN value without an official sign, e.g. {example}")
    dup = out.duplicated(KEY)
    if dup.any():
        raise SnapshotError(f"recipe {recipe}: duplicate rows, e.g. {out[dup].iloc[0].to_dict()}")
    lines = {i.id: i.source_line(None) for i in indicators}
    out["source"] = out["indicator"].map(lines)
    return out.sort_values(KEY, kind="mergesort").reset_index(drop=True)


def years_text(years) -> str:
    """Years as text, runs of three or more consecutive years as ranges: ``"2008–2019, 2024"``."""
    years = sorted({int(y) for y in years})
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    parts = [f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs]
    return ", ".join(parts)


def coverage(rows: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: the levels holding values, all years, and the years per level
    (``"kreis: 2012–2025; land: 2019, 2025"``), from the (indicator, level, year) of the snapshot
    rows that hold a value (the caller leaves out rows with a special sign instead of a value, so
    that a level or year whose rows all carry one is not listed)."""
    pairs = rows[["indicator", "level", "year"]].drop_duplicates()
    order = {lv: n for n, lv in enumerate(("bund", "land", "kreis", "gemeinde"))}
    out = {}
    for ident, group in pairs.groupby("indicator"):
        levels = sorted(group["level"].unique(), key=order.get)
        per_level = "; ".join(f"{lv}: {years_text(group.loc[group['level'] == lv, 'year'])}" for lv in levels)
        out[ident] = {"levels": ",".join(levels), "years": years_text(group["year"]), "years_by_level": per_level}
    return pd.DataFrame.from_dict(out, orient="index")


CATALOG_CSV_COLUMNS = CATALOG_COLUMNS + ["years", "years_by_level", "file"]


def merge_catalog(entries: list[tuple[str, Indicator]], cover: pd.DataFrame | None = None) -> pd.DataFrame:
    """One catalogue row per id; ids declared by several recipes (different years or files of
    the same statistic) are merged: their tables, reference dates, files and notes are joined.
    With ``cover`` (see :func:`coverage`), ``levels`` are the levels that hold rows and
    ``years`` / ``years_by_level`` the years that do."""
    rows = []
    for recipe, ind in entries:
        row = ind.as_row()
        row["file"] = f"{recipe}.parquet"
        rows.append(row)
    frame = pd.DataFrame(rows, columns=CATALOG_COLUMNS + ["file"])

    def join(values):
        seen = []
        for v in values:
            for part in str(v).split(" | ") if v != "" else []:
                if part not in seen:
                    seen.append(part)
        return " | ".join(seen)

    merged = []
    for _, group in frame.groupby("id", sort=True):
        first = group.iloc[0].to_dict()
        if len(group) > 1:
            for col in ("publisher", "table", "reference", "url", "notes", "file", "basis"):
                first[col] = join(group[col])
            first["raw_files"] = ",".join(sorted(set(",".join(group["raw_files"]).split(","))))
            first["levels"] = ",".join(sorted(set(",".join(group["levels"]).split(","))))
        merged.append(first)
    out = pd.DataFrame(merged, columns=CATALOG_COLUMNS + ["file"])
    if cover is not None:
        out["levels"] = out["id"].map(cover["levels"])
        out["years"] = out["id"].map(cover["years"])
        out["years_by_level"] = out["id"].map(cover["years_by_level"])
    return out.reindex(columns=CATALOG_CSV_COLUMNS, fill_value="")


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    frame.to_parquet(path, index=False, compression="zstd")


def build_snapshot(raw: Path, out: Path, recipes=RECIPES, progress=None) -> dict:
    """Rebuild the snapshot in ``out`` from the raw files in ``raw``; returns the manifest."""
    raw, out = Path(raw), Path(out)
    if not raw.is_dir():
        raise SnapshotError(
            f"raw files folder {raw} not found: put the official files there (see data/README.md) "
            "or set WLA_RAW_DIR"
        )
    say = progress or (lambda msg: None)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".snapshot-", dir=out.parent))
    try:
        entries: list[tuple[str, Indicator]] = []
        raw_used: set[str] = set()
        inside: list[pd.DataFrame] = []
        quality: list[pd.DataFrame] = []
        covers: list[pd.DataFrame] = []
        changes = territorial_changes(raw)
        raw_used |= set(CHANGE_FILES)
        for name in recipes:
            say(f"recipe {name}")
            module = importlib.import_module(f"wla.snapshot.{name}")
            # A recipe whose files are found by pattern describes them with indicators(raw).
            declared = module.indicators(raw) if hasattr(module, "indicators") else module.INDICATORS
            built = city_states.as_kreise(module.build(raw), [i.id for i in declared if "kreis" in i.levels])
            rows, set_aside = screen(check_rows(built, declared, name), declared)
            _write_parquet(rows, tmp / f"{name}.parquet")
            quality.append(set_aside)
            quality.append(breaks(rows, changes, declared))
            covers.append(rows.loc[rows["value"].notna(), ["indicator", "level", "year"]].drop_duplicates())
            entries += [(name, ind) for ind in declared]
            raw_used |= {f for ind in declared for f in ind.raw_files}
            inside.append(_reported_inside(rows, getattr(module, "REPORTED_INSIDE", {})))
        _check_cross_recipe_duplicates(tmp, recipes)
        catalog = merge_catalog(entries, coverage(pd.concat(covers, ignore_index=True)))
        catalog.to_csv(tmp / "catalog.csv", index=False)
        quality_table = pd.concat(quality, ignore_index=True).reindex(columns=QUALITY_COLUMNS)
        quality_table.sort_values(["indicator", "ags", "year", "category"]).to_csv(tmp / "quality.csv", index=False)
        pd.concat(inside, ignore_index=True).to_csv(tmp / "reported_inside.csv", index=False)

        say("gazetteer")
        from . import gazetteer

        editions = gazetteer.read_gv_editions(raw)
        _write_parquet(gazetteer.build_gazetteer(raw, editions), tmp / "gazetteer_gemeinden.parquet")
        _write_parquet(gazetteer.build_kreise(raw, editions), tmp / "gazetteer_kreise.parquet")

        say("geometries")
        from . import geometries

        geometries.save_geometries(geometries.build_geometries(raw), tmp / "geo")
        raw_used |= {f for s in geometries.SOURCES for f in s["raw_files"]}

        say("reception facilities")
        from ..sources.einrichtungen import read_einrichtungen

        facilities = read_einrichtungen(raw / "einrichtungen" / "landesunterkuenfte_sh.csv")
        facilities.to_csv(tmp / "einrichtungen.csv", index=False)
        raw_used.add("landesunterkuenfte_sh.csv")
        from . import finance_parameters

        finance_parameters.build(raw).to_csv(tmp / finance_parameters.FILE, index=False)
        raw_used |= set(finance_parameters.RAW_FILES)

        manifest = _manifest(tmp, catalog, geometries.SOURCES, raw, raw_used)
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
        _swap_in(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return manifest


def _reported_inside(rows: pd.DataFrame, inside: dict) -> pd.DataFrame:
    """Rows a publisher did not show separately because it counts them in another Kreis
    (e.g. 12531: Landkreis Kassel inside Stadt Kassel): indicator, year, ags, inside."""
    hidden = rows[rows["ags"].isin(list(inside)) & (rows["flag"] == "x")]
    out = hidden[["indicator", "year", "ags"]].drop_duplicates().copy()
    out["inside"] = out["ags"].map(inside)
    return out.sort_values(["indicator", "year", "ags"]).reset_index(drop=True)


def _check_cross_recipe_duplicates(folder: Path, recipes) -> None:
    keys = pd.concat(
        [pd.read_parquet(folder / f"{r}.parquet", columns=KEY).assign(recipe=r) for r in recipes]
    )
    dup = keys.duplicated(KEY, keep=False)
    if dup.any():
        example = keys[dup].head(2).to_dict("records")
        raise SnapshotError(f"two recipes deliver the same values: {example}")


def _raw_checksums(raw: Path, names: set[str]) -> dict:
    found = {}
    for path in sorted(raw.rglob("*")):
        if path.name in names and path.is_file():
            found[path.name] = {"folder": path.parent.name, "sha256": sha256(path)}
    return found


def _manifest(folder: Path, catalog: pd.DataFrame, geo_sources, raw: Path, raw_used) -> dict:
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != "manifest.json":
            files[path.relative_to(folder).as_posix()] = {"sha256": sha256(path), "bytes": path.stat().st_size}
    indicators = {
        row["id"]: {
            k: row[k]
            for k in ("publisher", "table", "reference", "licence", "url", "basis", "file", "raw_files")
        }
        for row in catalog.to_dict("records")
    }
    return {
        "wla_version": __version__,
        "files": files,
        "indicators": indicators,
        "geometries": list(geo_sources),
        "raw_files": _raw_checksums(raw, set(raw_used)),
    }


def _swap_in(tmp: Path, out: Path) -> None:
    """Replace the snapshot files in ``out`` by those in ``tmp`` with atomic renames.

    Files of ``out`` that are not snapshot products (README.md) are kept."""
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(tmp.rglob("*")):
        if path.is_file():
            target = out / path.relative_to(tmp)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)


def verify_snapshot(data: Path) -> dict:
    """Check the snapshot in ``data`` against its manifest (:func:`wla.store.verify`: every file
    listed, none missing, checksums equal); raise :class:`SnapshotError`. Returns the manifest."""
    return verify(Path(data)).manifest

"""``wla fetch``: fresh GENESIS tables into a local raw cache, then a rebuilt snapshot.

Each table is downloaded as a flat file (:mod:`wla.sources.genesis_api`), checked with the same
reader that reads the bundled files (:func:`wla.sources.genesis.read_ffcsv`) and stored under the
name the snapshot recipes read (:data:`TABLES`, e.g. ``kreise/pystatis_destatis_12411-01-01-4_
bevoelkerung_2024-12-31_flat.csv``), one file per reference date. Tables outside :data:`TABLES`
go to ``extra/genesis_<table>_<date>_flat.csv`` for later recipes.

The refresh is all or nothing: downloads land in a staging folder inside the cache; the snapshot
is rebuilt from a temporary folder of symlinks (bundled raw files, overlaid by the cache, overlaid
by the new downloads) with :func:`wla.snapshot.build.build_snapshot`, which itself swaps the new
snapshot in only after a complete build. Only then do the new files move into the cache. Any
error leaves cache and snapshot as they were.
"""
from __future__ import annotations

import gzip
import io
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .exceptions import FetchError, ParameterError
from .sources.genesis import read_ffcsv
from .sources.genesis_api import GenesisClient, database_of, find_credentials


@dataclass(frozen=True)
class FetchTable:
    """Where one table comes from and under which raw file name it is stored.

    ``pattern`` may hold ``{date}`` (the reference date of the rows, ``time`` column); a name
    ending in ``.gz`` is stored gzip-compressed, like the bundled file."""

    table: str
    database: str
    folder: str
    pattern: str


#: The tables the snapshot recipes read (wla/snapshot/genesis_tables.py; 22811-01-01-4, recipients
#: of AsylbLG and SGB II benefits per Kreis from the Regionaldatenbank, regionalstatistik.de:
#: wla/snapshot/mindestsicherung_tables.py), with their raw names.
TABLES = {
    t.table: t
    for t in (
        FetchTable("12411-01-01-4", "regio", "kreise", "pystatis_destatis_12411-01-01-4_bevoelkerung_{date}_flat.csv"),
        FetchTable("12531-0043", "genesis", "kreise", "pystatis_destatis_12531-0043_schutzsuchende_{date}_flat.csv.gz"),
        FetchTable("13111-01-03-4", "regio", "kreise", "pystatis_destatis_13111-01-03-4_svb_arbeitsort_{date}_flat.csv"),
        FetchTable("22811-01-01-4", "regio", "kreise",
                   "regionalstatistik_destatis_22811-01-01-4_mindestsicherung_{date}_flat.csv"),
        FetchTable("1000A-0000", "zensus", "gemeinden", "hdigital_zensus2022_1000A-0000_de_flat.csv"),
    )
}


@dataclass(frozen=True)
class FetchResult:
    files: list  # paths of the new files in the cache
    manifest: dict | None  # manifest of the rebuilt snapshot (None without a rebuild)


def default_cache_dir() -> Path:
    """``$WLA_RAW_CACHE``, else ``$XDG_CACHE_HOME/wla/raw``, else ``~/.cache/wla/raw``."""
    if os.environ.get("WLA_RAW_CACHE"):
        return Path(os.environ["WLA_RAW_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wla" / "raw"


def table_spec(table: str) -> FetchTable:
    """The :class:`FetchTable` of a table code (a generic one for tables no recipe reads yet)."""
    if table in TABLES:
        return TABLES[table]
    return FetchTable(table, database_of(table), "extra", f"genesis_{table}_{{date}}_flat.csv")


def check_years(years) -> list[int]:
    """Years as sorted ints; a clear :class:`ParameterError` for anything else."""
    out = []
    for year in years or ():
        try:
            value = int(year)
        except (TypeError, ValueError):
            raise ParameterError(f"year {year!r} is not a number; give years like 2023 2024") from None
        if not 1950 <= value <= 2100:
            raise ParameterError(f"year {value} is out of range (1950–2100)")
        out.append(value)
    return sorted(set(out))


def make_clients(databases, **options) -> dict:
    """One :class:`GenesisClient` per database, credentials checked for all before any download."""
    return {db: GenesisClient(db, find_credentials(db), **options) for db in sorted(set(databases))}


def download(specs, years, folder: Path, clients: dict, progress=None) -> list[Path]:
    """Download each table into ``folder`` (raw layout); returns the written files."""
    say = progress or (lambda msg: None)
    written = []
    for spec in specs:
        say(f"download {spec.table} from {spec.database}")
        start, end = (years[0], years[-1]) if years else (None, None)
        reply = clients[spec.database].tablefile(spec.table, start, end)
        written += save_reply(reply, spec, folder, years)
    return written


def save_reply(reply: bytes, spec: FetchTable, folder: Path, years=()) -> list[Path]:
    """Check a ``tablefile`` reply with :func:`read_ffcsv` and store it, one file per reference
    date (only the dates in ``years`` if given). The flat-file lines are stored unchanged."""
    frame = read_ffcsv(reply, name=f"web-service reply for table {spec.table}")
    dates = sorted(d for d in frame["date"].unique() if not years or int(d[:4]) in years)
    if not dates:
        held = ", ".join(sorted(frame["date"].unique()))
        raise FetchError(f"table {spec.table} has no values for the years {list(years)} (the reply holds {held})")
    content = _flat_bytes(reply)
    target = folder / spec.folder
    target.mkdir(parents=True, exist_ok=True)
    parts = _split_by_date(content, dates) if "{date}" in spec.pattern else {dates[-1]: content}
    written = []
    for date, data in parts.items():
        path = target / spec.pattern.format(date=date)
        path.write_bytes(gzip.compress(data, mtime=0) if path.name.endswith(".gz") else data)
        written.append(path)
    return written


def _flat_bytes(reply: bytes) -> bytes:
    """The flat-file bytes of a reply already checked by read_ffcsv (zip with one CSV, or the CSV)."""
    if reply[:4] != b"PK\x03\x04":
        return reply
    with zipfile.ZipFile(io.BytesIO(reply)) as archive:
        (member,) = [m for m in archive.namelist() if m.lower().endswith(".csv")]
        return archive.read(member)


def _split_by_date(content: bytes, dates) -> dict:
    """``{date: header + the lines of that date}``, lines byte for byte as in ``content``."""
    lines = content.splitlines(keepends=True)
    header = lines[0]
    column = header.lstrip(b"\xef\xbb\xbf").rstrip(b"\r\n").split(b";").index(b"time")
    parts = {d: [header] for d in dates}
    for line in lines[1:]:
        fields = line.split(b";")
        date = fields[column].decode("utf-8").strip() if len(fields) > column else ""
        if date in parts:
            parts[date].append(line)
    return {d: b"".join(p) for d, p in parts.items()}


def overlay(target: Path, layers) -> Path:
    """Fill ``target`` with symlinks to the files of ``layers`` (later layers win on equal
    relative paths). Hidden files and folders (staging areas) are skipped."""
    for layer in layers:
        layer = Path(layer)
        for path in sorted(layer.rglob("*")):
            rel = path.relative_to(layer)
            if not path.is_file() or any(part.startswith(".") for part in rel.parts):
                continue
            link = target / rel
            link.parent.mkdir(parents=True, exist_ok=True)
            if link.is_symlink() or link.exists():
                link.unlink()
            link.symlink_to(path.resolve())
    return target


def refresh(
    tables=None, years=None, *, cache: Path | None = None, raw: Path | None = None, out: Path | None = None,
    clients: dict | None = None, rebuild: bool = True, progress=None,
) -> FetchResult:
    """Download ``tables`` (default: :data:`TABLES`) for ``years`` (default: newest) into ``cache``
    and rebuild the snapshot ``out`` from ``raw`` overlaid by the cache. All or nothing."""
    from .paths import data_dir, raw_dir
    from .snapshot.build import build_snapshot

    specs = [table_spec(t) for t in (tables or TABLES)]
    years = check_years(years)
    clients = clients or make_clients(s.database for s in specs)
    cache = Path(cache or default_cache_dir())
    raw, out = Path(raw or raw_dir()), Path(out or data_dir())
    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=cache))
    combined = Path(tempfile.mkdtemp(prefix="wla-raw-"))
    try:
        new = download(specs, years, staging, clients, progress)
        manifest = None
        if rebuild:
            overlay(combined, [raw, cache, staging])
            manifest = build_snapshot(combined, out, progress=progress)
        files = []
        for path in new:
            target = cache / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            files.append(target)
        return FetchResult(files, manifest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(combined, ignore_errors=True)

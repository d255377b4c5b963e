"""Which reference years (``jahr``) the data snapshot allows — one rule for `wla report`,
`wla atlas` and a notebook run directly with papermill."""
from __future__ import annotations

import re

from .exceptions import ParameterError

#: What a reference year needs (see :func:`valid_years`): protection seekers per Kreis (12531,
#: the report's subject; the snapshot counts them from 31.12.2018), the population they are set
#: against (Kreis values of the Gemeindeverzeichnis, from 2013) and the BBSR Kreistyp that makes
#: the peer group of every comparison (one edition, 31.12.2019).
CORE_INDICATORS = ("schutzsuchende", "bevoelkerung", "bbsr_kreistyp")


def snapshot_years() -> tuple[int, int]:
    """First and last year of any indicator value in the snapshot (from the files the
    catalogue names)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from . import store
    from .paths import data_dir

    lows, highs = [], []
    files = {f.strip() for cell in store.catalog()["file"] for f in cell.split("|")} - {""}
    for file in sorted(files):
        path = data_dir() / file
        if path.suffix == ".parquet" and "year" in pq.read_schema(path).names:
            span = pc.min_max(pq.read_table(path, columns=["year"]).column("year")).as_py()
            if span["min"] is not None:
                lows.append(span["min"])
                highs.append(span["max"])
    return min(lows), max(highs)


def valid_years() -> tuple[int, int]:
    """First and last year ``jahr`` may take: from the first year in which every one of
    :data:`CORE_INDICATORS` has Kreis values (today 2019) to the newest year of any value in the
    snapshot (today 2025). Within that range every page renders: a section whose tables begin
    later (the protection status split and pupils from 2023, the Zensus 2022 vacancy) or end
    earlier says that it is left out and why; a year before it would leave the report without
    its subject."""
    from . import data

    first = max(int(data.load(i, level="kreis")["year"].min()) for i in CORE_INDICATORS)
    return first, snapshot_years()[1]


def check_year(jahr):
    """``jahr`` as an int within :func:`valid_years`, or None (newest value per indicator)."""
    if jahr is None:
        return None
    if isinstance(jahr, str) and re.fullmatch(r"\s*\d{4}\s*", jahr):
        jahr = int(jahr)
    if isinstance(jahr, bool) or not isinstance(jahr, int):
        raise ParameterError(f"jahr must be a year (int) or None for the newest data, not {jahr!r}")
    first, last = valid_years()
    if not first <= jahr <= last:
        raise ParameterError(
            f"jahr {jahr} is outside the years a report can refer to: choose {first}–{last} (from the first "
            f"year with protection seekers, population and BBSR Kreistyp per Kreis to the newest year in the "
            "data snapshot), or leave it out for the newest data"
        )
    return jahr

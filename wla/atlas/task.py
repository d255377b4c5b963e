"""One task of an atlas: the report set of one Kreis, run inside a Dask worker.

:func:`build_kreis` never raises: it returns a record with the report folder, the result per
notebook, the headline figures of the Kreis (for the overview page), the CPU seconds the task
used (worker and kernel; on a busy machine a steadier measure than the wall time) and the peak
memory of the worker process and of its largest child process (the warm kernel, or with
``warm=False`` the notebook worker process or kernel) so far.
"""
from __future__ import annotations

import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd

from ..report.kernels import cpu_seconds

#: Headline figures of the overview page (keys of :data:`wla.analysis.compare.HEADLINES`); the
#: first one is the map's.
OVERVIEW_HEADLINES = ("schutzsuchende_je_1000", "alq_auslaender", "auslaender_an_svb", "leerstandsquote",
                      "kita_u3", "steuerkraft")


def headline_values(kreis: str, jahr: int | None) -> dict:
    """Per headline the Kreis's newest value (up to ``jahr``): {key: {"value", "year", "flag",
    "sources"}}; value None where there is none."""
    from ..analysis import compare
    from ..exceptions import WlaError
    from ..present.sources import lines
    from ..regions import region

    reg = region(kreis)
    out = {}
    for key in OVERVIEW_HEADLINES:
        h = compare.headline(key)
        found = {"value": None, "year": None, "flag": ""}
        for year in reversed(compare._years(h.numerator)):
            if jahr is not None and year > jahr:
                continue
            try:
                v = compare.value(h, reg, year)
            except WlaError:
                continue
            if not np.isnan(v["value"]):
                found = {"value": float(v["value"]), "year": int(year), "flag": v["flag"] or "",
                         "sources": lines(v["sources"])}
                break
        out[key] = found
    return out


def _peak_mb(who) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux: kilobytes


def _children_peak_mb() -> float:
    """Largest peak resident memory of this process's child processes: those that ended
    (getrusage) and those still running, e.g. the warm kernel (``VmHWM`` in /proc)."""
    import psutil

    peaks = [_peak_mb(resource.RUSAGE_CHILDREN)]
    for child in psutil.Process().children(recursive=True):
        try:
            for line in Path(f"/proc/{child.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(round(int(line.split()[1]) / 1024, 1))
        except OSError:
            continue
    return max(peaks)


def build_kreis(kreis: str, vergleich: str, jahr, sprache: str, selection, out_root: str, warm: bool = True) -> dict:
    """Build the report set of ``kreis`` against ``vergleich`` (``"twins"``: its nearest twin;
    the record then says whether the twin lies within the caliper, ``vergleich_close``, its
    largest standardised gap, ``vergleich_max_gap``, and where, ``vergleich_max_gap_feature``) into ``out_root``; see the module docstring. ``warm``: run the
    notebooks in this worker's warm kernel (:mod:`wla.atlas.warm`), else each in a new kernel
    with papermill."""
    from ..exceptions import WlaError
    from ..report import build_reports
    from .plan import TWINS

    start, cpu = time.time(), cpu_seconds()
    rec = {"kreis": kreis, "ok": False, "error": "", "folder": "", "vergleich": vergleich, "notebooks": []}
    try:
        vs = vergleich
        if vergleich == TWINS:
            from ..analysis.twins import twins

            twin = twins(kreis, k=1)
            vs = str(twin["ags"].iloc[0])
            rec["vergleich"] = vs
            # within the caliper: every feature within CALIPER_SD of the Kreis (wla.analysis.twins, step 7)
            rec["vergleich_close"] = bool(twin["close"].iloc[0])
            rec["vergleich_max_gap"] = float(twin["max_gap"].iloc[0])
            rec["vergleich_max_gap_feature"] = str(twin["max_gap_feature"].iloc[0])
        engine = None
        if warm:
            from .warm import warm_engine as engine
        run = build_reports(kreis, vs, jahr=jahr, sprache=sprache, selection=selection, workers=1,
                            out_root=out_root, progress=False, engine=engine)
        rec["folder"] = run.folder.name
        rec["notebooks"] = [{"notebook": r.notebook, "ok": r.ok, "seconds": r.seconds, "error": r.error}
                            for r in run.results]
        rec["ok"] = run.ok
        if not run.ok:
            rec["error"] = "; ".join(f"{r.notebook}: {r.error}" for r in run.results if not r.ok)
    except WlaError as exc:
        rec["error"] = str(exc)
    except Exception as exc:  # a task reports its failure; the atlas goes on with the other Kreise
        rec["error"] = f"{type(exc).__name__}: {exc}"
    try:
        rec["headlines"] = headline_values(kreis, jahr)
    except Exception as exc:
        rec["headlines"] = {}
        rec["error"] = rec["error"] or f"headline figures: {type(exc).__name__}: {exc}"
        rec["ok"] = False
    try:
        from distributed import get_worker

        rec["worker"] = get_worker().address
    except (ImportError, ValueError):
        rec["worker"] = "local"
    rec["peak_worker_mb"] = _peak_mb(resource.RUSAGE_SELF)
    rec["peak_child_mb"] = _children_peak_mb()
    rec["seconds"] = round(time.time() - start, 1)
    rec["cpu_seconds"] = round(cpu_seconds() - cpu, 1)
    rec["made"] = time.time()
    return rec

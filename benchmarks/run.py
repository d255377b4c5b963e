"""wla benchmarks: every figure as a ratio to a floor measured in the same run.

    .venv/bin/python benchmarks/run.py [--quick] [--raw DIR] [--only report atlas] [--atlas-sample N]

Measures
  snapshot_build   build_snapshot(raw, tmp)        floor: sha256 over every raw file it reads
  load_*           wla.load median of N runs,      floor: pandas.read_parquet of one small
                   cold (store cache cleared,             snapshot file (median of N runs)
                   includes the checksum check)
                   and warm (cached)
  import_wla       python -c "import wla"          floor: python -c "import pandas"
  indicators_fresh python -c "import wla;          floor: python -c "import pandas"
                   wla.indicators()"
  report_build     wla.report.build_reports into   floor: one papermill run of a notebook that
                   a temporary out_root                   only imports what the notebooks import,
                                                          × notebooks ÷ workers
  atlas_*          wla atlas for 20 Kreise (SH's 15,  floor: the same × Kreise × notebooks ÷ workers;
                   then Niedersachsen's first five;        extrapolated to 400 Kreise; peak memory
                   warm kernels, Dask LocalCluster)        per worker
Writes benchmarks/results/<date>T<time>.json and prints a table; every row carries the load
average at its end (``load``); the report build and the atlas a CPU-time figure beside the wall
time. ``--quick`` uses 3 repetitions and
skips the long items (snapshot build, report build, atlas). The national-results cache
(:mod:`wla.cache`) is a new empty folder for each run.
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import wla
from wla import report, store
from wla.paths import data_dir, raw_dir

# Nothing heavier at module level: report workers are started with "spawn", which imports this
# module again in every worker (as ``__mp_main__``) before its first notebook. nbformat (with
# jsonschema's format checkers) and the snapshot builder would cost each worker a second of
# processor time that ``wla report`` does not pay; they are imported where they are used.

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
GEMEINDE_INDICATOR = "bevoelkerung"  # Gemeinde level, six GV editions: the largest Gemeinde series
LARGEST_INDICATOR = "arbeitslose_auslaender_beruf"  # Kreis × occupation × 2012–2025
SMALL_PARQUET = "gazetteer_kreise.parquet"
#: Targets of issue 11: report build ratio, the atlas of all Kreise within one hour.
REPORT_TARGET_RATIO, ATLAS_TARGET_SECONDS, ATLAS_KREISE = 1.5, 3600, 400
#: Kreise of the atlas sample (issue 11: "the figure for a 20-Kreis sample").
ATLAS_SAMPLE = 20
#: What ``--only`` can pick; ``--quick`` leaves out the long ones.
ITEMS, LONG = ("snapshot", "load", "import", "report", "atlas"), ("snapshot", "report", "atlas")


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_of(fn, runs: int, before=None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        times.append(timed(fn))
    return statistics.median(times)


def row(name: str, seconds: float, floor: float, floor_what: str, **extra) -> dict:
    """One result; ``load`` is the machine's 1-minute load average when it was taken (other
    jobs on the machine lengthen every wall time)."""
    return {"name": name, "seconds": seconds, "floor_seconds": floor, "ratio": seconds / floor,
            "floor": floor_what, "load": round(os.getloadavg()[0], 2), **extra}


def bench_snapshot(raw: Path) -> dict:
    from wla.snapshot.build import build_snapshot

    files = sorted(
        p for p in raw.rglob("*")
        if p.is_file() and p.name in json.loads((data_dir() / "manifest.json").read_text())["raw_files"]
    )

    def read_all():
        for p in files:
            hashlib.sha256(p.read_bytes()).hexdigest()

    floor = timed(read_all)
    with tempfile.TemporaryDirectory(prefix="wla-bench-snapshot-") as tmp:
        seconds = timed(lambda: build_snapshot(raw, Path(tmp) / "data"))
    return row("snapshot_build", seconds, floor, f"sha256 of the {len(files)} raw files read")


def bench_load(runs: int) -> list[dict]:
    small = data_dir() / SMALL_PARQUET
    floor = median_of(lambda: pd.read_parquet(small), runs)
    what = f"pandas.read_parquet({SMALL_PARQUET})"
    out = []
    cases = [
        (f"load_{GEMEINDE_INDICATOR}_gemeinde_germany", lambda: wla.load(GEMEINDE_INDICATOR, level="gemeinde")),
        (f"load_{LARGEST_INDICATOR}_germany", lambda: wla.load(LARGEST_INDICATOR)),
    ]
    for name, fn in cases:
        rows = len(fn())
        cold = median_of(fn, runs, before=store.clear_cache)
        warm = median_of(fn, runs)
        out.append(row(f"{name}_cold", cold, floor, what, rows=rows))
        out.append(row(f"{name}_warm", warm, floor, what, rows=rows))
    return out


def _python(code):
    """A fresh Python process running ``code`` (for timing)."""
    return lambda: subprocess.run([sys.executable, "-c", code], check=True)


def bench_import(runs: int) -> dict:
    floor = median_of(_python("import pandas"), runs)
    seconds = median_of(_python("import wla"), runs)
    return row("import_wla", seconds, floor, 'python -c "import pandas"')


def bench_indicators(runs: int) -> dict:
    """The first wla.indicators() in a fresh process (import included), against import pandas."""
    floor = median_of(_python("import pandas"), runs)
    seconds = median_of(_python("import wla; wla.indicators()"), runs)
    return row("indicators_fresh", seconds, floor, 'python -c "import pandas"')


def cpu_now() -> float:
    """Processor seconds (user + system) of this process and of its ended child processes
    (report workers, and the kernels they waited for; papermill's kernels)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def floor_notebook_seconds(tmp: Path, paths) -> tuple[float, float]:
    """One papermill run of a notebook that only holds the notebooks' import lines and a
    parameters cell: what starting a kernel and importing the libraries costs (wall seconds,
    and processor seconds of this process and the kernel)."""
    import nbformat
    import papermill

    from wla.atlas.warm import notebook_imports

    floor_nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('region = "kielregion"\nvergleich = "coburg"\njahr = None\nsprache = "de"')
    params.metadata["tags"] = ["parameters"]
    floor_nb.cells = [params, nbformat.v4.new_code_cell("\n".join(notebook_imports(paths)))]
    nbformat.write(floor_nb, tmp / "floor.ipynb")
    cpu = cpu_now()
    seconds = timed(lambda: papermill.execute_notebook(
        str(tmp / "floor.ipynb"), str(tmp / "floor_out.ipynb"), kernel_name=report.kernel_name(),
        cwd=str(tmp), progress_bar=False,
    ))
    return seconds, cpu_now() - cpu


def bench_report() -> list[dict]:
    """The default report twice: first on an empty national-results cache (a new snapshot),
    then again (the cache and the notebooks' last times known, as for every later build).
    Beside the wall times, the processor seconds of each build (this process, its workers and
    their kernels) against those of the floor notebook × notebooks: on a machine shared with
    other jobs the steadier figure (an estimate; the wall-time ratio is the measurement)."""
    paths = report.notebooks()
    workers = max(1, min(len(paths), os.cpu_count() or 1))
    rows = []
    with tempfile.TemporaryDirectory(prefix="wla-bench-report-") as tmp:
        tmp = Path(tmp)
        one, one_cpu = floor_notebook_seconds(tmp, paths)
        floor = one * len(paths) / workers
        what = f"papermill import-only notebook ({one:.1f} s) × {len(paths)} notebooks ÷ {workers} workers"
        for name in ("report_build", "report_build_again"):
            result = {}
            cpu = cpu_now()
            seconds = timed(lambda: result.setdefault(
                "run", report.build_reports(workers=workers, out_root=tmp / name, progress=False)
            ))
            cpu = cpu_now() - cpu
            run = result["run"]
            rows.append(row(name, seconds, floor, what, notebooks=len(paths), workers=workers,
                            failed=[r.notebook for r in run.results if not r.ok],
                            notebook_seconds={r.notebook: r.seconds for r in run.results},
                            notebook_cpu_seconds={r.notebook: r.cpu_seconds for r in run.results},
                            cpu_seconds=round(cpu, 1), floor_cpu_seconds=round(one_cpu * len(paths), 1),
                            cpu_ratio=cpu / (one_cpu * len(paths))))
    return rows


#: Länder whose Kreise make the atlas sample, in this order: Schleswig-Holstein, Niedersachsen.
#: Hamburg (02000), between them in AGS order, is left out: on 2026-11-30 its pages 00 and 40
#: stop with an error (no "insgesamt" category of asylbewerberleistungen; no Kreis values of
#: arbeitslose_auslaender for 2025), and a sample with failing pages would time less work.
ATLAS_SAMPLE_LAENDER = ("01", "03")


def atlas_sample(n: int) -> list[str]:
    """The first ``n`` Kreise of :data:`ATLAS_SAMPLE_LAENDER`, each Land's in AGS order: for 20
    the 15 Kreise of Schleswig-Holstein (01001–01062) and 03101 Braunschweig, 03102 Salzgitter,
    03103 Wolfsburg, 03151 Gifhorn, 03153 Goslar."""
    from wla.regions import region

    return [k for land in ATLAS_SAMPLE_LAENDER for k in sorted(region(land).codes)][:n]


def bench_atlas(sample: int, all_kreise: int = ATLAS_KREISE) -> list[dict]:
    """``wla atlas --kreise`` for ``sample`` Kreise (:func:`atlas_sample`),
    every notebook, on a local Dask cluster with one worker per core and warm kernels; the
    extrapolation to ``all_kreise`` scales the measured time by all_kreise / sample (cluster and
    kernel start included once per sample, so the figure errs on the slow side)."""
    from wla.atlas import build_atlas, manifest

    paths = report.notebooks()
    workers = max(1, os.cpu_count() or 1)
    kreise = atlas_sample(sample)
    with tempfile.TemporaryDirectory(prefix="wla-bench-atlas-") as tmp:
        tmp = Path(tmp)
        one, _ = floor_notebook_seconds(tmp, paths)
        result = {}
        seconds = timed(lambda: result.setdefault("atlas", build_atlas(
            kreise=kreise, workers=workers, out_root=tmp / "reports", progress=False)))
        records = list(manifest.read(result["atlas"].folder)["kreise"].values())
    atlas = result["atlas"]
    steady = steady_seconds(records)
    steady_cpu = steady_seconds(records, "cpu_seconds")
    notebooks = len(kreise) * len(paths)
    floor = one * notebooks / workers
    what = f"papermill import-only notebook ({one:.1f} s) × {notebooks} notebooks ÷ {workers} workers"
    memory = {"memory_limit_mb": round((atlas.memory_limit or 0) / 2**20),
              "peak_mb_per_worker": atlas.peak_mb, "failed": atlas.failed}
    scale = all_kreise / len(kreise)
    rows = [
        row(f"atlas_sample_{len(kreise)}_kreise", seconds, floor, what, kreise=kreise, notebooks=notebooks,
            workers=workers, seconds_per_notebook=seconds / notebooks,
            kreis_seconds={r["kreis"]: r["seconds"] for r in records},
            kreis_cpu_seconds={r["kreis"]: r.get("cpu_seconds") for r in records}, **memory),
        row(f"atlas_{all_kreise}_kreise_extrapolated", seconds * scale, floor * scale,
            f"{what} × {all_kreise}/{len(kreise)}", target_seconds=ATLAS_TARGET_SECONDS,
            within_target=seconds * scale <= ATLAS_TARGET_SECONDS),
    ]
    if steady is not None:
        # the first Kreis of each worker pays for its kernel, imports and national results;
        # every further Kreis costs what the later Kreise of the sample cost
        total = seconds + steady * (all_kreise - len(kreise)) / workers
        rows.append(row(f"atlas_{all_kreise}_kreise_steady_state", total, floor * scale,
                        f"the sample's time + {all_kreise - len(kreise)} Kreise × {steady:.1f} s "
                        f"(mean of the Kreise after each worker's first) ÷ {workers} workers; floor as above",
                        seconds_per_kreis=steady, seconds_per_notebook=steady / len(paths) / workers,
                        target_seconds=ATLAS_TARGET_SECONDS, within_target=total <= ATLAS_TARGET_SECONDS))
    if steady_cpu is not None:
        # what the steady state needs of the processors: on an otherwise idle machine with one
        # core per worker this is its wall time; on a busy one the wall time is longer
        total = seconds + steady_cpu * (all_kreise - len(kreise)) / workers
        rows.append(row(f"atlas_{all_kreise}_kreise_steady_cpu", total, floor * scale,
                        f"the sample's time + {all_kreise - len(kreise)} Kreise × {steady_cpu:.1f} CPU s "
                        f"(mean of the Kreise after each worker's first, worker + kernel) ÷ {workers} workers: "
                        "the wall time on an otherwise idle machine; floor as above",
                        cpu_seconds_per_kreis=steady_cpu, target_seconds=ATLAS_TARGET_SECONDS,
                        within_target=total <= ATLAS_TARGET_SECONDS))
    return rows


def steady_seconds(records: list[dict], field: str = "seconds") -> float | None:
    """Mean ``field`` (seconds, or CPU seconds) of one Kreis on a worker that already built one
    (None if no worker built two)."""
    by_worker: dict = {}
    for rec in sorted(records, key=lambda r: r["made"]):
        if rec.get(field) is None:
            continue
        by_worker.setdefault(rec.get("worker", "?"), []).append(rec[field])
    later = [s for times in by_worker.values() for s in times[1:]]
    return statistics.mean(later) if later else None


def targets(rows: list[dict]) -> list[str]:
    """The issue's three targets, one line each, from this run's rows."""
    by = {r["name"]: r for r in rows}
    lines = []
    for name in ("report_build", "report_build_again"):
        if name in by:
            r = by[name]
            cpu = ", ".join(f"{n[:2]} {s}" for n, s in sorted(r["notebook_cpu_seconds"].items()))
            lines.append(f"{name}: {r['ratio']:.2f} × floor (target ≤ {REPORT_TARGET_RATIO}; load {r['load']}); "
                         f"processor time {r['cpu_seconds']:.0f} s = {r['cpu_ratio']:.2f} × the floor's; "
                         f"CPU s per notebook (first one on each worker with its kernel's start): {cpu}")
    for r in rows:
        if r["name"].endswith(("_extrapolated", "_steady_state", "_steady_cpu")):
            lines.append(f"{r['name']}: {r['seconds'] / 3600:.2f} h (target ≤ {ATLAS_TARGET_SECONDS / 3600:.0f} h; "
                         f"load {r['load']})")
        if "peak_mb_per_worker" in r:
            peaks = ", ".join(f"{w}: {mb:.0f} MB" for w, mb in sorted(r["peak_mb_per_worker"].items()))
            lines.append(f"peak memory per worker ({r['name']}, limit {r['memory_limit_mb']} MB): {peaks}")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 repetitions; skip snapshot and report build")
    parser.add_argument("--raw", type=Path, default=None, help="raw files folder (default ../shared/data)")
    parser.add_argument("--atlas-sample", type=int, default=ATLAS_SAMPLE,
                        help=f"Kreise of the atlas sample (default {ATLAS_SAMPLE}, as issue 11 asks): the first N of "
                             "Schleswig-Holstein, then Niedersachsen, in AGS order")
    parser.add_argument("--only", nargs="+", choices=ITEMS, help="measure these items only")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else 7
    raw = args.raw or raw_dir()
    only = set(args.only or ([i for i in ITEMS if i not in LONG] if args.quick else ITEMS))

    rows = []
    # national results (wla.cache) start empty: the report build computes them once, the atlas
    # after it finds them, as a user's first report and atlas on a new snapshot would
    with tempfile.TemporaryDirectory(prefix="wla-bench-cache-") as cache:
        os.environ["WLA_CACHE_DIR"] = cache
        if "snapshot" in only:
            if raw.is_dir():
                rows.append(bench_snapshot(raw))
            else:
                print(f"snapshot_build skipped: raw files folder {raw} not found", file=sys.stderr)
        if "load" in only:
            rows += bench_load(runs)
        if "import" in only:
            rows.append(bench_import(runs))
            rows.append(bench_indicators(runs))
        if "report" in only:
            rows += bench_report()
        if "atlas" in only:
            rows += bench_atlas(args.atlas_sample)

    result = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "quick": args.quick,
        "items": sorted(only),
        "runs": runs,
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "wla_version": wla.__version__,
        "results": rows,
    }
    RESULTS.mkdir(exist_ok=True)
    suffix = ("-quick" if args.quick else "") + ("-" + "-".join(args.only) if args.only else "")
    target = RESULTS / f"{datetime.datetime.now().strftime('%Y-%m-%dT%H%M')}{suffix}.json"
    target.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")

    table = pd.DataFrame(rows)[["name", "seconds", "floor_seconds", "ratio", "load", "floor"]]
    print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    print("\n" + "\n".join(targets(rows)))
    print(f"\nwritten to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

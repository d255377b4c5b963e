"""wla benchmarks: every figure as a ratio to a floor measured in the same run.

    .venv/bin/python benchmarks/run.py [--quick] [--raw DIR]

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
Writes benchmarks/results/<date>.json and prints a table. ``--quick`` uses 3 repetitions and
skips the two long items (snapshot build, report build).
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pandas as pd

import wla
from wla import report, store
from wla.paths import data_dir, raw_dir
from wla.snapshot.build import build_snapshot

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
GEMEINDE_INDICATOR = "bevoelkerung"  # Gemeinde level, six GV editions: the largest Gemeinde series
LARGEST_INDICATOR = "arbeitslose_auslaender_beruf"  # Kreis × occupation × 2012–2025
SMALL_PARQUET = "gazetteer_kreise.parquet"


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
    return {"name": name, "seconds": seconds, "floor_seconds": floor, "ratio": seconds / floor,
            "floor": floor_what, **extra}


def bench_snapshot(raw: Path) -> dict:
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


def notebook_imports(paths) -> list[str]:
    """The import lines of the notebooks' code cells, in order, without repeats."""
    lines: list[str] = []
    for path in paths:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            for line in cell.source.splitlines():
                if line.startswith(("import ", "from ")) and line not in lines:
                    lines.append(line)
    return lines


def bench_report() -> dict:
    import papermill

    paths = report.notebooks()
    workers = max(1, min(len(paths), os.cpu_count() or 1))
    with tempfile.TemporaryDirectory(prefix="wla-bench-report-") as tmp:
        tmp = Path(tmp)
        floor_nb = nbformat.v4.new_notebook()
        params = nbformat.v4.new_code_cell(
            'region = "kielregion"\nvergleich = "coburg"\njahr = None\nsprache = "de"'
        )
        params.metadata["tags"] = ["parameters"]
        floor_nb.cells = [params, nbformat.v4.new_code_cell("\n".join(notebook_imports(paths)))]
        nbformat.write(floor_nb, tmp / "floor.ipynb")
        one = timed(lambda: papermill.execute_notebook(
            str(tmp / "floor.ipynb"), str(tmp / "floor_out.ipynb"), kernel_name=report.kernel_name(),
            cwd=str(tmp), progress_bar=False,
        ))
        floor = one * len(paths) / workers
        result = {}
        seconds = timed(lambda: result.setdefault(
            "run", report.build_reports(workers=workers, out_root=tmp / "reports", progress=False)
        ))
    run = result["run"]
    failed = [r.notebook for r in run.results if not r.ok]
    return row("report_build", seconds, floor,
               f"papermill import-only notebook ({one:.1f} s) × {len(paths)} notebooks ÷ {workers} workers",
               notebooks=len(paths), workers=workers, failed=failed)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 repetitions; skip snapshot and report build")
    parser.add_argument("--raw", type=Path, default=None, help="raw files folder (default ../shared/data)")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else 7
    raw = args.raw or raw_dir()

    rows = []
    if not args.quick:
        if raw.is_dir():
            rows.append(bench_snapshot(raw))
        else:
            print(f"snapshot_build skipped: raw files folder {raw} not found", file=sys.stderr)
    rows += bench_load(runs)
    rows.append(bench_import(runs))
    rows.append(bench_indicators(runs))
    if not args.quick:
        rows.append(bench_report())

    result = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "quick": args.quick,
        "runs": runs,
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "wla_version": wla.__version__,
        "results": rows,
    }
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"{datetime.date.today().isoformat()}{'-quick' if args.quick else ''}.json"
    target.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")

    table = pd.DataFrame(rows)[["name", "seconds", "floor_seconds", "ratio", "floor"]]
    print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    print(f"\nwritten to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

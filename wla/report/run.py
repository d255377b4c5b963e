"""``build_reports``: run the notebooks for a region pair with papermill and write one report folder.

1. Everything is checked before any kernel starts (:mod:`wla.report.params`).
2. A lock file ``reports/.<folder>.lock`` keeps two runs out of one folder; it is removed after
   the run (:mod:`wla.report.folder`).
3. Notebooks run in parallel worker processes; each worker keeps one warm kernel (started once
   with the notebooks' libraries imported, its state reset before every notebook:
   :mod:`wla.atlas.warm`; ``warm=False``: a new kernel per notebook with papermill), executes its
   notebooks in it and renders them (:mod:`wla.report.render`). Workers and kernels die with the
   run however it ends, kernels are quiet and get no credentials (:mod:`wla.report.kernels`).
4. The whole folder is built beside the old one (``reports/.tmp-<folder>-*``) and swapped in at
   once; a failure or kill leaves the previous folder as it was (:mod:`wla.report.folder`).

A run of some notebooks (``selection``) keeps the other pages of the existing folder only if
they were made without error from the same notebook file and the same data snapshot (the folder
name already fixes regions, language, year and code display); any other page is dropped and the
index lists that notebook as without a page, and the run's status is not "complete".
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ..exceptions import WlaError
from ..paths import PROJECT_ROOT
from . import index as run_index
from .folder import clear_leftovers, keep_from, locked, package_checksum, sha256, swap_in
from .kernels import clear_sockets, cpu_seconds, kernel_manager_class, kernel_name, socket_folder, worker_init
from .params import OPTIONAL, check_run, select_notebooks
from .render import render_html

NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
REPORT_DIR = PROJECT_ROOT / "reports"
#: How often a notebook whose kernel died before answering is started again, and how that
#: failure reads (jupyter_client's message).
KERNEL_START_RETRIES = 1
KERNEL_START_FAILURE = "RuntimeError: Kernel died before replying to kernel_info"


class ReportWriteError(WlaError):
    """The report folder could not be written; the previous one is unchanged."""


@dataclass
class NotebookResult:
    """One page of a report folder. ``html`` is empty when no page was written; ``on_page``
    says whether a failed notebook's page shows its error cell; ``cpu_seconds``: processor
    time of its worker and kernel while it ran and was rendered (the first notebook of a worker
    includes the kernel's start)."""

    notebook: str
    ok: bool
    seconds: float
    error: str = ""
    html: str = ""
    exports: list[str] = field(default_factory=list)
    on_page: bool = False
    cpu_seconds: float | None = None


@dataclass
class RunResult:
    folder: Path
    parameters: dict
    results: list[NotebookResult] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


def notebooks(selection=None) -> list[Path]:
    """The report notebooks (``notebooks/NN_name.ipynb``), optionally a selection."""
    return select_notebooks(NOTEBOOK_DIR, selection)


def _tail(path: Path, lines: int = 3) -> str:
    try:
        text = [s for s in path.read_text(errors="replace").splitlines() if s.strip()]
    except OSError:
        return ""
    return " | ".join(text[-lines:])


def papermill_engine(nb: Path, out_ipynb: Path, parameters: dict, kernel: str, log: Path, sockets: Path):
    """Run one notebook with papermill in a new kernel; returns (error, on_page): the error
    line ("" when it ran) and whether the executed notebook shows the failing cell."""
    import papermill

    for _ in range(1 + KERNEL_START_RETRIES):
        error, on_page = "", False
        try:
            papermill.execute_notebook(
                str(nb), str(out_ipynb), parameters=parameters, kernel_name=kernel, cwd=str(nb.parent),
                progress_bar=False, log_output=False, request_save_on_cell_execute=False,
                kernel_manager_class=kernel_manager_class(log, sockets),
            )
        except papermill.PapermillExecutionError as exc:
            error, on_page = f"{exc.ename}: {exc.evalue}", True
        except Exception as exc:  # the kernel died, a timeout, a broken notebook file
            error = f"{type(exc).__name__}: {exc}"
            detail = _tail(log)
            if detail:
                error += f" (kernel: {detail})"
        # A kernel that dies before it answers has run no cell: start it once more.
        if not error.startswith(KERNEL_START_FAILURE):
            break
    return error, on_page


def _execute(nb_path: str, pages: str, work: str, parameters: dict, kernel: str, with_code: bool,
             labels: tuple[str, str], checksum: str, engine=papermill_engine) -> dict:
    """Run one notebook (``engine``, see :func:`papermill_engine`) and render its page; never
    raises. Returns the page record (see :mod:`wla.report.index`)."""
    nb, pages, work = Path(nb_path), Path(pages), Path(work)
    out_ipynb, out_html = pages / nb.name, pages / f"{nb.stem}.html"
    log = work / f"{nb.stem}.kernel.log"
    sockets = socket_folder(work)
    start, cpu = time.time(), cpu_seconds()
    try:
        error, on_page = engine(nb, out_ipynb, parameters, kernel, log, sockets)
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    if out_ipynb.exists() and (not error or on_page):
        try:
            render_html(out_ipynb, out_html, with_code=with_code, lang=parameters["sprache"], labels=labels)
        except Exception as exc:
            error, on_page = error or f"rendering failed: {type(exc).__name__}: {exc}", False
    if error and not on_page:  # a page without its error cell would look complete: none is written
        for leftover in (out_html, out_ipynb):
            leftover.unlink(missing_ok=True)
    written = out_html.exists()
    exports = sorted(p.name for p in pages.glob(f"{nb.stem}_*") if p.suffix in (".xlsx", ".csv"))
    return {
        "notebook": nb.stem, "ok": not error, "error": error, "on_page": on_page and written,
        "seconds": round(time.time() - start, 1), "cpu_seconds": round(cpu_seconds() - cpu, 1),
        "worker": os.getpid(), "html": out_html.name if written else "",
        "ipynb": out_ipynb.name if out_ipynb.exists() else "", "exports": exports,
        "parameters": _as_recorded(parameters), "checksum": checksum, "notebook_sha256": sha256(nb),
        "code_sha256": package_checksum(), "made": time.time(),
    }


def _as_recorded(parameters: dict) -> dict:
    """Parameters as the index shows them: ``output_dir`` is the report folder itself (".")."""
    return {k: ("." if k == "output_dir" else v) for k, v in parameters.items()}


def build_reports(
    region="kielregion",
    vergleich="coburg",
    jahr=None,
    sprache="de",
    selection=None,
    with_code=False,
    workers=None,
    out_root: Path | None = None,
    progress=True,
    engine=None,
    warm: bool = True,
) -> RunResult:
    """Execute and render notebooks for a region pair; see the module docstring.

    ``engine``: how one notebook is run (signature of :func:`papermill_engine`); when given,
    the notebooks run one after another in this process (e.g. in a kernel kept warm here,
    :mod:`wla.atlas.warm`) instead of in worker processes. ``warm``: worker processes run their
    notebooks in one warm kernel each (else each notebook in a new kernel)."""
    notebook_dir = NOTEBOOK_DIR
    out_root = Path(out_root or REPORT_DIR)
    plan = check_run(region, vergleich, jahr, sprache, selection, workers, with_code, notebook_dir, out_root)
    out_root.mkdir(parents=True, exist_ok=True)
    with locked(out_root / f".{plan.folder.name}.lock", plan.folder):
        clear_leftovers(plan.folder)
        clear_sockets()
        return _run(plan, notebook_dir, with_code, progress, engine, warm)


class _InProcess:
    """The part of an executor's interface ``_run`` uses, running each call at once here."""

    def submit(self, fn, *args):
        from concurrent.futures import Future

        fut = Future()
        fut.set_result(fn(*args))
        return fut

    def shutdown(self, wait=True, cancel_futures=False):
        pass


def _run(plan, notebook_dir: Path, with_code: bool, progress: bool, engine=None, warm: bool = True) -> RunResult:
    folder = plan.folder
    started = time.time()
    checksum = run_index.snapshot_info()["checksum"]
    labels = (plan.region.label, plan.vergleich.label)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{folder.name}-", dir=folder.parent))
        pages, work = tmp / "pages", tmp / "work"
        pages.mkdir()
        work.mkdir()
    except OSError as exc:
        raise ReportWriteError(f"cannot write into {folder.parent}: {exc.strerror or exc}") from None
    run = RunResult(folder, plan.parameters)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(plan.notebooks), desc=folder.name, unit="notebook")
    # "spawn": workers do not inherit the lock file descriptor nor the parent's threads
    pool = _InProcess() if engine else ProcessPoolExecutor(
        max_workers=plan.workers, mp_context=multiprocessing.get_context("spawn"),
        initializer=worker_init, initargs=(os.getpid(),),
    )
    if engine is None:
        from ..atlas.warm import warm_engine

        engine_arg = [warm_engine] if warm else []
    else:
        engine_arg = [engine]
    try:
        kernel = kernel_name()
        futures = []
        for path, declared in longest_first(plan.notebooks):
            optional = {"output_dir": str(pages)}
            params = {**plan.parameters, **{k: optional[k] for k in OPTIONAL if k in declared}}
            futures.append(pool.submit(
                _execute, str(path), str(pages), str(work), params, kernel, with_code, labels, checksum,
                *engine_arg,
            ))
        records = []
        try:
            for fut in as_completed(futures):
                records.append(fut.result())
                if bar:
                    bar.update(1)
        finally:
            # normally all done; on Ctrl-C the queued notebooks are dropped instead of run
            pool.shutdown(wait=True, cancel_futures=True)
        ran = {r["notebook"] for r in records}
        everything = [p.stem for p in select_notebooks(notebook_dir)]
        lang = plan.parameters["sprache"]
        try:
            kept = keep_from(folder, pages, [n for n in everything if n not in ran], notebook_dir, checksum)
            all_pages = sorted(records + kept, key=lambda r: r["notebook"])
            summary = {"parameters": plan.parameters, "started": started, "seconds": time.time() - started,
                       "checksum": checksum, "folder": folder.name}
            run_index.write_record(pages, all_pages, summary)
            text = run_index.index_html(all_pages, summary, labels, lang, everything)
            (pages / "index.html").write_text(text, encoding="utf-8")
            swap_in(pages, folder)
        except OSError as exc:
            raise ReportWriteError(
                f"could not write the report into {folder}: {exc.strerror or exc}; the previous report is unchanged"
            ) from None
        run.results = [_result(r) for r in sorted(records, key=lambda r: r["notebook"])]
        _remember_seconds(records)
        run.kept = [r["notebook"] for r in kept]
    finally:
        if bar:
            bar.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return run


#: Seconds per notebook of the last runs (in the national-results cache folder, :mod:`wla.cache`).
SECONDS_FILE = "notebook_seconds.json"


def longest_first(notebook_plan: list) -> list:
    """The notebooks in the order to start them: longest first by the last recorded run (so the
    workers finish together); unknown ones before all, the one with the most code first (on a
    first run, e.g. with a new cache folder, the comparison page with twice the code of most
    pages starts first instead of third); only the order changes, never a page."""
    import json

    from ..cache import cache_dir

    try:
        seconds = json.loads((cache_dir() / SECONDS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        seconds = {}
    if not isinstance(seconds, dict):
        seconds = {}

    def cost(item):
        value = seconds.get(item[0].stem)
        if isinstance(value, (int, float)):
            return (1, -value)
        return (0, -code_length(item[0]))

    return sorted(notebook_plan, key=cost)


def code_length(path: Path) -> int:
    """Characters of code in a notebook file (0 if it cannot be read)."""
    import json

    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        return sum(len("".join(c.get("source", ""))) for c in cells if c.get("cell_type") == "code")
    except (OSError, ValueError, AttributeError, TypeError):
        return 0


def _remember_seconds(records: list[dict]) -> None:
    """Record each notebook's seconds for :func:`longest_first` (atomic; skipped when the cache
    folder cannot be written)."""
    import json

    from ..cache import cache_dir

    path = cache_dir() / SECONDS_FILE
    try:
        seconds = json.loads(path.read_text(encoding="utf-8"))
        seconds = seconds if isinstance(seconds, dict) else {}
    except (OSError, ValueError):
        seconds = {}
    seconds.update({r["notebook"]: r["seconds"] for r in records if r["ok"]})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{SECONDS_FILE}.{os.getpid()}")
        tmp.write_text(json.dumps(seconds, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def _result(rec: dict) -> NotebookResult:
    return NotebookResult(rec["notebook"], rec["ok"], rec["seconds"], rec["error"], rec["html"],
                          rec["exports"], rec["on_page"], rec.get("cpu_seconds"))

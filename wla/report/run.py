"""``build_reports``: run the notebooks for a region pair with papermill and write one report folder.

1. Everything is checked before any kernel starts (:mod:`wla.report.params`).
2. A lock file ``reports/.<folder>.lock`` keeps two runs out of one folder; it is removed after
   the run.
3. Notebooks run in parallel worker processes, each executes one notebook in a kernel and renders
   it (:mod:`wla.report.render`). Workers and kernels die with the run however it ends: workers
   get the parent-death signal SIGKILL (Linux ``prctl``) and so do their kernels; kernels also
   poll their worker (ipykernel's ``JPY_PARENT_PID``). Kernels talk over IPC sockets (no TCP),
   write their own output to a log file (never to the terminal), and get an environment without
   credentials (``WLA_*`` except ``WLA_DATA_DIR``, ``PYSTATIS_*``).
4. The whole folder is built beside the old one (``reports/.tmp-<folder>-*``) and swapped in at
   once; a failure or kill leaves the previous folder as it was.

A run of some notebooks (``selection``) keeps the other pages of the existing folder only if
they were made without error from the same notebook file and the same data snapshot (the folder
name already fixes regions, language, year and code display); any other page is dropped and the
index lists that notebook as without a page, and the run's status is not "complete".
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..exceptions import WlaError
from ..paths import PROJECT_ROOT
from . import index as run_index
from .params import OPTIONAL, check_run, select_notebooks
from .render import render_html

NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
REPORT_DIR = PROJECT_ROOT / "reports"
#: How often a notebook whose kernel died before answering is started again, and how that
#: failure reads (jupyter_client's message).
KERNEL_START_RETRIES = 1
KERNEL_START_FAILURE = "RuntimeError: Kernel died before replying to kernel_info"
#: Environment variables kernels do not get (credentials), and the one of them a run needs.
SECRET_PREFIXES = ("WLA_", "PYSTATIS_")
KEPT = ("WLA_DATA_DIR",)
PR_SET_PDEATHSIG = 1


class ReportLockedError(WlaError):
    """Another report run is writing into the same folder."""


class ReportWriteError(WlaError):
    """The report folder could not be written; the previous one is unchanged."""


@dataclass
class NotebookResult:
    """One page of a report folder. ``html`` is empty when no page was written; ``on_page``
    says whether a failed notebook's page shows its error cell."""

    notebook: str
    ok: bool
    seconds: float
    error: str = ""
    html: str = ""
    exports: list[str] = field(default_factory=list)
    on_page: bool = False
    record: dict = field(default_factory=dict, repr=False)


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


def kernel_name() -> str:
    from jupyter_client.kernelspec import KernelSpecManager

    specs = KernelSpecManager().find_kernel_specs()
    return "wla" if "wla" in specs else "python3"


def kernel_environment(environ) -> dict:
    """``environ`` without credentials variables (see the module docstring)."""
    return {k: v for k, v in environ.items() if k in KEPT or not k.startswith(SECRET_PREFIXES)}


# --- processes that die with the run ----------------------------------------------------------


def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _die_with(parent: int) -> None:
    """Ask Linux to SIGKILL this process when its parent ends; end now if it already has."""
    libc = _libc()
    if libc is not None and sys.platform.startswith("linux"):
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _worker_init(parent: int) -> None:
    _die_with(parent)
    clean = kernel_environment(os.environ)
    for key in [k for k in os.environ if k not in clean]:
        del os.environ[key]


def _kernel_manager_class(log_path: Path, socket_dir: Path):
    """jupyter_client's manager with IPC sockets in ``socket_dir``, kernel output to
    ``log_path`` and a kernel that dies with this worker."""
    from jupyter_client.manager import AsyncKernelManager

    worker = os.getpid()
    libc = _libc()

    def die_with_worker():  # runs in the forked kernel process before exec: no imports, no allocation
        if libc is not None:
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != worker:
            os._exit(1)

    class RunKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = str(socket_dir / "k")

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            log = open(log_path, "ab")
            kw.update(stdout=log, stderr=log)
            if sys.platform.startswith("linux"):
                kw["preexec_fn"] = die_with_worker
            try:
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            finally:
                log.close()

    return RunKernelManager


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tail(path: Path, lines: int = 3) -> str:
    try:
        text = [s for s in path.read_text(errors="replace").splitlines() if s.strip()]
    except OSError:
        return ""
    return " | ".join(text[-lines:])


def _execute(nb_path: str, pages: str, work: str, parameters: dict, kernel: str, with_code: bool,
             labels: tuple[str, str], checksum: str) -> dict:
    """Run one notebook in a worker process and render its page; never raises. Returns the
    page record (see :mod:`wla.report.index`)."""
    import papermill

    nb, pages, work = Path(nb_path), Path(pages), Path(work)
    out_ipynb, out_html = pages / nb.name, pages / f"{nb.stem}.html"
    log = work / f"{nb.stem}.kernel.log"
    # IPC socket files: in the run's temporary folder (removed with it, even after a kill) while
    # the path is short enough for a Unix socket (107 bytes), else in the system's temp folder
    # (a killed worker's folder in the temp folder is removed by the next run: _clear_sockets)
    sockets = Path(tempfile.mkdtemp(prefix=f"wla-k-{os.getpid()}-", dir=work if len(str(work)) < 80 else None))
    start = time.time()
    on_page = False
    try:
        for _ in range(1 + KERNEL_START_RETRIES):
            error, on_page = "", False
            try:
                papermill.execute_notebook(
                    str(nb), str(out_ipynb), parameters=parameters, kernel_name=kernel, cwd=str(nb.parent),
                    progress_bar=False, log_output=False, request_save_on_cell_execute=False,
                    kernel_manager_class=_kernel_manager_class(log, sockets),
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
        "seconds": round(time.time() - start, 1), "html": out_html.name if written else "",
        "ipynb": out_ipynb.name if out_ipynb.exists() else "", "exports": exports,
        "parameters": _as_recorded(parameters), "checksum": checksum, "notebook_sha256": _sha256(nb), "made": time.time(),
    }


def _as_recorded(parameters: dict) -> dict:
    """Parameters as the index shows them: ``output_dir`` is the report folder itself (".")."""
    return {k: ("." if k == "output_dir" else v) for k, v in parameters.items()}


# --- the folder: lock, build beside, swap in -------------------------------------------------------


@contextmanager
def _locked(path: Path, folder: Path):
    """Hold ``path`` locked (flock); remove it afterwards. A lock taken on a file another run
    just removed is retried on the new file."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ReportLockedError(
                f"another report run is writing into {folder}; wait for it to finish and run again"
            ) from None
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        yield
    finally:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    libc = _libc()
    fn = getattr(libc, "renameat2", None) if libc is not None else None
    if fn is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _swap_in(new: Path, folder: Path) -> None:
    """Make ``new`` the report folder at once; the old folder ends up in ``new``'s place."""
    if not folder.exists():
        os.rename(new, folder)
    elif not _exchange(new, folder):
        aside = folder.parent / f".old-{folder.name}-{os.getpid()}"
        os.rename(folder, aside)
        os.rename(new, folder)
        os.rename(aside, new)


def _clear_leftovers(folder: Path) -> None:
    """What a killed run left: put back a folder moved aside, remove temporary folders."""
    parent = folder.parent
    aside = sorted(parent.glob(f".old-{folder.name}-*"))
    if aside and not folder.exists():
        os.rename(aside.pop(), folder)
    for stale in aside + list(parent.glob(f".tmp-{folder.name}-*")):
        shutil.rmtree(stale, ignore_errors=True)


def _clear_sockets() -> None:
    """Socket folders of workers that no longer run (killed runs) in the system's temp folder."""
    for path in Path(tempfile.gettempdir()).glob("wla-k-*-*"):
        pid = path.name.split("-")[2]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass


def _keep_from(folder: Path, pages: Path, names: list[str], notebook_dir: Path, checksum: str) -> list[dict]:
    """Pages of notebooks not run this time that the existing folder holds, made without error
    from the same notebook file and data snapshot: copied into ``pages``."""
    kept = []
    for rec in run_index.read_record(folder):
        nb = notebook_dir / f"{rec['notebook']}.ipynb"
        if rec["notebook"] not in names or not rec.get("ok") or not rec.get("html") or not nb.is_file():
            continue
        if rec.get("checksum") != checksum or rec.get("notebook_sha256") != _sha256(nb):
            continue
        files = [rec["html"], rec.get("ipynb", "")] + list(rec.get("exports", []))
        files = [f for f in files if f]
        if not all((folder / f).is_file() and Path(f).name == f for f in files):
            continue
        for f in files:
            shutil.copy2(folder / f, pages / f)
        kept.append(rec)
    return kept


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
) -> RunResult:
    """Execute and render notebooks for a region pair; see the module docstring."""
    notebook_dir = NOTEBOOK_DIR
    out_root = Path(out_root or REPORT_DIR)
    plan = check_run(region, vergleich, jahr, sprache, selection, workers, with_code, notebook_dir, out_root)
    out_root.mkdir(parents=True, exist_ok=True)
    with _locked(out_root / f".{plan.folder.name}.lock", plan.folder):
        _clear_leftovers(plan.folder)
        _clear_sockets()
        return _run(plan, notebook_dir, with_code, progress)


def _run(plan, notebook_dir: Path, with_code: bool, progress: bool) -> RunResult:
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
    pool = ProcessPoolExecutor(
        max_workers=plan.workers, mp_context=multiprocessing.get_context("spawn"),
        initializer=_worker_init, initargs=(os.getpid(),),
    )
    try:
        kernel = kernel_name()
        futures = []
        for path, declared in plan.notebooks:
            optional = {"output_dir": str(pages)}
            params = {**plan.parameters, **{k: optional[k] for k in OPTIONAL if k in declared}}
            futures.append(pool.submit(
                _execute, str(path), str(pages), str(work), params, kernel, with_code, labels, checksum,
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
        kept = _keep_from(folder, pages, [n for n in everything if n not in ran], notebook_dir, checksum)
        all_pages = sorted(records + kept, key=lambda r: r["notebook"])
        summary = {"parameters": plan.parameters, "started": started, "seconds": time.time() - started,
                   "checksum": checksum, "folder": folder.name}
        lang = plan.parameters["sprache"]
        try:
            run_index.write_record(pages, all_pages, summary)
            text = run_index.index_html(all_pages, summary, labels, lang, everything)
            (pages / "index.html").write_text(text, encoding="utf-8")
            _swap_in(pages, folder)
        except OSError as exc:
            raise ReportWriteError(
                f"could not write the report into {folder}: {exc.strerror or exc}; the previous report is unchanged"
            ) from None
        run.results = [_result(r) for r in sorted(records, key=lambda r: r["notebook"])]
        run.kept = [r["notebook"] for r in kept]
    finally:
        if bar:
            bar.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return run


def _result(rec: dict) -> NotebookResult:
    return NotebookResult(rec["notebook"], rec["ok"], rec["seconds"], rec["error"], rec["html"],
                          rec["exports"], rec["on_page"], rec)

"""Worker and kernel processes of a report run: they die with the run, quietly, without credentials.

Workers get the parent-death signal SIGKILL (Linux ``prctl``), and so do their kernels; kernels
also poll their worker (ipykernel's ``JPY_PARENT_PID``). Kernels talk over IPC sockets (no TCP,
so no transport warning), write their own output to a log file (never to the terminal), and get
an environment without credentials: ``WLA_*`` except ``WLA_DATA_DIR`` and ``WLA_CACHE_DIR``
(:mod:`wla.cache`), and ``PYSTATIS_*``; their linear algebra runs on one thread
(:data:`ONE_THREAD`). :func:`cpu_seconds` measures a worker and its kernel.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

#: Environment variables kernels do not get (credentials), and those of them a run needs.
SECRET_PREFIXES = ("WLA_", "PYSTATIS_")
KEPT = ("WLA_DATA_DIR", "WLA_CACHE_DIR")
PR_SET_PDEATHSIG = 1
#: Linear algebra on one thread in each kernel: a run starts one kernel per core, and numpy's
#: OpenBLAS would start a thread per core in every kernel, threads that only spin when the other
#: cores are busy (the panel model's fit: 0.16 CPU s on one thread, 0.63 on two, up to 5 when
#: other jobs held the cores). Variables the user set are kept.
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: Optional modules a worker never uses but would import: jsonschema (imported by nbformat)
#: imports ``rfc3987_syntax`` for its "iri" format check, which builds an Earley parser at import
#: (about 1 CPU second per process). nbformat validates notebooks without format checks, so a
#: worker (a process of the run, nothing else) leaves these out: jsonschema skips that check.
UNUSED_IN_WORKERS = ("rfc3987_syntax",)
#: Prefix of socket folders in the system's temp folder; the worker's pid follows.
SOCKETS = "wla-k-"


def libc():
    """The C library (for prctl and renameat2), or None where it cannot be loaded."""
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def kernel_name() -> str:
    from jupyter_client.kernelspec import KernelSpecManager

    specs = KernelSpecManager().find_kernel_specs()
    return "wla" if "wla" in specs else "python3"


def kernel_environment(environ) -> dict:
    """``environ`` without credentials variables (see the module docstring), with
    :data:`ONE_THREAD` where it does not set these variables itself."""
    clean = {k: v for k, v in environ.items() if k in KEPT or not k.startswith(SECRET_PREFIXES)}
    return {**ONE_THREAD, **clean}


def _die_with(parent: int, c=None) -> None:
    """Ask Linux to SIGKILL this process when its parent ends; end now if it already has."""
    c = c or libc()
    if c is not None and sys.platform.startswith("linux"):
        c.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def worker_init(parent: int) -> None:
    """Initializer of a worker process: dies with ``parent``; credentials leave its environment
    (kernels inherit it); :data:`UNUSED_IN_WORKERS` are not imported."""
    _die_with(parent)
    for name in UNUSED_IN_WORKERS:
        sys.modules.setdefault(name, None)  # "import name" raises ImportError
    clean = kernel_environment(os.environ)
    for key in [k for k in os.environ if k not in clean]:
        del os.environ[key]
    os.environ.update(clean)  # the one-thread settings, for kernels started by papermill


def socket_folder(work: Path) -> Path:
    """A new folder for one kernel's IPC sockets: in the run's temporary folder ``work``
    (removed with it, even after a kill) while the path is short enough for a Unix socket
    (107 bytes), else in the system's temp folder (removed by the next run: ``clear_sockets``)."""
    return Path(tempfile.mkdtemp(prefix=f"{SOCKETS}{os.getpid()}-", dir=work if len(str(work)) < 80 else None))


def clear_sockets() -> None:
    """Socket folders of workers that no longer run (killed runs) in the system's temp folder."""
    for path in Path(tempfile.gettempdir()).glob(f"{SOCKETS}*-*"):
        pid = path.name[len(SOCKETS):].split("-")[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass


def kernel_manager_class(log_path: Path, socket_dir: Path):
    """jupyter_client's manager with IPC sockets in ``socket_dir``, kernel output to
    ``log_path`` and a kernel that dies with this worker."""
    from jupyter_client.manager import AsyncKernelManager

    worker = os.getpid()
    c = libc()

    def die_with_worker():  # runs in the forked kernel before exec: nothing imported or loaded here
        _die_with(worker, c)

    class RunKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = str(socket_dir / "k")

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            # no IPython history: kernels running side by side share one history database and
            # print "ERROR! Session/line number was not unique in database" into the pages
            kernel_cmd = [*kernel_cmd, "--HistoryManager.enabled=False"]
            log = open(log_path, "ab")
            kw.update(stdout=log, stderr=log)
            if sys.platform.startswith("linux"):
                kw["preexec_fn"] = die_with_worker
            try:
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            finally:
                log.close()

    return RunKernelManager


def cpu_seconds() -> float:
    """CPU seconds (user + system) used so far by this process and its child processes: those
    running (the warm kernel) and those that ended."""
    import psutil

    me = psutil.Process()
    own = me.cpu_times()
    total = own.user + own.system + own.children_user + own.children_system
    for child in me.children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total

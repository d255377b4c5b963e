"""Warm kernels: one Jupyter kernel per process, started once with wla and the notebooks'
libraries imported, reused for every notebook that process runs.

Papermill's contract is kept: the parameters are injected with papermill's own
:func:`papermill.parameterize.parameterize_notebook` (a cell tagged ``injected-parameters``
after the ``parameters`` cell) and the executed notebook is written out. The notebook runs with
:class:`nbclient.NotebookClient` on the existing kernel. Before every notebook the kernel's
state is reset (:data:`RESET`): ``%reset -f`` (all user variables and the output history),
figures closed, matplotlib's rcParams, pandas' options, numpy's error settings, warning filters,
environment variables, ``sys.path`` and the working directory back to what they were right
after the warm-up (:func:`save_state` / :func:`restore_state`), execution count back to 1.
Imported modules stay imported: that is the point; wla's data cache stays warm too (it is keyed
by the snapshot's checksum). The objects of the warm-up (modules, classes, functions: some
300 000) are moved out of the garbage collector's reach (:func:`freeze`): ``%reset``'s full
collection, and Python's own, then walk only what was made later (0.2–0.7 s less per notebook). The kernel is started like the report runner's kernels (IPC
sockets, output to a log file, no credentials, dies with this process) and is started again
when it died.
"""
from __future__ import annotations

import asyncio
import copy
import os
import sys
import tempfile
import threading
import warnings
from pathlib import Path

#: Executed in the kernel before every notebook (see the module docstring).
RESET = """get_ipython().run_line_magic("reset", "-f")
import wla.atlas.warm as _wla_warm
_wla_warm.restore_state()
del _wla_warm
get_ipython().execution_count = 1
"""
_STATE: dict = {}


# --- inside the kernel ------------------------------------------------------------------------
def save_state() -> None:
    """Record the kernel's settings after the warm-up (run in the kernel)."""
    import matplotlib
    import numpy as np
    import pandas as pd

    _STATE.update(
        rc=copy.deepcopy(dict(matplotlib.rcParams)), cwd=os.getcwd(), path=list(sys.path),
        environ=dict(os.environ), filters=list(warnings.filters), seterr=np.geterr(),
        pandas={k: pd.get_option(k) for k in _pandas_options()},
    )


def freeze() -> None:
    """Collect the warm-up's garbage, then exclude every object alive now from later garbage
    collections (:func:`gc.freeze`; run in the kernel after the imports). Frozen objects are
    still freed when their last reference goes; only reference cycles among them would stay."""
    import gc

    gc.collect()
    gc.freeze()


def _pandas_options() -> list[str]:
    from pandas._config import config

    return sorted(k for k in config._registered_options if k not in config._deprecated_options)


def restore_state() -> None:
    """Put back what :func:`save_state` recorded (run in the kernel)."""
    import matplotlib
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd

    plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matplotlib.rcParams.clear()
        matplotlib.rcParams.update(_STATE["rc"])
        for key, value in _STATE["pandas"].items():
            pd.set_option(key, value)
    os.chdir(_STATE["cwd"])
    sys.path[:] = _STATE["path"]
    os.environ.clear()
    os.environ.update(_STATE["environ"])
    warnings.filters[:] = _STATE["filters"]
    np.seterr(**_STATE["seterr"])


# --- in the process that runs notebooks ----------------------------------------------------
def notebook_imports(paths) -> list[str]:
    """The import lines of the notebooks' code cells, in order, without repeats."""
    import nbformat

    lines: list[str] = []
    for path in paths:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            for line in cell.source.splitlines():
                if line.startswith(("import ", "from ")) and line not in lines:
                    lines.append(line)
    return lines


class WarmKernel:
    """One kernel of this process, its client and the event loop (own thread) they live in."""

    def __init__(self, kernel_name: str, cwd: Path, imports: list[str]):
        from ..report.kernels import SOCKETS, kernel_environment, kernel_manager_class

        self.folder = Path(tempfile.mkdtemp(prefix=f"{SOCKETS}{os.getpid()}-"))
        self.log = self.folder / "kernel.log"
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True, name="wla-warm-kernel")
        self.thread.start()
        self.km = kernel_manager_class(self.log, self.folder)(kernel_name=kernel_name)
        self.kc = None
        self.notebooks = 0
        self._call(self._start(cwd, kernel_environment(os.environ), imports))

    def _call(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

    async def _start(self, cwd, env, imports):
        await self.km.start_kernel(cwd=str(cwd), env=env)
        self.kc = self.km.client()
        self.kc.start_channels()
        await self.kc.wait_for_ready(timeout=120)
        await self._run_code("\n".join(imports + ["import wla.atlas.warm", "wla.atlas.warm.save_state()",
                                               "wla.atlas.warm.freeze()"]))

    async def _run_code(self, code: str) -> None:
        """Run ``code`` in the kernel as a one-cell notebook (the same client path as the
        notebooks: jupyter_client's execute_interactive hangs after nbclient used the client)."""
        import nbformat
        from nbclient.exceptions import CellExecutionError

        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        try:
            await self._client(nb, timeout=600).async_execute()
        except CellExecutionError as exc:
            raise RuntimeError(f"warm kernel: {exc.ename}: {exc.evalue}") from None

    def _client(self, nb, timeout):
        """An nbclient runner on this kernel and its client (``kc`` is set after construction:
        nbclient does not take it as an argument)."""
        from nbclient import NotebookClient

        client = NotebookClient(nb, km=self.km, timeout=timeout, allow_errors=False)
        client.kc = self.kc
        return client

    def alive(self) -> bool:
        return self._call(self.km.is_alive())

    def run(self, nb, cwd: Path | None = None):
        """Reset the kernel, change to ``cwd`` (papermill runs a notebook in its own folder),
        then execute the notebook node ``nb`` in it (raises nbclient's CellExecutionError for a
        failing cell)."""
        chdir = f"\nimport os as _os\n_os.chdir({str(cwd)!r})\ndel _os\n" if cwd is not None else ""

        async def go():
            await self._run_code(RESET + chdir)
            await self._client(nb, timeout=None).async_execute()

        self._call(go())
        self.notebooks += 1

    def close(self) -> None:
        async def stop():
            if self.kc is not None:
                self.kc.stop_channels()
            await self.km.shutdown_kernel(now=True)

        try:
            self._call(stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)
            if not self.thread.is_alive():
                self.loop.close()
            import shutil

            shutil.rmtree(self.folder, ignore_errors=True)


_KERNEL: WarmKernel | None = None
_LOCK = threading.Lock()
_FINALIZER: list = []


def kernel(kernel_name: str, cwd: Path) -> WarmKernel:
    """This process's warm kernel (started on first use, started again if it died)."""
    global _KERNEL
    with _LOCK:
        if _KERNEL is not None and not _KERNEL.alive():
            _KERNEL.close()
            _KERNEL = None
        if _KERNEL is None:
            from ..report.run import notebooks

            _KERNEL = WarmKernel(kernel_name, cwd, notebook_imports(notebooks()))
            if not _FINALIZER:  # also at the end of a multiprocessing worker (which skips atexit)
                import multiprocessing.util

                _FINALIZER.append(multiprocessing.util.Finalize(None, close, exitpriority=10))
        return _KERNEL


def close() -> None:
    """Shut this process's warm kernel down (it also dies with the process)."""
    global _KERNEL
    with _LOCK:
        if _KERNEL is not None:
            _KERNEL.close()
            _KERNEL = None


def warm_engine(nb: Path, out_ipynb: Path, parameters: dict, kernel_name: str, log: Path, sockets: Path):
    """:func:`wla.report.run.papermill_engine` with the warm kernel: same parameters cell
    injection, same executed-notebook output; returns (error, on_page). ``log`` and ``sockets``
    are unused: the warm kernel has its own (it outlives one report run)."""
    import nbformat
    from nbclient.exceptions import CellExecutionError
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    node = load_notebook_node(str(nb))  # papermill's reading: every cell gets its tags list
    node = parameterize_notebook(node, parameters, kernel_name=kernel_name, language="python")
    error, on_page = "", False
    try:
        warm = kernel(kernel_name, nb.parent)
        with _LOCK:
            warm.run(node, nb.parent)
    except CellExecutionError as exc:
        error, on_page = f"{exc.ename}: {exc.evalue}", True
    except Exception as exc:  # the kernel died, a broken notebook file
        error = f"{type(exc).__name__}: {exc}"
    nbformat.write(node, out_ipynb)
    return error, on_page

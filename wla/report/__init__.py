"""``wla report``: notebooks run with papermill, rendered to HTML, one folder per run identity.

- :mod:`wla.report.params` — everything checked before any kernel starts; folder names;
- :mod:`wla.report.run` — ``build_reports``: notebooks executed in parallel, pages recorded;
- :mod:`wla.report.kernels` — workers and kernels that die with the run, quiet, without credentials;
- :mod:`wla.report.folder` — the lock, building beside and swapping in;
- :mod:`wla.report.render` — one executed notebook as a self-contained page;
- :mod:`wla.report.index` — ``index.html`` and ``run.json`` of a folder.
"""
from .folder import ReportLockedError
from .kernels import kernel_name
from .render import add_toc, render_html
from .run import NOTEBOOK_DIR, REPORT_DIR, NotebookResult, ReportWriteError, RunResult, build_reports, notebooks

__all__ = [
    "NOTEBOOK_DIR", "REPORT_DIR", "NotebookResult", "ReportLockedError", "ReportWriteError", "RunResult",
    "add_toc", "build_reports", "kernel_name", "notebooks", "render_html",
]

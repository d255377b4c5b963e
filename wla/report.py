"""Run the notebooks for a region pair and render them as self-contained HTML reports.

``build_reports(region, vergleich)`` validates the parameters (an unknown region fails before
any kernel starts), executes every notebook in ``notebooks/`` with papermill in parallel,
renders each executed notebook with nbconvert (code hidden unless ``with_code``, table of
contents, images embedded) and writes ``reports/<region>_vs_<vergleich>/`` with one HTML per
notebook and an ``index.html`` that records the run. A failing notebook fails loudly: its page
shows the error, the others still finish, the index marks it and the exit status is non-zero.

Every file is first written into a private temporary folder and then moved into place with an
atomic rename, so an interrupted run never leaves a half-written report in place of a good one;
a lock file keeps two runs from writing into the same folder at the same time.
"""
from __future__ import annotations

import fcntl
import hashlib
import html
import importlib.metadata
import json
import multiprocessing
import os
import re
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .exceptions import ParameterError, WlaError
from .paths import PROJECT_ROOT, data_dir

NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
REPORT_DIR = PROJECT_ROOT / "reports"
LANGUAGES = ("de", "en")
#: How often a notebook whose kernel died before answering is started again, and how that
#: failure reads (jupyter_client's message).
KERNEL_START_RETRIES = 1
KERNEL_START_FAILURE = "RuntimeError: Kernel died before replying to kernel_info"
#: File types a run leaves in the report folder: pages, executed notebooks, exported tables.
EXPORTED = (".html", ".ipynb", ".xlsx", ".csv")
PACKAGES = ("wla", "pandas", "numpy", "statsmodels", "seaborn", "matplotlib", "geopandas", "papermill", "nbconvert")


class ReportLockedError(WlaError):
    """Another report run is writing into the same folder."""


@dataclass
class NotebookResult:
    notebook: str
    ok: bool
    seconds: float
    error: str = ""
    html: str = ""
    exports: list[str] = field(default_factory=list)


@dataclass
class RunResult:
    folder: Path
    parameters: dict
    results: list[NotebookResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


def validate_parameters(region, vergleich, jahr, sprache) -> dict:
    """Check report parameters before any kernel starts; return them as plain values."""
    from .regions import region as resolve

    reg, vs = resolve(region), resolve(vergleich)
    if jahr is not None and (isinstance(jahr, bool) or not isinstance(jahr, int)):
        raise ParameterError(f"jahr must be a year (int) or None for the newest data, not {jahr!r}")
    if sprache not in LANGUAGES:
        raise ParameterError(f"sprache must be one of {LANGUAGES}, not {sprache!r}")
    if reg.codes == vs.codes:
        raise ParameterError("region and vergleich are the same region: choose a different comparison")
    return {
        "region": _as_param(region, reg),
        "vergleich": _as_param(vergleich, vs),
        "jahr": jahr,
        "sprache": sprache,
    }, reg, vs


def _as_param(given, reg):
    """A region parameter as a literal a notebook can take: a name or a list of codes."""
    if isinstance(given, str):
        return given
    return list(reg.codes)


def notebooks(selection=None) -> list[Path]:
    found = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    if selection:
        wanted = set(selection)
        found = [p for p in found if p.stem in wanted or p.stem[:2] in wanted]
        if not found:
            raise ParameterError(f"no notebook matches {sorted(wanted)}; available: {[p.stem for p in notebooks()]}")
    return found


def kernel_name() -> str:
    from jupyter_client.kernelspec import KernelSpecManager

    specs = KernelSpecManager().find_kernel_specs()
    return "wla" if "wla" in specs else "python3"


def _execute(nb_path: str, out_ipynb: str, out_html: str, parameters: dict, kernel: str, with_code: bool, cwd: str):
    """Run one notebook (in a worker process) and render it; never raises."""
    import papermill

    # Notebooks that export files (the catalogue of measures) write them next to the HTML;
    # the kernel inherits this worker's environment.
    os.environ["WLA_OUTPUT_DIR"] = str(Path(out_html).parent)
    start = time.time()
    for attempt in range(1 + KERNEL_START_RETRIES):
        error = ""
        try:
            papermill.execute_notebook(
                nb_path, out_ipynb, parameters=parameters, kernel_name=kernel, cwd=cwd,
                progress_bar=False, log_output=False, request_save_on_cell_execute=False,
            )
        except papermill.PapermillExecutionError as exc:
            error = f"{exc.ename}: {exc.evalue}"
        except Exception as exc:  # the kernel died, a timeout, a broken notebook file
            error = f"{type(exc).__name__}: {exc}"
        # A kernel that dies before it answers has run no cell (two kernels starting at the same
        # moment can race for a port): start it once more; every other failure is final.
        if not error.startswith(KERNEL_START_FAILURE):
            break
    seconds = time.time() - start
    if Path(out_ipynb).exists():
        try:
            render_html(Path(out_ipynb), Path(out_html), with_code=with_code, lang=parameters["sprache"])
        except Exception as exc:
            error = error or f"rendering failed: {type(exc).__name__}: {exc}"
    stem = Path(nb_path).stem
    exports = sorted(p.name for p in Path(out_html).parent.glob(f"{stem}_*") if p.suffix in (".xlsx", ".csv"))
    return NotebookResult(stem, not error, seconds, error, Path(out_html).name, exports)


def render_html(executed: Path, target: Path, with_code: bool = False, lang: str = "de") -> None:
    """Executed notebook -> self-contained HTML with a table of contents.

    Cells tagged ``remove-in-report`` (notes for JupyterLab users) are left out, and so are
    Markdown cells written for the other language (tagged ``lang-de`` or ``lang-en``)."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    dropped = {"remove-in-report"} | {f"lang-{other}" for other in LANGUAGES if other != lang}
    nb.cells = [c for c in nb.cells if not dropped & set(c.metadata.get("tags", []))]
    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input = not with_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nb)
    target.write_text(add_toc(body, lang), encoding="utf-8")


_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


TOC_WORDS = {"de": ("Inhalt", "Übersicht aller Berichte dieses Laufs"),
             "en": ("Contents", "Overview of all reports of this run")}


def add_toc(body: str, lang: str = "de") -> str:
    """Insert after <body> a link back to index.html and a table of contents built from the
    h2/h3 headings nbconvert anchored."""
    items = []
    for level, anchor, inner in _HEADING.findall(body):
        text = re.sub(r"<[^>]+>", "", inner).replace("¶", "").strip()
        items.append(f'<li class="toc-h{level}"><a href="#{anchor}">{html.escape(text)}</a></li>')
    title, back = TOC_WORDS[lang]
    toc = f"<strong>{title}</strong><ul>{''.join(items)}</ul>" if items else ""
    nav = (
        '<nav id="wla-toc" style="margin:1em 2em;padding:0.5em 1em;border-left:3px solid #4c72b0">'
        f'<p><a id="wla-index-link" href="index.html">{back}</a></p>{toc}</nav>'
    )
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + nav, body, count=1)


def _snapshot_info() -> dict:
    manifest_path = data_dir() / "manifest.json"
    digest = hashlib.sha256(manifest_path.read_bytes()).hexdigest() if manifest_path.exists() else "missing"
    references = {}
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        for ind in manifest["indicators"].values():
            references.setdefault(ind["publisher"].split(" | ")[0], set()).update(ind["reference"].split(" | "))
    return {"checksum": digest, "references": {k: sorted(v) for k, v in sorted(references.items())}}


def _versions() -> dict:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def write_index(folder: Path, run: RunResult, started: float, duration: float, labels: tuple[str, str]) -> str:
    rows = []
    for r in run.results:
        status = "ok" if r.ok else f'<span style="color:#b00">FEHLER: {html.escape(r.error)}</span>'
        files = "".join(f' <a href="{f}">{Path(f).suffix[1:]}</a>' for f in r.exports)
        rows.append(f'<tr><td><a href="{r.html}">{r.notebook}</a>{files}</td><td>{status}</td><td>{r.seconds:.0f} s</td></tr>')
    snap = _snapshot_info()
    refs = "".join(f"<li>{html.escape(p)}: {html.escape(', '.join(d))}</li>" for p, d in snap["references"].items())
    versions = ", ".join(f"{k} {v}" for k, v in _versions().items())
    params = html.escape(json.dumps(run.parameters, ensure_ascii=False))
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>wla – {html.escape(labels[0])} vs. {html.escape(labels[1])}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}td,th{{padding:0.3em 1em;text-align:left}}</style></head>
<body><h1>{html.escape(labels[0])} im Vergleich mit {html.escape(labels[1])}</h1>
<p>Berichte von <em>wla – Wohnen · Lernen · Arbeiten</em>. Status des Laufs: <strong id="run-status">{"vollständig" if run.ok else "mit Fehlern"}</strong>.</p>
<table id="reports"><tr><th>Bericht</th><th>Status</th><th>Laufzeit</th></tr>{''.join(rows)}</table>
<h2>Lauf</h2>
<ul><li>Parameter: <code id="run-parameters">{params}</code></li>
<li>Beginn: {time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(started))}; Dauer: {duration:.0f} s</li>
<li>Datenstand (sha256 von data/manifest.json): <code id="snapshot-checksum">{snap["checksum"]}</code></li>
<li>Pakete: {html.escape(versions)}</li></ul>
<h2>Quellen und Stichtage</h2><ul>{refs}</ul>
</body></html>
"""


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
    """Execute and render all notebooks for a region pair; see the module docstring."""
    parameters, reg, vs = validate_parameters(region, vergleich, jahr, sprache)
    paths = notebooks(selection)
    out_root = Path(out_root or REPORT_DIR)
    folder = out_root / f"{reg.key}_vs_{vs.key}{'_code' if with_code else ''}"
    out_root.mkdir(parents=True, exist_ok=True)
    lock_path = out_root / f".{folder.name}.lock"
    with open(lock_path, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReportLockedError(
                f"another report run is writing into {folder}; wait for it to finish and run again"
            ) from None
        return _run_locked(paths, parameters, reg, vs, folder, with_code, workers, progress)


def _run_locked(paths, parameters, reg, vs, folder: Path, with_code, workers, progress) -> RunResult:
    started = time.time()
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    run = RunResult(folder, parameters)
    kernel = kernel_name()
    workers = workers or max(1, min(len(paths), os.cpu_count() or 1))
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(paths), desc=f"{reg.key} vs {vs.key}", unit="notebook")
    # stale staging folders of a run that was killed: this run holds the lock, so nobody uses them
    for stale in folder.parent.glob(f".{folder.name}-*"):
        if stale.is_dir() and stale != staging:
            shutil.rmtree(stale, ignore_errors=True)
    # "spawn": workers do not inherit the lock file (a forked worker outliving a killed run
    # would keep the folder locked) nor the parent's threads
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        futures = {
            pool.submit(
                _execute, str(p), str(staging / p.name), str(staging / f"{p.stem}.html"),
                parameters, kernel, with_code, str(p.parent),
            ): p
            for p in paths
        }
        try:
            for fut in as_completed(futures):
                run.results.append(fut.result())
                if bar:
                    bar.update(1)
        finally:
            # normally all done; on Ctrl-C the queued notebooks are dropped instead of run
            pool.shutdown(wait=True, cancel_futures=True)
        run.results.sort(key=lambda r: r.notebook)
        index = write_index(folder, run, started, time.time() - started, (reg.label, vs.label))
        (staging / "index.html").write_text(index, encoding="utf-8")
        folder.mkdir(parents=True, exist_ok=True)
        for item in sorted(staging.iterdir()):
            if item.suffix in EXPORTED:
                os.replace(item, folder / item.name)
    finally:
        if bar:
            bar.close()
        shutil.rmtree(staging, ignore_errors=True)
    return run

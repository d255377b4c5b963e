"""The run record of a report folder: ``index.html`` for readers and ``run.json`` for wla.

Every page in the folder is one record (notebook, status, error, seconds, page and exported
files, the parameters it was made with, the data checksum, the sha256 of the notebook file, when
it was made). A page that was not written has no link. The status is "complete" only when every
notebook has a page made without error.
"""
from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import time
from pathlib import Path

from ..paths import data_dir
from ..present.words import t

RECORD = "run.json"
STATUS_WORDS = {"complete": "bericht.status_complete", "errors": "bericht.status_errors",
                "incomplete": "bericht.status_incomplete"}
PACKAGES = ("wla", "pandas", "numpy", "statsmodels", "seaborn", "matplotlib", "geopandas", "papermill", "nbconvert")


def snapshot_info() -> dict:
    """sha256 of data/manifest.json and the reference dates per publisher."""
    manifest_path = data_dir() / "manifest.json"
    if not manifest_path.exists():
        return {"checksum": "missing", "references": {}}
    raw = manifest_path.read_bytes()
    references: dict[str, set] = {}
    for ind in json.loads(raw)["indicators"].values():
        references.setdefault(ind["publisher"].split(" | ")[0], set()).update(ind["reference"].split(" | "))
    return {"checksum": hashlib.sha256(raw).hexdigest(),
            "references": {k: sorted(v) for k, v in sorted(references.items())}}


def versions() -> dict:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def read_record(folder: Path) -> list[dict]:
    """The page records of an existing report folder ([] if it has none or a broken one)."""
    try:
        pages = json.loads((folder / RECORD).read_text(encoding="utf-8"))["pages"]
        return [p for p in pages if isinstance(p, dict) and "notebook" in p]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def status(pages: list[dict], all_notebooks: list[str]) -> str:
    """"complete", "errors" or "incomplete" (some notebooks have no page)."""
    if any(not p["ok"] for p in pages):
        return "errors"
    made = {p["notebook"] for p in pages if p["ok"] and p.get("html")}
    return "complete" if set(all_notebooks) <= made else "incomplete"


def write_record(folder: Path, pages: list[dict], run: dict) -> None:
    text = json.dumps({"run": run, "pages": pages}, ensure_ascii=False, indent=1)
    (folder / RECORD).write_text(text + "\n", encoding="utf-8")


def index_html(pages: list[dict], run: dict, labels: tuple[str, str], lang: str, all_notebooks: list[str]) -> str:
    """index.html of a report folder (``run``: parameters, started, seconds, checksum)."""
    state = status(pages, all_notebooks)
    rows = []
    for p in pages:
        name = html.escape(p["notebook"])
        link = f'<a href="{html.escape(p["html"])}">{name}</a>' if p.get("html") else name
        files = "".join(f' <a href="{html.escape(f)}">{html.escape(Path(f).suffix[1:])}</a>' for f in p["exports"])
        if p["ok"]:
            cell = t("bericht.ok", lang)
        else:
            cell = f'<span style="color:#b00">{t("bericht.fehler", lang)}: {html.escape(p["error"])}</span>'
        params = html.escape(json.dumps(p["parameters"], ensure_ascii=False))
        made = time.strftime("%Y-%m-%d %H:%M", time.localtime(p["made"]))
        rows.append(
            f'<tr data-notebook="{name}"><td>{link}{files}</td><td>{cell}</td><td>{p["seconds"]:.0f} s</td>'
            f'<td><code class="page-parameters">{params}</code></td><td>{made}</td></tr>'
        )
    missing = [n for n in all_notebooks if n not in {p["notebook"] for p in pages}]
    missing_line = f'<p id="not-made">{t("bericht.nicht_erstellt", lang)}: {html.escape(", ".join(missing))}</p>' if missing else ""
    snap = snapshot_info()
    refs = "".join(f"<li>{html.escape(p)}: {html.escape(', '.join(d))}</li>" for p, d in snap["references"].items())
    pkgs = ", ".join(f"{k} {v}" for k, v in versions().items())
    jahr = run["parameters"]["jahr"]
    jahr_line = t("bericht.jahr_neuester", lang) if jahr is None else t("bericht.jahr_bis", lang, jahr=jahr)
    heads = "".join(f"<th>{t(k, lang)}</th>" for k in
                    ("bericht.spalte_bericht", "bericht.spalte_status", "bericht.spalte_laufzeit",
                     "bericht.spalte_parameter", "bericht.spalte_erstellt"))
    pair = html.escape(t("bericht.paar", lang, region=labels[0], vergleich=labels[1]))
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(run["started"]))
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>wla – {pair}</title>
<style>body{{font-family:sans-serif;max-width:70em;margin:2em auto}}td,th{{padding:0.3em 1em;text-align:left;vertical-align:top}}</style></head>
<body><h1>{pair}</h1>
<p>{t("bericht.einleitung", lang)} <strong id="run-status" data-status="{state}">{t(STATUS_WORDS[state], lang)}</strong>.</p>
<table id="reports"><tr>{heads}</tr>{''.join(rows)}</table>
{missing_line}
<h2>{t("bericht.lauf", lang)}</h2>
<ul><li>{t("bericht.parameter", lang)}: <code id="run-parameters">{html.escape(json.dumps(run["parameters"], ensure_ascii=False))}</code></li>
<li id="jahr-meaning">{html.escape(jahr_line)}</li>
<li>{t("bericht.beginn", lang)}: {started}; {t("bericht.dauer", lang)}: {run["seconds"]:.0f} s</li>
<li>{t("bericht.datenstand", lang)}: <code id="snapshot-checksum">{snap["checksum"]}</code></li>
<li>{t("bericht.pakete", lang)}: {html.escape(pkgs)}</li></ul>
<h2>{t("bericht.quellen", lang)}</h2><ul id="sources">{refs}</ul>
</body></html>
"""

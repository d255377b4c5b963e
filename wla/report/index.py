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
import re
import time
from pathlib import Path

from ..paths import data_dir
from ..present.fmt import MONTHS_EN, dates
from ..present.sources import connectives, reference
from ..present.words import has, t

RECORD = "run.json"
STATUS_WORDS = {"complete": "bericht.status_complete", "errors": "bericht.status_errors",
                "incomplete": "bericht.status_incomplete"}
PACKAGES = ("wla", "pandas", "numpy", "statsmodels", "seaborn", "matplotlib", "geopandas", "papermill", "nbconvert")


def snapshot_info() -> dict:
    """sha256 of data/manifest.json, the day it was written (``built``, the snapshot's date) and
    the reference dates per publisher: each publication of a
    catalogue row credited to its own publisher (rows joining two publications name both), the
    table code left out of the publisher's name, every date once, in time order
    (:func:`reference_list`)."""
    manifest_path = data_dir() / "manifest.json"
    if not manifest_path.exists():
        return {"checksum": "missing", "built": "", "references": {}}
    raw = manifest_path.read_bytes()
    references: dict[str, list[str]] = {}
    for ind in json.loads(raw)["indicators"].values():
        publishers, refs = ind["publisher"].split(" | "), ind["reference"].split(" | ")
        if len(publishers) != len(refs):
            publishers = [publishers[0]] * len(refs)
        for publisher, ref in zip(publishers, refs):
            name = re.sub(r"\s*\([\w./-]*\d[\w./-]*\)$", "", publisher.strip())  # "… (13211-02-05-4)"
            references.setdefault(name, []).append(ref.strip())
    return {"checksum": hashlib.sha256(raw).hexdigest(),
            "built": time.strftime("%Y-%m-%d", time.localtime(manifest_path.stat().st_mtime)),
            "references": {k: reference_list(v) for k, v in sorted(references.items())}}


#: Characters of the data checksum shown to readers (the whole one is in ``data-sha256``).
SHORT_CHECKSUM = 12


def snapshot_line(snap: dict, lang: str) -> str:
    """"Datenstand: Snapshot vom 30.11.2026 (Prüfsumme 1a2b3c4d5e6f)" – the snapshot's date and
    a short checksum to tell snapshots apart; the whole sha256 in the element's ``data-sha256``."""
    if snap["checksum"] == "missing":
        return html.escape(t("bericht.datenstand_fehlt", lang))
    full = html.escape(snap["checksum"])
    return (f'{html.escape(t("bericht.datenstand", lang, datum=dates(snap["built"], lang)))} '
            f'({html.escape(t("bericht.pruefsumme", lang))} <code id="snapshot-checksum" data-sha256="{full}" '
            f'title="sha256 {full}">{full[:SHORT_CHECKSUM]}</code>)')


#: A reference: words before (prefix), dates or years, words after ("(Abgangsjahr)").
_REF = re.compile(r"^(?P<prefix>[^\d]*?)\s*(?P<items>(?:\d{2}\.\d{2}\.)?\d{4}(?:\s*(?:,|–)\s*(?:\d{2}\.\d{2}\.)?\d{4})*)"
                  r"\s*(?P<suffix>\(.*\))?$")
_ITEM = re.compile(r"^(?P<day>(?:\d{2}\.\d{2}\.)?)(?P<first>\d{4})(?:\s*–\s*(?:\d{2}\.\d{2}\.)?(?P<last>\d{4}))?$")
#: Plural reference words of the catalogue -> singular, so "Jahresdurchschnitte 2012–2025" and
#: "Jahresdurchschnitt 2025" join.
_SINGULAR = {"Jahresdurchschnitte": "Jahresdurchschnitt", "Jahressummen": "Jahressumme", "Schuljahre": "Schuljahr"}


def _runs(years: list[int], day: str) -> str:
    """"31.12.2010, 31.12.2013–31.12.2015": three or more years in a row as a span."""
    parts, start = [], 0
    for i in range(1, len(years) + 1):
        if i == len(years) or years[i] != years[i - 1] + 1:
            run = years[start:i]
            parts += [f"{day}{run[0]}–{day}{run[-1]}"] if len(run) >= 3 else [f"{day}{y}" for y in run]
            start = i
    return ", ".join(parts)


#: A day and month without a year ("Stichtag 30.06."): every year's reference day.
_DAY_MONTH = re.compile(r"(?<![\d.])(\d{2})\.(\d{2})\.(?!\d)")


def _day_month(text: str, lang: str) -> str:
    """A reference day without a year in the reader's format: English "30.06." -> "30 Jun"
    (like the dated "31 Dec 2019"); German text unchanged."""
    return text if lang == "de" else _DAY_MONTH.sub(lambda m: f"{int(m[1])} {MONTHS_EN[int(m[2]) - 1]}", text)


def reference_list(references: list[str]) -> list[str]:
    """The reference dates of one publisher's tables, each date once and in time order:
    references of the same kind (same words and day, e.g. "31.12." or "Jahresdurchschnitt") are
    merged into one list of years; references that name no years stay as they are."""
    groups: dict[tuple[str, str, str], set[int]] = {}
    other: list[str] = []
    for ref in references:
        m = _REF.match(ref)
        items = [_ITEM.match(i.strip()) for i in re.split(r"\s*,\s*", m["items"])] if m else [None]
        if not all(items):
            other.append(ref)
            continue
        prefix = _SINGULAR.get(m["prefix"].strip(), m["prefix"].strip())
        for item in items:
            last = int(item["last"] or item["first"])
            groups.setdefault((prefix, item["day"], m["suffix"] or ""), set()).update(range(int(item["first"]), last + 1))
    merged = [(min(years), " ".join(p for p in (prefix, _runs(sorted(years), day), suffix) if p))
              for (prefix, day, suffix), years in groups.items()]
    ordered = [text for _first, text in sorted(merged)]
    return ordered + sorted(set(other) - set(ordered))


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


def _parameter_value(key: str, value, labels: tuple[str, str], lang: str) -> str:
    """One parameter as a reader reads it: the regions by name (the given spelling beside it),
    no year as "newest", the language by name, lists joined."""
    if key in ("region", "vergleich"):
        name = labels[0 if key == "region" else 1]
        given = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
        return name if given == name else f"{name} ({given})"
    if key == "jahr" and value is None:
        return t("bericht.wert_neuester", lang)
    if key == "sprache" and has(f"bericht.sprache_{value}"):
        return t(f"bericht.sprache_{value}", lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return t("bericht.wert_keiner", lang) if value is None else str(value)


def _parameter_name(key: str, lang: str) -> str:
    return t(f"bericht.param_{key}", lang) if has(f"bericht.param_{key}") else key


def parameter_table(params: dict, labels: tuple[str, str], lang: str, html_id: str | None = None,
                    css: str = "parameters", shown=None) -> str:
    """A parameter set as a small two-column table (name, value) for readers; the exact values
    (JSON) stay in its ``data-parameters`` attribute for tools and tests. ``shown``: the keys
    given a row (default all); without any row the table says the page was made with the run's
    parameters (words ``bericht.wie_lauf``)."""
    keys = list(params) if shown is None else [k for k in params if k in shown]
    rows = "".join(f"<tr><th>{html.escape(_parameter_name(k, lang))}</th>"
                   f"<td>{html.escape(_parameter_value(k, params[k], labels, lang))}</td></tr>" for k in keys)
    rows = rows or f'<tr><td>{html.escape(t("bericht.wie_lauf", lang))}</td></tr>'
    ident = f' id="{html_id}"' if html_id else ""
    data = html.escape(json.dumps(params, ensure_ascii=False), quote=True)
    return f'<table{ident} class="{css}" data-parameters="{data}">{rows}</table>'


#: A page parameter naming the report folder itself (its exported files are linked beside the
#: page name): no row in the index.
THIS_FOLDER = {"output_dir": "."}


def page_only(page: dict, run: dict) -> list[str]:
    """The parameters of a page a reader needs besides the run's: those the run does not have
    or sets otherwise, without one naming the report folder itself (:data:`THIS_FOLDER`)."""
    return [k for k, v in page.items()
            if run.get(k, object()) != v and THIS_FOLDER.get(k, object()) != v]


_H1_MARKDOWN = re.compile(r"^#\s+(.+?)\s*$", re.M)


def page_name(notebook: str, lang: str, notebook_dir: Path | None = None) -> str:
    """The readable title of a page in ``lang``: the first-level heading of the notebook's
    Markdown cell for that language ("10_wohnen" -> "Wohnen" / "Housing"), read from the notebook
    the runner uses; a notebook without a title heading is named by its file name."""
    from . import run

    path = Path(notebook_dir or run.NOTEBOOK_DIR) / f"{notebook}.ipynb"
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        cells = []
    for cell in cells:
        tags = cell.get("metadata", {}).get("tags", [])
        source = "".join(cell.get("source", "")) if cell.get("cell_type") == "markdown" else ""
        found = _H1_MARKDOWN.search(source)
        if found and (f"lang-{lang}" in tags or not any(t_.startswith("lang-") for t_ in tags)):
            return found.group(1)
    return notebook


def index_html(pages: list[dict], run: dict, labels: tuple[str, str], lang: str, all_notebooks: list[str]) -> str:
    """index.html of a report folder (``run``: parameters, started, seconds, checksum)."""
    state = status(pages, all_notebooks)
    rows = []
    for p in pages:
        name = html.escape(p["notebook"])
        title = html.escape(page_name(p["notebook"], lang))
        link = f'<a href="{html.escape(p["html"])}">{title}</a>' if p.get("html") else title
        files = "".join(f' <a href="{html.escape(f)}">{html.escape(Path(f).suffix[1:])}</a>' for f in p["exports"])
        if p["ok"]:
            cell = t("bericht.ok", lang)
        else:
            cell = f'<span style="color:#b00">{t("bericht.fehler", lang)}: {html.escape(p["error"])}</span>'
        params = parameter_table(p["parameters"], labels, lang, css="page-parameters",
                                 shown=page_only(p["parameters"], run["parameters"]))
        made = dates(time.strftime("%Y-%m-%d", time.localtime(p["made"])), lang) + time.strftime(
            " %H:%M", time.localtime(p["made"]))
        rows.append(
            f'<tr data-notebook="{name}"><td>{link}{files}</td><td>{cell}</td><td>{p["seconds"]:.0f} s</td>'
            f'<td>{params}</td><td>{made}</td></tr>'
        )
    missing = [n for n in all_notebooks if n not in {p["notebook"] for p in pages}]
    missing_line = (f'<p id="not-made">{t("bericht.nicht_erstellt", lang)}: '
                    f'{html.escape(", ".join(page_name(n, lang) for n in missing))}</p>') if missing else ""
    snap = snapshot_info()
    refs = "".join(f"<li>{html.escape(connectives(p, lang))}: "
                   f"{html.escape(_day_month(dates(', '.join(reference(r, None, lang) for r in d), lang), lang))}</li>"
                   for p, d in snap["references"].items())
    pkgs = ", ".join(f"{k} {v}" for k, v in versions().items())
    jahr = run["parameters"]["jahr"]
    jahr_line = t("bericht.jahr_neuester", lang) if jahr is None else t("bericht.jahr_bis", lang, jahr=jahr)
    heads = "".join(f"<th>{t(k, lang)}</th>" for k in
                    ("bericht.spalte_bericht", "bericht.spalte_status", "bericht.spalte_laufzeit",
                     "bericht.spalte_parameter", "bericht.spalte_erstellt"))
    pair = html.escape(t("bericht.paar", lang, region=labels[0], vergleich=labels[1]))
    started = dates(time.strftime("%Y-%m-%d", time.localtime(run["started"])), lang) + time.strftime(
        " %H:%M:%S %Z", time.localtime(run["started"]))
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>wla – {pair}</title>
<style>body{{font-family:sans-serif;max-width:70em;margin:2em auto}}td,th{{padding:0.3em 1em;text-align:left;vertical-align:top}}
table.page-parameters td,table.page-parameters th,table.parameters td,table.parameters th{{padding:0 0.6em 0 0;font-size:90%}}
table.page-parameters th,table.parameters th{{font-weight:normal;color:#555}}
@media print{{@page{{size:A4;margin:12mm 10mm}}body{{max-width:none;margin:0;font-size:9pt}}
td,th{{padding:0.2em 0.5em}}tr{{break-inside:avoid}}}}</style></head>
<body><h1>{pair}</h1>
<p>{t("bericht.einleitung", lang)} <strong id="run-status" data-status="{state}">{t(STATUS_WORDS[state], lang)}</strong>.</p>
<table id="reports"><tr>{heads}</tr>{''.join(rows)}</table>
{missing_line}
<h2>{t("bericht.lauf", lang)}</h2>
<ul><li>{t("bericht.parameter", lang)}: {parameter_table(run["parameters"], labels, lang, html_id="run-parameters")}</li>
<li id="jahr-meaning">{html.escape(jahr_line)}</li>
<li>{t("bericht.beginn", lang)}: {started}; {t("bericht.dauer", lang)}: {run["seconds"]:.0f} s</li>
<li>{snapshot_line(snap, lang)}</li>
<li>{t("bericht.pakete", lang)}: {html.escape(pkgs)}</li></ul>
<h2>{t("bericht.quellen", lang)}</h2><ul id="sources">{refs}</ul>
</body></html>
"""

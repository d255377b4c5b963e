"""Show tables and charts in notebooks and reports, each with its source line.

Every table and figure goes out as one HTML block whose ``<figcaption class="wla-source">``
names publisher, table code and reference date, taken from the ``source`` column of the rows
shown (that is, from the catalogue) — never typed in by hand. Numbers are German by default.
"""
from __future__ import annotations

import base64
import html
import io

import pandas as pd

from .fmt import number

#: Joins the source lines of a value built from several sources (a rate's numerator and
#: denominator); chosen so that it never occurs inside a source line.
SOURCE_JOIN = " | "

WORDS = {
    "de": {"source": "Quelle", "sources": "Quellen", "flag": "Zeichen", "note": "Hinweis"},
    "en": {"source": "Source", "sources": "Sources", "flag": "sign", "note": "Note"},
}


def sources_of(*frames) -> list[str]:
    """The distinct source lines of the rows in ``frames`` (order kept)."""
    seen: list[str] = []
    for frame in frames:
        if frame is None or "source" not in frame:
            continue
        for text in frame["source"].dropna():
            for part in str(text).split(SOURCE_JOIN):
                part = part.strip()
                if part and part not in seen:
                    seen.append(part)
    return seen


def _caption(sources, note: str | None, lang: str) -> str:
    if not sources:
        raise ValueError("a table or chart needs at least one source line")
    lines = [html.escape(s if s.startswith(("Quelle", "Source")) else f"{WORDS[lang]['source']}: {s}") for s in sources]
    if note:
        lines.append(f"{WORDS[lang]['note']}: {html.escape(note)}")
    return '<figcaption class="wla-source">' + "<br>".join(lines) + "</figcaption>"


def format_value(value, flag: str = "", decimals: int = 0) -> str:
    """A cell: German number, or the official sign where the publisher printed one."""
    if flag and flag != "-" and pd.isna(value):
        return flag
    if flag == "-":
        return "-"
    return number(value, decimals)


YEAR_HEADERS = ("year", "jahr", "berichtsjahr")


def _is_year_column(name, values: pd.Series) -> bool:
    """A numeric column of years (header Jahr/Year/Berichtsjahr or "Stichtag ..."): shown as
    2024, not 2.024."""
    header = str(name).strip().lower()
    if not (header in YEAR_HEADERS or header.startswith("stichtag")):
        return False
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return False
    years = values.dropna()
    return bool(((years % 1 == 0) & years.between(1800, 2200)).all())


def table_html(frame: pd.DataFrame, sources, title: str | None = None, note: str | None = None,
               decimals: dict | int = 0, lang: str = "de", row_decimals: list[int] | None = None) -> str:
    """HTML of a table with German number format and its source caption.

    ``decimals``: one int for all numeric columns or a dict column -> decimals;
    ``row_decimals``: decimals per row instead (for tables of mixed figures).
    """
    shown = frame.copy()
    for col in shown.columns:
        if _is_year_column(col, shown[col]):
            shown[col] = [number(v) if pd.isna(v) else str(int(v)) for v in shown[col]]
            continue
        if pd.api.types.is_numeric_dtype(shown[col]) and not pd.api.types.is_bool_dtype(shown[col]):
            if row_decimals is not None:
                shown[col] = [number(v, d) for v, d in zip(shown[col], row_decimals)]
                continue
            d = decimals.get(col, 0) if isinstance(decimals, dict) else decimals
            shown[col] = [number(v, d) for v in shown[col]]
    body = shown.to_html(index=False, escape=True, border=0, classes="wla-table")
    head = f"<strong>{html.escape(title)}</strong>" if title else ""
    return f'<figure class="wla-figure">{head}{body}{_caption(list(sources), note, lang)}</figure>'


def figure_html(fig, sources, note: str | None = None, lang: str = "de", dpi: int = 110,
                alt: str | None = None) -> str:
    """HTML of a matplotlib figure (PNG embedded) with its alt text and source caption; closes
    the figure.

    ``alt``: a short description of what the figure shows; default the one the chart or map
    function stored (:func:`wla.present.charts.alt_text`), else the figure's titles and axis
    labels. A figure that says nothing about itself needs ``alt``.
    """
    import matplotlib.pyplot as plt

    from ..exceptions import ParameterError
    from .charts import alt_text

    labels = [s for ax in fig.axes for s in (ax.get_title(), ax.get_ylabel(), ax.get_xlabel()) if s]
    text = (alt or alt_text(fig) or "; ".join(dict.fromkeys(labels))).strip()
    if not text:
        raise ParameterError("a figure without title or axis labels needs alt= (what it shows, for screen readers)")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    img = f'<img src="data:image/png;base64,{data}" alt="{html.escape(text, quote=True)}" style="max-width:100%">'
    return f'<figure class="wla-figure">{img}{_caption(list(dict.fromkeys(sources)), note, lang)}</figure>'


def show_table(frame, sources, **kwargs) -> None:
    """Display :func:`table_html` in a notebook."""
    from IPython.display import HTML, display

    display(HTML(table_html(frame, sources, **kwargs)))


def show_figure(fig, sources, **kwargs) -> None:
    """Display :func:`figure_html` in a notebook."""
    from IPython.display import HTML, display

    display(HTML(figure_html(fig, sources, **kwargs)))


def say(text: str) -> None:
    """Display Markdown text (built from figures) in a notebook."""
    from IPython.display import Markdown, display

    display(Markdown(text))

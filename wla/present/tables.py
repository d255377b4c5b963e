"""Show tables and charts in notebooks and reports, each with its source line.

Every table and figure goes out as one HTML block whose ``<figcaption class="wla-source">``
names publisher, table code and the reference date of the values shown, built by
:mod:`wla.present.sources` from the result's ``attrs["sources"]`` (that is, from the catalogue) —
never typed in by hand. Numbers and caption words follow ``lang`` (German by default).
"""
from __future__ import annotations

import base64
import html
import re

import pandas as pd

from .fmt import dates, number
from .sources import lines
from .words import t


#: The entry of a page section's seen-set (:func:`source_html_lines`) that holds the lines of the
#: caption directly above.
_ABOVE = "wla-caption-above"


def source_html_lines(shown: list[str], lang: str, seen: set | None = None) -> list[str]:
    """Escaped "Quelle: …" lines for the caption lines ``shown``. One "Quelle: wie oben" instead
    only where ``shown`` are exactly the lines of the caption directly above in the same page
    section; where they differ in any line, every line is printed. ``seen`` (the section's set):
    the lines of the caption above, as left by the previous call, or plain lines (the finding
    directly above)."""
    escaped = [html.escape(f"{t('quelle.quelle', lang)}: {s}") for s in shown]
    if seen is None:
        return escaped
    marked = [x for x in seen if isinstance(x, tuple) and x[:1] == (_ABOVE,)]
    above = set(marked[0][1]) if marked else {x for x in seen if isinstance(x, str)}
    seen.difference_update(marked)
    seen.add((_ABOVE, tuple(shown)))
    if shown and set(shown) == above:
        return [html.escape(t("quelle.wie_oben", lang))]
    return escaped


def _caption(sources, note: str | None, lang: str, seen: set | None = None) -> str:
    """The source caption (:func:`source_html_lines`) and the note."""
    shown = lines(sources, lang)
    if not shown:
        raise ValueError("a table or chart needs at least one source line")
    out = source_html_lines(shown, lang, seen)
    if note:
        out.append(f"{html.escape(t('quelle.hinweis', lang))}: {html.escape(dates(note, lang))}")
    return '<figcaption class="wla-source">' + "<br>".join(out) + "</figcaption>"


def format_value(value, flag: str = "", decimals: int = 0, lang: str = "de") -> str:
    """A cell: number in ``lang``, or the official sign where the publisher printed one."""
    if flag and flag != "-" and pd.isna(value):
        return flag
    if flag == "-":
        return "-"
    return number(value, decimals, lang)


#: The sign after a figure that rests on a small count (:func:`marked`).
SMALL_MARK = "*"


def marked(values, counts, decimals: int, lang: str, limit: int) -> list[str]:
    """``values`` as numbers in ``lang``, each followed by :data:`SMALL_MARK` where the count it
    rests on (``counts``, same order) is under ``limit`` — e.g. a share of 0.9 % of 430
    unemployed in an occupational group is 4 persons. A missing value stays "k. A."/"n/a"."""
    out = []
    for v, n in zip(values, counts):
        text = number(v, decimals, lang)
        out.append(f"{text} {SMALL_MARK}" if not pd.isna(v) and not pd.isna(n) and n < limit else text)
    return out


def named_first(frame: pd.DataFrame, column: str, outside: str, top: int) -> pd.DataFrame:
    """The first ``top`` rows of ``frame`` (in its order) whose ``column`` is not ``outside``, then
    the rows whose ``column`` is ``outside`` as the last rows – a group that is no category of
    its own (the BA's "ohne Angabe zum Zielberuf") never ranks among the largest; ``attrs`` kept."""
    inside = frame[frame[column] != outside].head(top)
    out = pd.concat([inside, frame[frame[column] == outside]], ignore_index=True)
    out.attrs = dict(frame.attrs)
    return out


YEAR_HEADERS = ("year", "jahr", "berichtsjahr")
#: A table whose narrowest layout is wider than this many characters (its longest word per
#: column, header included, plus one per column for the cell padding) does not fit an upright
#: A4 sheet at the print size; it is "wide" (class ``wla-wide``) and printed on a landscape sheet
#: (print rules of :mod:`wla.report.render`). Measured on the German and English pages of two
#: region pairs: 138 fits upright, 146 does not.
WIDE_CHARACTERS = 138


def _narrowest(frame: pd.DataFrame) -> int:
    """Characters of the narrowest layout of ``frame`` as shown (see :data:`WIDE_CHARACTERS`)."""
    def longest(text) -> int:
        return max((len(w) for w in re.split(r"\s+|(?<=-)", str(text)) if w), default=0)

    return sum(max([longest(col)] + [longest(v) for v in frame[col]]) + 1 for col in frame.columns)


def _is_year_column(name, values: pd.Series) -> bool:
    """A numeric column of years (header Jahr/Year/Berichtsjahr or "Stichtag ..."/"Reference
    date ..."): shown as 2024, not 2.024 or 2,024."""
    header = str(name).strip().lower()
    if not (header in YEAR_HEADERS or header.startswith(("stichtag", "reference date"))):
        return False
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return False
    years = values.dropna()
    return bool(((years % 1 == 0) & years.between(1800, 2200)).all())


def table_html(frame: pd.DataFrame, sources, title: str | None = None, note: str | None = None,
               decimals: dict | int = 0, lang: str = "de", row_decimals: list[int] | None = None,
               seen: set | None = None) -> str:
    """HTML of a table with numbers in the format of ``lang`` and its source caption.

    ``sources``: ``attrs["sources"]`` of the result shown (indicator -> years) or source lines;
    ``decimals``: one int for all numeric columns or a dict column -> decimals;
    ``row_decimals``: decimals per row instead (for tables of mixed figures);
    ``seen``: the page section's caption memory (see :func:`source_html_lines`).
    Dates in text cells and in the note read in the page's format ("2023-11" -> "11/2023").
    """
    shown = frame.copy()
    for col in shown.columns:
        if _is_year_column(col, shown[col]):
            shown[col] = [number(v, 0, lang) if pd.isna(v) else str(int(v)) for v in shown[col]]
            continue
        if pd.api.types.is_numeric_dtype(shown[col]) and not pd.api.types.is_bool_dtype(shown[col]):
            if row_decimals is not None:
                shown[col] = [number(v, d, lang) for v, d in zip(shown[col], row_decimals)]
                continue
            d = decimals.get(col, 0) if isinstance(decimals, dict) else decimals
            shown[col] = [number(v, d, lang) for v in shown[col]]
        elif shown[col].dtype == object:  # dates in text cells ("Stand 2023-11") in the reader's format
            shown[col] = [dates(v, lang) if isinstance(v, str) else v for v in shown[col]]
    body = shown.to_html(index=False, escape=True, border=0, classes="wla-table")
    head = f"<strong>{html.escape(title)}</strong>" if title else ""
    css = "wla-figure wla-wide" if _narrowest(shown) > WIDE_CHARACTERS else "wla-figure"
    return f'<figure class="{css}">{head}{body}{_caption(sources, note, lang, seen)}</figure>'


def figure_html(fig, sources, note: str | None = None, lang: str = "de", dpi: int = 110,
                alt: str | None = None, seen: set | None = None) -> str:
    """HTML of a matplotlib figure (PNG embedded) with its alt text and source caption; closes
    the figure.

    ``alt``: a short description of what the figure shows; default the one the chart or map
    function stored (:func:`wla.present.charts.alt_text`), else the figure's titles and axis
    labels. A figure that says nothing about itself needs ``alt``. ``seen``: source lines already
    shown in this page section (repeated ones read "wie oben").
    """
    import matplotlib.pyplot as plt

    from ..exceptions import ParameterError
    from .charts import alt_text, tight_png

    labels = [s for ax in fig.axes for s in (ax.get_title(), ax.get_ylabel(), ax.get_xlabel()) if s]
    text = (alt or alt_text(fig) or "; ".join(dict.fromkeys(labels))).strip()
    if not text:
        raise ParameterError("a figure without title or axis labels needs alt= (what it shows, for screen readers)")
    png = tight_png(fig, dpi)
    plt.close(fig)
    data = base64.b64encode(png).decode("ascii")
    img = f'<img src="data:image/png;base64,{data}" alt="{html.escape(text, quote=True)}" style="max-width:100%">'
    return f'<figure class="wla-figure">{img}{_caption(sources, note, lang, seen)}</figure>'


def glossary_html(terms, lang: str = "de", titled: bool = True) -> str:
    """A box explaining ``terms`` (entries of ``words/glossar.toml``; all of them if empty), with
    the title ``glossar.titel`` unless ``titled`` is False (a page whose section heading already
    says it: :func:`wla.present.glossary.follow_page`; the title stays the box's aria-label)."""
    from .words import chapter

    entries = chapter("glossar")
    keys = [k for k in (terms or entries) if k != "titel"]
    items = "".join(
        f"<dt>{html.escape(t(f'glossar.{k}', lang).split(':', 1)[0])}</dt>"
        f"<dd>{html.escape(t(f'glossar.{k}', lang).split(':', 1)[1].strip())}</dd>"
        for k in keys
    )
    # data-terms: the entries, so the rendered page can cut the box to the terms it shows
    # (:func:`wla.present.glossary.follow_page`)
    title = html.escape(t("glossar.titel", lang))
    head = f"<strong>{title}</strong>" if titled else ""
    return (f'<aside class="wla-glossary" data-terms="{" ".join(keys)}" aria-label="{title}">'
            f'{head}<dl>{items}</dl></aside>')


def headline_table(table: pd.DataFrame, lang: str = "de") -> pd.DataFrame:
    """A :func:`wla.analysis.compare.side_by_side` table with readers' labels: indicator, unit
    and year in ``lang``, each region by its label in ``lang`` ("Deutschland" -> "Germany");
    ``attrs`` kept."""
    from ..analysis.compare import HEADLINES
    from .findings import unit
    from .fmt import region_label

    labels = {h.key: h.label(lang) for h in HEADLINES}
    out = pd.DataFrame({t("vergleich.spalte.kennzahl", lang): table["kennzahl"].map(labels),
                        t("vergleich.spalte.einheit", lang): [unit(u, lang) for u in table["einheit"]],
                        t("vergleich.spalte.jahr", lang): table["jahr"].astype(str)})
    for col in table.columns[3:]:
        out[region_label(col, lang)] = table[col].to_numpy()
    out.attrs = dict(table.attrs)
    return out


def headline_index(table: pd.DataFrame, lang: str = "de") -> pd.DataFrame:
    """:func:`wla.analysis.compare.index_to_germany` of a side-by-side table with readers'
    labels: columns indicator (``lang``), ``Region`` (label in ``lang``), ``Index``."""
    from ..analysis.compare import HEADLINES, index_to_germany
    from .fmt import region_label

    labels = {h.key: h.label(lang) for h in HEADLINES}
    long = index_to_germany(table)
    return pd.DataFrame({t("vergleich.spalte.kennzahl", lang): long["kennzahl"].map(labels),
                         "Region": [region_label(r, lang) for r in long["region"]], "Index": long["index"]})


def germany_line(gap: dict, lang: str = "de") -> str:
    """One line saying why Germany has no value (``gap``: :func:`wla.analysis.compare.germany_gap`
    with ``kennzahl`` (headline key) or ``label`` (reader label), ``jahr`` and
    ``gruppen_mit_wert``): the catalogue's national note, the Kreise without a value, or no
    denominator; where Kreistyp groups have a value nonetheless, that their Kreise are complete."""
    from .. import store
    from ..analysis.compare import headline
    from .fmt import region_label

    names = store.names()
    figure = {"kennzahl": gap.get("label") or headline(gap["kennzahl"]).label(lang), "jahr": gap["jahr"]}
    kreise = ", ".join(f"{names.get(c, c)} ({c})" for c in gap["kreise"])
    line = t(f"vergleich.deutschland_fehlt_{gap['grund']}", lang, **figure,
             **({"kreise": kreise} if gap["grund"] == "kreise" else {}))
    if gap["grund"] == "kreise" and gap.get("gruppen_mit_wert"):
        line += " " + t("vergleich.deutschland_fehlt_gruppen", lang,
                        gruppen=", ".join(region_label(g, lang) for g in gap["gruppen_mit_wert"]))
        for group, missing in _own_type(gap["kreise"], gap["gruppen_mit_wert"]).items():
            line += " " + t("vergleich.deutschland_fehlt_gruppe_ohne", lang, gruppe=region_label(group, lang),
                            kreise=", ".join(f"{names.get(c, c)} ({c})" for c in missing))
    return line


def _own_type(kreise, groups) -> dict[str, list[str]]:
    """Of the Kreise without a value (``kreise``), those whose BBSR Kreistyp is that of one of the
    Kreistyp ``groups`` (column labels "Kreistyp N: …", also with " (<region>)"): group -> Kreise.
    Only there is it worth saying that they are not part of the group (the pair's own Kreise are
    left out of its group); a Kreis of another type never was in it."""
    from ..analysis.compare import bbsr_peers
    from ..exceptions import NoDataError
    from ..regions import region as resolve_region

    out: dict[str, list[str]] = {}
    for code in kreise:
        try:
            own = bbsr_peers(resolve_region(code)).label
        except NoDataError:  # a Kreis without a BBSR type: in no group
            continue
        for group in groups:
            if group == own or group.startswith(f"{own} ("):
                out.setdefault(group, []).append(code)
    return out


def germany_notes(table: pd.DataFrame, lang: str = "de") -> str:
    """:func:`germany_line` for each row of a :func:`wla.analysis.compare.side_by_side` table (or
    any result with ``attrs["germany_gaps"]``) without a value for Germany; "" when Germany has
    every value. For the table and its Germany = 100 chart."""
    return " ".join(germany_line(gap, lang) for gap in table.attrs.get("germany_gaps", []))


def _display_html(text: str) -> None:
    from IPython.display import HTML, display

    display(HTML(text))


def show_table(frame, sources, **kwargs) -> None:
    """Display :func:`table_html` in a notebook."""
    _display_html(table_html(frame, sources, **kwargs))


def show_figure(fig, sources, **kwargs) -> None:
    """Display :func:`figure_html` in a notebook."""
    _display_html(figure_html(fig, sources, **kwargs))


def show_glossary(terms=(), lang: str = "de") -> None:
    """Display :func:`glossary_html` in a notebook."""
    _display_html(glossary_html(terms, lang))


def say(text: str) -> None:
    """Display Markdown text (built from figures) in a notebook."""
    from IPython.display import Markdown, display

    display(Markdown(text))

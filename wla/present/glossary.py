"""The glossary box of a rendered page follows the page: it explains only the terms the page shows.

A notebook lists the terms its sections may use (``ctx.glossary("alq", "kldb", ...)``); when a
section is left out of the page (no data for an early reference year, a Gemeinde set without
Kreis values, :func:`wla.report.render.drop_empty_sections`), its terms may no longer appear.
:func:`follow_page` cuts each glossary box of a page to the terms found in the rest of the page,
in the page's language, and removes a box left without terms.

Where a term shows is written beside its explanation in ``words/glossar.toml``:
``auf_seite = { de = [...], en = [...] }`` — words a reader sees (a match is case-insensitive and
starts at a word start, so "Schutzsuchend" finds "Schutzsuchenden"); ``zelle = [...]`` — whole
table cells (the official signs "-", ".", "x", "/", "..."). Text of the page is its Markdown,
its tables, captions and alt texts; the glossary box itself does not count.
"""
from __future__ import annotations

import functools
import re

from bs4 import BeautifulSoup

from ..exceptions import ParameterError
from .tables import glossary_html
from .words import chapter, t

#: The HTML class of the glossary box (:func:`wla.present.tables.glossary_html`).
BOX = "wla-glossary"


@functools.cache
def _marks(lang: str) -> dict[str, tuple[re.Pattern | None, frozenset]]:
    """term -> (pattern of its words on a page in ``lang``, its whole-cell signs)."""
    out = {}
    for key, entry in chapter("glossar").items():
        if key == "titel":
            continue
        words = entry.get("auf_seite", {}).get(lang, [])
        cells = frozenset(entry.get("zelle", []))
        if not words and not cells:
            raise ParameterError(f"glossary entry {key!r} says nowhere how it shows on a page "
                                 f"(add auf_seite = {{ de = [...], en = [...] }} or zelle = [...] to words/glossar.toml)")
        pattern = re.compile("|".join(rf"(?<!\w){re.escape(w)}" for w in words), re.I) if words else None
        out[key] = (pattern, cells)
    return out


def shows(term: str, text: str, cells: set[str], lang: str) -> bool:
    """Whether the glossary ``term`` appears in a page's ``text`` or among its table ``cells``."""
    marks = _marks(lang)
    if term not in marks:
        raise ParameterError(f"{term!r} is not an entry of words/glossar.toml")
    pattern, signs = marks[term]
    return bool(pattern and pattern.search(text)) or bool(signs & cells)


def _shown(output) -> str | None:
    """What a reader sees of one notebook output, as HTML or Markdown text (None: nothing)."""
    if output.get("output_type") == "stream":
        return output.get("text") if output.get("name") == "stdout" else None
    data = output.get("data", {})
    for kind in ("text/html", "text/markdown", "text/plain"):
        if kind in data:
            return data[kind] if isinstance(data[kind], str) else "".join(data[kind])
    return None


def _is_box(html: str) -> bool:
    return f'class="{BOX}"' in html


def page_content(cells) -> tuple[str, set[str]]:
    """The words a reader sees on a page of ``cells`` (glossary boxes left out) and the texts of
    its table cells."""
    parts, table_cells = [], set()
    for cell in cells:
        shown = [cell.source] if cell.cell_type == "markdown" else [_shown(o) for o in cell.get("outputs", [])]
        for html in filter(None, shown):
            if _is_box(html):
                continue
            soup = BeautifulSoup(html, "html.parser")
            parts.append(soup.get_text(" "))
            parts += [img.get("alt", "") for img in soup.find_all("img")]
            table_cells |= {td.get_text(" ", strip=True) for td in soup.find_all("td")}
    return " ".join(parts), table_cells


def _terms(html: str) -> list[str] | None:
    """The entries a glossary box explains (its ``data-terms``; None if it does not say)."""
    box = BeautifulSoup(html, "html.parser").find(class_=BOX)
    terms = box.get("data-terms")
    return None if terms is None else terms.split()


def _under_title(before, lang: str) -> bool:
    """Whether the last cell a reader sees before a glossary box is a section heading that reads
    like the box's title ("## Begriffe"): the box then drops its own title (said once)."""
    for cell in reversed(before):
        if cell.cell_type == "markdown" and cell.source.strip():
            return cell.source.strip().lstrip("#").strip() == t("glossar.titel", lang)
        if cell.cell_type == "code" and cell.get("outputs"):
            return False
    return False


def follow_page(cells, lang: str) -> list:
    """``cells`` with every glossary box cut to the terms the rest of the page shows in ``lang``;
    a box without any such term is removed (its heading is then empty: run
    :func:`wla.report.render.drop_empty_sections` afterwards); a box right under a heading that
    reads like its title ("## Begriffe") is written without its own title."""
    text, table_cells = page_content(cells)
    for i, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            html = _shown(output)
            if html is None or output.get("output_type") == "stream" or not _is_box(html):
                kept.append(output)
                continue
            listed = _terms(html)
            if listed is None:  # a box written before boxes named their terms: left as it is
                kept.append(output)
                continue
            terms = [k for k in listed if shows(k, text, table_cells, lang)]
            if terms:
                output["data"]["text/html"] = glossary_html(terms, lang, titled=not _under_title(cells[:i], lang))
                kept.append(output)
        cell["outputs"] = kept
    return cells

"""An executed notebook as one self-contained HTML page.

Code hidden unless ``with_code``; cells tagged ``remove-in-report`` and Markdown written for the
other language (tagged ``lang-de`` / ``lang-en``) left out; a link back to the index and a table
of contents from the h2/h3 headings; ``<title>`` is the page's first h1 with the region names,
``<html lang>`` the report language; print rules (:data:`PRINT_CSS`) fit wide tables to the paper.
"""
from __future__ import annotations

import functools
import html
import re
from pathlib import Path

from ..present.glossary import follow_page
from ..present.words import t
from .params import LANGUAGES

#: Print rules of every page (A4, see issue 10):
#:
#: - tables shrink and wrap to the paper width instead of being cut at the scroll box of the screen
#:   layout; tables of many columns (``figure.wla-wide``, see
#:   :data:`wla.present.tables.WIDE_CHARACTERS`) get a landscape sheet; headers repeat on each sheet;
#:   type size by column count (6.5 pt, up to six columns 7.5 pt, up to four 8.5 pt, landscape
#:   7 pt: the sizes at which the tables of three region pairs fit, see
#:   tests/test_browser.py::test_wide_tables_fit_the_paper_when_printed);
#: - a heading stays with what follows it (``break-after: avoid``; the browser carries it from a
#:   heading to the cell wrappers it ends, once they print as plain blocks, see below). That rule
#:   does not hold where the text below cannot put its first lines on the sheet (``orphans``):
#:   the sheet then ends inside the paragraph, before its first line, not between heading and
#:   paragraph — so a heading also carries an empty 3 em block taken back by a negative margin,
#:   which it must fit on the sheet with, and moves on when fewer than about three lines are left.
#:   A heading before a landscape table goes onto the landscape sheet with it;
#: - a figure (table or image with its title and source line) is kept whole unless its table is
#:   long (25 rows or more: kept whole it would leave most of a sheet empty); its source line stays
#:   with it; a long list of findings or sources breaks between items, not inside one — the lab
#:   template keeps every output in one piece (``break-inside: avoid-page``), which moved such
#:   lists to a sheet of their own and left the sheet before nearly empty;
#: - the lab template's flex and table boxes print as plain blocks, so a sheet may end between any
#:   two of them; the navigation is left out.
PRINT_CSS = """@media print {
  @page { size: A4; margin: 12mm 10mm; }
  body { margin: 0 !important; }
  body, main, .jp-Notebook, .jp-Cell, .jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output,
  .jp-RenderedHTMLCommon, figure.wla-figure { overflow: visible !important; max-width: 100% !important; }
  .jp-Cell-inputWrapper, .jp-Cell-outputWrapper, .jp-InputArea, .jp-OutputArea, .jp-OutputArea-child,
  .jp-OutputArea-output { display: block !important; }
  .jp-Notebook { padding: 0 !important; }
  .jp-Cell, .jp-OutputArea-child { padding-left: 0 !important; padding-right: 0 !important; }
  .jp-OutputPrompt, .jp-InputPrompt, .jp-Collapser { display: none !important; }
  .jp-OutputArea-child { break-inside: auto !important; }
  h1, h2, h3, h4, h5, h6 { break-after: avoid; break-inside: avoid; }
  :is(h1, h2, h3, h4, h5, h6)::after { content: ""; display: block; height: 3em; margin-bottom: -3em; }
  p, li, dd { orphans: 3; widows: 3; }
  figure.wla-figure { margin: 0.4em 0 !important; break-inside: avoid; }
  figure.wla-figure:has(tbody > tr:nth-child(25)), figure.wla-figure:has(> ul.wla-findings) { break-inside: auto; }
  figure.wla-figure > strong:first-child, aside.wla-glossary > strong:first-child { display: block; break-after: avoid; }
  figcaption, .wla-source { break-before: avoid; }
  ul.wla-findings > li, aside.wla-glossary dd { break-inside: avoid; }
  aside.wla-glossary dt { break-after: avoid; }
  .jp-RenderedHTMLCommon table, table.wla-table { width: auto !important; max-width: 100% !important;
    margin-left: 0 !important; table-layout: auto !important; font-size: 6.5pt !important; border-collapse: collapse; }
  .jp-RenderedHTMLCommon th, .jp-RenderedHTMLCommon td, table.wla-table th, table.wla-table td {
    padding: 1px 2px !important; white-space: normal !important; overflow-wrap: break-word; hyphens: auto; }
  .jp-RenderedHTMLCommon table:not(:has(tr > :nth-child(7))) { font-size: 7.5pt !important; }
  .jp-RenderedHTMLCommon table:not(:has(tr > :nth-child(7))) :is(th, td) { padding: 1px 5px !important; }
  .jp-RenderedHTMLCommon table:not(:has(tr > :nth-child(5))) { font-size: 8.5pt !important; }
  figure.wla-wide table.wla-table { font-size: 7pt !important; }
  figure.wla-wide table.wla-table:has(tr > :nth-child(13)) { font-size: 6.5pt !important; }
  table.wla-table th:first-child, table.wla-table td:first-child { text-align: left; }
  thead { display: table-header-group; }
  tr, img { break-inside: avoid; }
  img { max-width: 100% !important; height: auto !important; }
  nav#wla-toc { display: none; }
  figure.wla-wide { page: wide; }
  .jp-MarkdownCell:has(+ .jp-Cell .jp-OutputArea-child:first-child > .jp-OutputArea-output > figure.wla-wide:first-child),
  .jp-OutputArea-child:has(> .jp-OutputArea-output > :is(h1, h2, h3, h4, h5, h6):last-child):has(+ .jp-OutputArea-child > .jp-OutputArea-output > figure.wla-wide:first-child) { page: wide; }
}
@page wide { size: A4 landscape; margin: 10mm 10mm; }"""

#: Layout of the glossary box (:func:`wla.present.tables.glossary_html`) on screen and paper: the
#: lab template floats every ``dt`` into a column of 20 % width, where a long term
#: ("Asylbewerberleistungen") runs into its definition; here the term stands on its own line
#: above its indented definition and may break.
GLOSSARY_CSS = """aside.wla-glossary dl { overflow: visible; }
aside.wla-glossary dt { float: none; width: auto; margin: 0.5em 0 0 0; overflow-wrap: anywhere; hyphens: auto; }
aside.wla-glossary dd { float: none; width: auto; margin: 0 0 0 1.5em; }"""

_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


def _text(inner: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", inner)).replace("¶", "").strip()


def page_title(body: str, fallback: str, labels: tuple[str, str], lang: str) -> str:
    """The page's first h1 (or ``fallback``), followed by the region names unless it names them."""
    found = _H1.search(body)
    title = _text(found.group(1)) if found else fallback
    if labels[0] in title and labels[1] in title:
        return title
    return f"{title} – {t('bericht.paar', lang, region=labels[0], vergleich=labels[1])}"


@functools.lru_cache(maxsize=None)
def _exporter(lang: str, with_code: bool):
    """One nbconvert HTML exporter per language and code display in this process: its Jinja
    templates are compiled once, not for every page (about half of a page's rendering time).
    Each conversion gets its own resources; the exporter keeps no page's content."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", language_code=lang)
    exporter.exclude_input = not with_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


def render_html(executed: Path, target: Path, with_code: bool = False, lang: str = "de",
                labels: tuple[str, str] = ("", "")) -> None:
    """Executed notebook -> self-contained HTML with a table of contents (see the module docstring)."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    dropped = {"remove-in-report"} | {f"lang-{other}" for other in LANGUAGES if other != lang}
    nb.cells = drop_empty_sections([c for c in nb.cells if not dropped & set(c.metadata.get("tags", []))])
    nb.cells = drop_empty_sections(follow_page(nb.cells, lang))  # the glossary lists the terms the page shows
    body, _ = _exporter(lang, bool(with_code)).from_notebook_node(nb)
    title = page_title(body, executed.stem, labels, lang)
    body = re.sub(r"<title>.*?</title>", lambda m: f"<title>{html.escape(title)}</title>", body, count=1, flags=re.S)
    body = body.replace("</head>", f'<style id="wla-glossary">{GLOSSARY_CSS}</style>'
                                   f'<style id="wla-print">{PRINT_CSS}</style></head>', 1)
    target.write_text(add_toc(body, lang), encoding="utf-8")


_HEADING_CELL = re.compile(r"^(#{2,6})\s+\S")


def _heading_level(cell) -> int:
    """The level of a Markdown cell that is one heading of level 2 or deeper (``## …``), else 0."""
    if cell.cell_type != "markdown":
        return 0
    text = cell.source.strip()
    found = _HEADING_CELL.match(text)
    return len(found.group(1)) if found and "\n" not in text else 0


def _shows_something(cell) -> bool:
    """A cell a reader sees: Markdown text, or a code cell with output other than stderr."""
    if cell.cell_type == "markdown":
        return bool(cell.source.strip())
    if cell.cell_type != "code":
        return False
    return any(not (o.get("output_type") == "stream" and o.get("name") == "stderr") for o in cell.get("outputs", []))


def drop_empty_sections(cells: list) -> list:
    """``cells`` without the section headings (level 2 and deeper) under which nothing shows up
    to the next heading of the same or a higher level — e.g. on a page for an early reference
    year whose data begin later, where the sections say once why they are left out."""
    keep = []
    for i, cell in enumerate(cells):
        level = _heading_level(cell)
        if level:
            shown = False
            for later in cells[i + 1:]:
                inner = _heading_level(later)
                if inner and inner <= level:
                    break
                if not inner and _shows_something(later):
                    shown = True
                    break
            if not shown:
                continue
        keep.append(cell)
    return keep


def add_toc(body: str, lang: str = "de") -> str:
    """Insert after <body> a link back to index.html and a table of contents built from the
    h2/h3 headings nbconvert anchored."""
    items = []
    for level, anchor, inner in _HEADING.findall(body):
        items.append(f'<li class="toc-h{level}"><a href="#{anchor}">{html.escape(_text(inner))}</a></li>')
    toc = f"<strong>{t('bericht.inhalt', lang)}</strong><ul>{''.join(items)}</ul>" if items else ""
    nav = (
        '<nav id="wla-toc" style="margin:1em 2em;padding:0.5em 1em;border-left:3px solid #4c72b0">'
        f'<p><a id="wla-index-link" href="index.html">{t("bericht.zur_uebersicht", lang)}</a></p>{toc}</nav>'
    )
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + nav, body, count=1)

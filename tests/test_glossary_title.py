"""The glossary box says "Begriffe" once: no box title right under a "## Begriffe" heading."""
import nbformat

from wla.present.glossary import follow_page
from wla.present.tables import glossary_html


def _page(heading: str | None, lang: str) -> list:
    box = nbformat.v4.new_code_cell("ctx.glossary('leerstandsquote')")
    box.outputs = [nbformat.v4.new_output("display_data", data={"text/html": glossary_html(["leerstandsquote"], lang)})]
    cells = [nbformat.v4.new_markdown_cell("Die Leerstandsquote und the vacancy rate stehen im Text.")]
    if heading:
        cells.append(nbformat.v4.new_markdown_cell(heading))
    return [*cells, box]


def _box(cells) -> str:
    return cells[-1].outputs[0]["data"]["text/html"]


def test_box_under_its_own_heading_has_no_second_title():
    for heading, lang, title in (("## Begriffe", "de", "Begriffe"), ("## Terms", "en", "Terms")):
        html = _box(follow_page(_page(heading, lang), lang))
        assert f"<strong>{title}</strong>" not in html
        assert f'aria-label="{title}"' in html and "<dt>" in html  # still named for screen readers, terms kept


def test_box_without_such_heading_keeps_its_title():
    assert "<strong>Begriffe</strong>" in _box(follow_page(_page(None, "de"), "de"))
    assert "<strong>Begriffe</strong>" in _box(follow_page(_page("## Befunde", "de"), "de"))

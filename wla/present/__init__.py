"""Presentation: words (German and English), number formats, source lines, tables, charts and maps.

Analysis modules return numbers and frames; everything a reader sees is made here.
"""
from .sources import SOURCE_JOIN, sources_of  # noqa: F401
from .tables import (  # noqa: F401
    figure_html, glossary_html, say, show_figure, show_findings, show_glossary, show_table, table_html,
)

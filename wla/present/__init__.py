"""Presentation: words (German and English), number formats, tables, charts and maps.

Analysis modules return numbers and frames; everything a reader sees is made here.
"""
from .tables import (  # noqa: F401
    SOURCE_JOIN, figure_html, say, show_figure, show_table, sources_of, table_html,
)
from .findings import show_findings  # noqa: F401,E402

"""Presentation: words (German and English), number formats, source lines, tables, charts and maps.

Analysis modules return numbers and frames; everything a reader sees is made here.
"""
from .sources import SOURCE_JOIN, sources_of  # noqa: F401  (re-exported)
from .tables import (  # noqa: F401
    figure_html, glossary_html, say, show_figure, show_glossary, show_table, table_html,
)


def __getattr__(name: str):
    """``show_findings`` lives in :mod:`wla.present.findings`, which reads analysis frames; it is
    imported on first use so that analysis modules can import :mod:`wla.present` themselves."""
    if name == "show_findings":
        from .findings import show_findings

        return show_findings
    raise AttributeError(f"module 'wla.present' has no attribute {name!r}")

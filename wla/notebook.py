"""What every report notebook starts with: ``ctx = wla.notebook.setup(region, vergleich, jahr, sprache)``.

The context holds the resolved regions, the reference year, the language, and the presentation
helpers bound to that language, so a notebook cell reads like the report it makes::

    ctx = wla.notebook.setup(region, vergleich, jahr, sprache)
    ctx.say("lernen.intro")                       # words from wla/present/words/lernen.toml
    ctx.table(frame, sources, title=ctx.t("lernen.tab_schueler"), decimals=1)
    ctx.figure(fig, sources, alt=ctx.t("lernen.alt_schueler"))

Parameters are checked here (one clear error, before any cell does work); the chart theme is
applied by this call, never at import. Nothing here imports the report runner.
"""
from __future__ import annotations

from dataclasses import dataclass

from .exceptions import ParameterError
from .present import fmt, tables, words
from .regions import Region, region as resolve_region


@dataclass(frozen=True)
class Context:
    """Parameters of one report page, resolved, with helpers in its language."""

    region: Region
    vergleich: Region
    jahr: int | None
    sprache: str

    # --- words and numbers -------------------------------------------------------------------
    def t(self, key: str, **figures) -> str:
        """Words ``key`` ("<chapter>.<entry>") in the page's language with ``figures`` filled in."""
        return words.t(key, self.sprache, **figures)

    def num(self, x, decimals: int = 0) -> str:
        """A number in the page's format (1.234,5 or 1,234.5); missing -> "k. A." / "n/a"."""
        return fmt.number(x, decimals, self.sprache)

    def pct(self, x, decimals: int = 1) -> str:
        return fmt.percent(x, decimals, self.sprache)

    # --- output ------------------------------------------------------------------------------
    def say(self, key: str, **figures) -> None:
        """Display the words ``key`` (Markdown) with ``figures`` filled in."""
        tables.say(self.t(key, **figures))

    def table(self, frame, sources, **kwargs) -> None:
        """Display a table with its source caption, numbers in the page's format."""
        tables.show_table(frame, sources, lang=self.sprache, **kwargs)

    def figure(self, fig, sources, **kwargs) -> None:
        """Display a figure with its source caption."""
        tables.show_figure(fig, sources, lang=self.sprache, **kwargs)

    def findings(self, theme: str | None = None) -> None:
        """Display the findings of the page's pair (one ``theme`` or all) with the stated rule,
        the ranking rule and the frame notes (numbers and classes: :func:`wla.findings`)."""
        from .analysis import findings as analysis
        from .present import findings as present

        frame = analysis.findings(self.region, self.vergleich, theme)
        present.show_findings(frame, self.sprache, self.region, self.vergleich)


LANGUAGES = words.LANGUAGES


def setup(region, vergleich, jahr=None, sprache: str = "de") -> Context:
    """Check and resolve a notebook's parameters and apply the chart theme.

    ``region``/``vergleich``: anything :func:`wla.region` resolves; ``jahr``: reference year or
    ``None`` for the newest data; ``sprache``: ``"de"`` or ``"en"``.
    """
    if sprache not in LANGUAGES:
        raise ParameterError(f"sprache must be one of {LANGUAGES}, not {sprache!r}")
    if jahr is not None and (isinstance(jahr, bool) or not isinstance(jahr, int)):
        raise ParameterError(f"jahr must be a year (int) or None for the newest data, not {jahr!r}")
    reg, vs = resolve_region(region), resolve_region(vergleich)
    if reg.codes == vs.codes:
        raise ParameterError("region and vergleich are the same region: choose a different comparison")
    from .present import charts

    charts.set_theme()
    return Context(reg, vs, jahr, sprache)

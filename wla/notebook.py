"""What every report notebook starts with: ``ctx = wla.notebook.setup(region, vergleich, jahr, sprache)``.

The context holds the resolved regions, the reference year, the language, and the presentation
helpers bound to that language, so a notebook cell reads like the report it makes::

    ctx = wla.notebook.setup(region, vergleich, jahr, sprache)
    ctx.say("lernen.einleitung", region=...)      # words from wla/present/words/lernen.toml
    frame = education.by_category(...)            # a result with attrs["sources"]
    ctx.table(ctx.columns(frame, "lernen"), frame, title=ctx.t("lernen.tab_anteil_auslaendisch"), decimals=1)
    ctx.figure(fig, frame, alt=ctx.t("lernen.alt_anteil_auslaendisch"))
    ctx.glossary("schutzsuchende", "alq")         # the terms the page uses, explained

``sources`` is a result whose ``attrs["sources"]`` names the indicator years shown (or that
mapping itself, or ready source lines); the caption names those editions only, and a source
line already shown in the same code cell (one page section) is not repeated.

Parameters are checked here (one clear error, before any cell does work); the chart theme is
applied by this call, never at import. Nothing here imports the report runner.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .exceptions import NoDataError, ParameterError
from .present import fmt, tables, words
from .regions import Region, gemeinde_label, overlap, region as resolve_region


@dataclass(frozen=True)
class Context:
    """Parameters of one report page, resolved, with helpers in its language."""

    region: Region
    vergleich: Region
    jahr: int | None
    sprache: str
    #: Source lines captioned in the running code cell (see :meth:`_section`).
    _seen: dict = field(default_factory=dict, compare=False, repr=False)

    # --- words and numbers -------------------------------------------------------------------
    def t(self, key: str, **figures) -> str:
        """Words ``key`` ("<chapter>.<entry>") in the page's language with ``figures`` filled in."""
        return words.t(key, self.sprache, **figures)

    def num(self, x, decimals: int = 0) -> str:
        """A number in the page's format (1.234,5 or 1,234.5); missing -> "k. A." / "n/a"."""
        return fmt.number(x, decimals, self.sprache)

    def pct(self, x, decimals: int = 1) -> str:
        """A percentage (``x`` in %) in the page's format: "12,3 %" / "12.3%"."""
        return fmt.percent(x, decimals, self.sprache)

    def label(self, prefix: str, value) -> str:
        """Reader label of a category or id: ``label("lernen.schulart", "gymnasien")`` is the
        entry ``lernen.schulart_gymnasien`` (a missing entry is an error, never the raw id)."""
        return self.t(f"{prefix}_{slug(value)}")

    def labels(self, prefix: str, values) -> list[str]:
        """:meth:`label` of each of ``values``."""
        return [self.label(prefix, v) for v in values]

    def columns(self, frame, chapter: str, **figures):
        """``frame`` with each column ``c`` that has an entry ``<chapter>.spalte_<c>`` renamed to
        it (figures such as years filled in); other columns (region names, years) stay."""
        names = {c: self.t(f"{chapter}.spalte_{c}", **figures) for c in frame.columns
                 if words.has(f"{chapter}.spalte_{c}")}
        return frame.rename(columns=names)

    # --- output ------------------------------------------------------------------------------
    def say(self, key: str, **figures) -> None:
        """Display the words ``key`` (Markdown) with ``figures`` filled in."""
        tables.say(fmt.dates(self.t(key, **figures), self.sprache))  # "Stand 2023-11" -> "11/2023"

    def places(self, names) -> list[str]:
        """Gemeinde names as region labels read them ("Neustadt b.Coburg, GKSt" -> "Neustadt bei
        Coburg", "Rödental, St" -> "Rödental"), see :func:`wla.regions.gemeinde_label`."""
        return [gemeinde_label(n) for n in names]

    def occupations(self, labels) -> list[str]:
        """KldB 2010 occupational groups ("541 Reinigung") in the page's language: the BA's titles
        in German, wla's translation in English (:func:`wla.present.words.occupation`)."""
        return [words.occupation(label, self.sprache) for label in labels]

    def listed(self, chapter: str, texts) -> list[str]:
        """Texts of a German source list (the facility list's type, source, remark) in the page's
        language, figures in its number format (:func:`wla.present.words.listed`)."""
        return [words.listed(chapter, text, self.sprache) for text in texts]

    def names(self, labels) -> list[str]:
        """Region labels for the reader: Germany in the page's language, other names as they are."""
        germany = resolve_region("deutschland").label
        return [self.t("allgemein.deutschland") if label == germany else fmt.region_label(label, self.sprache)
                for label in labels]

    def table(self, frame, sources, chapter: str | None = None, headers: dict | None = None, **kwargs) -> None:
        """Display a table with its source caption, numbers in the page's format.

        With ``chapter``, columns are renamed by :meth:`columns` (``headers``: figures for the
        header words) and ``decimals`` may name the columns before renaming."""
        if chapter:
            renamed = self.columns(frame, chapter, **(headers or {}))
            names = dict(zip(frame.columns, renamed.columns))
            if isinstance(kwargs.get("decimals"), dict):
                kwargs["decimals"] = {names.get(k, k): v for k, v in kwargs["decimals"].items()}
            frame = renamed
        # a region's label (as title or in a text cell) reads in the page's language
        if kwargs.get("title"):
            kwargs["title"] = fmt.region_label(kwargs["title"], self.sprache)
        frame = frame if frame.empty else frame.apply(
            lambda col: col.map(lambda v: fmt.region_label(v, self.sprache) if isinstance(v, str) else v)
            if col.dtype == object else col)
        tables.show_table(frame, _sources(sources), lang=self.sprache, seen=self._section(), **kwargs)

    def figure(self, fig, sources, **kwargs) -> None:
        """Display a figure with its source caption (and, where ``sources`` are rows with values
        wla's plausibility screen set aside, flag ``q``, a note naming them)."""
        kwargs["note"] = " ".join(x for x in (kwargs.get("note"), self._set_aside(sources)) if x) or None
        tables.show_figure(fig, _sources(sources), lang=self.sprache, seen=self._section(), **kwargs)

    def _set_aside(self, rows) -> str:
        """The note on values of ``rows`` (tidy rows of :func:`wla.load`) that wla's plausibility
        screen set aside (flag ``q``): each with its published value and the rule that applied
        (:func:`wla.present.sources.set_aside_note`), e.g. Berlin's asylum-seeker benefits 2015."""
        from .present.sources import set_aside_note

        return set_aside_note(rows, self.sprache)

    def glossary(self, *terms: str) -> None:
        """Display the glossary box with ``terms`` (entries of ``words/glossar.toml``; all if none)."""
        tables.show_glossary(terms, self.sprache)

    def findings(self, theme: str | None = None) -> None:
        """Display the findings of the page's pair (one ``theme`` or all, values up to the page's
        reference year) with the stated rule, the ranking rule and the frame notes (numbers and
        classes: :func:`wla.findings`); for a Gemeinde set cutting a Kreis: why they are left out."""
        from .analysis import findings as analysis
        from .present import findings as present

        if not self.kreis_data():
            return
        frame = analysis.findings(self.region, self.vergleich, theme, until=self.jahr)
        present.show_findings(frame, self.sprache, self.region, self.vergleich)

    # --- sections that cannot be shown ---------------------------------------------------------
    def gemeinde_sides(self, key: str, figures=None, sides=None) -> list[Region]:
        """The ``sides`` (default: region and comparison) that have more than one Gemeinde, for a
        section that maps, compares or ranks Gemeinden within a region. For each side that is a
        single Gemeinde (:meth:`Region.single_gemeinde`, e.g. Berlin, Hamburg) the section says
        instead, once, words ``key`` with ``region`` (and ``figures(side)``, a dict, if given)."""
        sides = (self.region, self.vergleich) if sides is None else sides
        several = []
        for r in sides:
            if r.single_gemeinde(self.jahr):
                self.say(key, region=r.label, **(figures(r) if figures else {}))
            else:
                several.append(r)
        return several

    def cut(self) -> Region | None:
        """The first of region and comparison that is a Gemeinde set cutting through a Kreis
        (``None`` if both are made of whole Kreise): it has Gemeinde values only."""
        return next((r for r in (self.region, self.vergleich) if r.whole_kreise() is None), None)

    def kreis_data(self, why: str = "bezug.ohne_kreise") -> bool:
        """True when the section's Kreis values exist for both regions; otherwise say in the page
        why the section is left out (a Gemeinde set that cuts through a Kreis: words ``why`` with
        ``region``) and return False."""
        cut = self.cut()
        if cut is not None:
            self.say(why, region=cut.label)
        return cut is None

    def reason(self, err: Exception) -> str:
        """Why a section cannot be shown, in the page's language: the words of ``err``'s class
        (:data:`REASONS`). The error's own text is written for Python users (English, with ids
        and hints such as ``level=``) and never reaches the page."""
        key = next(key for cls, key in REASONS if isinstance(err, cls))
        if self.jahr is not None and words.has(f"{key}_bis"):
            return self.t(f"{key}_bis", jahr=self.jahr)
        return self.t(key)

    def missing(self, err: Exception) -> None:
        """Say that a section is left out and why (:meth:`reason` of ``err``), once per page
        section: the same sentence is never repeated inside one code cell."""
        text, seen = self.t("bezug.fehlt", grund=self.reason(err)), self._section()
        if text not in seen:
            seen.add(text)
            self.say("bezug.fehlt", grund=self.reason(err))

    def _section(self) -> set:
        """Source lines shown so far in the running code cell (one page section): a line is
        captioned once per section. Outside IPython every caption is complete."""
        try:
            from IPython import get_ipython

            cell = get_ipython().execution_count
        except (ImportError, AttributeError):
            return set()
        if self._seen.get("cell") != cell:
            self._seen.clear()
            self._seen.update(cell=cell, lines=set())
        return self._seen["lines"]


#: Why a section is left out, by the class of the error that stopped it (first match): words
#: entries of chapter ``bezug``; an entry ``<key>_bis`` is used when the page has a reference year.
REASONS = (
    (NoDataError, "bezug.grund_keine_werte"),
    (Exception, "bezug.grund_nicht_berechenbar"),
)


def _sources(sources):
    """A result frame's ``attrs["sources"]``, or ``sources`` as given (mapping or lines)."""
    attrs = getattr(sources, "attrs", None)
    if attrs is not None and not isinstance(sources, (dict, list, tuple)):
        if "sources" not in attrs:
            raise ParameterError("this frame carries no attrs['sources']: pass its source lines instead")
        return attrs["sources"]
    return sources


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


def slug(value) -> str:
    """Words key of a category: ``"Größere Kleinstadt"`` -> ``"groessere_kleinstadt"``."""
    return re.sub(r"[^a-z0-9]+", "_", str(value).translate(_UMLAUTS).lower()).strip("_")


LANGUAGES = words.LANGUAGES


def setup(region, vergleich, jahr=None, sprache: str = "de") -> Context:
    """Check and resolve a notebook's parameters and apply the chart theme.

    ``region``/``vergleich``: anything :func:`wla.region` resolves (a Gemeinde set that makes up
    whole Kreise is those Kreise, so Kreis values are used); ``jahr``: reference year (every
    figure is the newest value up to it; the page says so under its title) or ``None`` for the
    newest data (a year outside :func:`wla.years.valid_years` is refused); ``sprache``: ``"de"``
    or ``"en"``.
    """
    if sprache not in LANGUAGES:
        raise ParameterError(f"sprache must be one of {LANGUAGES}, not {sprache!r}")
    from .years import check_year

    jahr = check_year(jahr)  # the same rule as `wla report`: a notebook run with papermill is checked alike
    reg, vs = (_whole(resolve_region(r)) for r in (region, vergleich))
    if reg.codes == vs.codes:
        raise ParameterError("region and vergleich are the same region: choose a different comparison")
    from .present import charts

    charts.set_theme()
    ctx = Context(reg, vs, jahr, sprache)
    if jahr is not None:
        ctx.say("bezug.bezugsjahr", jahr=jahr)
    shared = overlap(reg, vs)
    if shared:  # the two sides are not independent: say so on every page
        ctx.say(f"bezug.ueberlappung_{shared}", region=reg.label, vergleich=vs.label)
    return ctx


def _whole(reg: Region) -> Region:
    """A Gemeinde set that makes up whole Kreise as those Kreise; any other region as it is."""
    return reg.whole_kreise() or reg

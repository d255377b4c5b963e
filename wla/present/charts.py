"""Charts for wla reports: bars and lines with numbers in the page's language.

Nothing here changes global state at import; :func:`set_theme` applies the one seaborn theme
when called. Every chart function draws on a given ``ax`` (or a new figure), stores a short
description of what it shows as the figure's alt text (:func:`alt_text`, used by
:func:`wla.present.tables.figure_html`) and returns the matplotlib ``Figure``.

Rules the charts keep: a year without a value stays a gap in its line (nothing is filled in);
a change of the population base (Zensus 2011 -> Zensus 2022) is marked where it happens; the
helpers :func:`index_series` and :func:`rate` give views in which regions of very different
size can be compared (the caller decides which view a chart shows).
"""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.ticker import Formatter, FuncFormatter, MaxNLocator

from ..exceptions import ParameterError
from .fmt import number
from .words import t

#: Attribute of a matplotlib Figure that holds its alt text.
ALT_ATTR = "_wla_alt"

#: Most decimals a tick label gets while looking for labels that differ.
_MAX_DECIMALS = 6
#: Font size (points) of tick labels and legends where a chart has long names; characters per
#: line of a wrapped category name.
_FONT, _WRAP = 11, 28


class NumberFormatter(Formatter):
    """Tick labels as :func:`wla.present.fmt.number` in ``lang`` with at least ``decimals``
    decimals, and as many more as the ticks need to read exactly, so no two read alike
    (ticks 3.5, 4, 4.5 are labelled "3,5 4,0 4,5", never "4 4 5"; 2.5 never reads "2")."""

    def __init__(self, decimals: int = 0, lang: str = "de"):
        number(0, decimals, lang)  # fails clearly on an unknown language
        self.decimals = decimals
        self.lang = lang
        self._ticks: list[float] = []

    def set_locs(self, locs) -> None:
        self._ticks = [float(v) for v in locs]

    def _decimals(self) -> int:
        """Fewest decimals (at least ``self.decimals``) that print every tick exactly, or
        failing that (ticks that are not round numbers) that print no two ticks alike."""
        ticks = sorted({v for v in self._ticks if np.isfinite(v)})
        for d in range(self.decimals, _MAX_DECIMALS + 1):
            if all(abs(round(v, d) - v) <= 1e-9 * max(1.0, abs(v)) for v in ticks):
                return d
        for d in range(self.decimals, _MAX_DECIMALS + 1):
            if len({number(v, d, self.lang) for v in ticks}) == len(ticks):
                return d
        return _MAX_DECIMALS

    def __call__(self, x, pos=None) -> str:
        return number(x, self._decimals(), self.lang)


def number_axis(ax, axis: str = "y", decimals: int = 0, lang: str = "de"):
    """Tick labels of ``ax`` in the number format of ``lang`` on ``"x"``, ``"y"`` or ``"both"``
    (at least ``decimals`` decimals, more where ticks would otherwise repeat)."""
    if axis not in ("x", "y", "both"):
        raise ParameterError(f"axis must be 'x', 'y' or 'both', not {axis!r}")
    for name in ("x", "y") if axis == "both" else (axis,):
        getattr(ax, f"{name}axis").set_major_formatter(NumberFormatter(decimals, lang))
    return ax


def set_theme() -> None:
    """Apply the wla chart theme (seaborn ``whitegrid``, colour-blind safe palette)."""
    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind")


def alt_text(fig) -> str:
    """The alt text a chart or map function stored on ``fig`` ("" if none)."""
    return getattr(fig, ALT_ATTR, "")


def _set_alt(fig, text: str) -> None:
    setattr(fig, ALT_ATTR, text)


def tight_png(fig, dpi: int) -> bytes:
    """The figure as PNG cropped to its contents, as ``savefig(bbox_inches="tight")`` gives it,
    byte for byte, without the extra pass over every artist that savefig makes first to find the
    box: the box is taken from :meth:`~matplotlib.figure.Figure.get_tightbbox` at the saving
    resolution, padded by ``savefig.pad_inches``."""
    import io

    fig.set_dpi(dpi)
    box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(plt.rcParams["savefig.pad_inches"])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches=box)
    return buffer.getvalue()


def basis_label(basis: str, lang: str = "de") -> str:
    """Reader name of a population base from the catalogue's ``basis`` column
    ("Zensus 2022" -> "Zensus 2022" / "Census 2022")."""
    return t(f"grafik.basis_{str(basis).strip().lower().replace(' ', '_')}", lang)


def index_series(df: pd.DataFrame, x: str, y: str, hue: str | None = None, base=None,
                 out: str = "index") -> pd.DataFrame:
    """``df`` with column ``out``: ``y`` in per cent of its value at ``x == base`` (100 = base),
    per ``hue`` group; ``base`` defaults to the first ``x`` at which every group has a value.

    A view for regions of very different size (their absolute lines would be far apart);
    show the absolute values beside it. Groups without a value at ``base`` raise.
    """
    for col in (x, y) + ((hue,) if hue else ()):
        if col not in df.columns:
            raise ParameterError(f"column {col!r} not in the chart data ({', '.join(map(str, df.columns))})")
    groups = df.groupby(hue, sort=False) if hue else [(None, df)]
    if base is None:
        common = None
        for _, part in groups:
            have = set(part.loc[part[y].notna(), x])
            common = have if common is None else common & have
        if not common:
            raise ParameterError(f"no {x} at which every series has a value of {y!r}: pass base=")
        base = min(common)
        groups = df.groupby(hue, sort=False) if hue else [(None, df)]
    parts = []
    for name, part in groups:
        at_base = part.loc[part[x] == base, y].dropna()
        if at_base.empty or at_base.iloc[0] == 0:
            raise ParameterError(f"series {name!r} has no (non-zero) value of {y!r} at {x} = {base}")
        parts.append(part.assign(**{out: part[y] / at_base.iloc[0] * 100}))
    result = pd.concat(parts)
    result.attrs = {**df.attrs, "index_base": base}
    return result


def rate(df: pd.DataFrame, y: str, denominator: str, per: float = 1000, out: str | None = None) -> pd.DataFrame:
    """``df`` with column ``out`` (default ``"<y>_je_<per>"``) = ``y / denominator * per``:
    a view per 1,000 inhabitants (``per=1000``) or in per cent (``per=100``) of two columns the
    caller already holds (no value is looked up here). Missing or zero denominators give NaN.
    """
    for col in (y, denominator):
        if col not in df.columns:
            raise ParameterError(f"column {col!r} not in the chart data ({', '.join(map(str, df.columns))})")
    den = df[denominator].where(df[denominator] != 0)
    return df.assign(**{out or f"{y}_je_{per:g}": df[y] / den * per})


def _untitled_legend(ax) -> None:
    """Put the legend beside the plot, where it covers no data, without the title seaborn takes
    from the column name (the entries say enough)."""
    if ax.get_legend() is not None:
        sns.move_legend(ax, "upper left", bbox_to_anchor=(1.01, 1), title=None, frameon=False)


def _new_ax(ax):
    return plt.subplots(figsize=(8, 4.5))[1] if ax is None else ax


def _check_columns(df: pd.DataFrame, *columns) -> None:
    missing = [c for c in columns if c is not None and c not in df.columns]
    if missing:
        raise ParameterError(f"column(s) {missing} not in the chart data ({', '.join(map(str, df.columns))})")


#: Reader-invisible name of the base of a year before the census its row names: a series carried
#: forward from the Zensus of year Y rests on that census from Y on, on the earlier count before.
_BEFORE = "vor "


def _effective_basis(df: pd.DataFrame, x: str, basis: str) -> pd.Series:
    """``basis`` per row, where a row of year ``x`` before the census year of its base ("Zensus
    2011" in 2010) reads as the earlier base (the catalogue names one base per indicator, but
    INKAR's 1995-2010 population is still carried forward from the earlier counts)."""
    names = df[basis].fillna("").astype(str).str.strip()
    census = pd.to_numeric(names.str.extract(r"Zensus (\d{4})$", expand=False), errors="coerce")
    year = pd.to_numeric(df[x], errors="coerce")
    return names.where(~(year < census), _BEFORE + names)


def _basis_changes(df: pd.DataFrame, x: str, basis: str) -> list[tuple[object, object, str]]:
    """(last x of the old base, first x of the new base, new base) wherever the non-empty
    ``basis`` changes along ``x`` (over all series of the chart), including the change from the
    earlier counts to a census in the census year (:func:`_effective_basis`)."""
    df = df.assign(**{basis: _effective_basis(df, x, basis)})
    per_x = df.loc[df[basis] != "", [x, basis]].drop_duplicates()
    if per_x[x].duplicated().any():
        clash = per_x[per_x[x].duplicated(keep=False)][x].unique().tolist()
        raise ParameterError(f"two population bases at the same {x}: {clash}; chart the series separately")
    order = [v for v in pd.unique(df[x]) if v in set(per_x[x])]
    if pd.api.types.is_numeric_dtype(df[x]):
        order = sorted(order)
    by_x = dict(zip(per_x[x], per_x[basis]))
    return [(a, b, by_x[b]) for a, b in zip(order, order[1:]) if by_x[a] != by_x[b]]


def _title_or(title, *fallbacks) -> str:
    for text in (title, *fallbacks):
        if text:
            return str(text)
    return ""


def bar_compare(
    df: pd.DataFrame,
    x: str,
    y: str,
    hue: str | None = None,
    ax=None,
    title: str | None = None,
    ylabel: str | None = None,
    decimals: int = 0,
    horizontal: bool = False,
    lang: str = "de",
    basis: str | None = None,
    reference: float | None = None,
    missing: str | None = None,
):
    """Bar chart of ``y`` per ``x`` (optionally split by ``hue``); value axis in ``lang`` with
    at least ``decimals`` decimals (more where a tick needs them to read exactly).

    ``horizontal=True`` puts the categories on the vertical axis (for long names): the figure
    grows with the number of bars, long category names wrap, the legend sits below the plot
    (so a long group name does not widen the picture and shrink its text on the page).
    ``reference``: a value drawn as a dark line across the bars and named in the alt text
    (100 on an index where Germany = 100). ``missing``: the words written where a bar's value is
    missing (default "k. A." / "n/a"; an index without Germany's value: "kein Index").
    ``basis``: a column naming each row's population base (the catalogue's ``basis``); where
    it changes between neighbouring categories (2018 on Zensus 2011, 2023 on Zensus 2022) a
    dashed line sets the groups apart and names the new base. Returns the Figure.
    """
    _check_columns(df, x, y, hue, basis)
    if ax is None and horizontal:
        bars = df[x].nunique() * (df[hue].nunique() if hue else 1)
        ax = plt.subplots(figsize=(8, max(3.0, 1.2 + 0.32 * bars)))[1]
    ax = _new_ax(ax)
    if horizontal:
        sns.barplot(data=df, x=y, y=x, hue=hue, ax=ax, errorbar=None, orient="h")
        number_axis(ax, "x", decimals, lang)
        ax.set_xlabel(ylabel or "")
        ax.set_ylabel("")
        ax.set_yticks(ax.get_yticks(), [textwrap.fill(str(c), _WRAP) for c in pd.unique(df[x])])
        ax.tick_params(labelsize=_FONT)
    else:
        sns.barplot(data=df, x=x, y=y, hue=hue, ax=ax, errorbar=None)
        number_axis(ax, "y", decimals, lang)
        ax.set_ylabel(ylabel or "")
        ax.set_xlabel("")
    categories = [str(v) for v in pd.unique(df[x])]
    changes = _basis_changes(df, x, basis) if basis else []
    if changes and not horizontal:
        low, high = ax.get_ylim()
        ax.set_ylim(low, high + 0.08 * (high - low))  # room for the note above the bars
    starts = [categories.index(str(new)) for _old, new, _b in changes]
    if starts:  # the groups of each base stand apart: a gap before the first category of a new base
        _spread_categories(ax, len(categories), starts, horizontal)
    for k, ((_old, _new, new_basis), start) in enumerate(zip(changes, starts)):
        position = start - 0.5 + _BASIS_GAP * (k + 0.5)  # the middle of the gap
        label = t("grafik.basis_wechsel", lang, basis=basis_label(new_basis, lang))
        line = ax.axhline if horizontal else ax.axvline
        line(position, color="#555555", linestyle="--", linewidth=1)
        if horizontal:
            ax.annotate(label, (1, position), xycoords=("axes fraction", "data"), xytext=(-2, -3),
                        textcoords="offset points", ha="right", va="top", fontsize=8, color="#555555")
        else:
            ax.annotate(label, (position, 1), xycoords=("data", "axes fraction"), xytext=(3, -3),
                        textcoords="offset points", ha="left", va="top", fontsize=8, color="#555555", bbox=_NOTE_BOX)
    if reference is not None:
        line = ax.axvline if horizontal else ax.axhline
        line(reference, color="#222222", linewidth=1.4, zorder=3)
    if not starts:  # a missing value is said where its bar would stand, not left as an empty place
        _mark_missing(ax, df, x, y, hue, horizontal, missing or number(np.nan, 0, lang))
    if title:
        ax.set_title(title, fontsize=_FONT + 1)
    if not horizontal:
        _fit_category_labels(ax)
    if horizontal and ax.get_legend() is not None:
        sns.move_legend(ax, "upper center", bbox_to_anchor=(0.5, -0.08 if not ylabel else -0.16), title=None,
                        frameon=False, fontsize=_FONT, ncol=1)
    else:
        _untitled_legend(ax)
    text = t("grafik.alt_balken", lang, titel=_title_or(title, ylabel, y), kategorien="; ".join(categories))
    if hue:
        text += " " + t("grafik.alt_gruppen", lang, gruppen="; ".join(map(str, pd.unique(df[hue]))))
    if reference is not None:
        text += " " + t("grafik.alt_referenz", lang, wert=number(reference, decimals, lang))
    for _old, _new, new_basis in changes:
        text += " " + t("grafik.alt_basis", lang, basis=basis_label(new_basis, lang))
    _set_alt(ax.figure, text)
    return ax.figure


def _mark_missing(ax, df: pd.DataFrame, x: str, y: str, hue: str | None, horizontal: bool, label: str) -> None:
    """Write ``label`` ("k. A." / "n/a", or the caller's words) at the place of each bar whose
    value is missing (seaborn leaves the place empty): bars of a category share 0.8 of its width,
    one slot per ``hue`` value."""
    missing = df[df[y].isna()]
    if missing.empty:
        return
    categories = [str(v) for v in pd.unique(df[x])]
    groups = list(pd.unique(df[hue])) if hue else [None]
    width = 0.8 / len(groups)
    for _, r in missing.iterrows():
        slot = groups.index(r[hue]) if hue else 0
        pos = categories.index(str(r[x])) - 0.4 + width * (slot + 0.5)
        point, coords = ((0, pos), ("axes fraction", "data")) if horizontal else ((pos, 0), ("data", "axes fraction"))
        ax.annotate(label, point, xycoords=coords, xytext=(3, 0) if horizontal else (0, 3),
                    textcoords="offset points", ha="left" if horizontal else "center",
                    va="center" if horizontal else "bottom", fontsize=_FONT - 1, color="#555555")


#: Extra space (in bar-group widths) between the categories of two population bases.
_BASIS_GAP = 0.6
#: Behind the words at a basis break: white, so a line or bar under them does not cross them.
_NOTE_BOX = {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}


def _spread_categories(ax, n: int, starts: list[int], horizontal: bool) -> None:
    """Move the bars and ticks of categories ``starts[k]`` and later by ``_BASIS_GAP`` per change
    before them, so the groups of two population bases stand apart (seaborn puts category ``i``
    at ``i``)."""
    shift = [_BASIS_GAP * sum(i >= s for s in starts) for i in range(n)]
    for bar in ax.patches:
        centre = bar.get_y() + bar.get_height() / 2 if horizontal else bar.get_x() + bar.get_width() / 2
        index = int(round(centre))
        if 0 <= index < n:
            (bar.set_y if horizontal else bar.set_x)((bar.get_y() if horizontal else bar.get_x()) + shift[index])
    axis = ax.yaxis if horizontal else ax.xaxis
    labels = [label.get_text() for label in axis.get_ticklabels()]
    (ax.set_yticks if horizontal else ax.set_xticks)([i + shift[i] for i in range(n)], labels)
    (ax.set_ylim if horizontal else ax.set_xlim)(*((n - 0.5 + shift[-1], -0.5) if horizontal
                                                   else (-0.5, n - 0.5 + shift[-1])))


def _fit_category_labels(ax) -> None:
    """Category names under vertical bars that never run into each other: each is wrapped to the
    width of its slot; where a word is still too long for it, all names are turned 30 degrees."""
    labels = [label.get_text() for label in ax.get_xticklabels()]
    ticks = list(ax.get_xticks())
    if len(ticks) < 2 or not any(labels):
        return
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    slot = ax.get_window_extent(renderer).width / (ax.get_xlim()[1] - ax.get_xlim()[0]) * min(np.diff(ticks))
    size = ax.xaxis.get_ticklabels()[0].get_fontsize()
    chars = max(6, int(slot * 0.9 / (fig.dpi / 72 * size * 0.6)))  # average glyph ~0.6 em wide
    ax.set_xticks(ticks, [textwrap.fill(text, chars, break_long_words=False) for text in labels])
    boxes = [label.get_window_extent(renderer) for label in ax.get_xticklabels()]
    if any(a.x1 + 2 >= b.x0 for a, b in zip(boxes, boxes[1:])):
        ax.set_xticks(ticks, labels, rotation=30, ha="right", rotation_mode="anchor")


def _full_years(df: pd.DataFrame, x: str, y: str, hue: str | None) -> pd.DataFrame:
    """``df`` with one row per whole ``x`` from the first to the last (per ``hue`` group), the
    added rows NaN in ``y``: a missing year breaks the line instead of being bridged."""
    years = df[x].dropna()
    if not pd.api.types.is_numeric_dtype(years) or not ((years % 1) == 0).all():
        raise ParameterError(f"the x column {x!r} of a line chart must hold whole years")
    full = range(int(years.min()), int(years.max()) + 1)
    parts = []
    for name, part in (df.groupby(hue, sort=False) if hue else [(None, df)]):
        if part[x].duplicated().any():
            raise ParameterError(f"series {name or y!r} has more than one value per {x}")
        filled = part.set_index(x)[[y]].reindex(full).rename_axis(x).reset_index()
        parts.append(filled.assign(**{hue: name}) if hue else filled)
    return pd.concat(parts, ignore_index=True)


def line_series(
    df: pd.DataFrame,
    x: str,
    y: str,
    hue: str | None = None,
    ax=None,
    title: str | None = None,
    ylabel: str | None = None,
    decimals: int = 0,
    lang: str = "de",
    basis: str | None = None,
):
    """Line chart of ``y`` over the years in ``x`` (ticks as whole years), one line per
    ``hue``; every value marked by a dot; value axis in ``lang`` with at least ``decimals``
    decimals (more where a tick needs them). Returns the Figure.

    A year inside the range without a value (missing row or NaN) is a gap in the line, never
    bridged. ``basis``: a column naming each row's population base; where it changes (Zensus
    2011 -> Zensus 2022) a dashed vertical line between the two years names the new base.
    """
    _check_columns(df, x, y, hue, basis)
    if df[y].notna().sum() == 0:
        raise ParameterError(f"no value of {y!r} to draw in the chart {title or ''}".strip())
    ax = _new_ax(ax)
    data = _full_years(df, x, y, hue)
    # seaborn's lineplot bridges NaN; matplotlib's plot breaks the line there, as it must.
    groups = list(data.groupby(hue, sort=False)) if hue else [(None, data)]
    palette = sns.color_palette(n_colors=max(len(groups), 1))
    for (name, part), colour in zip(groups, palette):
        ax.plot(part[x], part[y], marker="o", markersize=4, color=colour, label=name)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:.0f}"))
    number_axis(ax, "y", decimals, lang)
    changes = _basis_changes(df, x, basis) if basis else []
    if changes:
        low, high = ax.get_ylim()
        ax.set_ylim(low, high + 0.08 * (high - low))  # room for the note above the lines
    for old, new, new_basis in changes:
        position = (old + new) / 2
        ax.axvline(position, color="#555555", linestyle="--", linewidth=1)
        ax.annotate(t("grafik.basis_wechsel", lang, basis=basis_label(new_basis, lang)), (position, 1),
                    xycoords=("data", "axes fraction"), xytext=(3, -3), textcoords="offset points",
                    ha="left", va="top", fontsize=8, color="#555555", bbox=_NOTE_BOX)
    ax.set_ylabel(ylabel or "")
    ax.set_xlabel("")
    if title:
        ax.set_title(title)
    if hue:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    names = [str(n) for n, _ in groups] if hue else [_title_or(ylabel, y)]
    text = t("grafik.alt_linie", lang, titel=_title_or(title, ylabel, y), reihen="; ".join(names),
             von=f"{int(data[x].min())}", bis=f"{int(data[x].max())}")
    gaps = sorted({int(v) for v in data.loc[data[y].isna(), x]})
    if gaps:
        text += " " + t("grafik.alt_luecken", lang, jahre=", ".join(map(str, gaps)))
    for _old, _new, new_basis in changes:
        text += " " + t("grafik.alt_basis", lang, basis=basis_label(new_basis, lang))
    _set_alt(ax.figure, text)
    return ax.figure


__all__ = [
    "ALT_ATTR", "NumberFormatter", "alt_text", "bar_compare", "basis_label", "index_series",
    "line_series", "number_axis", "rate", "set_theme",
]

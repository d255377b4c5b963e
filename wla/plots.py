"""Charts, maps and number formats for wla reports (German conventions).

Nothing here changes global state at import; :func:`set_theme` applies the one seaborn theme
when called. Every chart function draws on a given ``ax`` (or a new figure) and returns the
matplotlib ``Figure``. Numbers are printed German style: ``1.234,5``; gaps as ``–``.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.patches import Patch
from matplotlib.patheffects import withStroke
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .exceptions import ParameterError
from .present.fmt import number

#: Text for a value that is missing or flagged (official sign instead of a number).
NO_DATA = "keine Angabe"

_MISSING_STYLE = {"facecolor": "#e6e6e6", "edgecolor": "#9a9a9a", "hatch": "///", "linewidth": 0.2}


def german_axis(ax, axis: str = "y", decimals: int = 0):
    """Tick labels of ``ax`` in German number format on ``"x"``, ``"y"`` or ``"both"``."""
    if axis not in ("x", "y", "both"):
        raise ParameterError(f"axis must be 'x', 'y' or 'both', not {axis!r}")
    formatter = FuncFormatter(lambda value, _pos: number(value, decimals))
    for name in ("x", "y") if axis == "both" else (axis,):
        getattr(ax, f"{name}axis").set_major_formatter(formatter)
    return ax


def set_theme() -> None:
    """Apply the wla chart theme (seaborn ``whitegrid``, colour-blind safe palette)."""
    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind")


def caption(indicators, lang: str = "de") -> str:
    """Source lines for a chart or table, one per line, duplicates dropped (order kept).

    ``indicators`` holds catalogue entries (anything with ``source_line(lang)``, see
    :meth:`wla.catalog.Indicator.source_line`) and/or ready strings such as a map attribution
    ("© GeoBasis-DE / BKG (2022)"); a single entry is accepted too.
    """
    if isinstance(indicators, str) or hasattr(indicators, "source_line"):
        indicators = [indicators]
    lines = [i if isinstance(i, str) else i.source_line(lang) for i in indicators]
    return "\n".join(dict.fromkeys(lines))


def _flag_mask(gdf, column: str, flagged) -> pd.Series:
    """True where the value of ``column`` is missing or flagged."""
    missing = gdf[column].isna()
    if flagged is None:
        return missing
    if isinstance(flagged, str):
        marks = gdf[flagged].fillna("").astype(str) != ""
    else:
        marks = pd.Series(flagged, index=gdf.index).astype(bool)
    return missing | marks


def choropleth(
    gdf,
    column: str,
    ax=None,
    title: str | None = None,
    cmap: str = "viridis",
    legend_label: str | None = None,
    flagged=None,
    markers=None,
    marker_label: str = "label",
    decimals: int = 0,
    edgecolor: str = "white",
):
    """Map of the polygons of ``gdf`` coloured by the numeric ``column``; returns the Figure.

    Areas where ``column`` is NaN, or marked by ``flagged`` (a boolean mask aligned with ``gdf``
    or the name of a flag column whose non-empty entries count), are hatched grey and explained
    as "keine Angabe" in the legend. ``markers`` is an optional GeoDataFrame of points (any CRS;
    reprojected to that of ``gdf``) drawn as black triangles labelled with ``marker_label``.
    The colour bar, titled ``legend_label``, uses German number format with ``decimals``.
    """
    if column not in gdf.columns:
        raise ParameterError(f"column {column!r} not in the map data ({', '.join(gdf.columns)})")
    if ax is None:
        _fig, ax = plt.subplots(figsize=(7, 8))
    missing = _flag_mask(gdf, column, flagged)
    shown = gdf[~missing]
    if len(shown):
        shown.plot(
            column=column,
            ax=ax,
            cmap=cmap,
            edgecolor=edgecolor,
            linewidth=0.3,
            legend=True,
            legend_kwds={
                "label": legend_label or column,
                "shrink": 0.6,
                "format": FuncFormatter(lambda value, _pos: number(value, decimals)),
            },
        )
    if missing.any():
        gdf[missing].plot(ax=ax, **_MISSING_STYLE)
        ax.legend(
            handles=[Patch(label=NO_DATA, **_MISSING_STYLE)],
            loc="upper left", bbox_to_anchor=(0, 0), frameon=False,
        )
    if markers is not None and len(markers):
        points = markers.to_crs(gdf.crs) if markers.crs != gdf.crs else markers
        ax.scatter(points.geometry.x, points.geometry.y, marker="^", s=36, color="black", zorder=3)
        for x, y, label in zip(points.geometry.x, points.geometry.y, points[marker_label]):
            ax.annotate(
                str(label), (x, y), xytext=(4, 4), textcoords="offset points", fontsize=8,
                path_effects=[withStroke(linewidth=2.5, foreground="white")],
            )
    ax.set_aspect("equal")
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax.figure


def _untitled_legend(ax) -> None:
    """Put the legend beside the plot, where it covers no data, without the title seaborn takes
    from the column name (the entries say enough)."""
    if ax.get_legend() is not None:
        sns.move_legend(ax, "upper left", bbox_to_anchor=(1.01, 1), title=None, frameon=False)


def _new_ax(ax):
    return plt.subplots(figsize=(8, 4.5))[1] if ax is None else ax


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
):
    """Bar chart of ``y`` per ``x`` (optionally split by ``hue``); value axis in German format.

    ``horizontal=True`` puts the categories on the vertical axis (for long region names).
    Returns the Figure.
    """
    ax = _new_ax(ax)
    if horizontal:
        sns.barplot(data=df, x=y, y=x, hue=hue, ax=ax, errorbar=None, orient="h")
        german_axis(ax, "x", decimals)
        ax.set_xlabel(ylabel or "")
        ax.set_ylabel("")
    else:
        sns.barplot(data=df, x=x, y=y, hue=hue, ax=ax, errorbar=None)
        german_axis(ax, "y", decimals)
        ax.set_ylabel(ylabel or "")
        ax.set_xlabel("")
    if title:
        ax.set_title(title)
    _untitled_legend(ax)
    return ax.figure


def line_series(
    df: pd.DataFrame,
    x: str,
    y: str,
    hue: str | None = None,
    ax=None,
    title: str | None = None,
    ylabel: str | None = None,
    decimals: int = 0,
):
    """Line chart of ``y`` over ``x`` (usually the year, ticks as whole numbers without a
    thousands separator), one line per ``hue``; value axis in German format. Returns the Figure.
    """
    ax = _new_ax(ax)
    sns.lineplot(data=df, x=x, y=y, hue=hue, marker="o", ax=ax)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:.0f}"))
    german_axis(ax, "y", decimals)
    ax.set_ylabel(ylabel or "")
    ax.set_xlabel("")
    if title:
        ax.set_title(title)
    _untitled_legend(ax)
    return ax.figure
